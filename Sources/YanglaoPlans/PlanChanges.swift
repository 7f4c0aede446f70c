import Foundation
import Plot
import Vapor
import YanglaoCore
import YanglaoPlatform

/// Changing a plan once entered: its header and its indicators' plan-wide targets (the regions'
/// targets change through the breakdown, in versions). Only the plan's own bureau.
extension PlanEditor {
    struct Change: Sendable {
        var title: String?
        var documentNumber: String?
        var issuingBody: String?
        var issuedOn: LocalDate??
        var reportDue: LocalDate?
        var targets: [String: Double?] = [:]
        var problems: [String: String] = [:]
    }

    static func registerChanges(pages: any RoutesBuilder, api: any RoutesBuilder, platform: Platform) {
        pages.get(PlanURL.planEdit(.idKey), access: .may(.editPlans), record: PlanAccess.resolver) { try await editForm($0, platform) }
        pages.post(PlanURL.planEdit(.idKey), access: .may(.editPlans), record: PlanAccess.resolver) { try await editSubmit($0, platform) }
        api.grouped("plans").patch(":id", access: .may(.editPlans), record: PlanAccess.resolver) { try await patch($0, platform) }
    }

    static func update(_ record: PlanRecord, change: Change, platform: Platform, caller: Caller) async throws -> Plan {
        guard try await PlanAccess(platform: platform, user: caller.user, root: nil).mayEdit(record.plan) else {
            throw APIError(.forbidden, code: "forbidden", message: "只有计划所属区划的管理员可以修改计划")
        }
        var plan = record.plan
        if let value = change.title { plan.title = value }
        if let value = change.documentNumber { plan.documentNumber = value }
        if let value = change.issuingBody { plan.issuingBody = value }
        if let value = change.issuedOn { plan.issuedOn = value }
        if let value = change.reportDue { plan.reportDue = value }
        var problems = change.problems
        for code in change.targets.keys where !record.indicators.contains(where: { $0.indicatorCode == code }) {
            problems["targets.\(code.prefix(40))"] = "本计划没有指标“\(code.prefix(40))”"
        }
        let indicators = record.indicators.map { indicator in
            PlanRules.Indicator(code: indicator.indicatorCode, label: indicator.label, target: change.targets[indicator.indicatorCode] ?? indicator.target,
                                task: record.task(indicator.taskId)?.number, inBreakdown: indicator.inBreakdown)
        }
        let tasks = record.tasks.map { PlanRules.Task(section: $0.section, number: $0.number, title: $0.title, body: $0.body, responsible: $0.responsible, deadline: $0.deadline) }
        problems.merge(PlanRules.problems(year: plan.year, title: plan.title, documentNumber: plan.documentNumber, issuingBody: plan.issuingBody,
                                          reportDue: plan.reportDue, tasks: tasks, indicators: indicators,
                                          catalogue: platform.interfaces.catalogue)) { first, _ in first }
        guard problems.isEmpty else { throw APIError.invalid("计划内容有误，未保存", fields: problems) }
        plan.updatedAt = platform.clock.timestamp
        let changed = plan
        let targets = change.targets
        try await platform.writer.write { sql in
            try await PlanStore(sql: sql).update(changed, targets: targets)
            try await AuditLog.record(on: sql, actor: caller.actor, action: "plan.update", entityType: "plan", entityID: changed.id,
                                      before: auditJSONString(record.plan), after: auditJSONString(changed))
        }
        return changed
    }

    static func patch(_ request: Request, _ platform: Platform) async throws -> Response {
        let record = try request.resolved(PlanRecord.self)
        let fields = try request.jsonObject()
        var change = Change()
        let known: Set<String> = ["title", "documentNumber", "issuingBody", "issuedOn", "reportDue", "targets"]
        for key in fields.keys where !known.contains(key) { change.problems[key] = "未知字段“\(key.prefix(40))”" }
        for key in ["title", "documentNumber", "issuingBody"] {
            guard let value = fields[key] else { continue }
            guard let text = value.text(as: .text) else { change.problems[key] = "应为文本"; continue }
            switch key {
            case "title": change.title = text
            case "documentNumber": change.documentNumber = text
            default: change.issuingBody = text
            }
        }
        if let value = fields["issuedOn"] {
            let text = value.text(as: .text) ?? "?"
            if text.isEmpty { change.issuedOn = .some(nil) } else if let date = LocalDate(parsing: text) { change.issuedOn = date } else { change.problems["issuedOn"] = "日期应为 YYYY-MM-DD" }
        }
        if let value = fields["reportDue"] {
            if let date = value.text(as: .text).flatMap(LocalDate.init(parsing:)) { change.reportDue = date } else { change.problems["reportDue"] = "日期应为 YYYY-MM-DD" }
        }
        if let value = fields["targets"] {
            guard case let .object(targets) = value else { throw APIError.invalid("targets 应为对象", fields: ["targets": "应为以指标代码为键的对象"]) }
            for (code, raw) in targets {
                if raw == .null { change.targets[code] = .some(nil); continue }
                switch raw.text(as: .number).map({ targetKind.parse($0) }) {
                case let .success(target)?: change.targets[code] = target
                case let .failure(problem)?: change.problems["targets.\(code.prefix(40))"] = problem.message("目标", raw.text)
                case nil: change.problems["targets.\(code.prefix(40))"] = "目标应为数字或 null"
                }
            }
        }
        let plan = try await update(record, change: change, platform: platform, caller: try platform.caller(request))
        return PlansAPI.summary(plan).response()
    }

