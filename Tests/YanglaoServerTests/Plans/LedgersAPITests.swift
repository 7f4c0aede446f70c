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

/// The monthly ledger's cycle through the API: a town fills in and submits, the city returns it with
/// a reason, the town fixes and resubmits, the city approves and the month locks; only an unlock
/// with a reason opens it again. Refusals change nothing.
@Suite struct LedgersAPITests {
    struct LedgerAnswer: Decodable {
        struct Figure: Decodable { var indicatorCode: String; var value: Double?; var measure: String }
        struct Event: Decodable { var action: String; var state: String; var reason: String? }
        struct UrgingItem: Decodable { var message: String; var answered: Bool }
        var state: String
        var frozen: Bool
        var reason: String?
        var figures: [Figure]
        var events: [Event]
        var urgings: [UrgingItem]
    }

    func currentPlan(_ app: Application, _ token: String, year: Int) async throws -> String {
        struct Plans: Decodable { struct Plan: Decodable { var id: String; var regionCode: String; var year: Int }; var items: [Plan] }
        let response = try await app.send(.GET, "api/v1/plans", as: token)
        return try #require(try response.json(Plans.self).items.first { $0.regionCode == "320685" && $0.year == year }?.id)
    }

    @Test(arguments: TestDatabase.available)
    func aTownSubmitsTheCityReturnsTheTownResubmitsTheCityApprovesAndItLocks(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let today = platform.clock.today
            try #require(today.month > 1, "the demo's current-year ledgers start in January")
            let town = try await app.token("demo-town"), city = try await app.token("demo-city"), otherTown = try await app.token("demo-town2")
            let plan = try await currentPlan(app, city, year: today.year)
            let month = YearMonth(year: today.year, month: today.month - 1)!
            let path = "api/v1/plans/\(plan)/ledgers/320685101/\(month)"
            let empty = ByteBuffer(string: "{}")

            // 角斜镇's ledger of last month waits in draft; its figures are live.
            var ledger = try await app.send(.GET, path, as: town).json(LedgerAnswer.self)
            #expect(ledger.state == LedgerState.draft.rawValue && !ledger.frozen)
            #expect(try await app.send(.POST, path + "/approve", as: city, body: empty).status == .conflict, "nothing submitted yet")

            // A negative figure, a share without its denominator, an unknown indicator: refused at the field, nothing saved.
            let bad = try await app.send(.PATCH, path, as: town, body: ByteBuffer(string:
                #"{"reported":{"home_renovations":{"value":-2},"home_service_share":{"value":30},"nursing_bed_share":{"value":3}}}"#))
            #expect(bad.status == .unprocessableEntity, "\(bad.body.string)")
            #expect(bad.body.string.contains("reported.home_renovations") && bad.body.string.contains("reported.home_service_share")
                    && bad.body.string.contains("reported.nursing_bed_share"))
            #expect(try await LedgerStore(sql: platform.sql).reported(region: "320685101", period: month.description, codes: ["home_renovations"]).isEmpty)

            let record = try await PlanStore(sql: platform.sql).record(try #require(try await PlanStore(sql: platform.sql).find(id: plan)), catalogue: platform.interfaces.catalogue)
            let task = try #require(record.tasks.first { $0.number == "（三）" })
            let saved = try await app.send(.PATCH, path, as: town, body: ByteBuffer(string:
                #"{"reported":{"home_renovations":{"value":12},"workers_trained":{"value":4},"home_service_share":{"value":1900,"denominator":10000}},"notes":{"\#(task.id)":{"progress":"本月完成适老化改造12户","problems":"","nextSteps":"下月完成验收"}}}"#))
            #expect(saved.status == .ok, "\(saved.body.string)")
            #expect(try await app.send(.POST, path + "/submit", as: town, body: empty).status == .ok)
            ledger = try await app.send(.GET, path, as: city).json(LedgerAnswer.self)
            #expect(ledger.state == LedgerState.submitted.rawValue && ledger.frozen)
            #expect(ledger.figures.first { $0.indicatorCode == "home_service_share" }?.value == 19)
            #expect(ledger.figures.first { $0.indicatorCode == "nursing_bed_share" }?.value != nil, "the facilities' share is measured when submitted")

            // Submitted: the town may not change it, nor approve its own; another town does not see it.
            #expect(try await app.send(.PATCH, path, as: town, body: ByteBuffer(string: #"{"answer":"x"}"#)).status == .conflict)
            #expect(try await app.send(.POST, path + "/approve", as: town, body: empty).status == .forbidden)
            #expect(try await app.send(.GET, path, as: otherTown).status == .notFound)

            // The city returns it (a reason is required), the town fixes and resubmits.
            #expect(try await app.send(.POST, path + "/return", as: city, body: ByteBuffer(string: #"{"reason":""}"#)).status == .unprocessableEntity)
            #expect(try await app.send(.POST, path + "/return", as: city, body: ByteBuffer(string: #"{"reason":"培训人数与签到表不符"}"#)).status == .ok)
            ledger = try await app.send(.GET, path, as: town).json(LedgerAnswer.self)
            #expect(ledger.state == LedgerState.returned.rawValue && ledger.reason == "培训人数与签到表不符" && !ledger.frozen)
            #expect(try await app.send(.PATCH, path, as: town, body: ByteBuffer(string: #"{"reported":{"workers_trained":{"value":3}}}"#)).status == .ok)
            #expect(try await app.send(.POST, path + "/submit", as: town, body: empty).status == .ok)
            #expect(try await app.send(.POST, path + "/approve", as: city, body: empty).status == .ok)

            // Approved: the month is locked until the city unlocks it with a reason.
            ledger = try await app.send(.GET, path, as: town).json(LedgerAnswer.self)
            #expect(ledger.state == LedgerState.approved.rawValue)
            #expect(ledger.events.map(\.action) == ["save", "submit", "return", "save", "submit", "approve"])
            let locked = try await app.send(.PATCH, path, as: town, body: ByteBuffer(string: #"{"reported":{"workers_trained":{"value":30}}}"#))
            #expect(locked.status == .conflict && locked.body.string.contains("锁定"))
            #expect(try await LedgerStore(sql: platform.sql).reported(region: "320685101", period: month.description, codes: ["workers_trained"]).first?.value == 3)
            #expect(try await app.send(.POST, path + "/unlock", as: city, body: ByteBuffer(string: #"{"reason":""}"#)).status == .unprocessableEntity)
            #expect(try await app.send(.POST, path + "/unlock", as: city, body: ByteBuffer(string: #"{"reason":"更正培训人数"}"#)).status == .ok)
            #expect(try await app.send(.PATCH, path, as: town, body: ByteBuffer(string: #"{"reported":{"workers_trained":{"value":5}}}"#)).status == .ok)
            let audit = try await auditEntries(platform).map(\.action)
            #expect(["ledger.submit", "ledger.return", "ledger.approve", "ledger.unlock"].allSatisfy(audit.contains))
        }
    }

    @Test(arguments: TestDatabase.available)
    func anUrgingIsAnsweredInTheNextLedgerAndLateRegionsAreNamed(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let today = platform.clock.today
            try #require(today.month > 1)
            let town = try await app.token("demo-town"), city = try await app.token("demo-city")
            let plan = try await currentPlan(app, city, year: today.year)
            let month = YearMonth(year: today.year, month: today.month - 1)!
            let urged = try await app.send(.POST, "api/v1/plans/\(plan)/urgings", as: city, body: ByteBuffer(string:
                #"{"regionCode":"320685101","message":"请加快适老化改造验收","deadline":"\#(today.adding(days: 10))"}"#))
            #expect(urged.status == .created, "\(urged.body.string)")
            #expect(try await app.send(.POST, "api/v1/plans/\(plan)/urgings", as: town, body: ByteBuffer(string:
                #"{"regionCode":"320685101","message":"x","deadline":"\#(today.adding(days: 10))"}"#)).status == .forbidden, "a town does not urge itself")
            let path = "api/v1/plans/\(plan)/ledgers/320685101/\(month)"
            let refused = try await app.send(.POST, path + "/submit", as: town, body: ByteBuffer(string: "{}"))
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("督办"))
            #expect(try await app.send(.PATCH, path, as: town, body: ByteBuffer(string: #"{"answer":"已组织第三方验收，月底前完成"}"#)).status == .ok)
            #expect(try await app.send(.POST, path + "/submit", as: town, body: ByteBuffer(string: "{}")).status == .ok)
            let ledger = try await app.send(.GET, path, as: city).json(LedgersAPITests.LedgerAnswer.self)
            #expect(ledger.urgings.first { $0.message == "请加快适老化改造验收" }?.answered == true)

            struct Overview: Decodable { struct Item: Decodable { var regionCode: String; var state: String; var late: Bool }; var items: [Item] }
            let overview = try await app.send(.GET, "api/v1/plans/\(plan)/ledgers?month=\(month)", as: city).json(Overview.self)
            #expect(overview.items.count == 15)
            let xichang = try #require(overview.items.first { $0.regionCode == "320685005" })
            #expect(xichang.late == (today > LedgerRules.deadline(of: month)), "西场街道 has not begun its ledger")
            let own = try await app.send(.GET, "api/v1/plans/\(plan)/ledgers?month=\(month)", as: town).json(Overview.self)
            #expect(own.items.map(\.regionCode) == ["320685101"], "a town sees its own ledger only")
            #expect(try await app.send(.GET, "api/v1/plans/\(plan)/ledgers?month=\(today.year + 1)-01", as: city).status == .unprocessableEntity)
        }
    }
}
