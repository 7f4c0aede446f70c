import Foundation
import Plot
import Vapor
import YanglaoCore
import YanglaoPlatform

/// Entering a bureau's own plan: its header, its sections and numbered tasks, and the indicators it
/// sets from the catalogue with their targets — on a page (`/plans/new`) and through
/// `POST /api/v1/plans`, checked by `PlanRules`, written with its audit entry in one transaction.
enum PlanEditor {
    struct Input: Sendable {
        var regionCode = ""
        var year = 0
        var title = ""
        var documentNumber = ""
        var issuingBody = ""
        var issuedOn: LocalDate?
        var reportDue: LocalDate?
        var tasks: [PlanRules.Task] = []
        var indicators: [PlanRules.Indicator] = []
        /// What could not be read at all (a date, a number), named with the rules' own problems.
        var problems: [String: String] = [:]
    }

    /// A target as the API takes it (a share in per cent, a count whole: `PlanRules` tells them apart).
    static let targetKind = NumberKind(range: 0...10_000_000, integral: false, fractionDigits: 2, described: "0 至 10000000 之间的数")

    static func register(pages: any RoutesBuilder, api: any RoutesBuilder, platform: Platform) {
        pages.get(PlanURL.planNew, access: .may(.editPlans)) { try await form($0, platform) }
        pages.post(PlanURL.planNew, access: .may(.editPlans)) { try await submit($0, platform) }
        api.grouped("plans").post(access: .may(.editPlans)) { try await create($0, platform) }
    }

    /// Checks and writes a plan; the region must be in the caller's scope.
    static func save(_ input: Input, platform: Platform, caller: Caller) async throws -> Plan {
        var problems = input.problems.merging(PlanRules.problems(
            year: input.year, title: input.title, documentNumber: input.documentNumber, issuingBody: input.issuingBody,
            reportDue: input.reportDue, tasks: input.tasks, indicators: input.indicators,
            catalogue: platform.interfaces.catalogue)) { first, _ in first }
        let region = try await RegionStore(sql: platform.sql).find(input.regionCode)
        if region.map(caller.user.scope.contains) != true { problems["regionCode"] = "区划“\(input.regionCode.prefix(20))”不存在或不在管辖范围内" }
        guard problems.isEmpty else { throw APIError.invalid("计划内容有误，未保存", fields: problems) }
        let now = platform.clock.timestamp
        let plan = Plan(id: UUID().uuidString.lowercased(), regionCode: input.regionCode, year: input.year, title: input.title,
                        documentNumber: input.documentNumber, issuingBody: input.issuingBody, issuedOn: input.issuedOn,
                        reportDue: input.reportDue ?? YearReportRules.defaultDue(year: input.year), createdAt: now, updatedAt: now)
        let tasks = input.tasks.enumerated().map { index, task in
            PlanTask(id: UUID().uuidString.lowercased(), planId: plan.id, position: index + 1, section: task.section, number: task.number,
                     title: task.title, body: task.body, responsible: task.responsible, deadline: task.deadline)
        }
        let indicators = input.indicators.enumerated().map { index, indicator in
            PlanIndicator(planId: plan.id, indicatorCode: indicator.code, position: index + 1,
                          label: indicator.label.isEmpty ? platform.interfaces.catalogue.named(indicator.code)?.name ?? indicator.code : indicator.label,
                          target: indicator.target, taskId: indicator.task.flatMap { number in tasks.first { $0.number == number }?.id },
                          inBreakdown: indicator.inBreakdown)
        }
        try await platform.writer.write { sql in
            try await PlanStore(sql: sql).insert(plan, tasks: tasks, indicators: indicators)
            try await AuditLog.record(on: sql, actor: caller.actor, action: "plan.create", entityType: "plan", entityID: plan.id,
                                      after: auditJSONString(plan))
        }
        return plan
    }

    // MARK: API

