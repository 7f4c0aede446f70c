import Foundation
import Plot
import Vapor
import YanglaoCore
import YanglaoPlatform

/// 督查台账 pages: the month's ledgers of the regions below (who is late, 督办), and one ledger —
/// filled in and submitted by its region, approved (locked) or returned by the level above.
enum LedgerPages {
    static let attachmentKinds = ["工作照片", "会议纪要", "文件材料", "其他"]

    static func register(on pages: any RoutesBuilder, platform: Platform) {
        let plan = PlanAccess.resolver
        pages.get(PlanURL.ledgers(.idKey), access: .may(.readPlans), record: plan) { try await list($0, platform) }
        pages.get(PlanURL.ledger(.idKey, ":region", ":month"), access: .may(.readPlans), record: plan) { try await show($0, platform) }
        pages.post(PlanURL.ledger(.idKey, ":region", ":month"), access: .may(.reportProgress), record: plan) { try await save($0, platform) }
        pages.post(PlanURL.ledgerReview(.idKey, ":region", ":month"), access: .may(.reviewLedgers), record: plan) { try await review($0, platform) }
        pages.post(PlanURL.ledgerAttachments(.idKey, ":region", ":month"), access: .may(.reportProgress), record: plan,
                   maximumBody: BodyLimit.attachment) { try await attach($0, platform) }
        pages.get(PlanURL.ledgerAttachment(.idKey, ":region", ":month", ":file"), access: .may(.readPlans), record: plan) { try await download($0, platform) }
        pages.post(PlanURL.urgings(.idKey), access: .may(.reviewLedgers), record: plan) { try await urge($0, platform) }
    }

    static func month(_ request: Request, _ service: LedgerService, plan: Plan) throws -> YearMonth {
        let fallback = YearMonth(min(service.today, LocalDate(year: plan.year, month: 12, day: 31)!))
        return try service.month(request.queryText("month") ?? fallback.description, of: plan)
    }

    static func list(_ request: Request, _ platform: Platform) async throws -> Response {
        let service = try LedgersAPI.service(request, platform)
        let record = try request.resolved(PlanRecord.self)
        let month = try month(request, service, plan: record.plan)
        let rows = try await service.overview(record, month: month)
        let reviewer = Action.reviewLedgers.isAllowed(for: service.caller.user.account.role) && rows.contains { service.standing($0.region) == .above }
        let months = (1...12).compactMap { YearMonth(year: record.plan.year, month: $0) }.filter { $0.firstDay <= service.today }
        let context = try await PageContext.make(request, platform)
        let late = rows.filter(\.late)
        let content: Node<HTML.BodyContext> = .group(
            .p(.a(.href(escaping: PlanURL.plan(record.plan.id).path), .text("← \(record.plan.title)"))),
            .form(.class("filters"), .action(escaping: PlanURL.ledgers(record.plan.id).path), .method(.get),
                  Components.select("月份", name: "month", options: months.map { ($0.description, $0.label) }, selected: month.description),
                  .button(.type(.submit), .text("查看"))),
            .p(.text("\(month.label)台账应于 \(LedgerRules.deadline(of: month, dueDay: service.dueDay).description) 前报送。")),
            Components.notice(late.isEmpty ? nil : "逾期未报送：" + late.map(\.region.name).joined(separator: "、"), kind: "error"),
            Components.table(["区划", "状态", "报送时间", "审核", "逾期"], rows.map { row in
                let state = row.ledger?.state ?? .draft
                return [
                    .a(.href(escaping: PlanURL.ledger(record.plan.id, row.region.code, month.description).path), .text(row.region.name)),
                    .span(.class("chip ledger-\(state.key)"), .text(row.ledger == nil ? "未填报" : state.rawValue)),
                    .text(row.ledger?.submittedAt.map { String($0.prefix(16)).replacingOccurrences(of: "T", with: " ") } ?? ""),
                    .text(row.ledger?.reviewedByName ?? ""),
                    row.late ? .span(.class("bad"), .text("逾期")) : .text(""),
                ]
            }, empty: "没有需要报送台账的下级区划"),
            .if(reviewer, urgingForm(record, rows: rows.filter { service.standing($0.region) == .above }.map(\.region), csrf: context.csrf))
        )
        return Layout.response(Layout.document(title: "督查台账 · \(month.label)", context: context, content))
    }

