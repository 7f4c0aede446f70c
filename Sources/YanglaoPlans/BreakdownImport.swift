import Foundation
import Spreadsheet
import SQLKit
import YanglaoCore
import YanglaoPlatform

/// A plan's breakdown table as officials keep it (../shared/data/haian-2021-breakdown.csv): the
/// regions below the plan's by name or code in the first column, one column per indicator of the
/// table, blank cells for no target, and a 合计 row checked against the sum of the regions. A file
/// that differs from the current breakdown becomes a new version; the same file again changes nothing.
struct BreakdownImport: TableImport {
    let plan: PlanRecord
    let actor: AuditActor
    /// Why the regions' targets may differ from the table's 合计; without one a difference is refused.
    var reason: String?
    /// Where the table came from (a file's name, or 页面编辑).
    var source: String
    var today: LocalDate

    static let totalLabels: Set<String> = ["合计", "总计", "全市合计", "合 计"]
    static let regionHeadings: Set<String> = ["区镇", "区划", "旗县市区", "旗县（市、区）", "地区", "单位", "区划代码", "名称", "镇（街道）"]

    var requiredColumns: [String] { [] }
    var optionalColumns: [String] { columns.map(\.indicator.label) }
    var auditEntityType: String { "breakdown" }

    /// The plan's breakdown columns, in its order.
    var columns: [(indicator: PlanIndicator, definition: IndicatorDefinition)] {
        plan.measured.filter { $0.0.inBreakdown }.map { (indicator: $0.0, definition: $0.1) }
    }

    struct Changes: Sendable {
        /// nil when the file holds the current breakdown exactly.
        var table: BreakdownTable?
    }

    func plan(_ table: Table, on db: any SQLDatabase) async throws -> ImportPlan<Changes> {
        let layout = try columnLayout(table.header)
        let regions = RegionStore(sql: db)
        guard let planRegion = try await regions.find(plan.plan.regionCode) else { throw ImportFileError(message: "计划所属区划不存在") }
        let children = try await regions.children(of: planRegion.code).filter { $0.entry.isEffective(on: today) }
        var problems: [RowProblem] = []
        var order: [String] = []
        var firstRow: [String: Int] = [:]
        var targets: [String: [String: Double]] = [:]
        var regionRows: [[Double?]] = []
        var stated: (row: Int, cells: [Double?])?
        let heading = table.header.first ?? "区镇"
        for row in table.rows {
            let name = (row.cells.first ?? "").trimmingWhitespace()
            if name.isEmpty && row.cells.allSatisfy({ $0.trimmingWhitespace().isEmpty }) { continue }
            var cells: [Double?] = []
            for (index, column) in layout.enumerated() {
                let text = column.position < row.cells.count ? row.cells[column.position] : ""
                switch BreakdownRules.parseTarget(text, indicator: column.definition, label: column.indicator.label) {
                case .blank: cells.append(nil)
                case let .target(value): cells.append(value)
                case let .invalid(message):
                    cells.append(nil)
                    problems.append(RowProblem(row: row.number, field: layout[index].indicator.label, message: message))
                }
            }
            if Self.totalLabels.contains(name.replacingOccurrences(of: " ", with: "")) {
                if let earlier = stated {
                    problems.append(RowProblem(row: row.number, field: heading, message: "合计行重复（第\(earlier.row)行已有合计）"))
                }
                stated = (row.number, cells)
                continue
            }
            guard let region = children.first(where: { $0.code == name || $0.name == name }) else {
                problems.append(RowProblem(row: row.number, field: heading, message: name.isEmpty
                    ? "请填写区镇名称或区划代码" : "“\(name.prefix(40))”不是\(planRegion.name)的下级区划（应为：\(children.map(\.name).joined(separator: "、"))）"))
                continue
            }
            if let earlier = firstRow[region.code] {
                problems.append(RowProblem(row: row.number, field: heading, message: "“\(region.name)”与第\(earlier)行重复"))
                continue
            }
            firstRow[region.code] = row.number
            order.append(region.code)
            regionRows.append(cells)
            for (index, value) in cells.enumerated() {
                if let value { targets[region.code, default: [:]][layout[index].indicator.indicatorCode] = value }
            }
        }
        guard !order.isEmpty || !problems.isEmpty else { throw ImportFileError(message: "文件没有区镇行") }
        let totals: [Double?]
        if let stated {
            totals = stated.cells
            let mismatches = BreakdownRules.totalMismatches(columns: layout.map { ($0.indicator.label, $0.definition) }, rows: regionRows, total: stated.cells)
            if !ReasonText.isGiven(reason) {
                problems += mismatches.map { RowProblem(row: stated.row, field: layout[$0.column].indicator.label, message: $0.message + "；如确需如此，请注明理由后再导入") }
            }
        } else {
            totals = layout.indices.map { index in
                layout[index].definition.unit.isShare ? nil : regionRows.reduce(0.0) { $0 + ($1[index] ?? 0) }
            }
        }
        for (index, value) in totals.enumerated() {
            if let value { targets[planRegion.code, default: [:]][layout[index].indicator.indicatorCode] = value }
        }
        let current = plan.breakdown
        var created = 0, updated = 0, unchanged = 0
        for code in order {
            if current?.targets[code] == nil && current?.order.contains(code) != true { created += 1 }
            else if current?.targets[code] ?? [:] == targets[code] ?? [:] { unchanged += 1 }
            else { updated += 1 }
        }
        let same = current.map { $0.order == order && $0.targets == targets } ?? false
        let version = same ? nil : BreakdownTable(
            breakdown: Breakdown(id: UUID().uuidString.lowercased(), planId: plan.plan.id, version: (current?.breakdown.version ?? 0) + 1,
                                 source: String(source.prefix(200)), reason: reason.flatMap { $0.trimmingWhitespace().isEmpty ? nil : String($0.prefix(500)) },
                                 createdBy: actor.username ?? "（未知）", createdAt: Clock.timestamp()),
            order: order, targets: targets)
        return ImportPlan(rows: table.rows.count, problems: problems, created: created, updated: updated, unchanged: unchanged,
                          changes: Changes(table: version))
    }

