import Foundation
import SQLKit
import Spreadsheet
import Testing
import Vapor
import VaporTesting
import YanglaoCore
@testable import YanglaoPlatform
@testable import YanglaoElders
@testable import YanglaoFacilities
@testable import YanglaoPlans
@testable import YanglaoServer

/// The masking rule tried as an attacker would: for every role that reads the register, everything
/// it sees of every demo person (the list's JSON, the CSV export, the audit log's before and after)
/// taken together must leave at least `floor` possible ID numbers, the true one among them.
@Suite struct MaskReconstructionTests {
    static let floor = 1_000
    static let today = LocalDate(year: 2026, month: 12, day: 2)!

    struct Page: Decodable {
        struct Person: Decodable {
            var id: String
            var idNumber: String?
            var sex: String?
            var age: Int?
            var birthDate: String?
        }
        var items: [Person]
        var next: String?
    }

    /// The true numbers, opened from the database (the attacker never has them: they check the model).
    func trueNumbers(_ platform: Platform) async throws -> [String: String] {
        let rows = try await platform.sql.select().columns("id", "id_number_sealed").from("elders").all()
        var numbers: [String: String] = [:]
        for row in rows {
            numbers[try row.decode(column: "id", as: String.self)] = try platform.personalData.open(try row.decode(column: "id_number_sealed", as: String.self))
        }
        return numbers
    }

    /// Every person of the caller's list, page by page.
    func everyone(_ app: Application, _ token: String) async throws -> [Page.Person] {
        var persons: [Page.Person] = [], cursor: String?
        repeat {
            let query = "api/v1/elders?limit=500" + (cursor.map { "&cursor=\($0)" } ?? "")
            let response = try await app.send(.GET, query, as: token)
            try #require(response.status == .ok, "\(response.body.string.prefix(300))")
            let page = try response.json(Page.self)
            persons += page.items
            cursor = page.next
        } while cursor != nil
        return persons
    }

    /// The candidates left for one view, computed once for views that show the same.
    final class Counter {
        var cache: [MaskedIdentity: Int] = [:]
        func candidates(_ view: MaskedIdentity) -> Int {
            if let known = cache[view] { return known }
            let count = view.candidates(limit: MaskReconstructionTests.floor)
            cache[view] = count
            return count
        }
    }