    static func urgingForm(_ record: PlanRecord, rows: [StoredRegion], csrf: String) -> Node<HTML.BodyContext> {
        .form(
            .class("card"), .action(escaping: PlanURL.urgings(record.plan.id).path), .method(.post),
            Layout.csrfField(csrf),
            .h2(.text("发出督办")),
            Components.select("督办对象", name: "regionCode", options: rows.map { ($0.code, $0.name) }, selected: ""),
            .div(.class("field"), .label(.for("f-message"), .text("督办事项")),
                 .textarea(.id("f-message"), .name("message"), .attribute(named: "maxlength", value: "500"), .required(true))),
            Components.field("办结期限", name: "deadline", type: .date, required: true),
            .button(.type(.submit), .text("发出督办"))
        )
    }

    /// `form`: what was sent, shown again beside its problems after a refusal (nothing was saved).
    static func show(_ request: Request, _ platform: Platform, problems: [String: String] = [:], form: [String: String]? = nil,
                     status: HTTPStatus = .ok) async throws -> Response {
        let service = try LedgersAPI.service(request, platform)
        let (record, region, month) = try await LedgersAPI.place(request, service)
        let view = try await service.view(record, region: region, month: month)
        let context = try await PageContext.make(request, platform, currentRegion: region.code)
        let editable = view.standing == .reporting && view.ledger.state.isEditable && Action.reportProgress.isAllowed(for: service.caller.user.account.role)
        let reviewer = view.standing == .above && Action.reviewLedgers.isAllowed(for: service.caller.user.account.role)
        let attachments = view.ledger.id.isEmpty ? [] : try await AttachmentStore(platform: platform).list(entityType: "ledger", entityID: view.ledger.id)
        let paths = (record.plan.id, region.code, month.description)
        let done = request.queryText("done").flatMap { LedgerAction(rawValue: $0) }.map { "已\($0.label)" }
        let content: Node<HTML.BodyContext> = .group(
            .p(.a(.href(escaping: PlanURL.ledgers(record.plan.id).with(["month": month.description])), .text("← 本月全部台账"))),
            Components.notice(done),
            Components.notice(problems.isEmpty ? nil : problems.sorted { $0.key < $1.key }.map(\.value).joined(separator: "；"), kind: "error"),
            .section(.class("card"), .dl(
                .dt(.text("计划")), .dd(.text("\(record.plan.title)（\(record.plan.documentNumber)）")),
                .dt(.text("状态")), .dd(.span(.class("chip ledger-\(view.ledger.state.key)"), .text(view.ledger.id.isEmpty ? "未填报" : view.ledger.state.rawValue))),
                .dt(.text("报送期限")), .dd(.text(view.deadline.description), .if(view.late, .span(.class("bad"), .text("　已逾期")))),
                .unwrap(view.ledger.reason) { reason in .group(.dt(.text(view.ledger.state == .returned ? "退回（解锁）理由" : "上次退回理由")), .dd(.text(reason))) }
            )),
            .if(!view.urgings.isEmpty, .section(.class("card"), .h2(.text("上级督办")),
                Components.table(["督办事项", "办结期限", "发出", "状态"], view.urgings.map { urging in
                    [.text(urging.message), .text(urging.deadline.description), .text("\(urging.createdByName) \(urging.createdAt.prefix(10))"),
                     urging.answeredLedgerId == nil ? .span(.class("bad"), .text("待答复")) : .text("已在台账中答复")]
                }))),
            .form(
                .id("ledger-form"), .action(escaping: PlanURL.ledger(paths.0, paths.1, paths.2).path), .method(.post),
                Layout.csrfField(context.csrf)
            ),
            .section(.class("card"), .h2(.text(view.frozen ? "指标完成情况（报送时数据）" : "指标完成情况")), figures(view, editable: editable, problems: problems, form: form)),
            .section(.class("card"), .h2(.text("重点任务推进情况")), notes(view, editable: editable, problems: problems, form: form)),
            .section(.class("card"), .h2(.text("督办答复")),
                     editable ? .textarea(.name("answer"), .attribute(named: "form", value: "ledger-form"), .attribute(named: "maxlength", value: "5000"),
                                          .attribute(named: "aria-label", value: "督办答复"), .text(form?["answer"] ?? view.ledger.answer ?? ""))
                              : .p(.text(view.ledger.answer ?? "—"))),
            .if(editable, .p(.class("toolbar"),
                .button(.type(.submit), .attribute(named: "form", value: "ledger-form"), .name("action"), .value(escaping: "save"), .class("secondary"), .text("保存")),
                .button(.type(.submit), .attribute(named: "form", value: "ledger-form"), .name("action"), .value(escaping: "submit"), .text("报送上级")))),
            .if(reviewer && view.ledger.state == .submitted, reviewForm(view, csrf: context.csrf, actions: [.approve, .return])),
            .if(reviewer && view.ledger.state == .approved, reviewForm(view, csrf: context.csrf, actions: [.unlock])),
            .section(.class("card"), .h2(.text("附件")),
                     Components.table(["材料", "文件", "上传"], attachments.map { file in
                         [.text(file.kind), .a(.href(escaping: PlanURL.ledgerAttachment(paths.0, paths.1, paths.2, file.id).path), .text(file.fileName)),
                          .text("\(file.uploadedBy ?? "") \(file.uploadedAt.prefix(10))")]
                     }, empty: "没有附件"),
                     .if(editable, .form(
                        .action(escaping: PlanURL.ledgerAttachments(paths.0, paths.1, paths.2).path), .method(.post), .enctype(.multipartData),
                        Layout.csrfField(context.csrf),
                        Components.select("材料类别", name: "kind", options: attachmentKinds.map { ($0, $0) }, selected: "工作照片"),
                        .div(.class("field"), .label(.for("f-file"), .text("文件（PDF、图片，≤10MB）")), .input(.type(.file), .id("f-file"), .name("file"), .required(true))),
                        .button(.type(.submit), .class("secondary"), .text("上传附件"))))),
            .section(.class("card"), .h2(.text("办理记录")),
                     Components.table(["时间", "操作", "办理人", "状态", "理由"], view.events.filter { $0.action != LedgerAction.save.rawValue || $0 == view.events.last }.map { event in
                         [.text(String(event.at.prefix(16)).replacingOccurrences(of: "T", with: " ")), .text(LedgerAction(rawValue: event.action)?.label ?? event.action),
                          .text(event.actorName), .text(event.state.rawValue), .text(event.reason ?? "")]
                     }, empty: "尚无办理记录"))
        )
        let page = Layout.document(title: "\(region.name) \(month.label)督查台账", context: context, content)
        return Layout.response(page, status: status)
    }

