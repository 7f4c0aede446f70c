import Foundation
import SQLKit
import YanglaoCore
import YanglaoPlatform

/// The elder indicators of a region subtree on a date: counts by category, level and support mode
/// as SQL aggregates, and the two centralised-support rates from Core's rules over the 特困
/// persons (a few in a hundred, read through their own index), with who each leaves out.
struct ElderIndicatorQuery: Sendable {
    let platform: Platform
    let caller: Caller

    struct Person: Sendable, Equatable {
        var id: String
        var name: String
        var regionCode: String
        var facts: ElderFacts
    }

    struct Rate: Sendable {
        var rate: CountedRate
        /// The persons of the denominator not counted (not in care / waiting).
        var leftOut: [Person]
    }

    struct Figures: Sendable {
        var date: LocalDate
        var counted: Int
        var byCategory: [(ElderCategory, Int)]
        var byLevel: [(AbilityAssessment.Level?, Int)]
        var bySupportMode: [(SupportMode?, Int)]
        var overdue: Int
        var neverAssessed: Int
        var unableInCare: Rate
        var willingInCare: Rate
        /// The same two rates for each region directly below (towns of a county, villages of a town).
        var byChild: [(region: StoredRegion, unable: CountedRate, willing: CountedRate)]
    }

    /// The persons of the subtree by category, level and support mode, in one grouped scan.
    struct Counts: Sendable {
        var counted = 0
        var byCategory: [(ElderCategory, Int)] = []
        var byLevel: [(AbilityAssessment.Level?, Int)] = []
        var bySupportMode: [(SupportMode?, Int)] = []
        var overdue = 0
        var neverAssessed = 0
    }

    func figures(region: StoredRegion, on date: LocalDate, counts wanted: Bool = true) async throws -> Figures {
        let scope = scope(region)
        let counts = wanted ? try await counts(scope, on: date) : Counts()
        let persons = try await specialHardship(scope)
        let unable = platform.unableSelfCare
        let facts = persons.map(\.facts)
        let unableRate = ElderIndicators.unableSpecialHardshipInCare(facts, on: date, unable: unable)
        let willingRate = ElderIndicators.willingSpecialHardshipInCare(facts, on: date)
        return Figures(
            date: date, counted: counts.counted, byCategory: counts.byCategory, byLevel: counts.byLevel, bySupportMode: counts.bySupportMode,
            overdue: counts.overdue, neverAssessed: counts.neverAssessed,
            unableInCare: Rate(rate: unableRate, leftOut: unableRate.leftOut.map { persons[$0] }),
            willingInCare: Rate(rate: willingRate, leftOut: willingRate.leftOut.map { persons[$0] }),
            byChild: try await byChild(region, persons: persons, on: date, unable: unable))
    }

    /// What the caller sees of the region's subtree. The region lies in the caller's scope (checked
    /// by the caller of `figures`): for a region-only scope its own test is implied.
    func scope(_ region: StoredRegion) -> any SQLExpression {
        let subtree = AccessScope.region(code: region.code, level: region.level, organisation: nil).regionFilter("region_code")
        guard ElderList.listing.regionScoped(caller) else { return SQLBinaryExpression(ElderList.visibleFilter(caller.user, facilities: platform.interfaces.facilities), .and, subtree) }
        return subtree
    }

