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

/// The registry through its API: registration with every refusal named at its field and nothing
/// saved, masked answers, the audited reveal, lookups that stop at the scope, assessments.
@Suite struct EldersAPITests {
    static let person = #"{"name":"赵梅","idNumber":"320685193901010025","regionCode":"320685101202","phone":"139-1234-5678","address":"海安市角斜镇沿口村5组2号","categories":["低保","独居"]}"#

    func count(_ platform: Platform) async throws -> Int {
        try #require(try await platform.sql.select().column(SQLAlias(SQLRaw("COUNT(*)"), as: SQLIdentifier("n"))).from("elders").first()?
            .decode(column: "n", as: Int.self))
    }

    @Test(arguments: TestDatabase.available)
    func aRegistrationAnswersMaskedAndDerivesBirthAndSex(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true, today: LocalDate(year: 2026, month: 11, day: 28)) { app, _ in
            let token = try await app.token("demo-town")
            let response = try await app.send(.POST, "/api/v1/elders", as: token, body: ByteBuffer(string: Self.person))
            #expect(response.status == .created, "\(response.body.string)")
            let body = response.body.string
            #expect(body.contains("320685************") && !body.contains("320685193901010025"))
            #expect(body.contains("139****5678") && !body.contains("13912345678"))
            // The birth date is read off the number and kept, but shown only with it: the age stands for it.
            #expect(!body.contains("birthDate") && !body.contains("1939") && body.contains("\"sex\":\"女\""))
            #expect(body.contains("\"age\":87") && body.contains("高龄"), "高龄 follows from the age on the day asked")
            // A legacy 15-digit number is upgraded to 18.
            let legacy = try await app.send(.POST, "/api/v1/elders", as: token, body: ByteBuffer(string: #"{"name":"钱老","idNumber":"320685400101001","regionCode":"320685101202"}"#))
            #expect(legacy.status == .created, "\(legacy.body.string)")
            #expect(legacy.body.string.contains("\"age\":86") && !legacy.body.string.contains("1940"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func textXMLCannotCarryIsRefusedAtItsField(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let token = try await app.token("demo-town")
            let before = try await count(platform)
            for hostile in ["坏\\uffff名\\ufffe", "坏\\u0000名", "坏\\ufdd0名"] {
                let body = Self.person.replacingOccurrences(of: #""name":"赵梅""#, with: #""name":"\#(hostile)""#)
                let response = try await app.send(.POST, "/api/v1/elders", as: token, body: ByteBuffer(string: body))
                #expect(response.status == .unprocessableEntity, "\(response.body.string)")
                let error = try response.json(APIError.Envelope.self).error
                #expect(error.fields?["name"]?.contains("不允许") == true, "\(error)")
            }
            #expect(try await count(platform) == before)
        }
    }

    @Test(arguments: TestDatabase.available)
    func badInputIsNamedAtItsFieldAndNothingIsSaved(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true, today: LocalDate(year: 2026, month: 11, day: 28)) { app, platform in
            let token = try await app.token("demo-town")
            let before = try await count(platform)
            let cases: [(String, String, String)] = [
                (#"{"name":"甲","idNumber":"320685193901010022","regionCode":"320685101202"}"#, "idNumber", "校验位"),
                (#"{"name":"乙","idNumber":"320685193901010025","regionCode":"320685101202","birthDate":"1939-02-01"}"#, "birthDate", "不一致"),
                (#"{"name":"丙","idNumber":"320685193901010025","regionCode":"320685101202","sex":"男"}"#, "sex", "不一致"),
                (#"{"name":"丁","idNumber":"320685197001010028","regionCode":"320685101202"}"#, "under60Reason", "未满 60 周岁"),
                (#"{"name":"戊","idNumber":"320685193901010025","regionCode":"320685999999"}"#, "regionCode", "不存在或不在您的管辖范围内"),
                (#"{"name":"己","idNumber":"320685193901010025","regionCode":"320685102201"}"#, "regionCode", "不存在或不在您的管辖范围内"),
                (#"{"name":"庚","idNumber":"320685193901010025","regionCode":"320685101202","supportMode":"集中供养"}"#, "facilityId", "所在机构"),
                (#"{"name":"辛","idNumber":"320685193901010025","regionCode":"320685101202","phone":"12345"}"#, "phone", "电话号码"),
                (#"{"name":"壬","idNumber":"320685193901010025","regionCode":"320685101202","deathDate":"2030-01-01"}"#, "deathDate", "晚于今天"),
                (#"{"name":"癸","idNumber":"320685193901010025","regionCode":"320685101202","selfCareUnable":["自主吃饭"]}"#, "selfCareCheckedOn", "认定日期"),
                (#"{"name":"子","idNumber":"320685203001010026","regionCode":"320685101202"}"#, "idNumber", "晚于今天"),
            ]
            for (body, field, words) in cases {
                let response = try await app.send(.POST, "/api/v1/elders", as: token, body: ByteBuffer(string: body))
                #expect(response.status == .unprocessableEntity, "\(body)")
                let error = try response.json(ErrorBody.self).error
                #expect(error.fields[field]?.contains(words) == true, "\(field) of \(body): \(error.fields)")
            }
            #expect(try await count(platform) == before, "nothing is saved")
            // A person under 60 with a reason is registered.
            let young = try await app.send(.POST, "/api/v1/elders", as: token,
                                           body: ByteBuffer(string: #"{"name":"丑","idNumber":"320685197001010028","regionCode":"320685101202","under60Reason":"残疾人托养服务对象"}"#))
            #expect(young.status == .created, "\(young.body.string)")
            // An ID number is registered once.
            let again = try await app.send(.POST, "/api/v1/elders", as: token,
                                           body: ByteBuffer(string: #"{"name":"寅","idNumber":"320685197001010028","regionCode":"320685101202","under60Reason":"同上"}"#))
            #expect(again.status == .unprocessableEntity)
            #expect(try again.json(ErrorBody.self).error.fields["idNumber"]?.contains("已登记") == true)
        }
    }

    @Test(arguments: TestDatabase.available)
    func aTownCannotFindAPersonOfAnotherTownEvenByTheFullNumber(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, _ in
            let own = try await app.token("demo-town")
            let other = try await app.token("demo-town2")
            let mine = try await app.send(.GET, "/api/v1/elders?idNumber=320685193803150024", as: own)
            #expect(mine.body.string.contains("张桂英") && mine.body.string.contains("\"total\":1"))
            let byPhone = try await app.send(.GET, "/api/v1/elders?phone=139%201234%204321", as: own)
            #expect(byPhone.body.string.contains("张桂英"), "a phone is found by its digits, however written")
            let theirs = try await app.send(.GET, "/api/v1/elders?idNumber=320685193803150024", as: other)
            #expect(theirs.status == .ok && theirs.body.string.contains("\"total\":0") && !theirs.body.string.contains("张桂英"))
            let byTheirPhone = try await app.send(.GET, "/api/v1/elders?phone=13912344321", as: other)
            #expect(byTheirPhone.body.string.contains("\"total\":0"))
            // A part of a number finds nothing, and a wrong number is named.
            let partial = try await app.send(.GET, "/api/v1/elders?idNumber=3206851938", as: own)
            #expect(partial.status == .unprocessableEntity)
            let city = try await app.token("demo-city")
            let whole = try await app.send(.GET, "/api/v1/elders?idNumber=320685193803150024", as: city)
            #expect(whole.body.string.contains("张桂英"), "the city sees its towns")
        }
    }

    @Test(arguments: TestDatabase.available)
    func aRevealNeedsAReasonAndIsAudited(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let token = try await app.token("demo-town")
            let list = try await app.send(.GET, "/api/v1/elders?idNumber=320685193803150024", as: token)
            let id = try #require(list.body.string.firstMatch(of: /"id":"([0-9a-f-]{36})"/)?.1).description
            let refused = try await app.send(.POST, "/api/v1/elders/\(id)/reveal", as: token, body: ByteBuffer(string: #"{"field":"phone","reason":" "}"#))
            #expect(refused.status == .unprocessableEntity)
            #expect(try refused.json(ErrorBody.self).error.fields["reason"] != nil)
            let unknown = try await app.send(.POST, "/api/v1/elders/\(id)/reveal", as: token, body: ByteBuffer(string: #"{"field":"name","reason":"核实"}"#))
            #expect(unknown.status == .unprocessableEntity)
            let shown = try await app.send(.POST, "/api/v1/elders/\(id)/reveal", as: token, body: ByteBuffer(string: #"{"field":"address","reason":"上门送药"}"#))
            #expect(shown.status == .ok)
            #expect(shown.body.string.contains("海安市角斜镇老坝港村12组3号"))
            let entries = try await auditEntries(platform).filter { $0.action == "elder.reveal" }
            let entry = try #require(entries.last)
            #expect(entry.username == "demo-town" && entry.entityId == id && entry.outcome == "ok")
            #expect(entry.after?.contains("上门送药") == true && entry.after?.contains("address") == true, "who, whom, when, which and why")
            #expect(entry.after?.contains("老坝港村12组") != true, "the audit log does not keep the value itself")
            // A hotline operator sees masked data only.
            _ = try await AccountService(platform: platform).create(.init(username: "hotline-jx", password: "Hotline-2021", role: "hotline_operator", regionCode: "320685101"), by: .commandLine)
            let hotline = try await app.token("hotline-jx", password: "Hotline-2021")
            let forbidden = try await app.send(.POST, "/api/v1/elders/\(id)/reveal", as: hotline, body: ByteBuffer(string: #"{"field":"phone","reason":"来电核实"}"#))
            #expect(forbidden.status == .forbidden)
        }
    }

    @Test(arguments: TestDatabase.available)
    func anAssessmentScoresByTheStandardAndBecomesTheLevel(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, _ in
            let token = try await app.token("demo-town")
            let list = try await app.send(.GET, "/api/v1/elders?idNumber=320685194205120022", as: try await app.token("demo-town2"))
            let id = try #require(list.body.string.firstMatch(of: /"id":"([0-9a-f-]{36})"/)?.1).description
            let assessor = try await app.token("demo-town2")
            var items = AbilityAssessment.items.map { "\"\($0.code)\":\($0.maximum)" }
            items[0] = "\"B.1.1\":0"   // total 86 → level 1; dementia raises it to 2
            let body = #"{"items":{\#(items.joined(separator: ","))},"reason":"首次评估","assessors":["周丽华","陈志刚"],"assessedOn":"2026-11-20","diagnoses":["F03"],"riskEvents30d":0,"coma":false}"#
            let response = try await app.send(.POST, "/api/v1/elders/\(id)/assessments", as: assessor, body: ByteBuffer(string: body))
            #expect(response.status == .created, "\(response.body.string)")
            let text = response.body.string
            #expect(text.contains("\"total\":86") && text.contains("\"preliminaryLevel\":1") && text.contains("\"level\":2"))
            #expect(text.contains("能力中度受损") && text.contains("\"nextDueOn\":\"2027-05-20\""))
            let person = try await app.send(.GET, "/api/v1/elders/\(id)", as: assessor)
            #expect(person.body.string.contains("\"abilityLevel\":2") && person.body.string.contains("\"nextAssessmentOn\":\"2027-05-20\""))
            // One assessor, a score out of range, an unknown reason: named, nothing saved.
            let wrong = body.replacingOccurrences(of: #"["周丽华","陈志刚"]"#, with: #"["周丽华"]"#).replacingOccurrences(of: "\"B.2.4\":3", with: "\"B.2.4\":4")
                .replacingOccurrences(of: "首次评估", with: "随便")
            let refused = try await app.send(.POST, "/api/v1/elders/\(id)/assessments", as: assessor, body: ByteBuffer(string: wrong))
            #expect(refused.status == .unprocessableEntity)
            let fields = try refused.json(ErrorBody.self).error.fields
            #expect(fields["assessors"] != nil && fields["B.2.4"] != nil && fields["reason"] != nil, "\(fields)")
            let history = try await app.send(.GET, "/api/v1/elders/\(id)/assessments", as: assessor)
            #expect(history.body.string.components(separatedBy: "\"assessedOn\"").count == 2, "one assessment kept")
        }
    }

    @Test(arguments: TestDatabase.available)
    func movingKeepsWhereThePersonLivedAndSinceWhen(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true, today: LocalDate(year: 2026, month: 11, day: 28)) { app, _ in
            let token = try await app.token("demo-town")
            let created = try await app.send(.POST, "/api/v1/elders", as: token, body: ByteBuffer(string: Self.person))
            let id = try #require(created.body.string.firstMatch(of: /"id":"([0-9a-f-]{36})"/)?.1).description
            let moved = try await app.send(.PATCH, "/api/v1/elders/\(id)", as: token, body: ByteBuffer(string: #"{"regionCode":"320685101001","residentSince":"2026-10-01"}"#))
            #expect(moved.status == .ok, "\(moved.body.string)")
            let text = moved.body.string
            #expect(text.contains(#""regionCode":"320685101202","regionName":"沿口村","since":null,"until":"2026-10-01""#)
                    || (text.contains("沿口村") && text.contains("\"until\":\"2026-10-01\"")), "\(text)")
            #expect(text.contains("\"residentSince\":\"2026-10-01\""))
            // The ID number cannot change; personal data kept when not sent.
            let changed = try await app.send(.PATCH, "/api/v1/elders/\(id)", as: token, body: ByteBuffer(string: #"{"idNumber":"320685194205120022"}"#))
            #expect(changed.status == .unprocessableEntity)
            let same = try await app.send(.PATCH, "/api/v1/elders/\(id)", as: token, body: ByteBuffer(string: #"{"idNumber":"320685193901010025","emergencyContact":"赵强（子）"}"#))
            #expect(same.status == .ok, "sending the same number is not a change: \(same.body.string)")
            #expect(same.body.string.contains("139****5678"))
        }
    }
}

struct ErrorBody: Decodable {
    struct Detail: Decodable {
        var code: String
        var message: String
        var fields: [String: String]
    }

    var error: Detail
}
