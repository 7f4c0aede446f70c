import Foundation
import Testing
import Vapor
import VaporTesting
import YanglaoCore
@testable import YanglaoPlatform
@testable import YanglaoElders
@testable import YanglaoFacilities
@testable import YanglaoPlans
@testable import YanglaoServer

/// The year-end report: drafted from the records in the plan's four parts, edited and submitted by
/// its region — never while one of its ledgers stands returned — and written as a .docx 公文.
@Suite struct YearReportTests {
    struct Answer: Decodable {
        var state: String
        var issuingBody: String
        var title: String
        var sections: [String: String]
    }

    func plan(_ app: Application, _ token: String, region: String, year: Int) async throws -> String {
        struct Plans: Decodable { struct Plan: Decodable { var id: String; var regionCode: String; var year: Int }; var items: [Plan] }
        return try #require(try await app.send(.GET, "api/v1/plans", as: token).json(Plans.self).items.first { $0.regionCode == region && $0.year == year }?.id)
    }

    @Test(arguments: TestDatabase.available)
    func theDraftIsWrittenFromTheRecords(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, _ in
            let county = try await app.token("demo-county")
            let id = try await plan(app, county, region: "150500", year: 2021)
            let response = try await app.send(.GET, "api/v1/plans/\(id)/report", as: county)
            #expect(response.status == .ok, "\(response.body.string)")
            let report = try response.json(Answer.self)
            #expect(report.issuingBody == "科尔沁左翼中旗民政局" && report.state == YearReportState.draft.rawValue)
            #expect(report.sections["achievements"]?.contains("敬老院新建、改扩建建成运营1所（目标不低于2所，完成率50%）") == true, "\(report.sections["achievements"] ?? "")")
            #expect(report.sections["problems"]?.contains("严重滞后") == true)
            #expect(report.sections["problems"]?.contains("消防安全未达标") == true, "the county's facilities' open problems")
            #expect(report.sections["nextSteps"]?.contains("加快入户评估和施工验收进度") == true, "the ledgers' next steps")
            let word = try await app.send(.GET, "api/v1/plans/\(id)/report?format=docx", as: county)
            #expect(word.status == .ok && word.headers.contentType?.subType == "vnd.openxmlformats-officedocument.wordprocessingml.document")
            let archive = try Archive(data: Data(buffer: word.body), accessMode: .read)
            var xml = Data()
            _ = try archive.extract(try #require(archive["word/document.xml"])) { xml.append($0) }
            let body = String(decoding: xml, as: UTF8.self)
            #expect(body.contains("科尔沁左翼中旗民政局文件") && body.contains("二、存在的突出问题") && body.contains("通辽市民政局："))
            #expect(try await app.send(.GET, "api/v1/plans/\(id)/report?format=pdf", as: county).status == .unprocessableEntity)
        }
    }

    @Test(arguments: TestDatabase.available)
    func aReturnedLedgerHoldsTheReportBack(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let today = platform.clock.today
            try #require(today.month > 1)
            let town = try await app.token("demo-town"), city = try await app.token("demo-city")
            let id = try await plan(app, city, region: "320685", year: today.year)
            let month = YearMonth(year: today.year, month: today.month - 1)!
            let ledger = "api/v1/plans/\(id)/ledgers/320685101/\(month)"
            #expect(try await app.send(.POST, ledger + "/submit", as: town, body: ByteBuffer(string: "{}")).status == .ok)
            #expect(try await app.send(.POST, ledger + "/return", as: city, body: ByteBuffer(string: #"{"reason":"数据有误"}"#)).status == .ok)
            let edited = try await app.send(.PATCH, "api/v1/plans/\(id)/report", as: town, body: ByteBuffer(string: #"{"suggestions":"1. 建议增加农村敬老院护理员编制。"}"#))
            #expect(edited.status == .ok, "\(edited.body.string)")
            let held = try await app.send(.POST, "api/v1/plans/\(id)/report/submit", as: town)
            #expect(held.status == .conflict && held.body.string.contains("被上级退回"), "\(held.body.string)")
            // The city's report is held back too while a town's ledger below stands returned.
            let cityHeld = try await app.send(.POST, "api/v1/plans/\(id)/report/submit", as: city)
            #expect(cityHeld.status == .conflict && cityHeld.body.string.contains("角斜镇"), "\(cityHeld.body.string)")
            #expect(try await app.send(.POST, "api/v1/plans/\(id)/report/submit?region=320685101", as: city).status == .forbidden, "the level above does not submit a town's report")
            #expect(try await app.send(.POST, ledger + "/submit", as: town, body: ByteBuffer(string: "{}")).status == .ok)
            let submitted = try await app.send(.POST, "api/v1/plans/\(id)/report/submit", as: town)
            #expect(submitted.status == .ok)
            let report = try submitted.json(Answer.self)
            #expect(report.state == YearReportState.submitted.rawValue && report.sections["suggestions"] == "1. 建议增加农村敬老院护理员编制。")
            #expect(try await app.send(.PATCH, "api/v1/plans/\(id)/report", as: town, body: ByteBuffer(string: #"{"title":"x"}"#)).status == .conflict)
            #expect(try await app.send(.PATCH, "api/v1/plans/\(id)/report", as: town, body: ByteBuffer(string: #"{"colour":"red"}"#)).status == .unprocessableEntity)
            // The city reads the town's report; another town does not.
            #expect(try await app.send(.GET, "api/v1/plans/\(id)/report?region=320685101", as: city).status == .ok)
            #expect(try await app.send(.GET, "api/v1/plans/\(id)/report?region=320685101", as: try await app.token("demo-town2")).status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.available)
    func submitsSentAtOnceSubmitOnce(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let county = try await app.token("demo-county")
            let id = try await plan(app, county, region: "150500", year: 2021)
            let before = try await auditEntries(platform).filter { $0.action == "report.submit" }.count
            // Six at once of a report never saved: the first save and the submit race each other.
            let answers = try await withThrowingTaskGroup(of: (HTTPResponseStatus, String).self) { group in
                for _ in 0..<6 { group.addTask { let r = try await app.send(.POST, "api/v1/plans/\(id)/report/submit", as: county); return (r.status, r.body.string) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let statuses = answers.map(\.0)
            #expect(answers.filter { $0.0 == .ok }.count == 1, "\(answers.map { "\($0.0) \($0.1.prefix(160))" })")
            #expect(statuses.filter { $0 == .ok }.count == 1, "\(statuses)")
            #expect(statuses.filter { $0 == .conflict }.count == 5, "\(statuses)")
            #expect(try await auditEntries(platform).filter { $0.action == "report.submit" }.count == before + 1)
            let again = try await app.send(.POST, "api/v1/plans/\(id)/report/submit", as: county)
            #expect(again.status == .conflict && again.body.string.contains("已报送"))
        }
    }
}

import ZIPFoundation
