import Foundation
import Plot
import Vapor
import YanglaoCore
import YanglaoPlatform

/// The year-end summary report: `/plans/:id/report` shows it as the official document it prints
/// as, with the form to edit and submit it; `.docx` and the tables as XLSX; and the same in the API.
enum YearReportPages {
    static func register(pages: any RoutesBuilder, api: any RoutesBuilder, platform: Platform) {
        let plan = PlanAccess.resolver
        pages.get(PlanURL.report(.idKey), access: .may(.readPlans), record: plan) { try await show($0, platform) }
        pages.post(PlanURL.report(.idKey), access: .may(.reportProgress), record: plan) { try await save($0, platform) }
        pages.get(PlanURL.reportWord(.idKey), access: .may(.readPlans), record: plan) { try await word($0, platform) }
        pages.get(PlanURL.reportTables(.idKey), access: .may(.readPlans), record: plan) { try await tables($0, platform) }
        let plans = api.grouped("plans")
        plans.get(":id", "report", access: .may(.readPlans), record: plan) { try await json($0, platform) }
        plans.patch(":id", "report", access: .may(.reportProgress), record: plan) { try await patch($0, platform) }
        plans.post(":id", "report", "submit", access: .may(.reportProgress), record: plan) { try await submit($0, platform) }
    }

    struct Loaded {
        var service: YearReportService
        var record: PlanRecord
        var region: StoredRegion
        var report: YearReport
        var document: YearReportDocument
        var late: Bool
    }

    static func load(_ request: Request, _ platform: Platform) async throws -> Loaded {
        let service = YearReportService(platform: platform, caller: try platform.caller(request))
        let record = try request.resolved(PlanRecord.self)
        let region = try await service.region(request.queryText("region"), of: record.plan)
        let table = try await service.table(record, region: region)
        let report = try await service.report(record, region: region, table: table)
        let parent = try await region.parentCode.asyncMap { try await RegionStore(sql: platform.sql).find($0) } ?? nil
        let addressee = parent.map { YearReportRules.issuingBody(regionName: $0.name, level: $0.level, kind: $0.kind) } ?? "上级民政部门"
        let date = report.submittedAt.flatMap { LocalDate(parsing: String($0.prefix(10))) } ?? platform.clock.today
        return Loaded(service: service, record: record, region: region, report: report,
                      document: YearReportDocument(report: report, table: table, addressee: addressee, date: date),
                      late: YearReportRules.isLate(report.state, due: record.plan.reportDue, today: platform.clock.today))
    }

    static func show(_ request: Request, _ platform: Platform, problems: [String: String] = [:], status: HTTPStatus = .ok) async throws -> Response {
        let loaded = try await load(request, platform)
        let (record, region, report) = (loaded.record, loaded.region, loaded.report)
        let context = try await PageContext.make(request, platform, currentRegion: region.code)
        let editable = report.state == .draft && loaded.service.standing(region) == .reporting
            && Action.reportProgress.isAllowed(for: loaded.service.caller.user.account.role)
        let query = "?region=\(region.code)"
        let done = request.queryText("done") == "submit" ? "已报送上级" : request.queryText("done") == "save" ? "已保存" : nil
        let content: Node<HTML.BodyContext> = .group(
            Components.notice(done),
            Components.notice(problems.isEmpty ? nil : problems.sorted { $0.key < $1.key }.map(\.value).joined(separator: "；"), kind: "error"),
            .p(.class("toolbar no-print"),
               .span(.class("chip ledger-\(report.state == .draft ? "draft" : "approved")"), .text(report.state.rawValue)),
               .text("　报送期限 \(record.plan.reportDue)"), .if(loaded.late, .span(.class("bad"), .text("　已逾期"))),
               .text("　"),
               .a(.class("button secondary"), .href(escaping: PlanURL.reportWord(record.plan.id).path + query), .text("下载 Word（.docx）")),
               .a(.class("button secondary"), .href(escaping: PlanURL.reportTables(record.plan.id).path + query), .text("附表 XLSX")),
               .span(.class("muted"), .text("　打印：使用浏览器打印（A4 纵向，自动加页码）"))),
            loaded.document.html,
            .if(editable, form(loaded, csrf: context.csrf))
        )
        return Layout.response(Layout.document(title: "\(region.name)年度总结报告", context: context, content), status: status)
    }

