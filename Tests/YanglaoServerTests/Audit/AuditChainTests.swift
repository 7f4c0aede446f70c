import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
import YanglaoCore
@testable import YanglaoPlatform
@testable import YanglaoElders
@testable import YanglaoFacilities
@testable import YanglaoPlans
@testable import YanglaoServer

@Suite struct AuditChainTests {
    func verdict(_ platform: Platform) async throws -> AuditChain.Verdict {
        try await platform.sealer.verify(on: platform.sql).verdict
    }

    /// Produces entries of several kinds and seals them.
    func busyDemo(_ app: Application, _ platform: Platform) async throws {
        let token = try await app.token("demo-town")
        _ = try await app.send(.GET, "api/v1/regions/320685102", as: token)
        _ = try await app.send(.POST, "api/v1/regions/import", as: token, body: ByteBuffer(string: "区划代码,名称,层级,上级区划代码\n320685101203,新村,村,320685101\n"))
        _ = try await app.token("demo-auditor")
        try await platform.sealer.sealPending()
    }

    @Test(arguments: TestDatabase.available)
    func anEditOfAnyColumnOfAnyEntryIsDetectedAndNamed(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            try await busyDemo(app, platform)
            let entries = try await auditEntries(platform)
            #expect(entries.allSatisfy { $0.sequence != nil })
            guard case let .intact(sealed) = try await verdict(platform) else {
                Issue.record("the untouched chain should verify")
                return
            }
            #expect(sealed == entries.count)

            let target = try #require(entries.first { $0.action == "region.import" && $0.username == "demo-town" })
            // `rejected_at` marks a row the sealer refused; `ForgedAuditEntryTests` covers it.
            for column in AuditLog.columns where column != "id" && column != "rejected_at" {
                let original = try await platform.sql.select().column(SQLIdentifier(column)).from("audit_entries")
                    .where("id", .equal, target.id).first()
                let tampered: any SQLExpression = column == "sequence"
                    ? SQLBind(target.sequence! + 1000)
                    : SQLQueryString("COALESCE(\(ident: column) || 'x', 'x')")
                try await platform.sql.update("audit_entries").set(SQLIdentifier(column), to: tampered).where("id", .equal, target.id).run()
                guard case let .broken(position, id, _) = try await verdict(platform) else {
                    Issue.record("an edit of \(column) went unnoticed")
                    return
                }
                #expect(position == target.sequence, "\(column)")
                #expect(id == target.id || (column == "sequence" && id != nil), "\(column)")
                let restore = try #require(original)
                try await platform.sql.update("audit_entries")
                    .set(SQLIdentifier(column), to: try restoreValue(restore, column: column))
                    .where("id", .equal, target.id).run()
                #expect(try await verdict(platform) == .intact(sealed: sealed), "restoring \(column)")
            }
            // The id too: it is covered, and the entry is named by where it stands.
            try await platform.sql.update("audit_entries").set("id", to: "forged").where("id", .equal, target.id).run()
            #expect(try await verdict(platform) == .broken(position: target.sequence!, id: "forged", reason: "校验码不符（本条某一字段被改动）"))
        }
    }

    func restoreValue(_ row: any SQLRow, column: String) throws -> any SQLExpression {
        if column == "sequence" { return SQLBind(try row.decode(column: column, as: Int?.self)) }
        return SQLBind(try row.decode(column: column, as: String?.self))
    }

    @Test(arguments: TestDatabase.available)
    func deletionsReorderingAndACutTailAreDetected(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            try await busyDemo(app, platform)
            let entries = try await auditEntries(platform).sorted { $0.sequence! < $1.sequence! }
            let middle = entries[entries.count / 2]
            try await platform.sql.delete(from: "audit_entries").where("id", .equal, middle.id).run()
            guard case let .broken(position, _, reason) = try await verdict(platform) else {
                Issue.record("a deleted entry went unnoticed")
                return
            }
            #expect(position == middle.sequence)
            #expect(reason.contains("缺失"))
        }
        try await withTestApp(database, demo: true) { app, platform in
            try await busyDemo(app, platform)
            let entries = try await auditEntries(platform).sorted { $0.sequence! < $1.sequence! }
            let last = entries[entries.count - 1]
            try await platform.sql.delete(from: "audit_entries").where("id", .equal, last.id).run()
            guard case let .broken(_, _, reason) = try await verdict(platform) else {
                Issue.record("a cut tail went unnoticed")
                return
            }
            #expect(reason.contains("末尾"))
        }
        try await withTestApp(database, demo: true) { app, platform in
            try await busyDemo(app, platform)
            let entries = try await auditEntries(platform).sorted { $0.sequence! < $1.sequence! }
            let (a, b) = (entries[2], entries[3])
            try await platform.sql.update("audit_entries").set("sequence", to: -1).where("id", .equal, a.id).run()
            try await platform.sql.update("audit_entries").set("sequence", to: a.sequence!).where("id", .equal, b.id).run()
            try await platform.sql.update("audit_entries").set("sequence", to: b.sequence!).where("id", .equal, a.id).run()
            guard case let .broken(position, _, _) = try await verdict(platform) else {
                Issue.record("swapped entries went unnoticed")
                return
            }
            #expect(position == a.sequence)
        }
    }

    /// Two app processes on one PostgreSQL (or two sealers in one SQLite process) writing and sealing
    /// at once still make one valid chain: the lease lets one sealer work at a time.
    @Test(arguments: TestDatabase.available)
    func twoSealersMakeOneChain(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let second = Platform(configuration: platform.configuration, readers: platform.readers, writer: platform.writer, crypto: platform.crypto, personalData: platform.personalData, capabilities: platform.capabilities)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<2 {
                    let current = worker == 0 ? platform : second
                    group.addTask {
                        for index in 0..<20 {
                            try await current.writer.write { db in
                                try await AuditLog.record(on: db, actor: .commandLine, action: "test.write", entityID: "\(worker)-\(index)")
                            }
                            if index % 3 == 0 { try await current.sealer.sealPending() }
                        }
                    }
                }
                try await group.waitForAll()
            }
            try await second.sealer.releaseLease()
            try await platform.sealer.sealPending()
            let entries = try await auditEntries(platform)
            #expect(entries.allSatisfy { $0.sequence != nil })
            #expect(try await verdict(platform) == .intact(sealed: entries.count))
        }
    }

    @Test func theCommandVerifiesAndReportsPending() async throws {
        try await withTestApp(.sqlite, demo: true) { app, platform in
            _ = try await app.token("demo-city")
            guard case let .intact(sealed, newlySealed, pending) = try await YanglaoApplication.verifyAudit(platform: platform) else {
                Issue.record("the demo chain should verify")
                return
            }
            #expect(newlySealed == 1)
            #expect(pending == 0)
            #expect(sealed == (try await auditEntries(platform)).count)
        }
    }
}

