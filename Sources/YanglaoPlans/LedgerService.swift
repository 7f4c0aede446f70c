import Foundation
import SQLKit
import Vapor
import YanglaoCore
import YanglaoPlatform

/// The monthly ledgers of a plan, free of HTTP: where a ledger is (a region directly below the
/// plan's, in the caller's scope), what it shows (figures live while it is open, frozen once
/// submitted), and every change — notes and entered figures, submit, approve, return, unlock, 督办 —
/// checked by `LedgerRules` and written with its audit entry in one transaction.
struct LedgerService: Sendable {
    let platform: Platform
    let caller: Caller

    var today: LocalDate { platform.clock.today }
    var dueDay: Int { platform.configuration[settings: PlanSettings.self].ledgerDueDay }

    // MARK: Where

    /// A region that reports on the plan: directly below the plan's region and inside the caller's
    /// scope; 404 otherwise (audited).
    func region(_ code: String, of plan: Plan) async throws -> StoredRegion {
        guard let region = try await RegionStore(sql: platform.sql).find(code), region.parentCode == plan.regionCode,
              caller.user.scope.contains(region) else {
            try await platform.audit(caller.actor, action: "access.out_of_scope", entityType: "region", entityID: String(code.prefix(64)), outcome: "not_found")
            throw APIError.notFound("台账")
        }
        return region
    }

    /// A month of the plan's year that has begun.
    func month(_ text: String, of plan: Plan) throws -> YearMonth {
        guard let month = YearMonth(parsing: text), month.year == plan.year, month.firstDay <= today else {
            throw APIError.invalid("月份有误", fields: ["month": "月份“\(text.prefix(20))”应为 \(plan.year) 年内已开始的月份（YYYY-MM）"])
        }
        return month
    }

    func standing(_ region: StoredRegion) -> LedgerStanding {
        switch caller.user.scope {
        case .unrestricted: return .above
        case .nothing: return .other
        case let .region(code, _, _):
            if code == region.code { return .reporting }
            return region.ancestorCodes.contains(code) ? .above : .other
        }
    }

    // MARK: What it shows

    struct Figure: Sendable {
        var column: ProgressTable.Column
        var inputs: IndicatorInputs?
        var target: Double?
        var status: ProgressStatus?

        var value: Double? { inputs?.figure(in: column.definition.unit) }
    }

    struct View: Sendable {
        var plan: PlanRecord
        var region: StoredRegion
        var month: YearMonth
        /// The stored ledger, or a draft not yet saved (id "").
        var ledger: Ledger
        var notes: [String: LedgerNote]
        var figures: [Figure]
        /// Whether the figures are those frozen at submission.
        var frozen: Bool
        var reported: [String: ReportedValue]
        var events: [LedgerEvent]
        var urgings: [Urging]
        var deadline: LocalDate
        var late: Bool
        var standing: LedgerStanding

        var reportedColumns: [ProgressTable.Column] { figures.map(\.column).filter { $0.definition.measure.formula(for: month) == nil } }
        var openUrgings: [Urging] { urgings.filter { $0.answeredLedgerId == nil } }
    }

    func draft(plan: Plan, region: String, month: YearMonth) -> Ledger {
        let now = platform.clock.timestamp
        return Ledger(id: "", planId: plan.id, regionCode: region, period: month.description, state: .draft, submittedAt: nil, submittedBy: nil,
                      submittedByName: nil, reviewedAt: nil, reviewedByName: nil, reason: nil, answer: nil, createdAt: now, updatedAt: now)
    }

    func view(_ plan: PlanRecord, region: StoredRegion, month: YearMonth) async throws -> View {
        let store = LedgerStore(sql: platform.sql)
        let ledger = try await store.find(plan: plan.plan.id, region: region.code, period: month.description)
            ?? draft(plan: plan.plan, region: region.code, month: month)
        let frozen = !ledger.id.isEmpty && !ledger.state.isEditable
        let figures = frozen ? try await frozenFigures(plan, ledger: ledger) : try await liveFigures(plan, region: region, month: month)
        let reportedCodes = plan.measured.filter { $0.1.measure.formula(for: month) == nil }.map(\.0.indicatorCode)
        let reported = try await store.reported(region: region.code, period: month.description, codes: reportedCodes)
        return View(
            plan: plan, region: region, month: month, ledger: ledger,
            notes: Dictionary(uniqueKeysWithValues: try await ledger.id.isEmpty ? [] : store.notes(ledger.id).map { ($0.taskId, $0) }),
            figures: figures, frozen: frozen, reported: Dictionary(uniqueKeysWithValues: reported.map { ($0.indicatorCode, $0) }),
            events: ledger.id.isEmpty ? [] : try await store.events(ledger.id),
            urgings: try await store.urgings(plan: plan.plan.id, region: region.code),
            deadline: LedgerRules.deadline(of: month, dueDay: dueDay),
            late: LedgerRules.isLate(ledger.state, month: month, today: today, dueDay: dueDay), standing: standing(region))
    }

