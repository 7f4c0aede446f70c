import Foundation
import Plot
import Spreadsheet
import Vapor
import YanglaoCore
import YanglaoPlatform

/// Changing a plan's breakdown: importing the table officials keep (dry run first, then commit), its
/// template (the current breakdown in the same shape), and editing it as a grid on a page. Both
/// paths go through `BreakdownImport`, so the checks are the same; each change is a new version.
enum BreakdownPages {
    static func register(on pages: any RoutesBuilder, platform: Platform) {
        pages.get(PlanURL.breakdownImport(.idKey), access: .may(.editPlans), record: PlanAccess.resolver) { request in
            try await importPage(request, platform, outcome: ImportPage.Outcome())
        }
        pages.post(PlanURL.breakdownImport(.idKey), access: .may(.editPlans), record: PlanAccess.resolver,
                   maximumBody: platform.configuration.maximumUploadBytes) { try await upload($0, platform) }
        pages.get(PlanURL.breakdownTemplate(.idKey), access: .may(.readPlans), record: PlanAccess.resolver) { try await template($0, platform) }
        pages.get(PlanURL.breakdownEdit(.idKey), access: .may(.editPlans), record: PlanAccess.resolver) { try await edit($0, platform, errors: [], values: nil) }
        pages.post(PlanURL.breakdownEdit(.idKey), access: .may(.editPlans), record: PlanAccess.resolver) { try await save($0, platform) }
    }

    /// The plan, when the caller's bureau may change it (403 otherwise: it sees the plan).
    static func editable(_ request: Request, _ platform: Platform) async throws -> (PlanRecord, CurrentUser) {
        let record = try request.resolved(PlanRecord.self)
        let user = try platform.user(of: request)
        guard try await PlanAccess.of(user, platform: platform).mayEdit(record.plan) else {
            try await platform.record(request, action: "access.denied", entityType: "plan", entityID: record.plan.id, outcome: "forbidden")
            throw APIError(.forbidden, code: "forbidden", message: "只有计划所属区划的管理员可以修改分解表")
        }
        return (record, user)
    }

    static func reasonField(_ value: String = "") -> Node<HTML.FormContext> {
        .div(.class("field"), .label(.for("f-reason"), .text("理由（各区镇目标之和与合计不一致时必填）")),
             .textarea(.id("f-reason"), .name("reason"), .attribute(named: "maxlength", value: "500"), .text(value)))
    }

    static func importPage(_ request: Request, _ platform: Platform, outcome: ImportPage.Outcome, reason: String = "") async throws -> Response {
        let (record, _) = try await editable(request, platform)
        let help = "第一列为区镇名称或区划代码，其后每列为一项指标（列名与本计划分解表一致），空白表示该区镇无此项目标，最后一行为“合计”。"
            + "合计行与各区镇之和不一致时须注明理由。导入后形成分解表的新版本，旧版本保留。"
        return ImportPage.render(
            title: "导入分解表：\(record.plan.title)", help: help, templatePath: PlanURL.breakdownTemplate(record.plan.id).path,
            action: PlanURL.breakdownImport(record.plan.id).path, context: try await PageContext.make(request, platform), outcome: outcome,
            fields: reasonField(reason))
    }

    static func upload(_ request: Request, _ platform: Platform) async throws -> Response {
        let (record, user) = try await editable(request, platform)
        try await request.collectBody()
        let reason = (try? request.content.get(String.self, at: "reason")) ?? ""
        if let problem = TextLimit.problem(reason, limit: TextLimit.medium) {
            return try await importPage(request, platform, outcome: ImportPage.Outcome(fileError: "理由" + problem))
        }
        let file = (try? request.content.get(File.self, at: "file"))?.filename
        let importer = BreakdownImport(plan: record, actor: AuditActor(user.account, ip: request.clientIP), reason: reason,
                                       source: file.map { String($0.prefix(120)) } ?? "页面导入", today: platform.clock.today)
        return try await ImportPage.handle(request, platform, importer: importer, user: user) { outcome in
            try await importPage(request, platform, outcome: outcome, reason: reason)
        }
    }

    static func template(_ request: Request, _ platform: Platform) async throws -> Response {
        let record = try request.resolved(PlanRecord.self)
        let store = RegionStore(sql: platform.sql)
        guard let planRegion = try await store.find(record.plan.regionCode) else { throw APIError.notFound("区划") }
        let sheet = BreakdownImport.sheet(record, planRegion: planRegion, regions: try await store.children(of: planRegion.code))
        return try (try ExportFormat.requested(request) ?? .xlsx).response(sheet: sheet, name: "\(record.plan.year)年指标分解表")
    }

