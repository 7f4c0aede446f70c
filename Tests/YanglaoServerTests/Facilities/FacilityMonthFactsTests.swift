import Foundation
import SQLKit
import Testing
import Vapor
import YanglaoCore
@testable import YanglaoPlatform
@testable import YanglaoFacilities
@testable import YanglaoServer

/// The shares of facilities are SQL sums over each facility's stored contributions, month by
/// month: they equal Core's rules applied to every demo facility, a past month keeps what stood at
/// its end, a month never taken is carried forward or named unknown with the reason, and the daily
/// refresh runs in one process a day.
@Suite struct FacilityMonthFactsTests {
    static func cityUser(_ platform: Platform) async throws -> CurrentUser {
        let city = try #require(try await AccountStore(sql: platform.sql).find(username: "demo-city"))
        return CurrentUser(account: city, scope: try await platform.scope(of: city))
    }

    /// Core's contributions of every facility of Hai'an, summed by region code, on a date.
    static func coreSums(_ platform: Platform, on date: LocalDate) async throws -> [String: [String: IndicatorInputs]] {
        let store = platform.facilityStore()
        let all = try await store.records(try await platform.sql.select().column("*").from("facilities").all().map(store.schema.decode))
        var sums: [String: [String: IndicatorInputs]] = [:]
        for record in all where record.facility.regionCode.hasPrefix("320685") {
            for formula in FacilityFormula.perFacility {
                guard let inputs = formula.contribution(of: record.facts(on: date), on: date) else { continue }
                sums[formula.formula.key, default: [:]][record.facility.regionCode, default: .zero] =
                    (sums[formula.formula.key]?[record.facility.regionCode] ?? .zero) + inputs
            }
        }
        return sums
    }

    static func storedSums(_ platform: Platform, month: YearMonth) async throws -> [String: [String: IndicatorInputs]] {
        let region = try #require(try await RegionStore(sql: platform.sql).find("320685"))
        var sums: [String: [String: IndicatorInputs]] = [:]
        for sum in try await FacilityMonthFacts(sql: platform.sql)
            .sums(FacilityFormula.perFacility, month: month, visibleTo: try await cityUser(platform), in: region) {
            sums[sum.formula.formula.key, default: [:]][sum.regionCode] = sum.inputs
        }
        return sums
    }