    static func form(_ loaded: Loaded, csrf: String) -> Node<HTML.BodyContext> {
        let report = loaded.report
        return .form(
            .class("card"), .action(escaping: PlanURL.report(loaded.record.plan.id).with(["region": loaded.region.code])), .method(.post),
            Layout.csrfField(csrf),
            .h2(.text("编辑报告")),
            Components.field("发文单位", name: "issuingBody", value: report.issuingBody, required: true),
            Components.field("文号", name: "documentNumber", value: report.documentNumber),
            Components.field("标题", name: "title", value: report.title, required: true),
            .forEach(YearReportSection.allCases) { section in
                .div(.class("field"), .label(.for("f-\(section.rawValue)"), .text(section.heading)),
                     .textarea(.id("f-\(section.rawValue)"), .name(section.rawValue), .attribute(named: "rows", value: "8"), .text(report.text(section))))
            },
            .p(.class("toolbar"),
               .button(.type(.submit), .name("action"), .value(escaping: "save"), .class("secondary"), .text("保存")),
               .button(.type(.submit), .name("action"), .value(escaping: "submit"), .text("报送上级")))
        )
    }

    static func input(_ fields: [String: String]) -> YearReportService.Input {
        var input = YearReportService.Input(issuingBody: fields["issuingBody"]?.trimmingWhitespace(), documentNumber: fields["documentNumber"]?.trimmingWhitespace(),
                                            title: fields["title"]?.trimmingWhitespace())
        for section in YearReportSection.allCases { if let text = fields[section.rawValue] { input.sections[section] = text } }
        return input
    }

    static func save(_ request: Request, _ platform: Platform) async throws -> Response {
        let loaded = try await load(request, platform)
        let form = try request.content.decode([String: String].self)
        do {
            try await loaded.service.save(loaded.record, region: loaded.region, input: input(form))
            if form["action"] == "submit" { try await loaded.service.submit(loaded.record, region: loaded.region) }
            return request.redirect(toPath: PlanURL.report(loaded.record.plan.id).with(["region": loaded.region.code, "done": form["action"] == "submit" ? "submit" : "save"]))
        } catch let error as APIError where [.unprocessableEntity, .conflict, .forbidden].contains(error.status) {
            return try await show(request, platform, problems: error.fields.isEmpty ? ["": error.message] : error.fields, status: error.status)
        }
    }

    static func word(_ request: Request, _ platform: Platform) async throws -> Response {
        let loaded = try await load(request, platform)
        return try WordExport.response(loaded.document.word, name: loaded.report.title)
    }

    static func tables(_ request: Request, _ platform: Platform) async throws -> Response {
        let loaded = try await load(request, platform)
        return try ExportFormat.xlsx.response(sheets: loaded.document.sheets, name: "\(loaded.region.name)\(loaded.record.plan.year)年总结报告附表")
    }

    // MARK: API

    static func answer(_ loaded: Loaded) -> JSONValue {
        var sections: [String: JSONValue] = [:]
        for section in YearReportSection.allCases { sections[section.rawValue] = .string(loaded.report.text(section)) }
        return [
            "regionCode": .string(loaded.region.code), "state": .string(loaded.report.state.rawValue), "due": .string(loaded.record.plan.reportDue.description),
            "late": .bool(loaded.late), "issuingBody": .string(loaded.report.issuingBody), "documentNumber": .string(loaded.report.documentNumber),
            "title": .string(loaded.report.title), "sections": .object(sections),
            "submittedAt": loaded.report.submittedAt.map(JSONValue.string) ?? .null,
        ]
    }

    static func json(_ request: Request, _ platform: Platform) async throws -> Response {
        switch request.queryText("format") {
        case "docx"?: return try await word(request, platform)
        case "xlsx"?: return try await tables(request, platform)
        case nil: return answer(try await load(request, platform)).response()
        case let other?: throw APIError.invalid("导出格式无效", fields: ["format": "格式“\(other.prefix(20))”无效，应为 docx 或 xlsx"])
        }
    }

    static func patch(_ request: Request, _ platform: Platform) async throws -> Response {
        let fields = try request.jsonObject()
        var errors: [String: String] = [:]
        let known = ["issuingBody", "documentNumber", "title"] + YearReportSection.allCases.map(\.rawValue)
        for key in fields.keys where !known.contains(key) { errors[key] = "未知字段“\(key.prefix(40))”" }
        var text: [String: String] = [:]
        for (key, value) in fields where known.contains(key) {
            guard let string = value.text(as: .text) else { errors[key] = "应为文本"; continue }
            text[key] = string
        }
        guard errors.isEmpty else { throw APIError.invalid("总结报告有误，未保存", fields: errors) }
        let loaded = try await load(request, platform)
        try await loaded.service.save(loaded.record, region: loaded.region, input: input(text))
        return answer(try await load(request, platform)).response()
    }

    static func submit(_ request: Request, _ platform: Platform) async throws -> Response {
        let loaded = try await load(request, platform)
        try await loaded.service.submit(loaded.record, region: loaded.region)
        return answer(try await load(request, platform)).response()
    }
}