    /// The plan's region and the regions below it in the breakdown's order (those it does not name after).
    static func grid(_ record: PlanRecord, _ platform: Platform) async throws -> (StoredRegion, [StoredRegion]) {
        let store = RegionStore(sql: platform.sql)
        guard let planRegion = try await store.find(record.plan.regionCode) else { throw APIError.notFound("区划") }
        let regions = try await store.children(of: planRegion.code).filter { $0.entry.isEffective(on: platform.clock.today) }
        let named = record.breakdown?.order ?? []
        return (planRegion, named.compactMap { code in regions.first { $0.code == code } } + regions.filter { !named.contains($0.code) })
    }

    /// The grid: a row per region below the plan's, a column per breakdown indicator, and 合计.
    static func edit(_ request: Request, _ platform: Platform, errors: [(row: Int, field: String?, message: String)], values: [String: String]?,
                     reason: String = "") async throws -> Response {
        let (record, _) = try await editable(request, platform)
        let (planRegion, order) = try await grid(record, platform)
        let context = try await PageContext.make(request, platform)
        let columns = record.measured.filter { $0.0.inBreakdown }
        func value(_ region: String, _ code: String) -> String {
            if let values { return values["c.\(region).\(code)"] ?? "" }
            return record.breakdown?.targets[region]?[code].map { ProgressTableView.number($0, unit: .units) } ?? ""
        }
        func input(_ region: String, _ name: String, _ code: String, _ label: String) -> Node<HTML.BodyContext> {
            .input(.type(.text), .name("c.\(region).\(code)"), .value(escaping: value(region, code)), .class("cell-input"),
                   .attribute(named: "inputmode", value: "decimal"), .attribute(named: "aria-label", escaping: "\(name) \(label)"),
                   .attribute(named: "form", value: "breakdown-form"))
        }
        let rows: [[Node<HTML.BodyContext>]] = (order.map { ($0.code, $0.name) } + [(record.plan.regionCode, "合计")]).map { code, name in
            [.text(name)] + columns.map { input(code, name, $0.0.indicatorCode, $0.0.label) }
        }
        let content: Node<HTML.BodyContext> = .group(
            .if(!errors.isEmpty, Components.table(["行", "列", "说明"], errors.map { [.text("\($0.row)"), .text($0.field ?? ""), .text($0.message)] })),
            // The grid's inputs sit in the table and belong to the form by its id (HTML's form attribute).
            .section(.class("card"), Components.table([ProgressTableView.heading(below: planRegion)] + columns.map(\.0.label), rows)),
            .form(
                .class("card"), .id("breakdown-form"), .action(escaping: PlanURL.breakdownEdit(record.plan.id).path), .method(.post),
                Layout.csrfField(context.csrf),
                reasonField(reason),
                .button(.type(.submit), .text("保存为新版本"))
            ),
            .p(.a(.href(escaping: PlanURL.plan(record.plan.id).path), .text("返回计划")))
        )
        let page = Layout.document(title: "修改分解表：\(record.plan.title)", context: context, content)
        return Layout.response(page, status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    static func save(_ request: Request, _ platform: Platform) async throws -> Response {
        let (record, user) = try await editable(request, platform)
        let form = try request.content.decode([String: String].self)
        let reason = form["reason"] ?? ""
        if let problem = TextLimit.problem(reason, limit: TextLimit.medium) {
            return try await edit(request, platform, errors: [(row: 0, field: "理由", message: "理由" + problem)], values: form, reason: reason)
        }
        let (planRegion, order) = try await grid(record, platform)
        let columns = record.measured.filter { $0.0.inBreakdown }
        // The grid becomes the table a file would hold: the same checks, the same versions.
        let header = [ProgressTableView.heading(below: planRegion)] + columns.map(\.0.label)
        var rows = order.enumerated().map { index, region in
            Table.Row(number: index + 2, cells: [region.code] + columns.map { form["c.\(region.code).\($0.0.indicatorCode)"] ?? "" })
        }
        rows.append(Table.Row(number: order.count + 2, cells: ["合计"] + columns.map { form["c.\(record.plan.regionCode).\($0.0.indicatorCode)"] ?? "" }))
        let importer = BreakdownImport(plan: record, actor: AuditActor(user.account, ip: request.clientIP), reason: reason, source: "页面编辑",
                                       today: platform.clock.today)
        let report = try await ImportFlow.run(importer, table: Table(header: header, rows: rows), dryRun: false, writer: platform.writer,
                                              actor: AuditActor(user.account, ip: request.clientIP))
        guard report.committed else { return try await edit(request, platform, errors: report.errors.map { ($0.row, $0.field, $0.message) }, values: form, reason: reason) }
        return request.redirect(toPath: PlanURL.plan(record.plan.id).path)
    }
}