    func liveFigures(_ plan: PlanRecord, region: StoredRegion, month: YearMonth) async throws -> [Figure] {
        // A ledger is filled in after its month: the month's figures, as its records kept them at its end.
        let query = PlanProgressQuery(platform: platform, caller: caller)
        let table = try await query.table(plan, region: region, month: month)
        guard let total = table.total else { return [] }
        return zip(table.columns, total.cells).map { Figure(column: $0, inputs: $1.inputs, target: $1.target, status: $1.status) }
    }

    func frozenFigures(_ plan: PlanRecord, ledger: Ledger) async throws -> [Figure] {
        let stored = Dictionary(uniqueKeysWithValues: try await LedgerStore(sql: platform.sql).figures([ledger.id]).map { ($0.indicatorCode, $0) })
        return plan.measured.map { indicator, definition in
            let figure = stored[indicator.indicatorCode]
            return Figure(column: ProgressTable.Column(indicator: indicator, definition: definition, deadline: plan.task(indicator.taskId)?.deadline),
                          inputs: figure?.inputs, target: figure?.target, status: figure?.status.flatMap(ProgressStatus.init(rawValue:)))
        }
    }

    /// Each region below the plan's that the caller sees, with its ledger of the month and whether it is late.
    func overview(_ plan: PlanRecord, month: YearMonth) async throws -> [(region: StoredRegion, ledger: Ledger?, late: Bool)] {
        let order = plan.breakdown?.order ?? []
        let children = try await RegionStore(sql: platform.sql).children(of: plan.plan.regionCode)
            .filter { $0.entry.isEffective(on: today) && caller.user.scope.contains($0) }
            .sorted { (order.firstIndex(of: $0.code) ?? Int.max, $0.code) < (order.firstIndex(of: $1.code) ?? Int.max, $1.code) }
        let ledgers = Dictionary(uniqueKeysWithValues: try await LedgerStore(sql: platform.sql).ledgers(plan: plan.plan.id, period: month.description)
            .map { ($0.regionCode, $0) })
        return children.map { child in
            let ledger = ledgers[child.code]
            return (child, ledger, LedgerRules.isLate(ledger?.state ?? .draft, month: month, today: today, dueDay: dueDay))
        }
    }

    // MARK: Changes

    struct Input: Sendable {
        struct Note: Sendable { var progress = "", problems = "", nextSteps = "" }
        var notes: [String: Note] = [:]
        /// Entered figures by indicator code; nil clears the month's figure.
        var reported: [String: (value: Double, denominator: Double?)?] = [:]
        var answer: String?
        /// What could not be read at all (not a number), named with the service's own checks.
        var problems: [String: String] = [:]
    }

    static func refused(_ refusal: LedgerRefusal) -> APIError {
        switch refusal {
        case let .notAllowed(message): APIError(.forbidden, code: "forbidden", message: message)
        case let .wrongState(message): APIError(.conflict, code: "conflict", message: message)
        case let .invalid(field, message): APIError.invalid(message, fields: [field: message])
        }
    }

