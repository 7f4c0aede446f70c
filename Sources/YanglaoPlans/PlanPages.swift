import Foundation
import Plot
import Vapor
import YanglaoCore
import YanglaoPlatform

/// `/plans`: the plans a caller sees; `/plans/:id`: the breakdown table of a region in a month with
/// every indicator's progress, drilling down from city to county to town to the records counted.
enum PlanPages {
    static func register(on pages: any RoutesBuilder, platform: Platform) {
        pages.get(PlanURL.plans, access: .may(.readPlans)) { try await list($0, platform) }
        pages.get(PlanURL.plan(.idKey), access: .may(.readPlans), record: PlanAccess.resolver) { try await show($0, platform) }
        pages.get(PlanURL.planExport(.idKey), access: .may(.readPlans), record: PlanAccess.resolver) { try await export($0, platform) }
    }

    static func list(_ request: Request, _ platform: Platform) async throws -> Response {
        let user = try platform.user(of: request)
        let plans = try await PlanAccess.of(user, platform: platform).visiblePlans()
        let names = try await RegionStore(sql: platform.sql).names(of: plans.map(\.regionCode))
        let content: Node<HTML.BodyContext> = .group(
            .if(Action.editPlans.isAllowed(for: user.account.role), .p(.a(.class("button"), .href(escaping: PlanURL.planNew.path), .text("新建计划")))),
            Components.table(["年度", "文号", "标题", "发文单位", "区划", "总结报送期限"], plans.map { plan in
            [.text("\(plan.year)"), .text(plan.documentNumber), .a(.href(escaping: PlanURL.plan(plan.id).path), .text(plan.title)),
             .text(plan.issuingBody), .text(names[plan.regionCode] ?? plan.regionCode), .text(plan.reportDue.description)]
        }, empty: "本辖区还没有工作计划"))
        return Layout.response(Layout.document(title: "计划指标", context: try await PageContext.make(request, platform), content))
    }

    /// The table of the region and month asked for.
    static func table(_ request: Request, _ platform: Platform) async throws -> ProgressTable {
        let record = try request.resolved(PlanRecord.self)
        let user = try platform.user(of: request)
        let region = try await PlanAccess.of(user, platform: platform).region(request.queryText("region"), of: record.plan, request: request)
        let month = try PlansAPI.month(request, plan: record.plan, today: platform.clock.today)
        return try await PlanProgressQuery(platform: platform, caller: try platform.caller(request)).table(record, region: region, month: month)
    }

    static func export(_ request: Request, _ platform: Platform) async throws -> Response {
        let table = try await table(request, platform).only { $0.indicator.inBreakdown }
        return try ExportFormat.xlsx.response(sheet: ProgressTableView.sheet(table), name: "\(table.plan.plan.year)年\(table.region.name)分解表完成情况")
    }

    static func show(_ request: Request, _ platform: Platform) async throws -> Response {
        let all = try await table(request, platform)
        let record = all.plan, plan = record.plan
        let user = try platform.user(of: request)
        let breakdown = all.only { $0.indicator.inBreakdown }
        let context = try await PageContext.make(request, platform, currentRegion: all.region.code)
        let query = { (region: String) in "?region=\(region)&month=\(all.month.description)" }
        let trail = try await RegionStore(sql: platform.sql).find(codes: all.region.ancestorCodes + [all.region.code])
            .filter { $0.code == plan.regionCode || $0.ancestorCodes.contains(plan.regionCode) }
            .filter { user.scope.contains($0) }.sorted { $0.level < $1.level }
        let months = (1...12).compactMap { YearMonth(year: plan.year, month: $0) }.filter { $0.firstDay <= platform.clock.today }
        let mayEdit = try await PlanAccess.of(user, platform: platform).mayEdit(plan)
        let rowLink = { (row: ProgressTable.Row) -> String? in
            row.kind == .child ? PlanURL.plan(plan.id).path + query(row.code) : nil
        }
        let records = { (column: ProgressTable.Column, row: ProgressTable.Row) in
            recordsPath(column, region: row.code, year: plan.year, month: all.month, platform: platform)
        }
        let content: Node<HTML.BodyContext> = .group(
            .div(.class("doc-head"), .p(.class("issuer"), .text(plan.issuingBody)), .p(.class("doc-number"), .text(plan.documentNumber))),
            .form(
                .class("filters"), .action(escaping: PlanURL.plan(plan.id).path), .method(.get),
                .input(.type(.hidden), .name("region"), .value(escaping: all.region.code)),
                Components.select("月份", name: "month", options: months.map { ($0.description, $0.label) }, selected: all.month.description),
                .button(.type(.submit), .text("查看"))
            ),
            .nav(.class("trail"), .forEach(trail) { region in
                .span(region.code == all.region.code ? .strong(.text(region.name)) : .a(.href(escaping: PlanURL.plan(plan.id).path + query(region.code)), .text(region.name)),
                      .text(" › "))
            }),
            .if(!breakdown.columns.isEmpty, .section(
                .class("card"),
                ProgressTableView.html(breakdown, link: rowLink, records: records),
                ProgressTableView.legend,
                .p(.class("toolbar"),
                   .a(.class("button secondary"), .href(escaping: PlanURL.planExport(plan.id).path + query(all.region.code)), .text("导出 XLSX")),
                   .a(.class("button secondary"), .href(escaping: PlanURL.ledgers(plan.id).with(["month": all.month.description])), .text("督查台账")),
                   .a(.class("button secondary"), .href(escaping: PlanURL.dashboard(plan.id).path + query(all.region.code)), .text("仪表盘")),
                   .a(.class("button secondary"), .href(escaping: PlanURL.cockpit(plan.id).path), .text("领导驾驶舱")),
                   .a(.class("button secondary"), .href(escaping: PlanURL.report(plan.id).with(["region": all.region.code])), .text("年度总结报告")),
                   .if(mayEdit, .a(.class("button secondary"), .href(escaping: PlanURL.planEdit(plan.id).path), .text("修改计划与目标"))),
                   .if(mayEdit, .a(.class("button secondary"), .href(escaping: PlanURL.breakdownImport(plan.id).path), .text("导入分解表"))),
                   .if(mayEdit, .a(.class("button secondary"), .href(escaping: PlanURL.breakdownEdit(plan.id).path), .text("修改分解表"))))
            )),
            .section(.class("card"), .h2(.text("\(all.region.name)指标完成情况")), indicatorTable(all, records: records)),
            .if(!all.unknown.isEmpty, .p(.class("muted"), .text(unknownNote(all)))),
            .section(.class("card"), .h2(.text("重点任务")), tasks(record)),
            .section(.class("card"), .h2(.text("分解表版本")), .unwrap(record.breakdown, { current in
                .p(.text("第 \(current.breakdown.version) 版，\(current.breakdown.source)，\(current.breakdown.createdBy) 于 \(current.breakdown.createdAt.prefix(10)) 录入"
                         + (current.breakdown.reason.map { "；理由：\($0)" } ?? "")))
            }, else: .p(.text("尚未分解到下级区划"))))
        )
        return Layout.response(Layout.document(title: plan.title, context: context, content))
    }