    @Test(arguments: TestDatabase.available)
    func theStoredSumsAgreeWithCoresRulesOnEveryFacility(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { _, platform in
            let today = platform.clock.today
            for month in [YearMonth(today), YearMonth(year: 2021, month: 6)!] {
                #expect(try await FacilityMonthHistory(platform: platform).ensure(month) == .known, "the demo keeps \(month)")
                let stored = try await Self.storedSums(platform, month: month)
                let core = try await Self.coreSums(platform, on: min(month.lastDay, today))
                #expect(stored == core, "\(month)")
                #expect(Set(stored.keys).count == FacilityFormula.perFacility.count, "every share has facilities counted")
                let fire = try #require(stored[FacilityFormula.facilityShare(.fireCompliant).formula.key]).values.reduce(.zero, +)
                #expect(fire.numerator > 0 && fire.numerator < (fire.denominator ?? 0), "the demo has both sides")
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func aPastMonthKeepsWhatStoodAtItsEnd(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { _, platform in
            let today = platform.clock.today
            let fire = FacilityFormula.facilityShare(.fireCompliant).formula.key
            func fireTotal(_ month: YearMonth) async throws -> IndicatorInputs {
                #expect(try await FacilityMonthHistory(platform: platform).ensure(month) == .known)
                return try await Self.storedSums(platform, month: month)[fire, default: [:]].values.reduce(.zero, +)
            }
            let before = try await fireTotal(YearMonth(today)), june2021 = try await fireTotal(YearMonth(year: 2021, month: 6)!)
            // Every compliant institution of Hai'an turns non-compliant today, saved as a save does.
            struct Row: Decodable { var id: String }
            let ids = try await platform.sql.select().column("id").from("facilities").where("region_code", .like, "320685%")
                .where("fire_compliant", .equal, true).all(decoding: Row.self).map(\.id)
            #expect(!ids.isEmpty)
            try await platform.writer.write { sql in
                try await sql.update("facilities").set("fire_compliant", to: false).where("id", .in, ids).run()
                try await platform.facilityStore(sql).refreshProblems(ofFacilities: ids)
            }
            #expect(before.numerator > 0)
            #expect(try await fireTotal(YearMonth(today)) == IndicatorInputs(numerator: 0, denominator: before.denominator), "this month is as it stands")
            #expect(try await fireTotal(YearMonth(year: 2021, month: 6)!) == june2021, "2021 keeps what stood then")
            // A month between the demo's years was never taken: each facility's latest earlier month carries forward.
            let between = YearMonth(year: 2021, month: 12)!.next
            if between < YearMonth(today) {
                #expect(try await FacilityMonthFacts(sql: platform.sql).takenMonths()[between] == nil)
                #expect(try await fireTotal(between) == (try await fireTotal(YearMonth(year: 2021, month: 12)!)))
                #expect(try await FacilityMonthFacts(sql: platform.sql).takenMonths()[between] == .carried)
            }
            // Before the first month kept, the figure is unknown, and the page is told why.
            let unknown = try await FacilityMonthHistory(platform: platform).ensure(YearMonth(year: 2020, month: 6)!)
            #expect(unknown == .unknown(reason: "设施情况自2021年1月起按月留存，2020年6月之前没有记录"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func aNewDatabaseJudgesEveryFacilityOnFirstNeed(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { _, platform in
            let today = platform.clock.today
            try await platform.writer.write { sql in
                try await sql.delete(from: "facility_fact_months").run()
                try await sql.delete(from: "facility_month_facts").run()
            }
            #expect(try await FacilityMonthHistory(platform: platform).ensure(YearMonth(today).previous)
                == .unknown(reason: "设施情况尚未按月留存，\(YearMonth(today).previous.label)没有记录"))
            #expect(try await FacilityMonthHistory(platform: platform).ensure(YearMonth(today)) == .known)
            #expect(try await Self.storedSums(platform, month: YearMonth(today)) == (try await Self.coreSums(platform, on: today)))
        }
    }

    /// The year's counts read only the projects completed in the year and the capacity history in
    /// SQL; they equal Core's rules applied to every project and every institution's history.
    @Test(arguments: TestDatabase.available)
    func theYearsCountsAgreeWithCoresRules(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { _, platform in
            let region = try #require(try await RegionStore(sql: platform.sql).find("320685"))
            let counts = FacilityIndicatorSQL(sql: platform.sql, user: try await Self.cityUser(platform), region: region)
            let store = platform.facilityStore()
            let all = try await store.records(try await platform.sql.select().column("*").from("facilities")
                .where("region_code", .like, "320685%").all().map(store.schema.decode))
            let townLevel = Set(try await RegionStore(sql: platform.sql).find(codes: all.map(\.facility.regionCode)).filter { $0.level == .town }.map(\.code))
            let projects = try await ProjectStore(sql: platform.sql).projects(ofFacilities: all.map(\.id))
            let history = try await store.nursingBedHistory(all.map(\.id))
            let today = platform.clock.today
            for (year, date) in [(2021, LocalDate(year: 2021, month: 12, day: 31)!), (2021, LocalDate(year: 2021, month: 8, day: 31)!), (today.year, today)] {
                let completed = try await counts.completedProjects(year: year, by: date)
                for formula in FacilityFormula.all where !formula.isJudgedPerFacility && formula != .nursingBedsAdded {
                    var core = 0.0, sql = 0.0
                    for project in projects {
                        let record = try #require(all.first { $0.id == project.facilityId })
                        core += formula.contribution(of: project.facts, category: record.facility.category, institutionKind: record.facility.institutionKind,
                                                     functions: record.functions, isTownLevel: townLevel.contains(record.facility.regionCode),
                                                     year: year, on: date)?.numerator ?? 0
                    }
                    for project in completed {
                        sql += formula.contribution(of: project.project, category: project.category, institutionKind: project.institutionKind,
                                                    functions: project.functions, isTownLevel: project.isTownLevel, year: year, on: date)?.numerator ?? 0
                    }
                    #expect(sql == core, "\(formula) in \(year) by \(date)")
                }
                var coreBeds: [String: Int] = [:]
                for record in all where record.facility.category == .institution {
                    let added = FacilityFormula.nursingBedsAdded.contribution(ofCapacity: history[record.id] ?? [], year: year, on: date)?.numerator ?? 0
                    coreBeds[record.facility.regionCode, default: 0] += Int(added)
                }
                #expect(try await counts.nursingBedsAdded(year: year, on: date) == coreBeds, "新增护理型床位 \(year) by \(date)")
                if year == 2021 && date.month == 12 { #expect(coreBeds.values.reduce(0, +) > 0, "the demo added beds in 2021") }
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func theDailyRefreshRunsInOneProcessADay(_ database: TestDatabase) async throws {
        try await withTestApp(database) { _, platform in
            let first = DailyJobLease(name: "test job", holder: "process A"), second = DailyJobLease(name: "test job", holder: "process B")
            #expect(try await first.claim(day: "2026-12-01", writer: platform.writer))
            #expect(try await !second.claim(day: "2026-12-01", writer: platform.writer), "held by A")
            try await first.finish(day: "2026-12-01", writer: platform.writer)
            #expect(try await !second.claim(day: "2026-12-01", writer: platform.writer), "done for the day")
            #expect(try await second.claim(day: "2026-12-02", writer: platform.writer), "the next day")
            try await second.release(writer: platform.writer)
            #expect(try await first.claim(day: "2026-12-02", writer: platform.writer), "released without finishing: another may run it")
        }
    }
}
