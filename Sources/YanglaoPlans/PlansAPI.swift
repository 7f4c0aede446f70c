import Foundation
import SQLKit
import Vapor
import YanglaoCore
import YanglaoPlatform

/// `/api/v1/plans`: the plans a caller sees, one plan with its tasks, indicators and breakdown,
/// the progress of a region in a month, and the breakdown's import.
enum PlansAPI {
    static func register(on api: any RoutesBuilder, platform: Platform) {
        let plans = api.grouped("plans")
        plans.get(access: .may(.readPlans)) { try await list($0, platform) }
        plans.get(":id", access: .may(.readPlans), record: PlanAccess.resolver) { try await one($0, platform) }
        plans.get(":id", "progress", access: .may(.readPlans), record: PlanAccess.resolver) { try await progress($0, platform) }
        plans.get(":id", "breakdowns", access: .may(.readPlans), record: PlanAccess.resolver) { try await versions($0, platform) }
        plans.post(":id", "breakdowns", "import", access: .may(.editPlans), record: PlanAccess.resolver,
                   maximumBody: platform.configuration.maximumUploadBytes) { try await importBreakdown($0, platform) }
    }

    static func summary(_ plan: Plan) -> JSONValue {
        [
            "id": .string(plan.id), "year": .number(plan.year), "title": .string(plan.title), "documentNumber": .string(plan.documentNumber),
            "regionCode": .string(plan.regionCode), "issuingBody": .string(plan.issuingBody),
            "issuedOn": plan.issuedOn.map { .string($0.description) } ?? .null, "reportDue": .string(plan.reportDue.description),
        ]
    }

    static func list(_ request: Request, _ platform: Platform) async throws -> Response {
        let user = try platform.user(of: request)
        var plans = try await PlanAccess.of(user, platform: platform).visiblePlans()
        if let text = request.queryText("year") {
            guard case let .success(year) = NumberKind.year.parseInteger(text) else { throw APIError.invalid("筛选条件有误", fields: ["year": "年度应为四位年份"]) }
            plans = plans.filter { $0.year == year }
        }
        return JSONValue.object(["items": .array(plans.map(summary)), "next": .null, "total": .number(plans.count)]).response()
    }

    static func one(_ request: Request, _ platform: Platform) async throws -> Response {
        let record = try request.resolved(PlanRecord.self)
        guard case var .object(fields) = summary(record.plan) else { return summary(record.plan).response() }
        fields["tasks"] = .array(record.tasks.map { task in
            ["id": .string(task.id), "section": .string(task.section), "number": .string(task.number), "title": .string(task.title),
             "body": .string(task.body), "responsible": .string(task.responsible), "deadline": task.deadline.map { .string($0.description) } ?? .null]
        })
        fields["indicators"] = .array(record.measured.map { indicator, definition in
            ["indicatorCode": .string(indicator.indicatorCode), "label": .string(indicator.label), "name": .string(definition.name),
             "unit": .string(definition.unit.rawValue), "direction": .string(definition.direction.rawValue),
             "measure": .string(definition.measure == .reported ? "reported" : "computed"), "target": indicator.target.map(JSONValue.double) ?? .null,
             "taskId": indicator.taskId.map(JSONValue.string) ?? .null, "inBreakdown": .bool(indicator.inBreakdown)]
        })
        fields["breakdown"] = record.breakdown.map(breakdownJSON) ?? .null
        return JSONValue.object(fields).response()
    }

    static func breakdownJSON(_ table: BreakdownTable) -> JSONValue {
        [
            "version": .number(table.breakdown.version), "source": .string(table.breakdown.source),
            "reason": table.breakdown.reason.map(JSONValue.string) ?? .null, "createdBy": .string(table.breakdown.createdBy),
            "createdAt": .string(table.breakdown.createdAt),
            "rows": .array(table.order.map { code in
                ["regionCode": .string(code), "targets": .object((table.targets[code] ?? [:]).mapValues(JSONValue.double))]
            }),
        ]
    }

