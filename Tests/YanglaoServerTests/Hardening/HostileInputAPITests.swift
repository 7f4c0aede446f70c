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

/// The reproductions of the hardening issue, each answered with a 4xx and a Chinese message, and
/// nothing stored that could later stop a list or the process.
@Suite struct HostileInputAPITests {
    func facilityID(_ app: Application, _ token: String) async throws -> String {
        let created = try await app.send(.POST, "api/v1/facilities", as: token, body: ByteBuffer(string:
            #"{"name":"角斜镇测试院","category":"养老机构","regionCode":"320685101","beds":20}"#))
        try #require(created.status == .created, "\(created.body.string)")
        return try created.json(FacilityJSON.self).facility.id
    }

    @Test(arguments: TestDatabase.available)
    func hugeCursorsAndOffsetsAreRefusedNotOverflowed(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, _ in
            let city = try await app.token("demo-city")
            for path in ["api/v1/facilities?cursor=9223372036854775807", "api/v1/projects?cursor=9223372036854775807",
                         "api/v1/facilities?limit=9223372036854775807", "api/v1/facilities?cursor=-5", "api/v1/facilities?cursor=abc",
                         "api/v1/facilities?limit=0", "api/v1/elders?limit=0"] {
                let response = try await app.send(.GET, path, as: city)
                #expect(response.status == .unprocessableEntity, "\(path)")
                let message = try response.json(APIError.Envelope.self).error.fields?.values.first ?? ""
                #expect(message.hasPrefix("翻页位置应为") || message.hasPrefix("每页条数应为") || message.hasPrefix("翻页游标无效"), "\(path): \(message)")
            }
            // The last page carries `next: null`, as the OpenAPI document says.
            let last = try await app.send(.GET, "api/v1/facilities?limit=500", as: city)
            #expect(last.body.string.contains(#""next":null"#))
            #expect(try await app.send(.GET, "api/v1/projects?limit=500", as: city).body.string.contains(#""next":null"#))
        }
    }

    @Test(arguments: TestDatabase.available)
    func aChosenCodeCannotBreakTheNextGeneratedOne(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, _ in
            let town = try await app.token("demo-town")
            let chosen = try await app.send(.POST, "api/v1/facilities", as: town, body: ByteBuffer(string:
                #"{"code":"320685-9223372036854775807","name":"自编码院","category":"养老机构","regionCode":"320685101"}"#))
            #expect(chosen.status == .created)
            let weird = try await app.send(.POST, "api/v1/facilities", as: town, body: ByteBuffer(string:
                #"{"code":"320685-<b>","name":"怪编码院","category":"养老机构","regionCode":"320685101"}"#))
            #expect(try weird.json(APIError.Envelope.self).error.fields == ["code": "设施编码应为 1 至 40 位字母、数字或连字符"])
            let next = try await app.send(.POST, "api/v1/facilities", as: town, body: ByteBuffer(string:
                #"{"name":"无编码院","category":"养老机构","regionCode":"320685101"}"#))
            #expect(next.status == .created)
            #expect(try next.json(FacilityJSON.self).facility.code.hasPrefix("320685-"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func overflowingAndNonFiniteFiguresAreRefusedAtTheField(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let town = try await app.token("demo-town")
            let id = try await facilityID(app, town)
            let cases: [(String, String, String)] = [
                (#"{"beds":"9223372036854775807"}"#, "beds", "床位数应为0 至 10000000 之间的整数，实际为“9223372036854775807”"),
                (#"{"beds":9223372036854775807}"#, "beds", "床位数应为0 至 10000000 之间的整数，实际为“9223372036854775807”"),
                (#"{"beds":1e400}"#, "beds", "床位数应为数字，实际为“1e400”"),
                (#"{"latitude":"inf"}"#, "latitude", "纬度（WGS-84）应为有限的数字，实际为“inf”"),
                (#"{"latitude":"-infinity"}"#, "latitude", "纬度（WGS-84）应为有限的数字，实际为“-infinity”"),
                (#"{"longitude":"nan"}"#, "longitude", "经度（WGS-84）应为有限的数字，实际为“nan”"),
                (#"{"latitude":1000}"#, "latitude", "纬度（WGS-84）应为-90 至 90 之间的数（WGS-84 纬度），实际为“1000”"),
                (#"{"buildingArea":-1}"#, "buildingArea", "服务设施面积（平方米）应为0 至 10000000 之间、最多两位小数的数，实际为“-1”"),
                (#"{"name":12345}"#, "name", "名称应为文本（字符串）"),
                (#"{"name":["a","b"]}"#, "name", "名称应为文本（字符串）"),
                (#"{"address":{"x":1}}"#, "address", "地址应为文本（字符串）"),
                (#"{"beds":true}"#, "beds", "床位数应为数字"),
                (#"{"fireCompliant":"maybe"}"#, "fireCompliant", "消防安全达标应为“是”或“否”，实际为“maybe”"),
                (#"{"name":"\#(String(repeating: "长", count: 10_000))"}"#, "name", "名称不能超过 100 个字（实际 10000 个）"),
            ]
            for (body, field, message) in cases {
                let response = try await app.send(.PATCH, "api/v1/facilities/\(id)", as: town, body: ByteBuffer(string: body))
                #expect(response.status == .unprocessableEntity, "\(body.prefix(60))")
                #expect(try response.json(APIError.Envelope.self).error.fields?[field] == message, "\(body.prefix(60))")
            }
            let duplicate = try await app.send(.PATCH, "api/v1/facilities/\(id)", as: town, body: ByteBuffer(string: #"{"beds":10,"beds":99}"#))
            #expect(duplicate.status == .unprocessableEntity)
            #expect(try duplicate.json(APIError.Envelope.self).error.message == "字段“beds”重复出现：每个字段只能给一次")
            let stored = try #require(try await FacilityStore(sql: platform.sql).find(id: id)?.facility)
            #expect(stored.beds == 20 && stored.latitude == nil && stored.name == "角斜镇测试院")
            // The list of the city still answers.
            let city = try await app.token("demo-city")
            #expect(try await app.send(.GET, "api/v1/facilities", as: city).status == .ok)
        }
    }

    @Test(arguments: TestDatabase.available)
    func moneyIsBoundedAndNeverAbortsTheConversion(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, _ in
            let town = try await app.token("demo-town")
            let id = try await facilityID(app, town)
            let created = try await app.send(.POST, "api/v1/projects", as: town, body: ByteBuffer(string:
                #"{"facilityId":"\#(id)","name":"改造","kind":"新建","status":"计划","year":2021}"#))
            try #require(created.status == .created, "\(created.body.string)")
            let project = try #require(created.body.string.firstMatch(of: /"id":"([0-9a-f-]+)"/)?.1)
            for (value, message) in [("1e30", "投资额（元）应为0 至 100000000000 元之间、最多两位小数的金额，实际为“1e30”"),
                                     (#""-5""#, "投资额（元）应为0 至 100000000000 元之间、最多两位小数的金额，实际为“-5”"),
                                     (#""nan""#, "投资额（元）应为有限的数字，实际为“nan”")] {
                let response = try await app.send(.PATCH, "api/v1/projects/\(project)", as: town, body: ByteBuffer(string: #"{"investment":\#(value)}"#))
                #expect(response.status == .unprocessableEntity)
                #expect(try response.json(APIError.Envelope.self).error.fields?["investment"] == message)
            }
            let year = try await app.send(.PATCH, "api/v1/projects/\(project)", as: town, body: ByteBuffer(string: #"{"year":99999999999999999999}"#))
            #expect(try year.json(APIError.Envelope.self).error.fields?["year"] == "年度应为1900 至 2100 之间的四位年份，实际为“99999999999999999999”")
        }
    }

    @Test(arguments: TestDatabase.available)
    func malformedJSONIsAClearRefusal(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, _ in
            let town = try await app.token("demo-town")
            for body in [#"{"name": "x""#, "[1,2]", #"{"a":1}{"#, String(repeating: "[", count: 5000)] {
                let response = try await app.send(.POST, "api/v1/facilities", as: town, body: ByteBuffer(string: body))
                #expect(response.status == .unprocessableEntity, "\(body.prefix(20))")
                #expect(try response.json(APIError.Envelope.self).error.message.hasPrefix("请求内容"), "\(body.prefix(20))")
            }
        }
    }
}
