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

/// The plans' breakdown tables against live records: the Hai'an table imports exactly as it is, its
/// rows add up to 合计 at every level, a revision is a new version, and bad tables are refused at
/// the row and column with nothing written.
@Suite struct PlansAPITests {
    struct Item: Decodable {
        var indicatorCode: String
        var name: String
        var value: Double?
        var target: Double?
        var completion: Double?
        var status: String?
        var numerator: Double?
        var denominator: Double?
    }

    struct ProgressRow: Decodable {
        var regionCode: String
        var name: String
        var kind: String
        var items: [Item]
    }

    struct ProgressAnswer: Decodable {
        var regionCode: String
        var items: [Item]
        var rows: [ProgressRow]
    }

    struct Report: Decodable {
        struct RowError: Decodable { var row: Int; var field: String?; var message: String }
        var accepted: Int
        var rejected: Int
        var errors: [RowError]
        var created: Int
        var updated: Int
        var unchanged: Int
        var committed: Bool
    }

    func planID(_ app: Application, _ token: String, region: String, year: Int) async throws -> String {
        struct Plans: Decodable { struct Plan: Decodable { var id: String; var regionCode: String; var year: Int }; var items: [Plan] }
        let response = try await app.send(.GET, "api/v1/plans", as: token)
        try #require(response.status == .ok, "\(response.body.string)")
        return try #require(try response.json(Plans.self).items.first { $0.regionCode == region && $0.year == year }?.id)
    }

    func progress(_ app: Application, _ token: String, _ plan: String, _ query: String) async throws -> ProgressAnswer {
        let response = try await app.send(.GET, "api/v1/plans/\(plan)/progress?\(query)", as: token)
        try #require(response.status == .ok, "\(response.body.string)")
        return try response.json(ProgressAnswer.self)
    }

    /// Every count's rows add up to the total, numerators and denominators of shares too.
    func expectRowsAddUp(_ answer: ProgressAnswer, _ label: String) {
        guard let total = answer.rows.last, total.kind == "total" else {
            Issue.record("\(label): no 合计 row")
            return
        }
        for (index, item) in total.items.enumerated() {
            // A past month's facility figure known only in total (a ledger froze it) or only for some
            // rows (some ledgers are missing) is not a sum of the rows.
            let rowsKnown = answer.rows.dropLast().contains { $0.items[index].numerator != nil }
            if (item.numerator == nil) == rowsKnown { continue }
            let parts = answer.rows.dropLast().map { $0.items[index] }
            let numerators = parts.compactMap(\.numerator).reduce(0, +)
            #expect(abs(numerators - (item.numerator ?? 0)) < 1e-9, "\(label) \(item.name): rows \(numerators), 合计 \(item.numerator ?? 0)")
            let denominators = parts.compactMap(\.denominator).reduce(0, +)
            #expect(abs(denominators - (item.denominator ?? 0)) < 1e-9, "\(label) \(item.name): denominators")
        }
        #expect(answer.items.map(\.value) == total.items.map(\.value), "\(label): items are the region's 合计")
    }

