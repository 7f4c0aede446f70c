import Foundation
import Vapor
import YanglaoCore
import YanglaoPlatform

/// `/api/v1/plans/{id}/ledgers`: the month's ledgers of the regions below the plan's, one ledger
/// (read, change), its workflow (submit, approve, return, unlock), and 督办.
enum LedgersAPI {
    static func register(on api: any RoutesBuilder, platform: Platform) {
        let plans = api.grouped("plans")
        plans.get(":id", "ledgers", access: .may(.readPlans), record: PlanAccess.resolver) { try await list($0, platform) }
        plans.get(":id", "ledgers", ":region", ":month", access: .may(.readPlans), record: PlanAccess.resolver) { try await one($0, platform) }
        plans.patch(":id", "ledgers", ":region", ":month", access: .may(.reportProgress), record: PlanAccess.resolver) { try await save($0, platform) }
        plans.post(":id", "ledgers", ":region", ":month", "submit", access: .may(.reportProgress), record: PlanAccess.resolver) {
            try await act(.submit, $0, platform)
        }
        for action in [LedgerAction.approve, .return, .unlock] {
            plans.post(":id", "ledgers", ":region", ":month", PathComponent(stringLiteral: action.rawValue), access: .may(.reviewLedgers),
                       record: PlanAccess.resolver) { try await act(action, $0, platform) }
        }
        plans.post(":id", "urgings", access: .may(.reviewLedgers), record: PlanAccess.resolver) { try await urge($0, platform) }
    }

    static func service(_ request: Request, _ platform: Platform) throws -> LedgerService {
        LedgerService(platform: platform, caller: try platform.caller(request))
    }

    /// The plan, region and month of a `/ledgers/:region/:month` route.
    static func place(_ request: Request, _ service: LedgerService) async throws -> (PlanRecord, StoredRegion, YearMonth) {
        let record = try request.resolved(PlanRecord.self)
        let region = try await service.region(request.parameters.get("region") ?? "", of: record.plan)
        let month = try service.month(request.parameters.get("month") ?? "", of: record.plan)
        return (record, region, month)
    }

    static func list(_ request: Request, _ platform: Platform) async throws -> Response {
        let service = try service(request, platform)
        let record = try request.resolved(PlanRecord.self)
        let month = try service.month(request.queryText("month") ?? YearMonth(min(platform.clock.today, LocalDate(year: record.plan.year, month: 12, day: 31)!)).description,
                                      of: record.plan)
        let rows = try await service.overview(record, month: month)
        let items: [JSONValue] = rows.map { row in
            [
                "regionCode": .string(row.region.code), "regionName": .string(row.region.name), "period": .string(month.description),
                "state": .string((row.ledger?.state ?? .draft).rawValue), "late": .bool(row.late),
                "deadline": .string(LedgerRules.deadline(of: month, dueDay: service.dueDay).description),
                "submittedAt": row.ledger?.submittedAt.map(JSONValue.string) ?? .null,
            ]
        }
        return JSONValue.object(["items": .array(items), "next": .null, "total": .number(items.count)]).response()
    }

    static func json(_ view: LedgerService.View) -> JSONValue {
        [
            "regionCode": .string(view.region.code), "regionName": .string(view.region.name), "period": .string(view.month.description),
            "state": .string(view.ledger.state.rawValue), "late": .bool(view.late), "deadline": .string(view.deadline.description),
            "frozen": .bool(view.frozen), "reason": view.ledger.reason.map(JSONValue.string) ?? .null,
            "answer": view.ledger.answer.map(JSONValue.string) ?? .null,
            "submittedAt": view.ledger.submittedAt.map(JSONValue.string) ?? .null,
            "figures": .array(view.figures.map { figure in
                [
                    "indicatorCode": .string(figure.column.indicator.indicatorCode), "name": .string(figure.column.indicator.label),
                    "unit": .string(figure.column.definition.unit.rawValue), "value": figure.value.map { .double(PlansAPI.rounded($0)) } ?? .null,
                    "target": figure.target.map(JSONValue.double) ?? .null, "status": figure.status.map { .string($0.rawValue) } ?? .null,
                    "numerator": figure.inputs.map { .double($0.numerator) } ?? .null,
                    "denominator": figure.inputs?.denominator.map(JSONValue.double) ?? .null,
                    "measure": .string(figure.column.definition.measure.formula(for: view.month) == nil ? "reported" : "computed"),
                ]
            }),
            "notes": .array(view.plan.tasks.compactMap { task in
                view.notes[task.id].map { note in
                    ["taskId": .string(task.id), "progress": .string(note.progress), "problems": .string(note.problems), "nextSteps": .string(note.nextSteps)]
                }
            }),
            "events": .array(view.events.map { event in
                ["action": .string(event.action), "state": .string(event.state.rawValue), "reason": event.reason.map(JSONValue.string) ?? .null,
                 "actor": .string(event.actorName), "at": .string(event.at)]
            }),
            "urgings": .array(view.urgings.map(urgingJSON)),
        ]
    }

