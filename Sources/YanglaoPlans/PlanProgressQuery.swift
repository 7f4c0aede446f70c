import Foundation
import SQLKit
import YanglaoCore
import YanglaoPlatform

/// Measures a plan's indicators for the regions below a region in a month: computed ones by the
/// capabilities that declare their formulas (`IndicatorProvider`), reported figures summed in SQL,
/// a past month's unknown figures from the ledgers that froze them.
struct PlanProgressQuery: Sendable {
    let platform: Platform
    let caller: Caller

    func table(_ plan: PlanRecord, region: StoredRegion, month: YearMonth, onlyBreakdown: Bool = false) async throws -> ProgressTable {
        let today = platform.clock.today
        let date: LocalDate? = month.firstDay > today ? nil : min(month.lastDay, today)
        let order = region.code == plan.plan.regionCode ? plan.breakdown?.order ?? [] : []
        let rows = try await RegionRows.of(region, on: date ?? today, order: order, store: RegionStore(sql: platform.sql))
        let columns = plan.measured.filter { !onlyBreakdown || $0.0.inBreakdown }.map { indicator, definition in
            ProgressTable.Column(indicator: indicator, definition: definition, deadline: plan.task(indicator.taskId)?.deadline)
        }
        var inputs: [String: [String: IndicatorInputs]] = [:]
        var unknown: Set<String> = []
        var reasons: [String: String] = [:]
        var knownRows: [String: Set<String>] = [:]
        var totals: [String: IndicatorInputs] = [:]
        if let date {
            let measured = try await measure(columns, plan: plan.plan, rows: rows, month: month, date: date)
            inputs = measured.inputs
            unknown = measured.unknown
            reasons = measured.reasons
            knownRows = measured.knownRows
            // A reporting region's own total of a past month is what its ledger froze.
            if !unknown.isEmpty, region.parentCode == plan.plan.regionCode {
                totals = try await ledgerInputs(plan: plan.plan, codes: unknown, regions: [region.code], month: month)
                    .compactMapValues { $0[region.code] }
            }
        }
        return ProgressTable.assemble(plan: plan, rows: rows, month: month, date: date, columns: columns, inputs: inputs, unknown: unknown,
                                      reasons: reasons, knownRows: knownRows, totals: totals, schedule: platform.configuration[settings: PlanSettings.self].progressSchedule)
    }

    /// Summed inputs by indicator and row.
    func measure(_ columns: [ProgressTable.Column], plan: Plan, rows: RegionRows, month: YearMonth, date: LocalDate) async throws
        -> (inputs: [String: [String: IndicatorInputs]], unknown: Set<String>, reasons: [String: String], knownRows: [String: Set<String>]) {
        var inputs: [String: [String: IndicatorInputs]] = [:]
        var unknown: Set<String> = []
        var reasons: [String: String] = [:]
        let computed = columns.compactMap { column in column.definition.measure.formula(for: month).map { (column.indicator.indicatorCode, $0) } }
        let reported = columns.filter { $0.definition.measure.formula(for: month) == nil }.map(\.definition)
        func add(_ code: String, _ row: String?, _ contribution: IndicatorInputs?) {
            guard let row, let contribution else { return }
            inputs[code, default: [:]][row, default: .zero] = inputs[code]?[row].map { $0 + contribution } ?? contribution
        }
        // Each computed formula is measured by the capability that declares it; one nobody measures is unknown.
        let request = IndicatorRequest(rows: rows, caller: caller, month: month, date: date, year: plan.year)
        var byProvider: [Int: [String: IndicatorFormula]] = [:]
        for (code, formula) in computed {
            guard let index = platform.interfaces.indicators.firstIndex(where: { $0.measures(formula) }) else {
                unknown.insert(code)
                reasons[code] = "平台中没有记录该指标的业务模块"
                continue
            }
            byProvider[index, default: [:]][code] = formula
        }
        for (index, formulas) in byProvider.sorted(by: { $0.key < $1.key }) {
            let measured = try await platform.interfaces.indicators[index].measure(formulas, request: request, platform: platform)
            for (code, byRow) in measured.inputs {
                for (row, value) in byRow { add(code, row, value) }
            }
            unknown.formUnion(measured.unknown)
            reasons.merge(measured.reasons) { $1 }
        }
        for (code, byRow) in try await reportedInputs(reported, rows: rows, month: month) {
            for (row, value) in byRow { add(code, row, value) }
        }
        // A past month's facility figures are those its ledgers froze: a region's row where it has
        // one, the total when every region below has one.
        var knownRows: [String: Set<String>] = [:]
        if !unknown.isEmpty, rows.region.code == plan.regionCode {
            let children = Set(rows.children.map(\.code))
            for (code, byRow) in try await ledgerInputs(plan: plan, codes: unknown, regions: children, month: month) {
                for (row, value) in byRow { add(code, row, value) }
                if Set(byRow.keys).isSuperset(of: children) { unknown.remove(code) } else { knownRows[code] = Set(byRow.keys) }
            }
        }
        return (inputs, unknown, reasons, knownRows)
    }

