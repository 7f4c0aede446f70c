import Foundation
import Testing
import Vapor
import VaporTesting
import YanglaoCore
@testable import YanglaoPlatform
@testable import YanglaoElders

/// Child records as the kit keeps them (`RegistryChildren`), through a person's 住院记录: read from
/// the parent's JSON with every problem at `key[i].field`, written one a line in the form, replaced
/// with the parent in one save, and nothing saved when one child is wrong.
@Suite struct ChildRecordsTests {
    let stays = ElderFields.stays

    @Test func eachWrongChildIsNamedAtItsIndexAndField() {
        let parsed = stays.parse(.array([
            .object(["hospital": .string("海安市人民医院"), "from": .string("2026-01-02"), "to": .string("2026-01-10")]),
            .object(["from": .string("二〇二六年")]),
            .object(["hospital": .string("角斜镇卫生院")]),
            .string("not an object"),
            .object(["ward": .string("3")]),
        ]))
        #expect(parsed.children.count == 4, "the objects are read; the text is refused")
        #expect(parsed.children[0].from == LocalDate(year: 2026, month: 1, day: 2) && parsed.children[0].hospital == "海安市人民医院")
        #expect(parsed.errors["hospitalStays[1].from"]?.hasPrefix("第2条住院记录：") == true)
        #expect(parsed.errors["hospitalStays[2].from"] == "第3条住院记录：入院日期不能为空")
        #expect(parsed.errors["hospitalStays[3]"] == "第4条住院记录应为对象")
        #expect(parsed.errors["hospitalStays[4].ward"]?.contains("未知字段") == true)
        #expect(parsed.errors["hospitalStays[0].hospital"] == nil && parsed.errors["hospitalStays[0].from"] == nil)
        #expect(stays.parse(.string("x")).errors["hospitalStays"]?.contains("应为列表") == true)
        #expect(stays.parse(.array(Array(repeating: .object([:]), count: 101))).errors["hospitalStays"]?.contains("最多 100 条") == true)
    }

    @Test func aLineIsTheFieldsInOrderAndRoundTrips() {
        let input = stays.lines(parse: "海安市人民医院,2026-01-02,2026-01-10\n\n角斜镇卫生院，2026-03-01\n,,")
        guard case let .array(items) = input else { Issue.record("a list"); return }
        #expect(items.count == 2, "blank lines are left out")
        #expect(items[1] == .object(["hospital": .string("角斜镇卫生院"), "from": .string("2026-03-01")]), "a full-width comma separates too")
        let parsed = stays.parse(input)
        #expect(parsed.errors.isEmpty)
        #expect(stays.lines(parsed.children) == "海安市人民医院,2026-01-02,2026-01-10\n角斜镇卫生院,2026-03-01,")
        let form = stays.formLines(hint: "仍在院则不填出院日期") { (_: Request, _: ElderRecord) in [] }
        #expect(form.label == "每行一条：医院,入院日期,出院日期（仍在院则不填出院日期）")
    }

    @Test(arguments: TestDatabase.available)
    func childrenAreSavedWithTheParentAndOneWrongChildSavesNothing(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true, today: LocalDate(year: 2026, month: 11, day: 28)) { app, platform in
            let token = try await app.token("demo-town")
            let person = #"{"name":"孙兰","idNumber":"320685194002020021","regionCode":"320685101202","hospitalStays":[{"hospital":"海安市人民医院","from":"2026-05-01","to":"2026-05-20"},{"from":"2026-10-03"}]}"#
            let created = try await app.send(.POST, "/api/v1/elders", as: token, body: ByteBuffer(string: person))
            #expect(created.status == .created, "\(created.body.string)")
            let id = try #require(try JSONSerialization.jsonObject(with: Data(created.body.string.utf8)) as? [String: Any])["id"] as? String ?? ""
            #expect(try await stays.load(of: id, sql: platform.sql).map(\.from) == [LocalDate(year: 2026, month: 5, day: 1), LocalDate(year: 2026, month: 10, day: 3)])
            #expect(created.body.string.contains(#""hospital":null"#), "an open stay answers every key")

            let wrong = #"{"hospitalStays":[{"hospital":"海安市人民医院","from":"2026-05-01"},{"from":"2026-10-03","to":"2026-09-01"}]}"#
            let refused = try await app.send(.PATCH, "/api/v1/elders/\(id)", as: token, body: ByteBuffer(string: wrong))
            #expect(refused.status == .unprocessableEntity)
            #expect(try refused.json(APIError.Envelope.self).error.fields?["hospitalStays[1].to"] == "第2条住院记录的出院日期早于入院日期")
            #expect(try await stays.load(of: id, sql: platform.sql).count == 2, "nothing half-saved")

            let replaced = try await app.send(.PATCH, "/api/v1/elders/\(id)", as: token, body: ByteBuffer(string: #"{"hospitalStays":[{"from":"2026-11-01"}]}"#))
            #expect(replaced.status == .ok, "\(replaced.body.string)")
            #expect(try await stays.load(of: id, sql: platform.sql).map(\.from) == [LocalDate(year: 2026, month: 11, day: 1)])
        }
    }
}