    @Test(arguments: TestDatabase.available)
    func theHaianTableImportsAsItIsAndAddsUpAtEveryLevel(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let city = try await app.token("demo-city")
            let plan = try await planID(app, city, region: "320685", year: 2021)
            // The demo imported the seed's own table: towns in its order, blank cells without a target.
            let record = try await PlanStore(sql: platform.sql).record(try #require(try await PlanStore(sql: platform.sql).find(id: plan)), catalogue: platform.interfaces.catalogue)
            let seed = try CSV.read(try Fixture.bytes("haian-2021-breakdown.csv"))
            let names = try await RegionStore(sql: platform.sql).names(of: record.breakdown?.order ?? [])
            #expect((record.breakdown?.order ?? []).map { names[$0] ?? "" } == seed.rows.dropLast().map { $0.cells[0] })
            for row in seed.rows {
                let fields = seed.fields(of: row)
                let code = row.cells[0] == "合计" ? "320685" : try #require(names.first { $0.value == row.cells[0] }?.key)
                for indicator in record.indicators where indicator.inBreakdown {
                    #expect(record.breakdown?.targets[code]?[indicator.indicatorCode] == fields[indicator.label].flatMap(Double.init), "\(row.cells[0]) \(indicator.label)")
                }
            }
            // The same file again changes nothing.
            let again = try await app.send(.POST, "api/v1/plans/\(plan)/breakdowns/import?dryRun=false", as: city, body: try Fixture.buffer("haian-2021-breakdown.csv"))
            let report = try again.json(Report.self)
            #expect(again.status == .ok && report.unchanged == 15 && report.created + report.updated == 0, "\(again.body.string)")
            #expect(try await PlanStore(sql: platform.sql).breakdowns(of: plan).count == 1)

            // The city's table, December 2021: the breakdown's own figures from the records.
            let december = try await progress(app, city, plan, "month=2021-12")
            expectRowsAddUp(december, "海安市")
            #expect(december.rows.dropLast().map(\.name).prefix(3) == ["角斜镇", "李堡镇", "西场街道"], "the table's order of towns")
            let xichang = try #require(december.rows.first { $0.name == "西场街道" })
            let dayCare = try #require(xichang.items.first { $0.indicatorCode == "day_care_centres" })
            #expect(dayCare.value == 0 && dayCare.target == 1 && dayCare.status == ProgressStatus.seriouslyBehind.rawValue, "the centre was not finished")
            let yazhou = try #require(december.rows.first { $0.name == "雅周镇" })
            #expect(yazhou.items.first { $0.indicatorCode == "day_care_centres" }?.target == nil, "a blank cell is no target")
            let total = try #require(december.rows.last)
            #expect(total.items.first { $0.indicatorCode == "workers_trained" }?.target == 800)
            #expect(total.items.first { $0.indicatorCode == "day_care_centres" }.map { ($0.value, $0.target) } ?? (nil, nil) == (4, 5))
            // A town's table: its villages and the town's own row add up to what the city's table says of the town.
            let jiaoxie = try await progress(app, city, plan, "month=2021-12&region=320685101")
            expectRowsAddUp(jiaoxie, "角斜镇")
            #expect(jiaoxie.rows.contains { $0.kind == "own" && $0.name == "镇本级" }, "the town's 敬老院 sits in no village")
            let cityRow = try #require(december.rows.first { $0.regionCode == "320685101" })
            #expect(jiaoxie.items.map(\.value) == cityRow.items.map(\.value))
            #expect(jiaoxie.items.map(\.target) == cityRow.items.map(\.target))
            // Today's table adds up too (the facilities' shares are measured in the current month only).
            expectRowsAddUp(try await progress(app, city, try await planID(app, city, region: "320685", year: platform.clock.today.year), ""), "本年")
        }
    }

