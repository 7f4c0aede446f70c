import Foundation
import SQLKit
import YanglaoCore
import YanglaoPlatform

/// The demo's ledgers: every month of 2021 for Hai'an's towns and Tongliao's 旗县 (most approved; one
/// returned, one awaiting review, a few never submitted), and the current year up to last month —
/// where 角斜镇's (the `demo-town` account's) waits in draft for it to submit and `demo-city` to approve.
/// The figures frozen in them are measured month by month from the registries; the demo's facilities
/// stood as they stand now all year (its fiction: no history of their facts is kept).
enum LedgerDemo {
    struct Exception {
        var state: LedgerState?
        var reason: String? = nil
    }

    static func seed(_ platform: Platform) async throws {
        let today = platform.clock.today
        let plans = try await PlanStore(sql: platform.sql).plans()
        for plan in plans {
            let record = try await PlanStore(sql: platform.sql).record(plan)
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
        var query = PlanProgressQuery(platform: platform, caller: .commandLine(today: platform.clock.today))
        query.facilitiesAsTheyStand = true
        let table = try await query.table(record, region: region, month: month)
        let submitted = LedgerRules.deadline(of: month).adding(days: -2)
        let at = "\(submitted.description)T09:30:00+08:00", reviewed = "\(submitted.adding(days: 1).description)T15:00:00+08:00"
        let task = record.tasks.first { $0.number == "（三）" } ?? record.tasks.first
        try await platform.writer.write { sql in
            let store = LedgerStore(sql: sql)
            for row in table.rows where row.kind == .child {
                let exception = exceptions[row.code]?[month.month]
                if let exception, exception.state == nil { continue }
                let state = exception?.state ?? .approved
                let ledger = Ledger(
                    id: UUID().uuidString.lowercased(), planId: record.plan.id, regionCode: row.code, period: month.description, state: state,
                    submittedAt: state == .draft ? nil : at, submittedBy: nil, submittedByName: state == .draft ? nil : "\(row.name)管理员",
                    reviewedAt: state == .approved || state == .returned ? reviewed : nil,
                    reviewedByName: state == .approved || state == .returned ? "\(region.name)民政局" : nil,
                    reason: exception?.reason, answer: nil, createdAt: at, updatedAt: at)
                try await store.insert(ledger)
                if state != .draft {
                    try await store.replaceFigures(ledger.id, zip(table.columns, row.cells).compactMap { column, cell in
                        column.frozen(cell.inputs, month: month).map { LedgerFigure(ledgerId: ledger.id, indicatorCode: column.indicator.indicatorCode, numerator: $0.numerator,
                                                       denominator: $0.denominator, target: cell.target, status: cell.status?.rawValue) }
                    })
                }
                if let task {
                    try await store.replaceNotes(ledger.id, [LedgerNote(
                        ledgerId: ledger.id, taskId: task.id, progress: "\(month.label)按计划推进居家适老化改造和上门服务，逐户建档。",
                        problems: state == .returned ? "部分户验收材料不全。" : "", nextSteps: "加快入户评估和施工验收进度。")])
                }
                for (action, after, time) in [(LedgerAction.submit, LedgerState.submitted, at), (state == .returned ? .return : .approve, state, reviewed)]
                    where state != .draft && (action == .submit || state != .submitted) {
                    try await store.addEvent(LedgerEvent(id: UUID().uuidString.lowercased(), ledgerId: ledger.id, action: action.rawValue, state: after,
                                                         reason: action == .return ? exception?.reason : nil,
                                                         actorName: action == .submit ? "\(row.name)管理员" : "\(region.name)民政局", at: time))
                }
            }
        }
    }
}