/// A row inserted into the table by hand (without the key) is never sealed as if genuine, and a
/// lost key file is reported rather than replaced.
@Suite struct ForgedAuditEntryTests {
    @Test(arguments: TestDatabase.available)
    func aForgedRowIsSetAsideAndReported(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            _ = try await app.token("demo-town")
            try await platform.sealer.sealPending()
            try await platform.sql.insert(into: "audit_entries")
                .columns("id", "occurred_at", "username", "action", "outcome")
                .values(SQLBind("forged-1"), SQLBind(Clock.timestamp()), SQLBind("demo-city"), SQLBind("facility.update"), SQLBind("ok"))
                .run()
            _ = try await app.token("demo-city")  // a genuine entry after the forged one
            try await platform.sealer.sealPending()
            let entries = try await auditEntries(platform)
            let forged = try #require(entries.first { $0.id == "forged-1" })
            #expect(forged.sequence == nil && forged.rejectedAt != nil, "set aside, not chained")
            #expect(entries.filter { $0.id != "forged-1" }.allSatisfy { $0.sequence != nil }, "the genuine entries are sealed around it")
            let verdict = try await platform.sealer.verify(on: platform.sql).verdict
            #expect(verdict == .broken(position: 0, id: "forged-1", reason: "有1条未经平台写入的条目（写入校验码不符，疑似伪造），已拒绝封存"))
        }
    }

    @Test func aLostKeyFileIsAnErrorOnceTheLogHasEntries() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("yanglao-key-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configuration = AppConfiguration(database: .sqlite(path: directory + "/x.sqlite"), dataDirectory: directory)
        let created = try AuditKeySource.load(configuration, logHasEntries: false, environment: [:])
        #expect(try AuditKeySource.load(configuration, logHasEntries: true, environment: [:]) == created, "the file is read back")
        try FileManager.default.removeItem(atPath: directory + "/audit.key")
        #expect(throws: AuditKeySource.Missing.self) { try AuditKeySource.load(configuration, logHasEntries: true, environment: [:]) }
        #expect(!FileManager.default.fileExists(atPath: directory + "/audit.key"), "no new key is made")
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: directory + "/audit.key"))
        #expect(throws: AuditKeySource.Missing.self) { try AuditKeySource.load(configuration, logHasEntries: false, environment: [:]) }
    }
}
