import YanglaoCore
import YanglaoPlatform

/// A plan's indicators for a region in a month: one row per region directly below, the region's own
/// row (records located at the region itself) and 合计, which is the sum of the rows' inputs.
struct ProgressTable: Sendable {
    struct Column: Sendable {
        var indicator: PlanIndicator
        var definition: IndicatorDefinition
        /// The task whose deadline sets the pace.
        var deadline: LocalDate?

        /// What a ledger freezes of a cell: a computed share with nothing to count is kept as 0 of 0
        /// (known, and empty), so that the month's total can be summed from the ledgers.
        func frozen(_ inputs: IndicatorInputs?, month: YearMonth) -> IndicatorInputs? {
            if inputs == nil, definition.unit.isShare, definition.measure.formula(for: month) != nil { return IndicatorInputs(numerator: 0, denominator: 0) }
            return inputs
        }
    }

    struct Cell: Sendable {
        /// nil: not known for the month (a facility figure of a past month, nothing entered).
        var inputs: IndicatorInputs?
        var progress: Progress

        var value: Double? { progress.value }
        var target: Double? { progress.target }
        var status: ProgressStatus? { progress.status }
    }

    enum RowKind: String, Sendable { case child, own, total }

    struct Row: Sendable {
        var code: String
        var name: String
        var kind: RowKind
        var cells: [Cell]
    }

    var plan: PlanRecord
    var region: StoredRegion
    var month: YearMonth
    /// The day the figures are counted on: the month's end, or today in the current month; nil
    /// when the month has not begun.
    var date: LocalDate?
    var columns: [Column]
    var rows: [Row]
    /// Indicators whose total for the month is not known (facility facts of a past month without
    /// every region's ledger); the rows whose ledgers hold them show them.
    var unknown: Set<String>
    /// Why those figures cannot be given, by indicator code, in words.
    var reasons: [String: String] = [:]

    var total: Row? { rows.last { $0.kind == .total } }
}

extension ProgressTable {
    /// Builds the rows from the summed inputs by row code: each child, the own row (when it counts
    /// anything) and 合计, each judged against its target.
    static func assemble(
        plan: PlanRecord, rows regionRows: RegionRows, month: YearMonth, date: LocalDate?, columns: [Column],
        inputs: [String: [String: IndicatorInputs]], unknown: Set<String>, reasons: [String: String] = [:],
        knownRows: [String: Set<String>] = [:], totals: [String: IndicatorInputs] = [:], schedule: ProgressSchedule
    ) -> ProgressTable {
        let region = regionRows.region
        func cells(_ code: String, total: Bool) -> [Cell] {
            columns.map { column in
                let code_ = column.indicator.indicatorCode
                // An indicator not known for the month may still be known for the rows whose ledgers hold it.
                let known = date != nil && (!unknown.contains(code_) || (!total && knownRows[code_]?.contains(code) == true))
                // A count with nothing counted is 0; a share with nothing to count has no value.
                let none: IndicatorInputs? = column.definition.unit.isShare ? nil : .zero
                var summed: IndicatorInputs? = known ? (total ? inputs[code_]?.values.reduce(.zero, +) ?? none : inputs[code_]?[code] ?? none) : nil
                if total, date != nil, let frozen = totals[code_] { summed = frozen }
                let target = plan.target(column.indicator, definition: column.definition, region: code, ownRow: !total && code == region.code)
                let value = summed?.figure(in: column.definition.unit)
                let progress = date.map {
                    ProgressRules.evaluate(value: value, target: target, direction: column.definition.direction, on: $0, year: plan.plan.year,
                                           deadline: column.deadline, schedule: schedule)
                } ?? Progress(value: nil, target: target, completion: nil, expected: nil, status: nil)
                return Cell(inputs: summed, progress: progress)
            }
        }
        var rows = regionRows.children.map { Row(code: $0.code, name: $0.name, kind: .child, cells: cells($0.code, total: false)) }
        let own = cells(region.code, total: false)
        if own.contains(where: { ($0.inputs?.numerator ?? 0) != 0 || ($0.inputs?.denominator ?? 0) != 0 }) {
            rows.append(Row(code: region.code, name: regionRows.ownRowLabel, kind: .own, cells: own))
        }
        rows.append(Row(code: region.code, name: "合计", kind: .total, cells: cells(region.code, total: true)))
        return ProgressTable(plan: plan, region: region, month: month, date: date, columns: columns, rows: rows, unknown: unknown,
                             reasons: reasons.filter { unknown.contains($0.key) })
    }
}