    /// Why the figures left blank are blank, one sentence per reason naming its indicators.
    static func unknownNote(_ table: ProgressTable) -> String {
        let names = table.columns.filter { table.unknown.contains($0.indicator.indicatorCode) }
        let byReason = Dictionary(grouping: names) { table.reasons[$0.indicator.indicatorCode] ?? "记录不足以给出该月数据" }
        return byReason.sorted { $0.key < $1.key }
            .map { reason, columns in "\(columns.map(\.definition.name).joined(separator: "、"))未能给出：\(reason)" }
            .joined(separator: "；") + "。各地报送的督查台账中留存的数字照常列出。"
    }

    static func indicatorTable(_ table: ProgressTable, records: (ProgressTable.Column, ProgressTable.Row) -> String?) -> Node<HTML.BodyContext> {
        guard let total = table.total else { return .empty }
        return Components.table(["指标", "完成", "目标", "完成率", "应完成进度", "状态", "口径"], zip(table.columns, total.cells).map { column, cell in
            let unit = column.definition.unit
            let value = cell.value.map { ProgressTableView.number($0, unit: unit) + (unit.isShare ? "" : unit.rawValue) } ?? "—"
            return [
                .unwrap(records(column, total), { .a(.href(escaping: $0), .text(column.indicator.label)) }, else: .text(column.indicator.label)),
                .text(value),
                .text(cell.target.map { "\(column.definition.direction.rawValue) " + ProgressTableView.number($0, unit: unit) + (unit.isShare ? "" : unit.rawValue) } ?? "—"),
                .text(cell.progress.completion.map { String(format: "%.0f%%", $0 * 100) } ?? "—"),
                .text(cell.progress.expected.map { String(format: "%.0f%%", $0 * 100) } ?? "—"),
                .unwrap(cell.status, { .span(.class("chip status-\($0.key)"), .text($0.rawValue)) }, else: .text("—")),
                .small(.class("muted"), .text((column.definition.measure == .reported ? "填报：" : "系统计算：") + column.definition.explanation)),
            ]
        }, empty: "本计划没有设定指标")
    }

    static func tasks(_ record: PlanRecord) -> Node<HTML.BodyContext> {
        Components.table(["部分", "序号", "任务", "内容", "责任单位", "期限"], record.tasks.map { task in
            [.text(task.section), .text(task.number), .strong(.text(task.title)), .text(task.body), .text(task.responsible),
             .text(task.deadline?.description ?? "年内")]
        }, empty: "没有任务")
    }

    /// The records behind a figure: the projects completed, the facilities judged, the persons counted.
    static func recordsPath(_ column: ProgressTable.Column, region: String, year: Int, month: YearMonth, platform: Platform) -> String? {
        guard let formula = column.definition.measure.formula(for: month) else { return nil }
        return platform.interfaces.provider(of: formula)?.recordsPath(formula, region: region, year: year)
    }
}

extension ProgressTable {
    /// The same table with only some columns.
    func only(_ keep: (Column) -> Bool) -> ProgressTable {
        let kept = columns.indices.filter { keep(columns[$0]) }
        var table = self
        table.columns = kept.map { columns[$0] }
        table.rows = rows.map { row in
            var row = row
            row.cells = kept.map { row.cells[$0] }
            return row
        }
        return table
    }
}
