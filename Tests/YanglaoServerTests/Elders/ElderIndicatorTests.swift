import Foundation
import SQLKit
import Testing
import Vapor
import YanglaoCore
@testable import YanglaoPlatform
@testable import YanglaoElders
@testable import YanglaoFacilities
@testable import YanglaoPlans
@testable import YanglaoServer

/// The indicators' SQL selects what Core's rules decide: on the demo's persons, the counts from the
/// grouped scan and the rates from the 特困 index equal Core's rules applied to every person loaded
/// in Swift; on a date before a death the person still counts, from it not.
@Suite struct ElderIndicatorTests {
    @Test(arguments: TestDatabase.available)
    func theSQLAgreesWithCoresRulesOnEveryPerson(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let city = try #require(try await AccountStore(sql: platform.sql).find(username: "demo-city"))
            let user = CurrentUser(account: city, scope: try await platform.scope(of: city))
            let caller = Caller(user: user, actor: AuditActor(city, ip: nil), personalData: platform.personalData, today: platform.clock.today)
            let region = try #require(try await RegionStore(sql: platform.sql).find("320685"))
            let everyone = try await platform.sql.select().column("*").from("elders").all().map(ElderFields.schema.decode)
            let inCity = everyone.filter { $0.regionCode.hasPrefix("320685") }
            for date in [platform.clock.today, platform.clock.today.adding(days: -400)] {
                let figures = try await ElderIndicatorQuery(platform: platform, caller: caller).figures(region: region, on: date)
                let facts = inCity.compactMap(\.facts)
                #expect(figures.counted == facts.filter { $0.isCounted(on: date) }.count, "counted on \(date)")
                let veryOld = facts.filter { $0.isCounted(on: date) && $0.categories(on: date).contains(.veryOld) }.count
                #expect(figures.byCategory.first { $0.0 == .veryOld }?.1 == veryOld)
                let unable = ElderIndicators.unableSpecialHardshipInCare(facts, on: date, unable: platform.unableSelfCare)
                let willing = ElderIndicators.willingSpecialHardshipInCare(facts, on: date)
                #expect(figures.unableInCare.rate.counted == unable.counted && figures.unableInCare.rate.of == unable.of, "on \(date)")
                #expect(figures.willingInCare.rate.counted == willing.counted && figures.willingInCare.rate.of == willing.of)
                #expect(unable.of > 20 && unable.counted > 0 && unable.counted < unable.of, "the demo has both sides")
            }
            // The rates differ town by town.
            let rates = try await ElderIndicatorQuery(platform: platform, caller: caller).figures(region: region, on: platform.clock.today).byChild
                .compactMap { $0.unable.value }
            #expect(Set(rates.map { Int($0 * 100) }).count > 3)
        }
    }

    /// The rates' SQL aggregates by village (what the plans' tables sum) equal Core's rules applied to
    /// every person of the village, on two dates.
    @Test(arguments: TestDatabase.available)
    func theRatesSQLAggregatesAgreeWithCoreByRegion(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { _, platform in
            let everyone = try await platform.sql.select().column("*").from("elders").all().map(ElderFields.schema.decode)
            let scope = AccessScope.region(code: "320685", level: .county, organisation: nil).regionFilter("region_code")
            for date in [platform.clock.today, platform.clock.today.adding(days: -400)] {
                let rates = try await ElderSQL.rates(on: date, unable: platform.unableSelfCare, scope: scope, sql: platform.sql)
                var checked = 0
                for rate in rates {
                    let facts = everyone.filter { $0.regionCode == rate.region }.compactMap(\.facts)
                    let unable = ElderIndicators.unableSpecialHardshipInCare(facts, on: date, unable: platform.unableSelfCare)
                    let willing = ElderIndicators.willingSpecialHardshipInCare(facts, on: date)
                    #expect((rate.unable.counted, rate.unable.of) == (unable.counted, unable.of), "\(rate.region) on \(date)")
                    #expect((rate.willing.counted, rate.willing.of) == (willing.counted, willing.of), "\(rate.region) on \(date)")
                    checked += unable.of
                }
                let all = everyone.filter { $0.regionCode.hasPrefix("320685") }.compactMap(\.facts)
                #expect(checked == ElderIndicators.unableSpecialHardshipInCare(all, on: date, unable: platform.unableSelfCare).of, "no region left out")
                #expect(checked > 20)
            }
        }
    }
}