    /// The figures: computed ones as measured, entered ones as inputs while the ledger is open.
    static func figures(_ view: LedgerService.View, editable: Bool, problems: [String: String] = [:], form: [String: String]? = nil) -> Node<HTML.BodyContext> {
        Components.table(["指标", "本月填报", "累计完成", "目标", "状态"], view.figures.map { figure in
            let unit = figure.column.definition.unit
            let code = figure.column.indicator.indicatorCode
            let reported = figure.column.definition.measure.formula(for: view.month) == nil
            let entry = view.reported[code]
            let input: Node<HTML.BodyContext>
            if reported, editable {
                input = .group(
                    .input(.type(.text), .name("reported.\(code).value"), .value(escaping: form?["reported.\(code).value"] ?? entry.map { ProgressTableView.number($0.value, unit: .units) } ?? ""),
                           .class("cell-input"), .attribute(named: "inputmode", value: "numeric"), .attribute(named: "form", value: "ledger-form"),
                           .attribute(named: "aria-label", escaping: figure.column.indicator.label + (unit.isShare ? " 分子" : ""))),
                    .if(unit.isShare, .input(.type(.text), .name("reported.\(code).denominator"), .attribute(named: "placeholder", value: "分母"),
                                             .value(escaping: form?["reported.\(code).denominator"] ?? entry?.denominator.map { ProgressTableView.number($0, unit: .units) } ?? ""),
                                             .class("cell-input"), .attribute(named: "form", value: "ledger-form"),
                                             .attribute(named: "aria-label", escaping: figure.column.indicator.label + " 分母"))),
                    .unwrap(problems["reported.\(code)"]) { .p(.class("error"), .text($0)) })
            } else if reported {
                input = .text(entry.map { ProgressTableView.number($0.value, unit: .units) + ($0.denominator.map { " / " + ProgressTableView.number($0, unit: .units) } ?? "") } ?? "—")
            } else {
                input = .span(.class("muted"), .text("系统计算"))
            }
            return [
                .text(figure.column.indicator.label), input,
                .text(figure.value.map { ProgressTableView.number($0, unit: unit) + (unit.isShare ? "" : unit.rawValue) } ?? "—"),
                .text(figure.target.map { ProgressTableView.number($0, unit: unit) } ?? "—"),
                .unwrap(figure.status, { .span(.class("chip status-\($0.key)"), .text($0.rawValue)) }, else: .text("—")),
            ]
        })
    }

