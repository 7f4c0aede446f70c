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

    func figures(region: StoredRegion, on date: LocalDate) async throws -> Figures {
        let scope = SQLBinaryExpression(ElderList.visibleFilter(caller.user),
                                        .and, AccessScope.region(code: region.code, level: region.level, organisation: nil).regionFilter("region_code"))
        let counted = SQLBinaryExpression(scope, .and, ElderSQL.counted(on: date))
        let sql = platform.sql
        let veryOldBorn = date.adding(months: -12 * ElderCategory.veryOldAge).description
        var categoryQuery = sql.select().column(SQLAlias(SQLRaw("COUNT(*)"), as: SQLIdentifier("total")))
        for (index, category) in ElderCategory.allCases.enumerated() {
            let predicate: any SQLExpression = category == .veryOld
                ? SQLQueryString("birth_date <= \(bind: veryOldBorn)") : ElderList.contains("categories", category.rawValue)
            categoryQuery = categoryQuery.column(SQLAlias(SQLQueryString("CAST(COALESCE(SUM(CASE WHEN \(predicate) THEN 1 ELSE 0 END), 0) AS BIGINT)"),
                                                          as: SQLIdentifier("c\(index)")))
        }
        categoryQuery = categoryQuery.column(SQLAlias(SQLQueryString("CAST(COALESCE(SUM(CASE WHEN next_assessment_on < \(bind: date.description) THEN 1 ELSE 0 END), 0) AS BIGINT)"),
                                                      as: SQLIdentifier("overdue")))
            .column(SQLAlias(SQLRaw("CAST(COALESCE(SUM(CASE WHEN assessed_on IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT)"), as: SQLIdentifier("never")))
        guard let totals = try await categoryQuery.from("elders").where(counted).first() else { throw APIError(.internalServerError, code: "internal", message: "汇总查询没有结果") }
        let byCategory = try ElderCategory.allCases.enumerated().map { index, category in (category, try totals.decode(column: "c\(index)", as: Int.self)) }

        let levels = try await sql.select().column("ability_level").column(SQLAlias(SQLRaw("COUNT(*)"), as: SQLIdentifier("n")))
            .from("elders").where(counted).groupBy("ability_level").all()
        var byLevel: [AbilityAssessment.Level?: Int] = [:]
        for row in levels {
            byLevel[try row.decode(column: "ability_level", as: Int?.self).flatMap(AbilityAssessment.Level.init(rawValue:))] = try row.decode(column: "n", as: Int.self)
        }
        let modes = try await sql.select().column("support_mode").column(SQLAlias(SQLRaw("COUNT(*)"), as: SQLIdentifier("n")))
            .from("elders").where(counted).groupBy("support_mode").all()
        var byMode: [SupportMode?: Int] = [:]
        for row in modes { byMode[try row.decode(column: "support_mode", as: String?.self).flatMap(SupportMode.init(rawValue:))] = try row.decode(column: "n", as: Int.self) }

        let persons = try await specialHardship(scope)
        let unable = platform.unableSelfCare
        let facts = persons.map(\.facts)
        let unableRate = ElderIndicators.unableSpecialHardshipInCare(facts, on: date, unable: unable)
        let willingRate = ElderIndicators.willingSpecialHardshipInCare(facts, on: date)
        return Figures(
            date: date, counted: try totals.decode(column: "total", as: Int.self), byCategory: byCategory,
            byLevel: (AbilityAssessment.Level.allCases.map { Optional($0) } + [nil]).map { ($0, byLevel[$0] ?? 0) },
            bySupportMode: (SupportMode.allCases.map { Optional($0) } + [nil]).map { ($0, byMode[$0] ?? 0) },
            overdue: try totals.decode(column: "overdue", as: Int.self), neverAssessed: try totals.decode(column: "never", as: Int.self),
            unableInCare: Rate(rate: unableRate, leftOut: unableRate.leftOut.map { persons[$0] }),
            willingInCare: Rate(rate: willingRate, leftOut: willingRate.leftOut.map { persons[$0] }),
            byChild: try await byChild(region, persons: persons, on: date, unable: unable))
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

    /// The two rates for each region directly below `region`; a person living in `region` itself
    /// (a town's own row) is counted in a row of its own.
    func byChild(_ region: StoredRegion, persons: [Person], on date: LocalDate, unable: Set<SelfCareCheck.Result>)
        async throws -> [(region: StoredRegion, unable: CountedRate, willing: CountedRate)] {
        let store = RegionStore(sql: platform.sql)
        let subtree = try await store.subtree(of: region)
        let children = subtree.filter { $0.parentCode == region.code }.sorted { $0.code < $1.code }
        guard !children.isEmpty else { return [] }
        var childOf: [String: String] = [:]
        for unit in subtree {
            if let child = children.first(where: { unit.code == $0.code || unit.ancestorCode(at: $0.level) == $0.code }) { childOf[unit.code] = child.code }
        }
        var grouped: [String: [ElderFacts]] = [:]
        for person in persons { grouped[childOf[person.regionCode] ?? region.code, default: []].append(person.facts) }
        var rows = children.map { child in
            (region: child, unable: ElderIndicators.unableSpecialHardshipInCare(grouped[child.code] ?? [], on: date, unable: unable),
             willing: ElderIndicators.willingSpecialHardshipInCare(grouped[child.code] ?? [], on: date))
        }
        if let own = grouped[region.code], !own.isEmpty {
            rows.append((region: region, unable: ElderIndicators.unableSpecialHardshipInCare(own, on: date, unable: unable),
                         willing: ElderIndicators.willingSpecialHardshipInCare(own, on: date)))
        }
        return rows
    }
}