    func counts(_ scope: any SQLExpression, on date: LocalDate) async throws -> Counts {
        let day = date.description, veryOldBorn = date.adding(months: -12 * ElderCategory.veryOldAge).description
        let rows = try await platform.sql.select()
            .column("categories").column("ability_level").column("support_mode")
            .column(SQLAlias(SQLQueryString("CASE WHEN birth_date <= \(bind: veryOldBorn) THEN 1 ELSE 0 END"), as: SQLIdentifier("very_old")))
            .column(SQLAlias(SQLQueryString("CASE WHEN next_assessment_on < \(bind: day) THEN 1 ELSE 0 END"), as: SQLIdentifier("overdue")))
            .column(SQLAlias(SQLRaw("CASE WHEN assessed_on IS NULL THEN 1 ELSE 0 END"), as: SQLIdentifier("never")))
            .column(SQLAlias(SQLRaw("COUNT(*)"), as: SQLIdentifier("n")))
            .from("elders").where(scope).where(ElderSQL.counted(on: date))
            .groupBy("categories").groupBy("ability_level").groupBy("support_mode")
            .groupBy(SQLIdentifier("very_old")).groupBy(SQLIdentifier("overdue")).groupBy(SQLIdentifier("never")).all()
        var counts = Counts()
        var categories: [ElderCategory: Int] = [:], levels: [AbilityAssessment.Level?: Int] = [:], modes: [SupportMode?: Int] = [:]
        for row in rows {
            let n = try row.decode(column: "n", as: Int.self)
            counts.counted += n
            for category in try row.decode(column: "categories", as: String.self).split(separator: "、").compactMap({ ElderCategory(rawValue: String($0)) }) {
                categories[category, default: 0] += n
            }
            if try row.decode(column: "very_old", as: Int.self) == 1 { categories[.veryOld, default: 0] += n }
            levels[try row.decode(column: "ability_level", as: Int?.self).flatMap(AbilityAssessment.Level.init(rawValue:)), default: 0] += n
            modes[try row.decode(column: "support_mode", as: String?.self).flatMap(SupportMode.init(rawValue:)), default: 0] += n
            if try row.decode(column: "overdue", as: Int.self) == 1 { counts.overdue += n }
            if try row.decode(column: "never", as: Int.self) == 1 { counts.neverAssessed += n }
        }
        counts.byCategory = ElderCategory.allCases.map { ($0, categories[$0] ?? 0) }
        counts.byLevel = (AbilityAssessment.Level.allCases.map { Optional($0) } + [nil]).map { ($0, levels[$0] ?? 0) }
        counts.bySupportMode = (SupportMode.allCases.map { Optional($0) } + [nil]).map { ($0, modes[$0] ?? 0) }
        return counts
    }

    /// The 特困 persons of the subtree with the facts the rates read.
    func specialHardship(_ scope: any SQLExpression) async throws -> [Person] {
        // `categories LIKE '%特困%'` is the condition of the partial index of migration 011.
        let rows = try await platform.sql.select()
            .columns("id", "name", "region_code", "birth_date", "categories", "support_mode", "admitted_on", "willing_for_centralised", "self_care",
                     "death_date", "moved_away_on")
            .from("elders").where(SQLRaw("categories LIKE '%特困%'")).where(scope).orderBy("region_code").orderBy("name").all()
        let date = { (text: String?) in text.flatMap(LocalDate.init(parsing:)) }
        return try rows.compactMap { row in
            guard let birth = date(try row.decode(column: "birth_date", as: String.self)) else { return nil }
            let categories = Set(try row.decode(column: "categories", as: String.self).split(separator: "、").compactMap { ElderCategory(rawValue: String($0)) })
            let facts = ElderFacts(
                birthDate: birth, categories: categories, supportMode: try row.decode(column: "support_mode", as: String?.self).flatMap(SupportMode.init(rawValue:)),
                supportSince: date(try row.decode(column: "admitted_on", as: String?.self)),
                willingForCentralised: try row.decode(column: "willing_for_centralised", as: Bool?.self),
                selfCare: try row.decode(column: "self_care", as: String?.self).flatMap(SelfCareCheck.Result.init(rawValue:)),
                deathDate: date(try row.decode(column: "death_date", as: String?.self)), movedAwayOn: date(try row.decode(column: "moved_away_on", as: String?.self)))
            return Person(id: try row.decode(column: "id", as: String.self), name: try row.decode(column: "name", as: String.self),
                          regionCode: try row.decode(column: "region_code", as: String.self), facts: facts)
        }
    }

    /// The two rates for each region directly below `region` (`RegionRows`); a person living in
    /// `region` itself (a town's own row) is counted in a row of its own.
    func byChild(_ region: StoredRegion, persons: [Person], on date: LocalDate, unable: Set<SelfCareCheck.Result>)
        async throws -> [(region: StoredRegion, unable: CountedRate, willing: CountedRate)] {
        let rows = try await RegionRows.of(region, on: date, store: RegionStore(sql: platform.sql))
        let children = rows.children
        guard !children.isEmpty else { return [] }
        var grouped: [String: [ElderFacts]] = [:]
        for person in persons { grouped[rows.row(of: person.regionCode) ?? region.code, default: []].append(person.facts) }
        var result = children.map { child in
            (region: child, unable: ElderIndicators.unableSpecialHardshipInCare(grouped[child.code] ?? [], on: date, unable: unable),
             willing: ElderIndicators.willingSpecialHardshipInCare(grouped[child.code] ?? [], on: date))
        }
        if let own = grouped[region.code], !own.isEmpty {
            result.append((region: region, unable: ElderIndicators.unableSpecialHardshipInCare(own, on: date, unable: unable),
                           willing: ElderIndicators.willingSpecialHardshipInCare(own, on: date)))
        }
        return result
    }
}