    static func notes(_ view: LedgerService.View, editable: Bool, problems: [String: String] = [:], form: [String: String]? = nil) -> Node<HTML.BodyContext> {
        Components.table(["任务", "进展情况", "存在问题", "下一步打算"], view.plan.tasks.map { task in
            let note = view.notes[task.id]
            func cell(_ field: String, _ stored: String?) -> Node<HTML.BodyContext> {
                let text = form?["note.\(task.id).\(field)"] ?? stored
                return editable ? .group(.textarea(.name("note.\(task.id).\(field)"), .attribute(named: "form", value: "ledger-form"), .attribute(named: "maxlength", value: "5000"),
                                     .attribute(named: "aria-label", escaping: "\(task.number)\(task.title) \(field)"), .text(text ?? "")),
                                          .unwrap(problems["notes.\(task.id).\(field)"]) { .p(.class("error"), .text($0)) })
                         : .text(text ?? "")
            }
            return [.text("\(task.number)\(task.title)"), cell("progress", note?.progress), cell("problems", note?.problems), cell("nextSteps", note?.nextSteps)]
        }, empty: "本计划没有任务")
    }

    static func reviewForm(_ view: LedgerService.View, csrf: String, actions: [LedgerAction]) -> Node<HTML.BodyContext> {
        .form(
            .class("card"), .action(escaping: PlanURL.ledgerReview(view.plan.plan.id, view.region.code, view.month.description).path), .method(.post),
            Layout.csrfField(csrf),
            .h2(.text("上级审核")),
            .div(.class("field"), .label(.for("f-reason"), .text(actions.contains(.approve) ? "理由（退回时必填）" : "解锁理由（必填）")),
                 .textarea(.id("f-reason"), .name("reason"), .attribute(named: "maxlength", value: "500"))),
            .p(.class("toolbar"), .forEach(actions) { action in
                .button(.type(.submit), .name("action"), .value(escaping: action.rawValue), .class(action == .approve ? "" : "secondary"), .text(action.label))
            })
        )
    }

    /// The form's fields as the service's input: `note.<task>.<field>`, `reported.<code>.value|denominator`, `answer`.
    static func input(_ form: [String: String], catalogue: IndicatorCatalogue) -> (LedgerService.Input, [String: String]) {
        var input = LedgerService.Input()
        var errors: [String: String] = [:]
        for (key, text) in form {
            let parts = key.split(separator: ".", maxSplits: 2).map(String.init)
            if parts.count == 3, parts[0] == "note" {
                var note = input.notes[parts[1]] ?? .init()
                switch parts[2] {
                case "progress": note.progress = text.trimmingWhitespace()
                case "problems": note.problems = text.trimmingWhitespace()
                case "nextSteps": note.nextSteps = text.trimmingWhitespace()
                default: continue
                }
                input.notes[parts[1]] = note
            } else if parts.count == 3, parts[0] == "reported", parts[2] == "value" {
                let name = catalogue.named(parts[1])?.name ?? "数值"
                let value = LedgersAPI.number(.string(text), label: name)
                let denominator = LedgersAPI.number(form["reported.\(parts[1]).denominator"].map(InputValue.string), label: name + "的分母")
                switch (value, denominator) {
                case (.success(nil), _): input.reported[parts[1]] = .some(nil)
                case let (.success(value?), .success(denominator)): input.reported[parts[1]] = (value, denominator)
                case let (.failure(message), _), let (_, .failure(message)): errors["reported.\(parts[1])"] = message
                }
            }
        }
        if let answer = form["answer"] { input.answer = answer.trimmingWhitespace() }
        return (input, errors)
    }

