import Foundation
import SQLKit
import YanglaoCore
import YanglaoPlatform

/// Each facility's contributions to the shares of facilities, month by month
/// (`facility_month_facts`): judged by YanglaoCore when the facility is saved and by the daily
/// refresh, summed in SQL by the plan tables. A month is complete once `facility_fact_months`
/// names it: measured (every facility judged) or carried (each facility's latest earlier rows
/// brought forward: a facility not saved since stood as it did then).
struct FacilityMonthFacts: Sendable {
    let sql: any SQLDatabase

    enum Taken: String { case measured, carried }

    /// Whether a month's figures can be given, and if not, why.
    enum Availability: Equatable {
        case known
        case unknown(reason: String)
    }

    /// What one facility contributes to one formula's share in a month.
    struct Contribution: Equatable, Sendable {
        var facilityID: String
        var facilityCode: String
        var regionCode: String
        var formula: String
        var inputs: IndicatorInputs?
    }

    /// Core's judgement of each facility on `date`, formula by formula.
    static func contributions(_ records: [FacilityRecord], judgedOn date: LocalDate) -> [Contribution] {
        records.flatMap { record in
            let facts = record.facts(on: date)
            return FacilityFormula.perFacility.map { formula in
                Contribution(facilityID: record.id, facilityCode: record.facility.code, regionCode: record.facility.regionCode,
                             formula: formula.formula.key, inputs: formula.contribution(of: facts, on: date))
            }
        }
    }

    /// Rewrites the month's rows of these facilities, judged on `date` (in the caller's transaction).
    func write(_ records: [FacilityRecord], month: YearMonth, judgedOn date: LocalDate) async throws {
        try await write(Self.contributions(records, judgedOn: date), month: month)
    }

    /// Rewrites the month's rows of the facilities these contributions are of.
    func write(_ contributions: [Contribution], month: YearMonth) async throws {
        let byFacility = Dictionary(grouping: contributions, by: \.facilityID)
        for batch in byFacility.keys.sorted().chunked(into: 200) {
            try await sql.delete(from: "facility_month_facts").where("month", .equal, month.description)
                .where("facility_id", .in, Array(batch)).run()
            let rows = batch.flatMap { byFacility[$0] ?? [] }.map { row -> [any SQLExpression] in
                [SQLBind(month.description), SQLBind(row.facilityID), SQLBind(row.facilityCode), SQLBind(row.regionCode),
                 SQLBind(row.formula), SQLBind(row.inputs == nil ? 0 : 1), SQLBind(row.inputs?.numerator ?? 0),
                 SQLBind(row.inputs?.denominator ?? 0)]
            }
            guard !rows.isEmpty else { continue }
            try await sql.insert(into: "facility_month_facts")
                .columns("month", "facility_id", "facility_code", "region_code", "formula", "counted", "numerator", "denominator")
                .rows(rows).run()
        }
    }

    /// Names the month complete (replacing how it was taken before).
    func mark(_ month: YearMonth, taken: Taken, judgedOn date: LocalDate, by holder: String, at timestamp: String) async throws {
        try await sql.delete(from: "facility_fact_months").where("month", .equal, month.description).run()
        try await claim(month, taken: taken, judgedOn: date, by: holder, at: timestamp)
    }

    /// Names the month complete unless it is already; whether this holder named it (a process that
    /// loses the race leaves the month to the one that won).
    @discardableResult
    func claim(_ month: YearMonth, taken: Taken, judgedOn date: LocalDate, by holder: String, at timestamp: String) async throws -> Bool {
        try await sql.insert(into: "facility_fact_months").columns("month", "taken", "judged_on", "taken_by", "recorded_at")
            .values(SQLBind(month.description), SQLBind(taken.rawValue), SQLBind(date.description), SQLBind(holder), SQLBind(timestamp))
            .ignoringConflicts().run()
        struct Row: Decodable { var takenBy: String }
        return try await sql.select().column("taken_by").from("facility_fact_months").where("month", .equal, month.description)
            .first(decoding: Row.self, keyDecodingStrategy: .fromSnakeCase)?.takenBy == holder
    }

    /// The months taken so far, and how.
    func takenMonths() async throws -> [YearMonth: Taken] {
        struct Row: Decodable { var month: String; var taken: String }
        var found: [YearMonth: Taken] = [:]
        for row in try await sql.select().columns("month", "taken").from("facility_fact_months").all(decoding: Row.self) {
            if let month = YearMonth(parsing: row.month), let taken = Taken(rawValue: row.taken) { found[month] = taken }
        }
        return found
    }