    static func create(_ request: Request, _ platform: Platform) async throws -> Response {
        let fields = try request.jsonObject()
        var input = Input()
        var problems: [String: String] = [:]
        let known: Set<String> = ["regionCode", "year", "title", "documentNumber", "issuingBody", "issuedOn", "reportDue", "tasks", "indicators"]
        for key in fields.keys where !known.contains(key) { problems[key] = "未知字段“\(key.prefix(40))”" }
        func text(_ key: String, in object: [String: InputValue] = fields, at path: String? = nil) -> String {
            guard let value = object[key] else { return "" }
            guard let text = value.text(as: .text) else { problems[path ?? key] = "应为文本"; return "" }
            return text
        }
        func date(_ key: String, in object: [String: InputValue] = fields, at path: String? = nil) -> LocalDate? {
            let value = text(key, in: object, at: path)
            guard !value.isEmpty else { return nil }
            guard let date = LocalDate(parsing: value) else { problems[path ?? key] = "日期应为 YYYY-MM-DD"; return nil }
            return date
        }
        input.regionCode = text("regionCode")
        switch fields["year"].flatMap({ $0.text(as: .number) }).map({ NumberKind.year.parseInteger($0) }) {
        case let .success(year)?: input.year = year
        default: problems["year"] = "年度应为四位年份"
        }
        input.title = text("title")
        input.documentNumber = text("documentNumber")
        input.issuingBody = text("issuingBody")
        input.issuedOn = date("issuedOn")
        input.reportDue = date("reportDue")
        if case let .array(tasks)? = fields["tasks"] {
            for (index, value) in tasks.prefix(200).enumerated() {
                guard case let .object(task) = value else { problems["tasks[\(index)]"] = "应为对象"; continue }
                let path = { (key: String) in "tasks[\(index)].\(key)" }
                input.tasks.append(PlanRules.Task(
                    section: text("section", in: task, at: path("section")), number: text("number", in: task, at: path("number")),
                    title: text("title", in: task, at: path("title")), body: text("body", in: task, at: path("body")),
                    responsible: text("responsible", in: task, at: path("responsible")), deadline: date("deadline", in: task, at: path("deadline"))))
            }
        } else if fields["tasks"] != nil { problems["tasks"] = "应为数组" }
        if case let .array(indicators)? = fields["indicators"] {
            for (index, value) in indicators.prefix(100).enumerated() {
                guard case let .object(indicator) = value else { problems["indicators[\(index)]"] = "应为对象"; continue }
                var target: Double?
                if let raw = indicator["target"], raw != .null {
                    switch raw.text(as: .number).map({ targetKind.parse($0) }) {
                    case let .success(value)?: target = value
                    case let .failure(problem)?: problems["indicators[\(index)].target"] = problem.message("目标", raw.text)
                    case nil: problems["indicators[\(index)].target"] = "目标应为数字"
                    }
                }
                guard case let .bool(inBreakdown) = indicator["inBreakdown"] ?? .bool(false) else {
                    problems["indicators[\(index)].inBreakdown"] = "应为 true 或 false"; continue
                }
                let task = PlanRules.taskNumber(text("task", in: indicator, at: "indicators[\(index)].task"))
                input.indicators.append(PlanRules.Indicator(code: text("indicatorCode", in: indicator, at: "indicators[\(index)].indicatorCode"),
                                                            label: text("label", in: indicator, at: "indicators[\(index)].label"),
                                                            target: target, task: task.isEmpty ? nil : task, inBreakdown: inBreakdown))
            }
        } else if fields["indicators"] != nil { problems["indicators"] = "应为数组" }
        input.problems = problems
        let plan = try await save(input, platform: platform, caller: try platform.caller(request))
        return PlansAPI.summary(plan).response(status: .created)
    }

    // MARK: Page