    @Test(arguments: TestDatabase.available)
    func tongliaoShowsItsCountyRows(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, _ in
            let tongliao = try await app.token("demo-tongliao")
            let plan = try await planID(app, tongliao, region: "150500", year: 2021)
            let answer = try await progress(app, tongliao, plan, "month=2021-12")
            expectRowsAddUp(answer, "通辽市")
            #expect(answer.rows.filter { $0.kind == "child" }.map(\.regionCode) == ["150502", "150521", "150522", "150523", "150524", "150525", "150526", "150581"])
            let homes = { (code: String) in answer.rows.first { $0.regionCode == code }?.items.first { $0.indicatorCode == "hardship_homes_completed" } }
            #expect(homes("150521").map { ($0.value, $0.target) } ?? (nil, nil) == (1, 2), "舍伯吐 is still being built")
            #expect(homes("150521")?.status == ProgressStatus.behind.rawValue || homes("150521")?.status == ProgressStatus.seriouslyBehind.rawValue)
            #expect(homes("150581").map { ($0.value, $0.target) } ?? (nil, nil) == (1, 1))
            #expect(answer.items.first { $0.indicatorCode == "hardship_homes_completed" }.map { ($0.value, $0.target) } ?? (nil, nil) == (4, 5))
            // The Hai'an plans are not Tongliao's.
            let city = try await app.token("demo-city")
            #expect(try await app.send(.GET, "api/v1/plans/\(plan)", as: city).status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.available)
    func aTableThatDoesNotAddUpNamesItsColumnUnlessAReasonIsGiven(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let city = try await app.token("demo-city")
            let plan = try await planID(app, city, region: "320685", year: 2021)
            let seed = String(decoding: try Fixture.bytes("haian-2021-breakdown.csv"), as: UTF8.self)
            let revised = seed.replacingOccurrences(of: "角斜镇,,,,1,1,88,58,4", with: "角斜镇,,,,1,1,78,58,4")
            let refused = try await app.send(.POST, "api/v1/plans/\(plan)/breakdowns/import?dryRun=false", as: city, body: ByteBuffer(string: revised))
            #expect(refused.status == .unprocessableEntity)
            let report = try refused.json(Report.self)
            #expect(report.errors.count == 1 && report.errors.first?.field == "适老化改造户数" && report.errors.first?.row == 17, "\(refused.body.string)")
            #expect(report.errors.first?.message.contains("890") == true && report.errors.first?.message.contains("900") == true)
            #expect(try await PlanStore(sql: platform.sql).breakdowns(of: plan).count == 1, "nothing written")

            let reason = "角斜镇10户改由市本级统一实施".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let accepted = try await app.send(.POST, "api/v1/plans/\(plan)/breakdowns/import?dryRun=false&reason=\(reason)", as: city, body: ByteBuffer(string: revised))
            #expect(accepted.status == .ok, "\(accepted.body.string)")
            #expect(try accepted.json(Report.self).updated == 1)
            let versions = try await PlanStore(sql: platform.sql).breakdowns(of: plan)
            #expect(versions.map(\.version) == [2, 1] && versions.first?.reason == "角斜镇10户改由市本级统一实施")
            let record = try await PlanStore(sql: platform.sql).record(try #require(try await PlanStore(sql: platform.sql).find(id: plan)), catalogue: platform.interfaces.catalogue)
            #expect(record.breakdown?.targets["320685101"]?["home_renovations"] == 78 && record.breakdown?.targets["320685"]?["home_renovations"] == 900)
            #expect(try await app.send(.GET, "api/v1/plans/\(plan)/breakdowns", as: city).body.string.contains("\"version\":1"), "earlier versions are kept")
        }
    }

    @Test(arguments: TestDatabase.available)
    func badTablesAreRefusedAtTheRowAndColumn(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let city = try await app.token("demo-city")
            let plan = try await planID(app, city, region: "320685", year: 2021)
            let header = "区镇,日间照料中心,镇级居家养老服务中心,新建医养结合型养老机构,失能失智集中照护中心,区域性养老服务中心,适老化改造户数,养老服务从业人员培训数,安全管理新闻宣传稿件\n"
            let rows = "东海镇,,,,,,10,5,1\n角斜镇,,,,,,-3,5,1\n角斜镇,,,,,,3,5,1\n李堡镇,,,,,,2.5,abc,1\n"
            let response = try await app.send(.POST, "api/v1/plans/\(plan)/breakdowns/import?dryRun=true", as: city, body: ByteBuffer(string: header + rows))
            let report = try response.json(Report.self)
            let byRow = Dictionary(grouping: report.errors, by: \.row)
            #expect(byRow[2]?.first?.message.contains("不是海安市的下级区划") == true, "\(response.body.string)")
            #expect(byRow[3]?.contains { $0.field == "适老化改造户数" && $0.message.contains("负数") } == true)
            #expect(byRow[4]?.first?.message.contains("与第3行重复") == true)
            #expect(byRow[5]?.count == 2, "a fraction of households and a word for persons")
            let unknown = try await app.send(.POST, "api/v1/plans/\(plan)/breakdowns/import?dryRun=true", as: city,
                                             body: ByteBuffer(string: "区镇,养老床位数\n角斜镇,5\n"))
            #expect(unknown.status == .unprocessableEntity && unknown.body.string.contains("未知列“养老床位数”"))
            let month = try await app.send(.GET, "api/v1/plans/\(plan)/progress?month=2020-05", as: city)
            #expect(month.status == .unprocessableEntity && month.body.string.contains("2021"))
            // A town reads the city's plan but may not change it.
            let town = try await app.token("demo-town")
            let forbidden = try await app.send(.POST, "api/v1/plans/\(plan)/breakdowns/import?dryRun=true", as: town, body: try Fixture.buffer("haian-2021-breakdown.csv"))
            #expect(forbidden.status == .forbidden)
            #expect(try await app.send(.GET, "api/v1/plans/\(plan)/progress?region=320685", as: town).status == .notFound)
            #expect(try await PlanStore(sql: platform.sql).breakdowns(of: plan).count == 1)
        }
    }