    static func editForm(_ request: Request, _ platform: Platform, values: [String: String] = [:], problems: [String: String] = [:]) async throws -> Response {
        let record = try request.resolved(PlanRecord.self)
        let context = try await PageContext.make(request, platform)
        let plan = record.plan
        let value = { (key: String, fallback: String) in values[key] ?? fallback }
        let content: Node<HTML.BodyContext> = .group(
            Components.notice(problems.isEmpty ? nil : "计划内容有误，未保存：" + problems.sorted { $0.key < $1.key }.map(\.value).joined(separator: "；"), kind: "error"),
            .form(
                .class("card"), .action(escaping: PlanURL.planEdit(plan.id).path), .method(.post),
                Layout.csrfField(context.csrf),
                Components.field("标题", name: "title", value: value("title", plan.title), required: true, error: problems["title"]),
                Components.field("文号", name: "documentNumber", value: value("documentNumber", plan.documentNumber), error: problems["documentNumber"]),
                Components.field("发文单位", name: "issuingBody", value: value("issuingBody", plan.issuingBody), required: true, error: problems["issuingBody"]),
                Components.field("印发日期", name: "issuedOn", value: value("issuedOn", plan.issuedOn?.description ?? ""), type: .date, error: problems["issuedOn"]),
                Components.field("总结报送期限", name: "reportDue", value: value("reportDue", plan.reportDue.description), type: .date, required: true,
                                 error: problems["reportDue"]),
                .h2(.text("全区目标")),
                .forEach(record.measured) { indicator, definition in
                    Components.field("\(indicator.label)（\(definition.unit.rawValue)，\(definition.direction.rawValue)）", name: "target.\(indicator.indicatorCode)",
                                     value: value("target.\(indicator.indicatorCode)", indicator.target.map { ProgressTableView.number($0, unit: .units) } ?? ""),
                                     error: problems["targets.\(indicator.indicatorCode)"], hint: "空白为以分解表合计为目标")
                },
                .button(.type(.submit), .text("保存"))
            ),
            .p(.a(.href(escaping: PlanURL.plan(plan.id).path), .text("返回计划")))
        )
        return Layout.response(Layout.document(title: "修改计划：\(plan.title)", context: context, content), status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    static func editSubmit(_ request: Request, _ platform: Platform) async throws -> Response {
        let record = try request.resolved(PlanRecord.self)
        let form = try request.content.decode([String: String].self)
        var change = Change(title: form["title"]?.trimmingWhitespace(), documentNumber: form["documentNumber"]?.trimmingWhitespace(),
                            issuingBody: form["issuingBody"]?.trimmingWhitespace())
        for (key, label) in [("issuedOn", "印发日期"), ("reportDue", "总结报送期限")] {
            let text = form[key]?.trimmingWhitespace() ?? ""
            if text.isEmpty { if key == "issuedOn" { change.issuedOn = .some(nil) } else { change.problems[key] = "请填写\(label)" }; continue }
            guard let date = LocalDate(parsing: text) else { change.problems[key] = "\(label)应为 YYYY-MM-DD"; continue }
            if key == "issuedOn" { change.issuedOn = date } else { change.reportDue = date }
        }
        for (indicator, definition) in record.measured {
            let text = form["target.\(indicator.indicatorCode)"]?.trimmingWhitespace() ?? ""
            switch BreakdownRules.parseTarget(text, indicator: definition, label: indicator.label) {
            case .blank: change.targets[indicator.indicatorCode] = .some(nil)
            case let .target(value): change.targets[indicator.indicatorCode] = value
            case let .invalid(message): change.problems["targets.\(indicator.indicatorCode)"] = message
            }
        }
        do {
            _ = try await update(record, change: change, platform: platform, caller: try platform.caller(request))
            return request.redirect(toPath: PlanURL.plan(record.plan.id).path)
        } catch let error as APIError where error.status == .unprocessableEntity {
            return try await editForm(request, platform, values: form, problems: error.fields)
        }
    }
}
