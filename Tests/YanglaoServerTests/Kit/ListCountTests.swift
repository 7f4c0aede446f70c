import Foundation
import Plot
import Testing
import Vapor
import VaporTesting
@testable import YanglaoPlatform
@testable import YanglaoElders
@testable import YanglaoServer

/// A list counts its rows up to a bound instead of a full `COUNT(*)` on every page: below the bound
/// the count is exact; above it the list says "超过 N 条", in the API as `totalIsLowerBound`.
@Suite struct ListCountTests {
    @Test(arguments: TestDatabase.available)
    func aListCountsUpToItsBoundAndSaysWhenThereAreMore(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let city = try #require(try await AccountStore(sql: platform.sql).find(username: "demo-city"))
            let caller = Caller(user: CurrentUser(account: city, scope: try await platform.scope(of: city)), actor: AuditActor(city, ip: nil),
                                personalData: platform.personalData, today: platform.clock.today)
            let list = try await platform.resolve(ElderList.listing, ListParameters(), caller: caller)
            let pager = platform.pager()
            let full = try await pager.aggregates(list, caller: caller, [:]).decode(column: "total", as: Int.self)
            #expect(full > 3, "the demo holds persons enough to bound")

            #expect(try await pager.count(list, caller: caller) == ListCount(value: full))
            #expect(try await pager.count(list, caller: caller, upTo: full) == ListCount(value: full), "exactly the bound is still exact")
            #expect(try await pager.count(list, caller: caller, upTo: full - 1) == ListCount(value: full - 1, isAtLeast: true))
            #expect(try await pager.count(list, caller: caller, upTo: 3) == ListCount(value: 3, isAtLeast: true))

            struct Answer: Decodable { var total: Int; var totalIsLowerBound: Bool }
            let answer = try await app.send(.GET, "api/v1/elders?limit=2", as: try await app.token("demo-city")).json(Answer.self)
            #expect(answer.total == full && !answer.totalIsLowerBound)
        }
    }

    @Test func theCountReadsAsPeopleSayIt() {
        #expect(ListCount(value: 120).text() == "共 120 条")
        #expect(ListCount(value: 100_000, isAtLeast: true).text("人") == "超过 100000 人")
        let bounded = RegistryPageComponents.Pager(from: 1, shown: 50, total: ListCount(value: 50, isAtLeast: true), firstHref: nil, nextHref: "/elders?cursor=C")
        let html = HTML(.body(RegistryPageComponents.pager(bounded))).render()
        #expect(html.contains("第 1–50 条，超过 50 条"), "a bounded count more than the page still shows the pager")
        let exact = RegistryPageComponents.Pager(from: 1, shown: 50, total: ListCount(value: 50), firstHref: nil, nextHref: nil)
        #expect(!HTML(.body(RegistryPageComponents.pager(exact))).render().contains("pager"))
    }
}