    func check(_ views: [(id: String, view: MaskedIdentity)], numbers: [String: String], role: String, counter: Counter) {
        for (id, view) in views {
            guard let number = numbers[id], let parsed = try? ResidentID.parse(number).get() else { continue }
            // The model is right: the true number agrees with what was shown.
            #expect(MaskedIdentity(mask: number, sex: view.sex, age: view.age, on: view.on, birthDate: view.birthDate).candidates(limit: 2) == 1,
                    "\(role): what is shown of \(id) disagrees with the number")
            #expect(zip(view.mask, parsed.value).allSatisfy { $0 == "*" || $0 == $1 }, "\(role): the mask of \(id) is not of its number")
            let left = counter.candidates(view)
            #expect(left >= Self.floor, "\(role): \(view.mask) \(view.sex?.rawValue ?? "") \(view.age.map(String.init) ?? "") leaves \(left) numbers")
        }
    }

    @Test(arguments: TestDatabase.available)
    func nothingAMaskedReaderSeesRebuildsAnIDNumber(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true, today: Self.today) { app, platform in
            let service = AccountService(platform: platform)
            let facilities = FacilityStore(sql: platform.sql)
            let city = CurrentUser(account: try #require(try await AccountStore(sql: platform.sql).find(username: "demo-city")), tokenID: nil, scope: .unrestricted)
            let home = try #require(try await facilities.visibleRecords(for: city).map(\.facility).first { $0.name == "角斜镇敬老院" })
            var tokens: [(role: String, token: String)] = [("admin", try await app.token("demo-city"))]
            for role in Role.allCases where role != .admin && Action.readElders.isAllowed(for: role) {
                let region = role == .villageStaff ? "320685101201" : "320685"
                _ = try await service.create(.init(username: "mask-\(role.rawValue)", password: "Mask-test-2026", role: role.rawValue, regionCode: region,
                                                   organisationID: role == .institutionOperator ? home.code : nil), by: .commandLine)
                tokens.append((role.rawValue, try await app.token("mask-\(role.rawValue)", password: "Mask-test-2026")))
            }
            let numbers = try await trueNumbers(platform)
            let counter = Counter()
            for (role, token) in tokens {
                // The list's JSON.
                let persons = try await everyone(app, token)
                #expect(!persons.isEmpty, "\(role) reads persons")
                check(persons.compactMap { person in
                    guard let mask = person.idNumber else { return nil }
                    return (person.id, MaskedIdentity(mask: mask, sex: person.sex.flatMap(ResidentID.Sex.init(rawValue:)), age: person.age, on: Self.today,
                                                      birthDate: person.birthDate.flatMap(LocalDate.init(parsing:))))
                }, numbers: numbers, role: role, counter: counter)
                // The CSV export: the same columns for everyone; no birth date among them.
                let export = try await app.send(.GET, "api/v1/elders?format=csv", as: token)
                #expect(export.status == .ok)
                let table = try SpreadsheetFile.read(Array(buffer: export.body))
                #expect(!table.header.contains { $0.contains("出生") }, "\(role): the export has no birth date")
                #expect(table.rows.count == persons.count, "\(role): the export holds the list")
                let masks = Set(persons.compactMap(\.idNumber))
                for row in table.rows {
                    let cells = table.fields(of: row)
                    let mask = cells["身份证号码"] ?? ""
                    let view = MaskedIdentity(mask: mask, sex: ResidentID.Sex(rawValue: cells["性别"] ?? ""), age: Int(cells["年龄"] ?? ""), on: Self.today)
                    #expect(counter.candidates(view) >= Self.floor, "\(role): an exported row leaves too few numbers")
                    #expect(masks.contains(mask), "\(role): the export shows the list's masks")
                }
            }
            // The audit log: what a person's entries keep before and after (the auditor reads them).
            let entries = try await auditEntries(platform).filter { $0.entityType == "elder" }
            #expect(!entries.isEmpty)
            for text in entries.flatMap({ [$0.before, $0.after] }).compactMap({ $0 }) {
                #expect(!text.contains("birthDate"), "an audit entry keeps a birth date")
                #expect(text.range(of: #"\d{6}[0-9*]{11}[0-9X]"#, options: .regularExpression) == nil, "an audit entry keeps more of an ID number than its mask")
            }
        }
    }
}

/// Entries written before the birth date was left out of them still hold it; the audit log's
/// readers are not shown it (the chain is checked on what is stored).
@Suite struct LegacyAuditEntryTests {
    @Test(arguments: TestDatabase.available)
    func anOldEntrysBirthDateIsNotShownToTheAuditor(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let old = #"{"birthDate":"1938-03-15","idNumber":"320685********0024","name":"张桂英"}"#
            try await platform.writer.write { sql in
                try await AuditLog.record(on: sql, actor: AuditActor(username: "demo-town", regionCode: "320685101"), action: "elder.update",
                                          entityType: "elder", entityID: "legacy", before: old, after: old)
            }
            try await platform.sealer.sealPending()
            let auditor = try await app.token("demo-auditor")
            let response = try await app.send(.GET, "api/v1/audit?limit=500", as: auditor)
            #expect(response.status == .ok)
            let body = response.body.string
            #expect(body.contains("legacy") && body.contains("张桂英"), "the entry is there")
            #expect(!body.contains("1938-03-15") && !body.contains("birthDate"))
            try await platform.sealer.sealPending()
            let verdict = try await platform.sealer.verify(on: platform.sql).verdict
            #expect(verdict == .intact(sealed: try await auditEntries(platform).count), "\(verdict)")
        }
    }
}
