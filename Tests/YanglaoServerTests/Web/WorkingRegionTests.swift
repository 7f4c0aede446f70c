import Testing
import Vapor
import VaporTesting
@testable import YanglaoPlatform
@testable import YanglaoElders
@testable import YanglaoFacilities
@testable import YanglaoPlans
@testable import YanglaoServer

/// The region switcher sets the region every page and list works in, held in the session, until it
/// is changed; a region can be found by name or code; out of scope is not found.
@Suite struct WorkingRegionTests {
    @Test(arguments: TestDatabase.available)
    func theChosenRegionHoldsAcrossPagesUntilChanged(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, _ in
            var city = try await WebClient.signedIn(app, "demo-city")
            let everywhere = try await city.get(FacilityURL.facilities.path).body.string
            #expect(everywhere.contains("李堡镇敬老院") && everywhere.contains("角斜镇敬老院"))

            let chosen = try await city.post(SiteURL.workingRegion.path, form: ["region": "320685101", "next": FacilityURL.facilities.path + "?region=320685102&cursor=x"])
            #expect(chosen.status == .seeOther)
            #expect(chosen.headers.first(name: .location) == FacilityURL.facilities.path, "back to the page, without its own region")
            let list = try await city.get(FacilityURL.facilities.path).body.string
            #expect(list.contains("角斜镇敬老院") && !list.contains("李堡镇敬老院"), "the list works in 角斜镇")
            #expect(list.contains("海安市") == false || list.contains("角斜镇 · 养老服务设施"), "the heading names the region shown")
            let problems = try await city.get(FacilityURL.problems.path).body.string
            #expect(problems.contains("镇级居家养老服务中心覆盖：1/1 个乡镇"), "the problems overview counts the one town")
            // A region named in the query still wins for that page.
            #expect(try await city.get(FacilityURL.facilities.path + "?region=320685102").body.string.contains("李堡镇敬老院"))

            // Found by its code; several matches by name are offered to choose from.
            _ = try await city.post(SiteURL.workingRegion.path, form: ["q": "320685102", "next": "/"])
            #expect(try await city.get(FacilityURL.facilities.path).body.string.contains("李堡镇敬老院"))
            let several = try await city.post(SiteURL.workingRegion.path, form: ["q": "镇", "next": "/"])
            #expect(several.status == .ok && several.body.string.contains("切换到此区划"))

            // Back to the whole city: the account's own region.
            _ = try await city.post(SiteURL.workingRegion.path, form: ["region": "320685", "next": "/"])
            #expect(try await city.get(FacilityURL.facilities.path).body.string.contains("角斜镇敬老院"))

            // A town cannot switch to another town: not found, and nothing changes.
            var town = try await WebClient.signedIn(app, "demo-town")
            #expect(try await town.post(SiteURL.workingRegion.path, form: ["region": "320685102", "next": "/"]).status == .notFound)
            #expect(try await town.get(FacilityURL.facilities.path).body.string.contains("角斜镇敬老院"))
        }
    }
}