    /// Brings each facility's latest rows before the month forward into it, where the month has
    /// none of its own (a facility saved in the month already has).
    func carryForward(into month: YearMonth) async throws {
        let key = month.description
        try await sql.raw("""
            INSERT INTO facility_month_facts (month, facility_id, facility_code, region_code, formula, counted, numerator, denominator) \
            SELECT \(bind: key), f.facility_id, f.facility_code, f.region_code, f.formula, f.counted, f.numerator, f.denominator \
            FROM facility_month_facts f \
            WHERE f.month = (SELECT MAX(g.month) FROM facility_month_facts g WHERE g.facility_id = f.facility_id AND g.month < \(bind: key)) \
            AND NOT EXISTS (SELECT 1 FROM facility_month_facts h WHERE h.facility_id = f.facility_id AND h.month = \(bind: key))
            """).run()
    }

    /// The sums of the counted contributions by formula and region code, for the facilities a user
    /// sees in a region's subtree.
    func sums(_ formulas: [FacilityFormula], month: YearMonth, visibleTo user: CurrentUser, in region: StoredRegion)
        async throws -> [(formula: FacilityFormula, regionCode: String, inputs: IndicatorInputs)] {
        guard !formulas.isEmpty else { return [] }
        struct Row: Decodable { var formula: String; var regionCode: String; var numerator: Double; var denominator: Double }
        let subtree = AccessScope.region(code: region.code, level: region.level, organisation: nil).regionFilter("region_code")
        let rows = try await sql.select()
            .column("formula").column("region_code")
            .column(SQLFunction("SUM", args: SQLIdentifier("numerator")), as: "numerator")
            .column(SQLFunction("SUM", args: SQLIdentifier("denominator")), as: "denominator")
            .from("facility_month_facts")
            .where("month", .equal, month.description).where("counted", .equal, 1)
            .where("formula", .in, formulas.map(\.formula.key))
            .where(FacilityStore.visibleFilter(user, codeColumn: "facility_code")).where(subtree)
            .groupBy("formula").groupBy("region_code")
            .all(decoding: Row.self, keyDecodingStrategy: .fromSnakeCase)
        return rows.compactMap { row in
            FacilityFormula(IndicatorFormula(row.formula)).map { ($0, row.regionCode, IndicatorInputs(numerator: row.numerator, denominator: row.denominator)) }
        }
    }
}

/// Taking the months of facility facts: the month a table asks for on first need, and the demo's
/// history.
struct FacilityMonthHistory: Sendable {
    let platform: Platform

    /// Whether the month's shares can be given from the records: a month taken is; the current
    /// month, or a past month after one taken, is taken now by carrying each facility's latest rows
    /// forward; in a database that has taken no month yet, every facility is judged now.
    func ensure(_ month: YearMonth) async throws -> FacilityMonthFacts.Availability {
        let taken = try await FacilityMonthFacts(sql: platform.sql).takenMonths()
        if taken[month] != nil { return .known }
        let today = platform.clock.today
        let current = YearMonth(today)
        guard month <= current else { return .unknown(reason: "\(month.label)尚未开始") }
        guard let first = taken.keys.min(), first < month else {
            if month == current {
                try await platform.facilityStore().refreshAll(writer: platform.writer)
                return .known
            }
            return .unknown(reason: taken.keys.min().map { "设施情况自\($0.label)起按月留存，\(month.label)之前没有记录" }
                ?? "设施情况尚未按月留存，\(month.label)没有记录")
        }
        let (holder, timestamp) = (platform.sealerHolder, platform.clock.timestamp)
        try await platform.writer.write { sql in
            let facts = FacilityMonthFacts(sql: sql)
            guard try await facts.claim(month, taken: .carried, judgedOn: min(month.lastDay, today), by: holder, at: timestamp) else { return }
            try await facts.carryForward(into: month)
        }
        return .known
    }

    /// Judges every facility for each month on the month's last day (or today), from the facts
    /// as they stand: the demo's history, whose facilities stood so all along.
    func measure(_ months: [YearMonth]) async throws {
        let store = platform.facilityStore()
        var records: [FacilityRecord] = []
        var after = ""
        while true {
            let batch = try await platform.sql.select().column("*").from("facilities").where("id", .greaterThan, after)
                .orderBy("id").limit(500).all().map(store.schema.decode)
            guard let last = batch.last else { break }
            records += try await store.records(batch)
            after = last.id
        }
        let today = platform.clock.today
        let (holder, timestamp) = (platform.sealerHolder, platform.clock.timestamp)
        var previous: [FacilityMonthFacts.Contribution]?
        for month in months.sorted() where month <= YearMonth(today) {
            let date = min(month.lastDay, today)
            let contributions = FacilityMonthFacts.contributions(records, judgedOn: date)
            // A month judged as the one before it is that month's rows copied in SQL.
            let unchanged = contributions == previous
            try await platform.writer.write { sql in
                let facts = FacilityMonthFacts(sql: sql)
                if unchanged { try await facts.carryForward(into: month) } else { try await facts.write(contributions, month: month) }
                try await facts.mark(month, taken: .measured, judgedOn: date, by: holder, at: timestamp)
            }
            previous = contributions
        }
    }
}