    /// The figures frozen in the month's submitted ledgers of the regions below, by indicator and region.
    func ledgerInputs(plan: Plan, codes: Set<String>, regions: Set<String>, month: YearMonth) async throws -> [String: [String: IndicatorInputs]] {
        let store = LedgerStore(sql: platform.sql)
        let ledgers = try await store.ledgers(plan: plan.id, period: month.description).filter { !$0.state.isEditable && regions.contains($0.regionCode) }
        let regionOf = Dictionary(uniqueKeysWithValues: ledgers.map { ($0.id, $0.regionCode) })
        var found: [String: [String: IndicatorInputs]] = [:]
        for figure in try await store.figures(ledgers.map(\.id)) where codes.contains(figure.indicatorCode) {
            if let region = regionOf[figure.ledgerId] { found[figure.indicatorCode, default: [:]][region] = figure.inputs }
        }
        return found
    }

    /// Entered figures of the subtree up to the month: a count's months of the year summed, a
    /// share's latest month of the year.
    func reportedInputs(_ definitions: [IndicatorDefinition], rows: RegionRows, month: YearMonth) async throws -> [String: [String: IndicatorInputs]] {
        guard !definitions.isEmpty else { return [:] }
        let subtree = AccessScope.region(code: rows.region.code, level: rows.region.level, organisation: nil).regionFilter("region_code")
        struct Entry: Codable { var indicatorCode: String; var regionCode: String; var period: String; var value: Double; var denominator: Double? }
        let entries = try await platform.sql.select().columns("indicator_code", "region_code", "period", "value", "denominator")
            .from("reported_values").where("indicator_code", .in, definitions.map(\.code)).where(subtree)
            .where("period", .greaterThanOrEqual, YearMonth(year: month.year, month: 1)!.description).where("period", .lessThanOrEqual, month.description)
            .orderBy("period").all(decoding: Entry.self, keyDecodingStrategy: .fromSnakeCase)
        let accumulates = Dictionary(uniqueKeysWithValues: definitions.map { ($0.code, $0.accumulates) })
        var latest: [String: [String: IndicatorInputs]] = [:]
        var result: [String: [String: IndicatorInputs]] = [:]
        for entry in entries {
            let value = IndicatorInputs(numerator: entry.value, denominator: entry.denominator)
            if accumulates[entry.indicatorCode] == true {
                guard let row = rows.row(of: entry.regionCode) else { continue }
                result[entry.indicatorCode, default: [:]][row] = (result[entry.indicatorCode]?[row] ?? .zero) + value
            } else {
                latest[entry.indicatorCode, default: [:]][entry.regionCode] = value
            }
        }
        for (code, byRegion) in latest {
            for (region, value) in byRegion {
                guard let row = rows.row(of: region) else { continue }
                result[code, default: [:]][row] = (result[code]?[row] ?? .zero) + value
            }
        }
        return result
    }
}
