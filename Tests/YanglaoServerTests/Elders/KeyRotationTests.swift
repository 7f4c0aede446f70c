import Foundation
import SQLKit
import Testing
import Vapor
import YanglaoCore
@testable import YanglaoPlatform
@testable import YanglaoElders
@testable import YanglaoFacilities
@testable import YanglaoPlans
@testable import YanglaoServer

/// A rotation re-seals every personal value under the new key; interrupted, it leaves everything
/// readable with the old and new keys together, and a second run finishes; afterwards the new key
/// alone opens everything and lookups by hash still find people.
@Suite struct KeyRotationTests {
    @Test func anInterruptedRotationResumesAndTheNewKeyAloneOpensEverything() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("yanglao-tests/rotation-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let old = PlatformCrypto.randomKey(), new = PlatformCrypto.randomKey(), lookup = PlatformCrypto.randomKey(), audit = PlatformCrypto.randomKey()
        func configuration(_ keys: [[UInt8]]) -> AppConfiguration {
            var configuration = AppConfiguration(database: .sqlite(path: directory + "/test.sqlite"), dataDirectory: directory, isDemo: true,
                                                 passwordCost: 4, auditKey: audit)
            configuration.readConnectionsPerEventLoop = 1
            configuration.personalKeys = .init(keys: keys, lookup: lookup)
            return configuration
        }
        _ = testMetrics
        let (first, _) = try await YanglaoApplication.make(configuration([old]), environment: .testing, metrics: testMetrics)
        try await first.asyncShutdown()

        let (second, platform) = try await YanglaoApplication.make(configuration([new, old]), environment: .testing, metrics: testMetrics)
        let rotation = PersonalDataRotation(platform: platform, tables: Assembly.capabilities.flatMap { $0.sealedColumns })
        let before = try await rotation.remaining()
        #expect(before > 3000, "the demo's persons are sealed under the old key")
        let partial = try await rotation.run(actor: .commandLine, maximumBatches: 1)
        #expect(partial.rows == 1000)
        let left = try await rotation.remaining()
        #expect(left > 0 && left < before, "interrupted after one batch")
        let rest = try await rotation.run(actor: .commandLine)
        #expect(rest.rows > 0)
        #expect(try await rotation.remaining() == 0)
        try await second.asyncShutdown()

        let (third, after) = try await YanglaoApplication.make(configuration([new]), environment: .testing, metrics: testMetrics)
        let rows = try await after.sql.select().column("*").from("elders").all()
        for row in rows.prefix(500) {
            let person = try ElderFields.schema.decode(row)
            for field in ElderFields.schema.personalFields {
                if case let .personal(text) = field.get(person) { _ = try text.open(with: after.personalData) }
            }
        }
        let hash = after.personalData.lookupHash("320685193803150024")
        let found = try await after.sql.select().column("name").from("elders").where("id_number_hash", .equal, hash).first()
        #expect(try found?.decode(column: "name", as: String.self) == "张桂英", "lookups survive the rotation")
        try await third.asyncShutdown()
    }

    @Test(arguments: [false, true])
    func aRotationWhereThereIsNoDataIsRefusedAndMakesNothing(resume: Bool) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("yanglao-tests/no-data-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configuration = AppConfiguration(database: .sqlite(path: directory + "/yanglao.sqlite"), dataDirectory: directory, passwordCost: 4)
        await #expect(throws: ImportFileError.self) {
            _ = try await YanglaoApplication.rotatePersonalDataKeys(configuration, newKey: !resume) { _ in }
        }
        #expect(!FileManager.default.fileExists(atPath: directory + "/yanglao.sqlite"), "no database was made")
        #expect(!FileManager.default.fileExists(atPath: directory + "/personal.keys"), "no key was made")
    }
}
