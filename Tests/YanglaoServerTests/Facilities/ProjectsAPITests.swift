import Foundation
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

@Suite struct ProjectsAPITests {
    func projects(_ app: Application, _ token: String, _ query: String) async throws -> ProjectsAPI.Page {
        let response = try await app.send(.GET, "api/v1/projects?limit=500&" + query, as: token)
        try #require(response.status == .ok, "\(response.body.string)")
        return try response.json(ProjectsAPI.Page.self)
    }

    /// The breakdown's first five columns per town, from the seed's own table.
    func breakdown() throws -> [String: [String: Int]] {
        let table = try CSV.read(try Fixture.bytes("haian-2021-breakdown.csv"))
        var result: [String: [String: Int]] = [:]
        for row in table.rows where table.fields(of: row)["区镇"] != "合计" {
            let fields = table.fields(of: row)
            result[fields["区镇"]!] = Dictionary(uniqueKeysWithValues: BreakdownColumn.allCases.map { ($0.rawValue, Int(fields[$0.rawValue] ?? "") ?? 0) })
        }
        return result
    }

    /// The demo's 2021 projects, once all completed, give the breakdown table town by town; until
    /// then the list says which are late.
    @Test(arguments: TestDatabase.available)
    func completedProjectsReproduceTheHaianBreakdown(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let city = try await app.token("demo-city")
            let now = try await projects(app, city, "year=2021")
            #expect(now.completed == ["日间照料中心": 4, "镇级居家养老服务中心": 2, "新建医养结合型养老机构": 2, "失能失智集中照护中心": 1, "区域性养老服务中心": 1])
            let late = try await projects(app, city, "year=2021&late=true")
            #expect(late.items.allSatisfy { $0.late && $0.project.status == .inProgress })
            #expect(late.items.contains { $0.facilityName == "西场社区日间照料中心" })
            let dayCare = try await projects(app, city, "year=2021&category=日间照料中心&status=已完成")
            #expect(dayCare.total == 4, "day-care centres built or upgraded this year")

            for item in late.items {
                let done = try await app.send(.PATCH, "api/v1/projects/\(item.project.id)", as: city,
                                              body: ByteBuffer(string: #"{"status":"已完成","actualCompletion":"2021-12-20"}"#))
                #expect(done.status == .ok, "\(done.body.string)")
            }
            let all = try await projects(app, city, "year=2021")
            #expect(all.completed == ["日间照料中心": 5, "镇级居家养老服务中心": 3, "新建医养结合型养老机构": 3, "失能失智集中照护中心": 2, "区域性养老服务中心": 2])

            // Town by town, as the table has it.
            let towns = try await RegionStore(sql: platform.sql).children(of: "320685")
            let expected = try breakdown()
            for town in towns {
                let counts = try await projects(app, city, "year=2021&region=\(town.code)").completed
                #expect(counts == expected[town.name], "\(town.name)")
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func theFiveNamedTongliaoHomesAreProjectsOfTheYear(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, _ in
            let tongliao = try await app.token("demo-tongliao")
            let page = try await projects(app, tongliao, "year=2021")
            let names = Set(page.items.map(\.facilityName))
            for home in ["敖力布皋镇敬老院", "舍伯吐中心敬老院", "保康中心敬老院", "霍林郭勒市中心敬老院", "八仙筒中心敬老院"] {
                #expect(names.contains(home), "\(home)")
            }
            #expect(try await projects(app, tongliao, "year=2021&late=true").items.map(\.facilityName).contains("舍伯吐中心敬老院"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func projectInputIsCheckedAtItsField(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let town = try await app.token("demo-town")
            let account = try #require(try await AccountStore(sql: platform.sql).find(username: "demo-town"))
            let user = CurrentUser(account: account, tokenID: nil, scope: .region(code: "320685101", level: .town, organisation: nil))
            let facility = try #require(try await FacilityStore(sql: platform.sql).visibleRecords(for: user).first { $0.facility.name == "角斜镇敬老院" }?.facility)
            let bad = try await app.send(.POST, "api/v1/projects", as: town, body: ByteBuffer(string:
                #"{"facilityId":"\#(facility.id)","name":"改造","kind":"提升改造","status":"已完成","investment":"很多","plannedCompletion":"明年"}"#))
            #expect(bad.status == .unprocessableEntity)
            #expect(try bad.json(APIError.Envelope.self).error.fields == [
                "investment": "投资额（元）应为数字，实际为“很多”",
                "plannedCompletion": "计划完成日期“明年”无法识别，应为 YYYY-MM-DD",
                "upgradeKind": "提升改造项目须注明改造内容（双改造双提升、日间照料中心提升、油烟治理、污水接管、机构适老化改造、标准化卫生室）",
                "actualCompletion": "已完成的项目须填写实际完成日期",
            ])
            let good = try await app.send(.POST, "api/v1/projects", as: town, body: ByteBuffer(string:
                #"{"facilityId":"\#(facility.id)","name":"角斜镇敬老院标准化卫生室","kind":"提升改造","upgradeKind":"标准化卫生室","status":"计划","year":2022,"investment":300000,"fundingSource":"福彩公益金"}"#))
            #expect(good.status == .created)
            #expect(try good.json(FacilityProject.self).investment == 300_000)
        }
    }
}

@Suite struct ProjectPageTests {
    /// 新增护理型床位 (Hai'an's target: 200) from the capacity snapshots: the two new 医养结合
    /// institutions (120 + 90) and the nursing beds three upgrades added (10 + 25 + 15).
    @Test func thePageCountsTheYearsNewNursingBeds() async throws {
        try await withTestApp(.sqlite, demo: true) { app, _ in
            var client = try await WebClient.signedIn(app, "demo-city")
            let page = try await client.get("/projects?year=2021")
            #expect(page.status == .ok)
            #expect(page.body.string.contains(#"<span class="value">260</span><span class="label">本年新增护理型床位（张，按床位变动记录）</span>"#))
            let town = try await client.get("/projects?year=2021&region=320685101")
            #expect(town.body.string.contains(#"<span class="value">35</span>"#))
        }
    }
}