    static func versions(_ request: Request, _ platform: Platform) async throws -> Response {
        let record = try request.resolved(PlanRecord.self)
        let store = PlanStore(sql: platform.sql)
        var items: [JSONValue] = []
        for breakdown in try await store.breakdowns(of: record.plan.id) { items.append(breakdownJSON(try await store.table(breakdown))) }
        return JSONValue.object(["items": .array(items), "next": .null, "total": .number(items.count)]).response()
    }

    /// The month asked for (`month=YYYY-MM`, within the plan's year), else the current month of the
    /// plan's year or its last month.
    static func month(_ request: Request, plan: Plan, today: LocalDate) throws -> YearMonth {
        if let text = request.queryText("month") {
            guard let month = YearMonth(parsing: text), month.year == plan.year else {
                throw APIError.invalid("月份有误", fields: ["month": "月份“\(text.prefix(20))”应为 \(plan.year) 年内的 YYYY-MM"])
            }
            return month
        }
        if today.year == plan.year { return YearMonth(today) }
        return YearMonth(year: plan.year, month: today.year < plan.year ? 1 : 12)!
    }

    static func progress(_ request: Request, _ platform: Platform) async throws -> Response {
        let record = try request.resolved(PlanRecord.self)
        let user = try platform.user(of: request)
        let region = try await PlanAccess.of(user, platform: platform).region(request.queryText("region"), of: record.plan, request: request)
        let month = try month(request, plan: record.plan, today: platform.clock.today)
        let table = try await PlanProgressQuery(platform: platform, caller: try platform.caller(request)).table(record, region: region, month: month)
        return progressJSON(table).response()
    }

    static func items(_ table: ProgressTable, _ row: ProgressTable.Row) -> JSONValue {
        .array(zip(table.columns, row.cells).map { column, cell in
            [
                "indicatorCode": .string(column.indicator.indicatorCode), "name": .string(column.indicator.label), "unit": .string(column.definition.unit.rawValue),
                "value": cell.value.map { .double(rounded($0)) } ?? .null, "target": cell.target.map(JSONValue.double) ?? .null,
                "completion": cell.progress.completion.map { .double(rounded($0 * 100)) } ?? .null,
                "status": cell.status.map { .string($0.rawValue) } ?? .null,
                "numerator": cell.inputs.map { .double($0.numerator) } ?? .null,
                "denominator": cell.inputs?.denominator.map(JSONValue.double) ?? .null,
            ]
        })
    }

    /// Two decimals: shares in per cent, completion in per cent.
    static func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }

    static func progressJSON(_ table: ProgressTable) -> JSONValue {
        [
            "planId": .string(table.plan.plan.id), "regionCode": .string(table.region.code), "regionName": .string(table.region.name),
            "month": .string(table.month.description), "date": table.date.map { .string($0.description) } ?? .null,
            "items": table.total.map { items(table, $0) } ?? .array([]),
            "rows": .array(table.rows.map { row in
                ["regionCode": .string(row.code), "name": .string(row.name), "kind": .string(row.kind.rawValue), "items": items(table, row)]
            }),
        ]
    }

    static func importBreakdown(_ request: Request, _ platform: Platform) async throws -> Response {
        let record = try request.resolved(PlanRecord.self)
        let user = try platform.user(of: request)
        guard try await PlanAccess.of(user, platform: platform).mayEdit(record.plan) else {
            throw APIError(.forbidden, code: "forbidden", message: "只有计划所属区划的管理员可以修改分解表")
        }
        let actor = AuditActor(user.account, ip: request.clientIP)
        let reason = request.queryText("reason")
        if let reason, let problem = TextLimit.problem(reason, limit: TextLimit.long) { throw APIError.invalid("理由有误", fields: ["reason": "理由" + problem]) }
        let importer = BreakdownImport(plan: record, actor: actor, reason: reason, source: "接口导入", today: platform.clock.today)
        return try await ImportFlow.apiResponse(importer, request, platform: platform, actor: actor)
    }
}