    /// Notes, entered figures and the answer to urgings, while the ledger is open.
    @discardableResult
    func save(_ plan: PlanRecord, region: StoredRegion, month: YearMonth, input: Input) async throws -> Ledger {
        var errors = input.problems
        let taskIDs = Set(plan.tasks.map(\.id))
        for (task, note) in input.notes {
            guard taskIDs.contains(task) else { errors["notes.\(task.prefix(40))"] = "本计划没有这项任务"; continue }
            for (field, text) in [("progress", note.progress), ("problems", note.problems), ("nextSteps", note.nextSteps)] {
                if let problem = TextLimit.problem(text, limit: TextLimit.long) { errors["notes.\(task).\(field)"] = problem }
            }
        }
        let reportable = Dictionary(uniqueKeysWithValues: plan.measured.filter { $0.1.measure.formula(for: month) == nil }.map { ($0.0.indicatorCode, $0.1) })
        for (code, entry) in input.reported {
            guard let definition = reportable[code] else { errors["reported.\(code.prefix(40))"] = "本计划没有需要填报的指标“\(code.prefix(40))”"; continue }
            if errors["reported.\(code)"] == nil, let entry, let problem = definition.reportedProblem(value: entry.value, denominator: entry.denominator) { errors["reported.\(code)"] = problem }
        }
        if let answer = input.answer, let problem = TextLimit.problem(answer, limit: TextLimit.long) { errors["answer"] = "督办答复" + problem }
        guard errors.isEmpty else { throw APIError.invalid("台账内容有误，未保存", fields: errors) }
        let now = platform.clock.timestamp, actorName = caller.actor.username ?? ""
        return try await platform.writer.write { sql in
            let store = LedgerStore(sql: sql)
            var ledger = try await store.find(plan: plan.plan.id, region: region.code, period: month.description)
                ?? draft(plan: plan.plan, region: region.code, month: month)
            if let refusal = LedgerRules.refusal(.save, state: ledger.state, standing: standing(region)) { throw Self.refused(refusal) }
            if ledger.id.isEmpty {
                ledger.id = UUID().uuidString.lowercased()
                try await store.insert(ledger)
            }
            if let answer = input.answer { ledger.answer = answer.isEmpty ? nil : answer }
            ledger.updatedAt = now
            try await store.update(ledger)
            if !input.notes.isEmpty {
                var notes = Dictionary(uniqueKeysWithValues: try await store.notes(ledger.id).map { ($0.taskId, $0) })
                for (task, note) in input.notes {
                    notes[task] = LedgerNote(ledgerId: ledger.id, taskId: task, progress: note.progress, problems: note.problems, nextSteps: note.nextSteps)
                }
                try await store.replaceNotes(ledger.id, notes.values.filter { !($0.progress + $0.problems + $0.nextSteps).isEmpty }.sorted { $0.taskId < $1.taskId })
            }
            if !input.reported.isEmpty {
                let values = input.reported.compactMap { code, entry in
                    entry.map { ReportedValue(indicatorCode: code, regionCode: region.code, period: month.description, value: $0.value,
                                              denominator: $0.denominator, note: nil, enteredBy: actorName, enteredAt: now) }
                }
                try await store.replaceReported(region: region.code, period: month.description, codes: Array(input.reported.keys), with: values)
            }
            try await store.addEvent(LedgerEvent(id: UUID().uuidString.lowercased(), ledgerId: ledger.id, action: LedgerAction.save.rawValue,
                                                 state: ledger.state, reason: nil, actorName: actorName, at: now))
            try await AuditLog.record(on: sql, actor: caller.actor, action: "ledger.save", entityType: "ledger", entityID: ledger.id,
                                      after: auditJSONString(["region": region.code, "period": month.description,
                                                              "reported": input.reported.keys.sorted().joined(separator: ","),
                                                              "notes": String(input.notes.count)]))
            return ledger
        }
    }

    /// Submit, approve, return or unlock.
    @discardableResult
    func act(_ action: LedgerAction, plan: PlanRecord, region: StoredRegion, month: YearMonth, reason: String? = nil) async throws -> Ledger {
        if let reason, let problem = TextLimit.problem(reason, limit: TextLimit.medium) { throw APIError.invalid("理由有误", fields: ["reason": "理由" + problem]) }
        // The figures a submission freezes are measured before the write lock is taken.
        let live = action == .submit ? try await liveFigures(plan, region: region, month: month) : []
        let now = platform.clock.timestamp, actorName = caller.actor.username ?? ""
        let standing = standing(region)
        return try await platform.writer.write { sql in
            let store = LedgerStore(sql: sql)
            var ledger = try await store.find(plan: plan.plan.id, region: region.code, period: month.description)
                ?? draft(plan: plan.plan, region: region.code, month: month)
            let submittedIt = ledger.submittedBy != nil && ledger.submittedBy == caller.user.account.id
            if let refusal = LedgerRules.refusal(action, state: ledger.state, standing: standing, actorSubmittedIt: submittedIt, reason: reason) {
                throw Self.refused(refusal)
            }
            let open = try await store.urgings(plan: plan.plan.id, region: region.code).filter { $0.answeredLedgerId == nil }
            if action == .submit, !open.isEmpty, (ledger.answer ?? "").trimmingWhitespace().isEmpty {
                throw APIError.invalid("请先答复上级督办事项", fields: ["answer": "有 \(open.count) 项督办未答复：请在“督办答复”中写明落实情况后再报送"])
            }
            if ledger.id.isEmpty {
                ledger.id = UUID().uuidString.lowercased()
                try await store.insert(ledger)
            }
            ledger.state = LedgerRules.state(after: action, from: ledger.state)
            ledger.updatedAt = now
            switch action {
            case .submit:
                ledger.submittedAt = now
                ledger.submittedBy = caller.user.account.id
                ledger.submittedByName = actorName
                try await store.replaceFigures(ledger.id, live.compactMap { figure in
                    figure.column.frozen(figure.inputs, month: month).map { LedgerFigure(ledgerId: ledger.id, indicatorCode: figure.column.indicator.indicatorCode, numerator: $0.numerator,
                                                     denominator: $0.denominator, target: figure.target, status: figure.status?.rawValue) }
                })
                try await store.answer(urgings: open.map(\.id), with: ledger.id, at: now)
            case .approve, .return, .unlock:
                ledger.reviewedAt = now
                ledger.reviewedByName = actorName
                if action != .approve { ledger.reason = reason }
            case .save:
                break
            }
            try await store.update(ledger)
            try await store.addEvent(LedgerEvent(id: UUID().uuidString.lowercased(), ledgerId: ledger.id, action: action.rawValue, state: ledger.state,
                                                 reason: reason.flatMap { $0.isEmpty ? nil : $0 }, actorName: actorName, at: now))
            try await AuditLog.record(on: sql, actor: caller.actor, action: "ledger.\(action.rawValue)", entityType: "ledger", entityID: ledger.id,
                                      after: auditJSONString(["region": region.code, "period": month.description, "state": ledger.state.rawValue,
                                                              "reason": reason ?? ""]))
            return ledger
        }
    }

