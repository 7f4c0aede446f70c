import Foundation
import SQLKit
import Testing
import Vapor
@testable import YanglaoPlatform
@testable import YanglaoElders
@testable import YanglaoFacilities
@testable import YanglaoPlans
@testable import YanglaoServer

/// Migrations are frozen: the schema a fresh database gets is recorded in `Fixtures/schema-sqlite.sql`,
/// and any change to a shipped migration (or to the model a migration once read its columns from)
/// shows here. A schema change is a new numbered migration, and the fixture is then regenerated with
/// `YANGLAO_UPDATE_SCHEMA=1 swift test --filter MigrationTests`.
@Suite struct MigrationTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/schema-sqlite.sql")

    @Test func migrationsAreNumberedInOrderOnce() {
        let names = Migrations.all(Assembly.capabilities).map(\.name)
        #expect(names == names.sorted())
        #expect(Set(names).count == names.count)
        for (index, name) in names.enumerated() {
            #expect(name.hasPrefix(String(format: "%03d-", index + 1)), "\(name)")
        }
    }

    @Test func aFreshDatabaseGetsTheRecordedSchema() async throws {
        try await withTestApp(.sqlite) { _, platform in
            struct Row: Decodable { var sql: String }
            let schema = try await platform.sql.raw("""
                SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE '_fluent%' AND name NOT LIKE 'sqlite_%' ORDER BY type, name
                """).all(decoding: Row.self).map { $0.sql + ";" }.joined(separator: "\n") + "\n"
            if ProcessInfo.processInfo.environment["YANGLAO_UPDATE_SCHEMA"] == "1" {
                try schema.write(to: Self.fixture, atomically: true, encoding: .utf8)
            }
            let recorded = try String(contentsOf: Self.fixture, encoding: .utf8)
            #expect(schema == recorded, "the schema of a fresh database changed: a shipped migration was edited")
        }
    }
}