    /// Which file column holds which indicator; a column the plan does not have, or one of its
    /// columns missing, makes the file unusable.
    func columnLayout(_ header: [String]) throws -> [(position: Int, indicator: PlanIndicator, definition: IndicatorDefinition)] {
        guard let first = header.first?.trimmingWhitespace(), Self.regionHeadings.contains(first) else {
            throw ImportFileError(message: "第一列应为区镇名称或区划代码（表头“区镇”“旗县市区”或“区划代码”），实为“\((header.first ?? "").prefix(40))”")
        }
        var layout: [(position: Int, indicator: PlanIndicator, definition: IndicatorDefinition)] = []
        for (position, name) in header.enumerated().dropFirst() {
            let label = name.trimmingWhitespace()
            if label.isEmpty { continue }
            guard let column = columns.first(where: { $0.indicator.label == label || $0.definition.name == label || $0.indicator.indicatorCode == label }) else {
                throw ImportFileError(message: "未知列“\(label.prefix(40))”：本计划分解表的列为 \(columns.map(\.indicator.label).joined(separator: "、"))")
            }
            guard !layout.contains(where: { $0.indicator.indicatorCode == column.indicator.indicatorCode }) else {
                throw ImportFileError(message: "列“\(label.prefix(40))”重复")
            }
            layout.append((position, column.indicator, column.definition))
        }
        let missing = columns.filter { column in !layout.contains { $0.indicator.indicatorCode == column.indicator.indicatorCode } }
        guard missing.isEmpty else {
            throw ImportFileError(message: "缺少列：\(missing.map(\.indicator.label).joined(separator: "、"))（分解表须包含本计划的全部列）")
        }
        return layout.sorted { $0.indicator.position < $1.indicator.position }
    }

    func commit(_ changes: Changes, on db: any SQLDatabase) async throws {
        guard let table = changes.table else { return }
        try await PlanStore(sql: db).insert(table)
    }

    func auditValues(_ changes: Changes) -> (before: String?, after: String?) {
        guard let table = changes.table else { return (nil, nil) }
        let targets = table.targets.mapValues { row in JSONValue.object(row.mapValues { JSONValue.double($0) }) }
        return (nil, auditJSONString(JSONValue.object([
            "planId": .string(plan.plan.id), "version": .number(table.breakdown.version), "source": .string(table.breakdown.source),
            "reason": table.breakdown.reason.map(JSONValue.string) ?? .null, "targets": .object(targets),
        ])))
    }

    /// The current breakdown in the file's own shape (the import's template and the page's export).
    static func sheet(_ plan: PlanRecord, planRegion: StoredRegion, regions: [StoredRegion]) -> Sheet {
        let columns = plan.measured.filter { $0.0.inBreakdown }
        let names = Dictionary(uniqueKeysWithValues: regions.map { ($0.code, $0.name) })
        let order = plan.breakdown?.order ?? regions.filter { $0.parentCode == plan.plan.regionCode }.map(\.code)
        func cell(_ region: String, _ code: String) -> Cell {
            plan.breakdown?.targets[region]?[code].map { $0.rounded() == $0 ? .integer(Int($0)) : .number($0) } ?? .empty
        }
        let rows = order.map { region in [Cell.text(names[region] ?? region)] + columns.map { cell(region, $0.0.indicatorCode) } }
            + [[Cell.text("合计")] + columns.map { cell(plan.plan.regionCode, $0.0.indicatorCode) }]
        return Sheet(name: "指标分解表", header: [ProgressTableView.heading(below: planRegion)] + columns.map(\.0.label), rows: rows)
    }
}