    static func urgingJSON(_ urging: Urging) -> JSONValue {
        ["id": .string(urging.id), "regionCode": .string(urging.regionCode), "message": .string(urging.message), "deadline": .string(urging.deadline.description),
         "createdBy": .string(urging.createdByName), "createdAt": .string(urging.createdAt), "answered": .bool(urging.answeredLedgerId != nil)]
    }

    static func one(_ request: Request, _ platform: Platform) async throws -> Response {
        let service = try service(request, platform)
        let (record, region, month) = try await place(request, service)
        return json(try await service.view(record, region: region, month: month)).response()
    }

    /// `{"notes": {taskId: {"progress","problems","nextSteps"}}, "reported": {code: {"value","denominator"} | null}, "answer"}`.
    static func input(_ fields: [String: InputValue], catalogue: IndicatorCatalogue) throws -> LedgerService.Input {
        var input = LedgerService.Input()
        var errors: [String: String] = [:]
        for key in fields.keys where !["notes", "reported", "answer"].contains(key) { errors[key] = "未知字段“\(key.prefix(40))”" }
        if let notes = fields["notes"] {
            guard case let .object(byTask) = notes else { throw APIError.invalid("notes 应为对象", fields: ["notes": "应为以任务 id 为键的对象"]) }
            for (task, value) in byTask {
                guard case let .object(note) = value else { errors["notes.\(task.prefix(40))"] = "应为对象"; continue }
                for (key, _) in note where !["progress", "problems", "nextSteps"].contains(key) { errors["notes.\(task.prefix(40)).\(key.prefix(40))"] = "未知字段" }
                let text = { (key: String) -> String in
                    guard let value = note[key] else { return "" }
                    guard let text = value.text(as: .text) else { errors["notes.\(task.prefix(40)).\(key)"] = "应为文本"; return "" }
                    return text
                }
                input.notes[task] = .init(progress: text("progress"), problems: text("problems"), nextSteps: text("nextSteps"))
            }
        }
        if let reported = fields["reported"] {
            guard case let .object(byCode) = reported else { throw APIError.invalid("reported 应为对象", fields: ["reported": "应为以指标代码为键的对象"]) }
            for (code, value) in byCode {
                switch value {
                case .null: input.reported[code] = .some(nil)
                case let .object(entry):
                    let name = catalogue.named(code)?.name ?? "数值"
                    let parsed = (number(entry["value"], label: name), number(entry["denominator"], label: name + "的分母"))
                    switch parsed {
                    case let (.success(value?), .success(denominator)): input.reported[code] = (value, denominator)
                    case (.success(nil), _): errors["reported.\(code.prefix(40))"] = "请填写数值"
                    case let (.failure(message), _), let (_, .failure(message)): errors["reported.\(code.prefix(40))"] = message
                    }
                default: errors["reported.\(code.prefix(40))"] = "应为 {\"value\": 数值, \"denominator\": 分母} 或 null"
                }
            }
        }
        if let answer = fields["answer"] {
            guard let text = answer.text(as: .text) else { throw APIError.invalid("answer 应为文本", fields: ["answer": "应为文本"]) }
            input.answer = text
        }
        input.problems = errors
        return input
    }

    enum Parsed { case success(Double?), failure(String) }

    /// A count as the ledgers take it: a whole number from 0 to 10⁷.
    static func number(_ value: InputValue?, label: String = "数值") -> Parsed {
        guard let value, value != .null else { return .success(nil) }
        guard let text = value.text(as: .number) else { return .failure("应为数字") }
        if text.isEmpty { return .success(nil) }
        switch NumberKind.count.parse(text) {
        case let .success(number): return .success(number)
        case let .failure(problem): return .failure(problem.message(label, text))
        }
    }

    static func save(_ request: Request, _ platform: Platform) async throws -> Response {
        let service = try service(request, platform)
        let (record, region, month) = try await place(request, service)
        try await service.save(record, region: region, month: month, input: try input(try request.jsonObject(), catalogue: platform.interfaces.catalogue))
        return json(try await service.view(record, region: region, month: month)).response()
    }

    static func act(_ action: LedgerAction, _ request: Request, _ platform: Platform) async throws -> Response {
        let service = try service(request, platform)
        let (record, region, month) = try await place(request, service)
        var reason: String?
        if action == .return || action == .unlock {
            let fields = try request.jsonObject()
            guard let text = fields["reason"]?.text(as: .text) else { throw APIError.invalid("理由有误", fields: ["reason": "应为文本"]) }
            reason = text
        }
        try await service.act(action, plan: record, region: region, month: month, reason: reason)
        return json(try await service.view(record, region: region, month: month)).response()
    }

    static func urge(_ request: Request, _ platform: Platform) async throws -> Response {
        let service = try service(request, platform)
        let record = try request.resolved(PlanRecord.self)
        let fields = try request.jsonObject()
        let region = try await service.region(fields["regionCode"]?.text ?? "", of: record.plan)
        let deadline = fields["deadline"].flatMap { LocalDate(parsing: $0.text) }
        let urging = try await service.urge(record, region: region, message: fields["message"]?.text(as: .text) ?? "", deadline: deadline)
        return urgingJSON(urging).response(status: .created)
    }
}