    /// 督办: the level above urges a region below on, with a deadline.
    func urge(_ plan: PlanRecord, region: StoredRegion, message: String, deadline: LocalDate?) async throws -> Urging {
        guard standing(region) == .above else { throw APIError(.forbidden, code: "forbidden", message: "只有上级可以发出督办") }
        var errors: [String: String] = [:]
        if message.trimmingWhitespace().isEmpty { errors["message"] = "请填写督办事项" }
        else if let problem = TextLimit.problem(message, limit: TextLimit.medium) { errors["message"] = "督办事项" + problem }
        if deadline == nil { errors["deadline"] = "请填写办结期限（YYYY-MM-DD）" }
        else if let deadline, deadline < today { errors["deadline"] = "办结期限不能早于今天" }
        guard errors.isEmpty, let deadline else { throw APIError.invalid("督办内容有误，未发出", fields: errors) }
        let urging = Urging(id: UUID().uuidString.lowercased(), planId: plan.plan.id, regionCode: region.code, message: message, deadline: deadline,
                            createdByName: caller.actor.username ?? "", createdAt: platform.clock.timestamp, answeredLedgerId: nil, answeredAt: nil)
        try await platform.writer.write { sql in
            try await LedgerStore(sql: sql).insert(urging)
            try await AuditLog.record(on: sql, actor: caller.actor, action: "urging.create", entityType: "urging", entityID: urging.id,
                                      after: auditJSONString(["region": region.code, "message": message, "deadline": deadline.description]))
        }
        return urging
    }
}

extension LedgerService {
    struct Reminder: Sendable {
        var text: String
        var path: String
        var late: Bool
    }

    /// What the home page says of this year's ledgers: the caller's own region's months not yet
    /// submitted (late ones first), and, for the level above, the regions below that are late.
    func reminders(for region: StoredRegion) async throws -> [Reminder] {
        var reminders: [Reminder] = []
        let store = LedgerStore(sql: platform.sql)
        for plan in try await PlanStore(sql: platform.sql).plans() where plan.year == today.year {
            let months = YearMonth(today).monthsOfYearSoFar.filter { $0 < YearMonth(today) }
            if region.parentCode == plan.regionCode, standing(region) == .reporting {
                let ledgers = Dictionary(uniqueKeysWithValues: try await store.ledgers(plan: plan.id, region: region.code).map { ($0.period, $0) })
                for month in months {
                    let state = ledgers[month.description]?.state ?? .draft
                    guard state.isEditable else { continue }
                    let late = LedgerRules.isLate(state, month: month, today: today, dueDay: dueDay)
                    let deadline = LedgerRules.deadline(of: month, dueDay: dueDay)
                    reminders.append(Reminder(
                        text: "\(plan.title)：\(month.label)督查台账" + (state == .returned ? "被退回，" : "") + (late ? "已逾期未报送（应于 \(deadline) 前）" : "待报送（\(deadline) 前）"),
                        path: PlanURL.ledger(plan.id, region.code, month.description).path, late: late))
                }
            }
            if plan.regionCode == region.code, let month = months.last {
                let late = try await overview(try await PlanStore(sql: platform.sql).record(plan, catalogue: platform.interfaces.catalogue), month: month).filter(\.late)
                if !late.isEmpty {
                    reminders.append(Reminder(text: "\(plan.title)：\(month.label)台账逾期未报送 \(late.count) 个（\(late.map(\.region.name).joined(separator: "、"))）",
                                              path: PlanURL.ledgers(plan.id).with(["month": month.description]), late: true))
                }
            }
        }
        return reminders.sorted { $0.late && !$1.late }
    }
}