    static func form(_ request: Request, _ platform: Platform, values: [String: String] = [:], problems: [String: String] = [:]) async throws -> Response {
        let context = try await PageContext.make(request, platform)
        let today = platform.clock.today
        let value = { (key: String, fallback: String) in values[key] ?? fallback }
        let example = "一、巩固居家社区养老基础地位\n（二）完善社区养老服务设施功能｜镇级居家养老服务中心建设全覆盖｜各镇、街道｜\(today.year)-12-31"
        let content: Node<HTML.BodyContext> = .group(
            Components.notice(problems.isEmpty ? nil : "计划内容有误，未保存：" + problems.sorted { $0.key < $1.key }.map(\.value).joined(separator: "；"), kind: "error"),
            .form(
                .class("card"), .action(escaping: PlanURL.planNew.path), .method(.post),
                Layout.csrfField(context.csrf),
                Components.select("所属区划", name: "regionCode", options: context.regions.map { ($0.code, String(repeating: "　", count: $0.depth) + $0.name) },
                                  selected: value("regionCode", context.currentRegion ?? context.regions.first?.code ?? ""), error: problems["regionCode"]),
                Components.field("年度", name: "year", value: value("year", String(today.year)), required: true, error: problems["year"]),
                Components.field("标题", name: "title", value: value("title", ""), required: true, error: problems["title"]),
                Components.field("文号", name: "documentNumber", value: value("documentNumber", ""), error: problems["documentNumber"], hint: "如 海民〔\(today.year)〕26号"),
                Components.field("发文单位", name: "issuingBody", value: value("issuingBody", ""), required: true, error: problems["issuingBody"]),
                Components.field("印发日期", name: "issuedOn", value: value("issuedOn", ""), type: .date, error: problems["issuedOn"]),
                Components.field("总结报送期限", name: "reportDue", value: value("reportDue", ""), type: .date, error: problems["reportDue"],
                                 hint: "不填为当年12月15日"),
                .div(.class("field"), .label(.for("f-tasks"), .text("部分与任务（每行一项）")),
                     .textarea(.id("f-tasks"), .name("tasks"), .attribute(named: "rows", value: "10"), .attribute(named: "placeholder", escaping: example),
                               .text(value("tasks", ""))),
                     .small(.class("hint"), .text("“一、……”为部分标题；任务行为“（一）标题｜内容｜责任单位｜期限”，标题后各项可省略。")),
                     .unwrap(problems["tasks"]) { .p(.class("error"), .text($0)) }),
                .h2(.text("指标与目标")),
                .table(.class("cards"), .thead(.tr(.th(.text("选用")), .th(.text("指标")), .th(.text("单位")), .th(.text("目标")), .th(.text("所属任务序号")), .th(.text("列入分解表")))),
                       .tbody(.forEach(platform.interfaces.catalogue.all) { indicator in
                           let key = indicator.code
                           return .tr(
                               .td(.input(.type(.checkbox), .name("use.\(key)"), .value(escaping: "1"), .attribute(named: "aria-label", escaping: "选用 \(indicator.name)"),
                                          .attribute(named: "checked", escaping: values["use.\(key)"] != nil ? "checked" : nil))),
                               .td(.text(indicator.name), .unwrap(problems["indicators.\(key)"]) { .p(.class("error"), .text($0)) }),
                               .td(.text(indicator.unit.rawValue)),
                               .td(.input(.type(.text), .name("target.\(key)"), .value(escaping: values["target.\(key)"] ?? ""), .class("cell-input"),
                                          .attribute(named: "aria-label", escaping: "\(indicator.name) 目标"))),
                               .td(.input(.type(.text), .name("task.\(key)"), .value(escaping: values["task.\(key)"] ?? ""), .class("cell-input"),
                                          .attribute(named: "aria-label", escaping: "\(indicator.name) 所属任务"))),
                               .td(.input(.type(.checkbox), .name("breakdown.\(key)"), .value(escaping: "1"),
                                          .attribute(named: "aria-label", escaping: "\(indicator.name) 列入分解表"),
                                          .attribute(named: "checked", escaping: values["breakdown.\(key)"] != nil ? "checked" : nil)))
                           )
                       })),
                .button(.type(.submit), .text("保存计划"))
            )
        )
        return Layout.response(Layout.document(title: "新建工作计划", context: context, content), status: problems.isEmpty ? .ok : .unprocessableEntity)
    }

    static func submit(_ request: Request, _ platform: Platform) async throws -> Response {
        let form = try request.content.decode([String: String].self)
        var input = Input()
        var problems: [String: String] = [:]
        input.regionCode = form["regionCode"] ?? ""
        switch NumberKind.year.parseInteger(form["year"] ?? "") {
        case let .success(year): input.year = year
        case let .failure(problem): problems["year"] = problem.message("年度", form["year"] ?? "")
        }
        input.title = (form["title"] ?? "").trimmingWhitespace()
        input.documentNumber = (form["documentNumber"] ?? "").trimmingWhitespace()
        input.issuingBody = (form["issuingBody"] ?? "").trimmingWhitespace()
        for (key, label) in [("issuedOn", "印发日期"), ("reportDue", "总结报送期限")] {
            guard let text = form[key]?.trimmingWhitespace(), !text.isEmpty else { continue }
            guard let date = LocalDate(parsing: text) else { problems[key] = "\(label)应为 YYYY-MM-DD"; continue }
            if key == "issuedOn" { input.issuedOn = date } else { input.reportDue = date }
        }
        let parsed = PlanRules.parseTasks(form["tasks"] ?? "")
        input.tasks = parsed.tasks
        if !parsed.problems.isEmpty { problems["tasks"] = parsed.problems.sorted { $0.key < $1.key }.map(\.value).joined(separator: "；") }
        for indicator in platform.interfaces.catalogue.all where form["use.\(indicator.code)"] != nil {
            var target: Double?
            if let text = form["target.\(indicator.code)"]?.trimmingWhitespace(), !text.isEmpty {
                switch BreakdownRules.parseTarget(text, indicator: indicator, label: indicator.name) {
                case let .target(value): target = value
                case let .invalid(message): problems["indicators.\(indicator.code)"] = message
                case .blank: break
                }
            }
            let task = PlanRules.taskNumber(form["task.\(indicator.code)"] ?? "")
            input.indicators.append(PlanRules.Indicator(code: indicator.code, label: indicator.name, target: target,
                                                        task: task.isEmpty ? nil : task, inBreakdown: form["breakdown.\(indicator.code)"] != nil))
        }
        input.problems = problems
        do {
            let plan = try await save(input, platform: platform, caller: try platform.caller(request))
            return request.redirect(toPath: PlanURL.plan(plan.id).path)
        } catch let error as APIError where error.status == .unprocessableEntity {
            return try await Self.form(request, platform, values: form, problems: error.fields)
        }
    }
}