    @Test(arguments: TestDatabase.available)
    func theTableExportsInTheOfficialLayout(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let city = try await app.token("demo-city")
            let plan = try await planID(app, city, region: "320685", year: 2021)
            let record = try await PlanStore(sql: platform.sql).record(try #require(try await PlanStore(sql: platform.sql).find(id: plan)), catalogue: platform.interfaces.catalogue)
            let caller = Caller(user: CurrentUser(account: try #require(try await AccountStore(sql: platform.sql).find(username: "demo-city")), scope: .region(code: "320685", level: .county, organisation: nil)),
                                actor: .commandLine, today: platform.clock.today)
            let region = try #require(try await RegionStore(sql: platform.sql).find("320685"))
            let table = try await PlanProgressQuery(platform: platform, caller: caller).table(record, region: region, month: YearMonth(year: 2021, month: 12)!)
                .only { $0.indicator.inBreakdown }
            let sheet = ProgressTableView.sheet(table)
            #expect(sheet.preamble.first == "2021年海安市重点任务指标分解表完成情况")
            #expect(sheet.header.first == "区镇" && sheet.header.count == 9)
            #expect(sheet.rows.first?.first == .text("角斜镇") && sheet.rows.last?.first == .text("合计"))
            #expect(sheet.rows.first { $0.first == .text("西场街道") }?[1] == .text("0 / 1（严重滞后）"))
            #expect(sheet.rows.first { $0.first == .text("雅周镇") }?[1] == .text(""), "blank where the table has no target")
            let bytes = try XLSXWriter.write([sheet])
            let read = try XLSXReader.read(bytes)
            #expect(read.header.first == "2021年海安市重点任务指标分解表完成情况")
        }
    }

    @Test(arguments: TestDatabase.available)
    func aBureauEntersItsOwnPlan(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let town = try await app.token("demo-town")
            let bad = try await app.send(.POST, "api/v1/plans", as: town, body: ByteBuffer(string:
                #"{"regionCode":"320685102","year":1990,"title":"","issuingBody":"角斜镇人民政府","tasks":[{"number":"（一）","title":"x"},{"number":"（一）","title":"y"}],"indicators":[{"indicatorCode":"nursing_bed_share","target":130},{"indicatorCode":"no_such"}]}"#))
            #expect(bad.status == .unprocessableEntity)
            for field in ["regionCode", "year", "title", "tasks[1].number", "indicators.nursing_bed_share", "indicators.no_such"] {
                #expect(bad.body.string.contains("\"\(field)\""), "\(field): \(bad.body.string)")
            }
            let created = try await app.send(.POST, "api/v1/plans", as: town, body: ByteBuffer(string:
                #"{"regionCode":"320685101","year":2021,"title":"角斜镇2021年养老服务工作要点","documentNumber":"角政发〔2021〕3号","issuingBody":"角斜镇人民政府","tasks":[{"section":"一、居家养老","number":"（一）","title":"适老化改造","deadline":"2021-10-31"}],"indicators":[{"indicatorCode":"home_renovations","target":88,"task":"一","inBreakdown":true},{"indicatorCode":"nursing_bed_share","target":55}]}"#))
            #expect(created.status == .created, "\(created.body.string)")
            struct Created: Decodable { var id: String }
            let id = try created.json(Created.self).id
            let record = try await PlanStore(sql: platform.sql).record(try #require(try await PlanStore(sql: platform.sql).find(id: id)), catalogue: platform.interfaces.catalogue)
            #expect(record.indicators.first { $0.indicatorCode == "home_renovations" }?.taskId == record.tasks.first?.id, "tied to task （一）")
            #expect(record.plan.reportDue == LocalDate(year: 2021, month: 12, day: 15))
            // Its table: 角斜镇's villages, the town's own row and 合计, the entered figures counted.
            let answer = try await progress(app, town, id, "month=2021-12")
            expectRowsAddUp(answer, "角斜镇计划")
            #expect(answer.items.first { $0.indicatorCode == "home_renovations" }.map { ($0.value, $0.target) } ?? (nil, nil) == (88, 88))
            #expect(try await app.send(.GET, "api/v1/plans/\(id)", as: try await app.token("demo-town2")).status == .notFound)
            // Its own bureau changes a target; a share over 100 % is refused; the city's plan is not the town's to change.
            let over = try await app.send(.PATCH, "api/v1/plans/\(id)", as: town, body: ByteBuffer(string: #"{"targets":{"nursing_bed_share":130}}"#))
            #expect(over.status == .unprocessableEntity && over.body.string.contains("indicators.nursing_bed_share"), "\(over.body.string)")
            #expect(try await app.send(.PATCH, "api/v1/plans/\(id)", as: town, body: ByteBuffer(string: #"{"targets":{"home_renovations":100},"title":"角斜镇2021年工作要点（修订）"}"#)).status == .ok)
            #expect(try await progress(app, town, id, "month=2021-12").items.first { $0.indicatorCode == "home_renovations" }?.target == 100)
            let haian = try await planID(app, town, region: "320685", year: 2021)
            #expect(try await app.send(.PATCH, "api/v1/plans/\(haian)", as: town, body: ByteBuffer(string: #"{"title":"x"}"#)).status == .forbidden)
        }
    }

    /// A plan entered with no indicator and no task still shows every page (nothing to chart is not a crash).
    @Test func aPlanWithoutIndicatorsShowsEveryPage() async throws {
        try await withTestApp(.sqlite, demo: true) { app, _ in
            let city = try await app.token("demo-city")
            let created = try await app.send(.POST, "api/v1/plans", as: city, body: ByteBuffer(string:
                #"{"regionCode":"320685","year":2021,"title":"空白计划","issuingBody":"海安市民政局"}"#))
            #expect(created.status == .created, "\(created.body.string)")
            struct Created: Decodable { var id: String }
            let id = try created.json(Created.self).id
            var web = try await WebClient.signedIn(app, "demo-city")
            for path in ["/plans/\(id)", "/plans/\(id)?month=2021-06", "/plans/\(id)/dashboard", "/plans/\(id)/cockpit", "/plans/\(id)/report",
                         "/plans/\(id)/ledgers", "/plans/\(id)/ledgers/320685101/2021-06", "/plans/\(id)/export", "/plans/\(id)/report/docx",
                         "/plans/\(id)/report/xlsx", "/plans/\(id)/breakdown/edit", "/plans/\(id)/edit"] {
                #expect(try await web.get(path).status == .ok, "\(path)")
            }
            #expect(try await app.send(.GET, "api/v1/plans/\(id)/progress", as: city).status == .ok)
        }
    }
}
