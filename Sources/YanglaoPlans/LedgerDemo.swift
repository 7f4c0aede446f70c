import Foundation
import SQLKit
import YanglaoCore
import YanglaoPlatform

/// The demo's ledgers: every month of 2021 for Hai'an's towns and Tongliao's 旗县 (most approved; one
/// returned, one awaiting review, a few never submitted), and the current year up to last month —
/// where 角斜镇's (the `demo-town` account's) waits in draft for it to submit and `demo-city` to approve.
/// The figures frozen in them are measured month by month from the registries, whose history the
/// providers first record for those months (the demo's fiction: its records stood so all along).
enum LedgerDemo {
    struct Exception {
        var state: LedgerState?
        var reason: String? = nil
    }

    static func seed(_ platform: Platform) async throws {
        let today = platform.clock.today
        let plans = try await PlanStore(sql: platform.sql).plans()
        let months = plans.flatMap { plan in
            (plan.year == today.year ? YearMonth(today) : YearMonth(year: plan.year, month: 12)!).monthsOfYearSoFar
        }
        for provider in platform.interfaces.indicators {
            try await provider.recordHistory(of: Array(Set(months)).sorted(), platform: platform)
        }
        for plan in plans {
            let record = try await PlanStore(sql: platform.sql).record(plan, catalogue: platform.interfaces.catalogue)
            let last: YearMonth
            var exceptions: [String: [Int: Exception]] = [:]
            if plan.year == today.year {
                // Up to last month: 角斜镇's last month in draft, 西场街道's never begun, one awaiting review.
                guard today.month > 1 else { continue }
                last = YearMonth(year: plan.year, month: today.month - 1)!
                exceptions = ["320685101": [last.month: Exception(state: .draft)], "320685005": [last.month: Exception(state: nil)],
                              "320685102": [last.month: Exception(state: .submitted)]]
            } else {
                last = YearMonth(year: plan.year, month: 12)!
                exceptions = [
                    "320685005": [12: Exception(state: .returned, reason: "适老化改造户数与附件中的验收清单不符，请核实后重新报送")],
                    "320685103": [12: Exception(state: .submitted)],
                    "320685108": [11: Exception(state: nil), 12: Exception(state: nil)],
                    "150526": [10: Exception(state: nil), 11: Exception(state: nil), 12: Exception(state: nil)],
                ]
            }
            for month in last.monthsOfYearSoFar {
                try await seed(record, month: month, exceptions: exceptions, platform: platform)
            }
            if plan.year == today.year {
                try await platform.writer.write { sql in
                    try await LedgerStore(sql: sql).insert(Urging(
                        id: UUID().uuidString.lowercased(), planId: plan.id, regionCode: "320685005",
                        message: "西场社区日间照料中心逾期未建成，请说明原因并于期限前完成建设", deadline: min(LocalDate(year: today.year, month: 12, day: 31)!, today.adding(days: 20)),
                        createdByName: "demo-city", createdAt: platform.clock.timestamp, answeredLedgerId: nil, answeredAt: nil))
                }
            }
        }
    }

    /// The month's ledgers of every region below the plan's, with the figures of that month.
    static func seed(_ record: PlanRecord, month: YearMonth, exceptions: [String: [Int: Exception]], platform: Platform) async throws {
        guard let region = try await RegionStore(sql: platform.sql).find(record.plan.regionCode) else { return }
        let query = PlanProgressQuery(platform: platform, caller: .commandLine(today: platform.clock.today))
        let table = try await query.table(record, region: region, month: month)
        let submitted = LedgerRules.deadline(of: month).adding(days: -2)
        let at = "\(submitted.description)T09:30:00+08:00", reviewed = "\(submitted.adding(days: 1).description)T15:00:00+08:00"
        let task = record.tasks.first { $0.number == "（三）" } ?? record.tasks.first
        // The month's rows, written in four batched statements (the demo is seeded for every test).
        var ledgers: [[any SQLExpression]] = [], figures: [[any SQLExpression]] = [], notes: [[any SQLExpression]] = [], events: [[any SQLExpression]] = []
        for row in table.rows where row.kind == .child {
            let exception = exceptions[row.code]?[month.month]
            if let exception, exception.state == nil { continue }
            let state = exception?.state ?? .approved
            let id = UUID().uuidString.lowercased()
            let reviewedBy: String? = state == .approved || state == .returned ? "\(region.name)民政局" : nil
            ledgers.append([id, record.plan.id, row.code, month.description, state.rawValue, state == .draft ? nil : at, nil,
                            state == .draft ? nil : "\(row.name)管理员", reviewedBy == nil ? nil : reviewed, reviewedBy, exception?.reason, nil, at, at]
                .map { SQLBind($0) as any SQLExpression })
            if state != .draft {
                for (column, cell) in zip(table.columns, row.cells) {
                    guard let inputs = column.frozen(cell.inputs, month: month) else { continue }
                    figures.append([SQLBind(id), SQLBind(column.indicator.indicatorCode), SQLBind(inputs.numerator), SQLBind(inputs.denominator),
                                    SQLBind(cell.target), SQLBind(cell.status?.rawValue)])
                }
            }
            if let task {
                notes.append([id, task.id, "\(month.label)按计划推进居家适老化改造和上门服务，逐户建档。", state == .returned ? "部分户验收材料不全。" : "",
                              "加快入户评估和施工验收进度。"].map { SQLBind($0) as any SQLExpression })
            }
            for (action, after, time) in [(LedgerAction.submit, LedgerState.submitted, at), (state == .returned ? .return : .approve, state, reviewed)]
                where state != .draft && (action == .submit || state != .submitted) {
                events.append([UUID().uuidString.lowercased(), id, action.rawValue, after.rawValue, action == .return ? exception?.reason : nil,
                               action == .submit ? "\(row.name)管理员" : "\(region.name)民政局", time].map { SQLBind($0) as any SQLExpression })
            }
        }
        guard !ledgers.isEmpty else { return }
        let batches = (ledgers, figures, notes, events)
        try await platform.writer.write { sql in
            try await sql.insert(into: "ledgers").columns("id", "plan_id", "region_code", "period", "state", "submitted_at", "submitted_by", "submitted_by_name",
                                                          "reviewed_at", "reviewed_by_name", "reason", "answer", "created_at", "updated_at").rows(batches.0).run()
            if !batches.1.isEmpty {
                try await sql.insert(into: "ledger_figures").columns("ledger_id", "indicator_code", "numerator", "denominator", "target", "status").rows(batches.1).run()
            }
            if !batches.2.isEmpty {
                try await sql.insert(into: "ledger_notes").columns("ledger_id", "task_id", "progress", "problems", "next_steps").rows(batches.2).run()
            }
            if !batches.3.isEmpty {
                try await sql.insert(into: "ledger_events").columns("id", "ledger_id", "action", "state", "reason", "actor_name", "at").rows(batches.3).run()
            }
        }
    }
}
