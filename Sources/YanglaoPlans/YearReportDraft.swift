import Foundation
import SQLKit
import YanglaoCore
import YanglaoPlatform

/// The first draft of a year-end report, written from the records: each task's indicators with
/// their completion, what is not met and which regions below are behind, the facilities' open
/// problems, the ledgers not submitted, and the next steps the ledgers named.
struct YearReportDraft: Sendable {
    let platform: Platform
    let caller: Caller

    func draft(_ plan: PlanRecord, region: StoredRegion, table: ProgressTable) async throws -> YearReport {
        let now = platform.clock.timestamp
        let ledgers = try await LedgerStore(sql: platform.sql).ledgers(plan: plan.plan.id, region: region.code)
        // In the ledgers' order (by month), so that the latest note of a task comes last.
        let order = Dictionary(uniqueKeysWithValues: ledgers.enumerated().map { ($1.id, $0) })
        let notes = try await LedgerStore(sql: platform.sql).notes(ofLedgers: ledgers.map(\.id))
            .sorted { (order[$0.ledgerId] ?? 0, $0.taskId) < (order[$1.ledgerId] ?? 0, $1.taskId) }
        return YearReport(
            id: UUID().uuidString.lowercased(), planId: plan.plan.id, regionCode: region.code,
            issuingBody: YearReportRules.issuingBody(regionName: region.name, level: region.level, kind: region.kind),
            documentNumber: "〔\(plan.plan.year)〕 号",
            title: "关于\(plan.plan.year)年落实《\(plan.plan.title)》情况的总结报告",
            achievements: achievements(plan, region: region, table: table, notes: notes),
            problems: try await problems(plan, table: table, region: region, ledgers: ledgers),
            suggestions: suggestions(table),
            nextSteps: nextSteps(notes),
            state: .draft, submittedAt: nil, submittedByName: nil, createdAt: now, updatedAt: now)
    }

    func figure(_ column: ProgressTable.Column, _ cell: ProgressTable.Cell) -> String {
        let unit = column.definition.unit
        let value = cell.value.map { ProgressTableView.number($0, unit: unit) + (unit.isShare ? "" : unit.rawValue) } ?? "暂无数据"
        guard let target = cell.target else { return "\(column.indicator.label)\(value)" }
        let completion = cell.progress.completion.map { String(format: "，完成率%.0f%%", $0 * 100) } ?? ""
        return "\(column.indicator.label)\(value)（目标\(column.definition.direction.rawValue)\(ProgressTableView.number(target, unit: unit))\(unit.isShare ? "" : unit.rawValue)\(completion)）"
    }

    func achievements(_ plan: PlanRecord, region: StoredRegion, table: ProgressTable, notes: [LedgerNote]) -> String {
        var lines = ["\(plan.plan.year)年，\(region.name)按照《\(plan.plan.title)》（\(plan.plan.documentNumber)）的部署，"
                     + "逐项分解任务、按月督查推进。截至\(table.date?.description ?? "年末")，主要工作及成效如下。"]
        guard let total = table.total else { return lines.joined(separator: "\n") }
        for task in plan.tasks {
            let measured = zip(table.columns, total.cells).filter { $0.0.indicator.taskId == task.id }
            let progress = notes.filter { $0.taskId == task.id && !$0.progress.isEmpty }.last?.progress
            guard !measured.isEmpty || progress != nil else { continue }
            var line = "\(task.number)\(task.title)。"
            if !measured.isEmpty { line += measured.map { figure($0.0, $0.1) }.joined(separator: "；") + "。" }
            if let progress { line += progress }
            lines.append(line)
        }
        let judged = total.cells.filter { $0.status != nil }
        lines.append("全年\(judged.count)项有目标的指标中，\(judged.filter { $0.status == .met }.count)项已达标。")
        return lines.joined(separator: "\n")
    }

    func problems(_ plan: PlanRecord, table: ProgressTable, region: StoredRegion, ledgers: [Ledger]) async throws -> String {
        var lines: [String] = []
        if let total = table.total {
            let unmet = zip(table.columns, total.cells).filter { $0.1.status != nil && $0.1.status != .met }
            for (column, cell) in unmet { lines.append("\(figure(column, cell))，\(cell.status?.rawValue ?? "")。") }
        }
        let behind = table.rows.filter { $0.kind == .child }.compactMap { row -> String? in
            let cells = zip(table.columns, row.cells).filter { $0.1.status == .seriouslyBehind }
            guard !cells.isEmpty else { return nil }
            return "\(row.name)（" + cells.map { "\($0.0.indicator.label)\(ProgressTableView.cellText($0.1, unit: $0.0.definition.unit))" }.joined(separator: "、") + "）"
        }
        if !behind.isEmpty { lines.append("进度严重滞后的：" + behind.joined(separator: "；") + "。") }
        let problems = try await platform.interfaces.facilities.openProblems(in: region, for: caller.user, platform: platform)
        if !problems.isEmpty {
            lines.append("设施仍存在的问题：" + problems.map { "\($0.label)\($0.count)家" }.joined(separator: "；") + "。")
        }
        let due = (1...12).compactMap { YearMonth(year: plan.plan.year, month: $0) }.filter { LedgerRules.deadline(of: $0) < platform.clock.today }
        let submitted = Set(ledgers.filter { !$0.state.isEditable }.map(\.period))
        let missing = due.filter { !submitted.contains($0.description) }
        if region.parentCode == plan.plan.regionCode, !missing.isEmpty {
            lines.append("督查台账未按期报送：" + missing.map(\.label).joined(separator: "、") + "。")
        }
        if lines.isEmpty { lines = ["各项指标均已达标，未发现突出问题。"] }
        return lines.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n")
    }

    func suggestions(_ table: ProgressTable) -> String {
        guard let total = table.total else { return "" }
        let serious = zip(table.columns, total.cells).filter { $0.1.status == .seriouslyBehind }.map(\.0.indicator.label)
        var lines: [String] = []
        if !serious.isEmpty { lines.append("对\(serious.joined(separator: "、"))等严重滞后的指标实行挂牌督办，明确责任单位和完成时限。") }
        lines.append("建议加大财政和福彩公益金对农村养老服务设施建设的支持力度。")
        lines.append("建议将养老服务重点任务完成情况纳入年度考核，对完成好的单位给予政策倾斜。")
        return lines.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n")
    }

    func nextSteps(_ notes: [LedgerNote]) -> String {
        var seen: Set<String> = []
        let steps = notes.reversed().map(\.nextSteps).filter { !$0.isEmpty && seen.insert($0).inserted }.prefix(5)
        let lines = Array(steps) + ["坚持督查台账月报制度，对照目标逐月跟踪、逐项销号，建立长效机制。"]
        return lines.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n")
    }
}
