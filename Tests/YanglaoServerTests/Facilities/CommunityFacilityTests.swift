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

@Suite struct CommunityFacilityTests {
    func facility(_ app: Application, _ token: String, named name: String) async throws -> FacilityJSON {
        let page = try await app.send(.GET, "api/v1/facilities?limit=500&q=\(name.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)", as: token)
            .json(FacilitiesAPI.Page.self)
        return try #require(page.items.first { $0.facility.name == name })
    }

    @Test(arguments: TestDatabase.available)
    func fourHavesFollowTheActivityRecords(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let city = try await app.token("demo-city")
            let incomplete = try await app.send(.GET, "api/v1/facilities?limit=500&problem=four_haves_incomplete", as: city).json(FacilitiesAPI.Page.self)
            #expect(Set(incomplete.items.map(\.facility.name)) == ["中坝社区助餐点", "老坝港村互助幸福院"])

            // 老坝港村 keeps activities without records; a recorded one puts it right.
            let town = try await app.token("demo-town")
            let home = try await facility(app, town, named: "老坝港村互助幸福院")
            let bad = try await app.send(.POST, "api/v1/facilities/\(home.facility.id)/activities", as: town,
                                         body: ByteBuffer(string: #"{"heldOn":"明天","kind":"","participants":-2}"#))
            #expect(bad.status == .unprocessableEntity)
            #expect(try bad.json(APIError.Envelope.self).error.fields?.keys.sorted() == ["heldOn", "kind", "participants"])
            let good = try await app.send(.POST, "api/v1/facilities/\(home.facility.id)/activities", as: town, body: ByteBuffer(string:
                #"{"heldOn":"\#(platform.clock.today.adding(days: -2))","kind":"重阳节文艺汇演","participants":45,"record":"签到表、照片"}"#))
            #expect(good.status == .created)
            #expect(try await facility(app, town, named: "老坝港村互助幸福院").problems.isEmpty)
            let listed = try await app.send(.GET, "api/v1/facilities/\(home.facility.id)/activities", as: town).json([FacilityActivity].self)
            #expect(listed.first?.kind == "重阳节文艺汇演")

            // Activities belong to community facilities only.
            let institution = try await facility(app, town, named: "角斜镇敬老院")
            let refused = try await app.send(.POST, "api/v1/facilities/\(institution.facility.id)/activities", as: town,
                                             body: ByteBuffer(string: #"{"heldOn":"2021-05-01","kind":"讲座","participants":3}"#))
            #expect(try refused.json(APIError.Envelope.self).error.fields?["facility"] == "只有社区养老服务设施记录“四有”活动")
            #expect(try await auditEntries(platform).contains { $0.action == "facility.activity" && $0.entityId == home.facility.id })
        }
    }

    @Test(arguments: TestDatabase.available)
    func statusChangesKeepTheirDates(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let city = try await app.token("demo-city")
            let lifa = try await facility(app, city, named: "立发街道医养结合中心")
            _ = try await app.send(.PATCH, "api/v1/facilities/\(lifa.facility.id)", as: city, body: ByteBuffer(string: #"{"status":"建成","statusChangedOn":"2022-01-20"}"#))
            _ = try await app.send(.PATCH, "api/v1/facilities/\(lifa.facility.id)", as: city, body: ByteBuffer(string: #"{"status":"运营","statusChangedOn":"2022-03-01"}"#))
            _ = try await app.send(.PATCH, "api/v1/facilities/\(lifa.facility.id)", as: city, body: ByteBuffer(string: #"{"beds":110,"nursingBeds":85}"#))
            let history = try await platform.facilityStore().statusHistory(of: lifa.facility.id)
            #expect(history.map(\.status) == [.underConstruction, .built, .operating])
            #expect(history.map(\.changedOn.description).suffix(2) == ["2022-01-20", "2022-03-01"])
        }
    }

    @Test func theProblemsPageShowsCoverage() async throws {
        try await withTestApp(.sqlite, demo: true) { app, _ in
            var client = try await WebClient.signedIn(app, "demo-city")
            let page = try await client.get("/facilities/problems")
            #expect(page.status == .ok)
            // 墩头镇's centre is still being built: 14 of 15 towns have one.
            #expect(page.body.string.contains("镇级居家养老服务中心覆盖：14/15 个乡镇（街道）；尚无运营中心的：墩头镇"))
            #expect(page.body.string.contains("社会化运营的居家养老服务中心（站）："))
            // The home page of a business role starts from the same figures.
            let home = try await client.get("/")
            #expect(home.body.string.contains("设施概况"))
            #expect(home.body.string.contains(#"<span class="value">40</span><span class="label">设施</span>"#))
        }
    }
}