    static func save(_ request: Request, _ platform: Platform) async throws -> Response {
        let service = try LedgersAPI.service(request, platform)
        let (record, region, month) = try await LedgersAPI.place(request, service)
        let form = try request.content.decode([String: String].self)
        var (input, errors) = input(form, catalogue: platform.interfaces.catalogue)
        input.problems = errors
        let back = PlanURL.ledger(record.plan.id, region.code, month.description).path
        do {
            try await service.save(record, region: region, month: month, input: input)
            if form["action"] == "submit" {
                try await service.act(.submit, plan: record, region: region, month: month)
                return request.redirect(toPath: back + "?done=submit")
            }
            return request.redirect(toPath: back + "?done=save")
        } catch let error as APIError where [.unprocessableEntity, .conflict, .forbidden].contains(error.status) {
            return try await show(request, platform, problems: error.fields.isEmpty ? ["": error.message] : error.fields, form: form, status: error.status)
        }
    }

    static func review(_ request: Request, _ platform: Platform) async throws -> Response {
        let service = try LedgersAPI.service(request, platform)
        let (record, region, month) = try await LedgersAPI.place(request, service)
        let form = try request.content.decode([String: String].self)
        guard let action = form["action"].flatMap(LedgerAction.init(rawValue:)), [.approve, .return, .unlock].contains(action) else {
            return try await show(request, platform, problems: ["action": "请选择审核操作"], status: .unprocessableEntity)
        }
        do {
            try await service.act(action, plan: record, region: region, month: month, reason: form["reason"]?.trimmingWhitespace())
            return request.redirect(toPath: PlanURL.ledger(record.plan.id, region.code, month.description).with(["done": action.rawValue]))
        } catch let error as APIError where [.unprocessableEntity, .conflict, .forbidden].contains(error.status) {
            return try await show(request, platform, problems: error.fields.isEmpty ? ["": error.message] : error.fields, status: error.status)
        }
    }

    static func urge(_ request: Request, _ platform: Platform) async throws -> Response {
        let service = try LedgersAPI.service(request, platform)
        let record = try request.resolved(PlanRecord.self)
        let form = try request.content.decode([String: String].self)
        let region = try await service.region(form["regionCode"] ?? "", of: record.plan)
        _ = try await service.urge(record, region: region, message: form["message"]?.trimmingWhitespace() ?? "",
                                   deadline: form["deadline"].flatMap(LocalDate.init(parsing:)))
        return request.redirect(toPath: PlanURL.ledgers(record.plan.id).path)
    }

    /// A file on one's own open ledger.
    static func attach(_ request: Request, _ platform: Platform) async throws -> Response {
        let service = try LedgersAPI.service(request, platform)
        let (record, region, month) = try await LedgersAPI.place(request, service)
        try await request.collectBody()
        struct Upload: Content { var file: File?; var kind: String? }
        let upload = try request.content.decode(Upload.self)
        let back = PlanURL.ledger(record.plan.id, region.code, month.description).path
        do {
            // The ledger exists once something is saved; an attachment saves it as it stands.
            let ledger = try await service.save(record, region: region, month: month, input: .init())
            let store = AttachmentStore(platform: platform)
            let attachment = try store.prepare(entityType: "ledger", entityID: ledger.id, kind: upload.kind ?? "", kinds: attachmentKinds,
                                               name: upload.file?.filename ?? "", bytes: upload.file.map { Array(buffer: $0.data) } ?? [],
                                               by: service.caller.user.account.username)
            try await platform.writer.write { sql in
                try await AttachmentStore(platform: platform, sql: sql).insert(attachment)
                try await AuditLog.record(on: sql, actor: service.caller.actor, action: "attachment.create", entityType: "ledger", entityID: ledger.id,
                                          after: auditJSONString(attachment))
            }
            return request.redirect(toPath: back + "?done=save")
        } catch let error as APIError where [.unprocessableEntity, .conflict, .forbidden].contains(error.status) {
            return try await show(request, platform, problems: error.fields.isEmpty ? ["": error.message] : error.fields, status: error.status)
        }
    }

    static func download(_ request: Request, _ platform: Platform) async throws -> Response {
        let service = try LedgersAPI.service(request, platform)
        let (record, region, month) = try await LedgersAPI.place(request, service)
        let ledger = try await LedgerStore(sql: platform.sql).find(plan: record.plan.id, region: region.code, period: month.description)
        guard let ledger, let file = try await AttachmentStore(platform: platform).find(id: request.parameters.get("file") ?? ""),
              file.entityType == "ledger", file.entityId == ledger.id else { throw APIError.notFound("附件") }
        return try AttachmentStore(platform: platform).response(file)
    }
}
