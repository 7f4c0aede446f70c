import Foundation
import Plot
import Vapor
import YanglaoCore
import YanglaoPlatform

/// The dashboard of a plan for a region: its indicators as tiles coloured by status, the regions
/// below against their targets, each indicator's trend over the months, the overdue tasks and the
/// ledgers' state; and the 领导驾驶舱, the few figures a leader asks for on one 1920×1080 screen with
/// their 同比 and 环比. Every chart is SVG drawn here.
enum PlanDashboard {
    static func register(on pages: any RoutesBuilder, platform: Platform) {
        pages.get(PlanURL.dashboard(.idKey), access: .may(.readPlans), record: PlanAccess.resolver) { try await show($0, platform) }
        pages.get(PlanURL.cockpit(.idKey), access: .may(.readPlans), record: PlanAccess.resolver) { try await cockpit($0, platform) }
    }

    /// The tables of the months of the plan's year up to `month`, for the trends.
    static func months(_ record: PlanRecord, region: StoredRegion, upTo month: YearMonth, query: PlanProgressQuery) async throws -> [ProgressTable] {
        var tables: [ProgressTable] = []
        for each in month.monthsOfYearSoFar { tables.append(try await query.table(record, region: region, month: each)) }
        return tables
    }

    static func show(_ request: Request, _ platform: Platform) async throws -> Response {
        let record = try request.resolved(PlanRecord.self)
        let user = try platform.user(of: request)
        let region = try await PlanAccess.of(user, platform: platform).region(request.queryText("region"), of: record.plan, request: request)
        let month = try PlansAPI.month(request, plan: record.plan, today: platform.clock.today)
        let caller = try platform.caller(request)
        let query = PlanProgressQuery(platform: platform, caller: caller)
        let tables = try await months(record, region: region, upTo: month, query: query)
        guard let table = tables.last, let total = table.total else { throw APIError.notFound("计划") }
        // The indicator the bars show: the one asked for, else the first the regions below have targets for (none without indicators).
        let chosen = request.queryText("indicator").flatMap { code in table.columns.firstIndex { $0.indicator.indicatorCode == code } }
            ?? table.columns.indices.first { index in table.rows.contains { $0.kind == .child && $0.cells[index].target != nil } }
            ?? table.columns.indices.first
        let context = try await PageContext.make(request, platform, currentRegion: region.code)
        let base = PlanURL.dashboard(record.plan.id).with(["region": region.code, "month": month.description])
        let ledgers = region.code == record.plan.regionCode ? try await ledgerSummary(record, month: month, caller: caller, platform: platform) : nil
        let trends: [Node<HTML.BodyContext>] = table.columns.indices.map { index in
            let column = table.columns[index]
            let points = tables.map { Charts.Point(label: "\($0.month.month)月", value: $0.total?.cells[index].value) }
            let chart = Charts.line(points, target: total.cells[index].target, title: column.indicator.label, unit: column.definition.unit.rawValue)
            return .div(chart, .a(.class("chart-link"), .href(escaping: base + "&indicator=\(column.indicator.indicatorCode)"), .text("按区划查看")))
        }
        let content: Node<HTML.BodyContext> = .group(
            .p(.a(.href(escaping: PlanURL.plan(record.plan.id).with(["region": region.code, "month": month.description])), .text("← 分解表与指标明细")),
               .text("　"), .a(.href(escaping: PlanURL.cockpit(record.plan.id).path), .text("领导驾驶舱"))),
            .p(.class("muted"), .text("\(region.name) · \(ProgressTableView.asOf(table))")),
            .div(.class("tiles"), .forEach(Array(zip(table.columns, total.cells))) { column, cell in tile(column, cell) }),
            .unwrap(chosen) { bars(record, table: table, region: region, month: month, index: $0) },
            .section(.class("card"), .h2(.text("逐月趋势")), .div(.class("trends"), .group(trends))),
            .section(.class("card"), .h2(.text("逾期未完成的任务")), overdueTasks(record, table: table)),
            .unwrap(ledgers) { .section(.class("card"), .h2(.text("督查台账")), $0) }
        )
        return Layout.response(Layout.document(title: "\(record.plan.title) · 仪表盘", context: context, content))
    }

    /// The regions below against their targets on one indicator, with the choice of indicator.
    static func bars(_ record: PlanRecord, table: ProgressTable, region: StoredRegion, month: YearMonth, index: Int) -> Node<HTML.BodyContext> {
        let column = table.columns[index]
        return .section(
            .class("card"),
            .h2(.text("各\(ProgressTableView.heading(table))完成情况")),
            .form(.class("filters"), .action(escaping: PlanURL.dashboard(record.plan.id).path), .method(.get),
                  .input(.type(.hidden), .name("region"), .value(escaping: region.code)),
                  .input(.type(.hidden), .name("month"), .value(escaping: month.description)),
                  Components.select("指标", name: "indicator", options: table.columns.map { ($0.indicator.indicatorCode, $0.indicator.label) },
                                    selected: column.indicator.indicatorCode),
                  .button(.type(.submit), .text("切换"))),
            Charts.bars(table.rows.filter { $0.kind != .total }.map { row in
                Charts.Bar(label: row.name, value: row.cells[index].value, target: row.cells[index].target, status: row.cells[index].status?.key)
            }, title: "\(column.indicator.label)：各\(ProgressTableView.heading(table))完成与目标", unit: column.definition.unit.rawValue)
        )
    }

    static func tile(_ column: ProgressTable.Column, _ cell: ProgressTable.Cell) -> Node<HTML.BodyContext> {
        let unit = column.definition.unit
        return .div(
            .class("tile" + (cell.status.map { " status-\($0.key)" } ?? "")),
            .span(.class("tile-label"), .text(column.indicator.label)),
            .span(.class("tile-value"), .text(cell.value.map { ProgressTableView.number($0, unit: unit) } ?? "—"),
                  .if(!unit.isShare && cell.value != nil, .small(.text(unit.rawValue)))),
            .span(.class("tile-target"), .text(cell.target.map { "目标 \(column.definition.direction.rawValue) " + ProgressTableView.number($0, unit: unit) } ?? "无目标")),
            .span(.class("tile-status"), .text(cell.status?.rawValue ?? ""))
        )
    }

    /// Tasks past their deadline with an indicator not yet met.
    static func overdueTasks(_ record: PlanRecord, table: ProgressTable) -> Node<HTML.BodyContext> {
        guard let date = table.date, let total = table.total else { return .p(.text("—")) }
        let rows: [[Node<HTML.BodyContext>]] = record.tasks.compactMap { task in
            guard let deadline = task.deadline, deadline < date else { return nil }
            let unmet = zip(table.columns, total.cells).filter { $0.0.indicator.taskId == task.id && $0.1.status != nil && $0.1.status != .met }
            guard !unmet.isEmpty else { return nil }
            return [.text("\(task.number)\(task.title)"), .text(deadline.description), .text(task.responsible),
                    .text(unmet.map { "\($0.0.indicator.label) \(ProgressTableView.cellText($0.1, unit: $0.0.definition.unit))" }.joined(separator: "；"))]
        }
        return Components.table(["任务", "期限", "责任单位", "未达标指标"], rows, empty: "没有逾期未完成的任务")
    }

    /// The ledgers of the last month due: how many in each state, and who is late.
    static func ledgerSummary(_ record: PlanRecord, month: YearMonth, caller: Caller, platform: Platform) async throws -> Node<HTML.BodyContext> {
        let service = LedgerService(platform: platform, caller: caller)
        let due = month == YearMonth(service.today) && month.month > 1 ? month.previous : month
        let rows = try await service.overview(record, month: due)
        let counts = Dictionary(grouping: rows, by: { $0.ledger?.state ?? .draft }).mapValues(\.count)
        let late = rows.filter(\.late).map(\.region.name)
        return .group(
            .p(.text("\(due.label)：") , .forEach(LedgerState.allCases) { state in
                .span(.class("chip ledger-\(state.key)"), .text("\(state.rawValue) \(counts[state] ?? 0)"))
            }),
            .p(.text(late.isEmpty ? "无逾期未报送" : "逾期未报送：" + late.joined(separator: "、"))),
            .p(.a(.href(escaping: PlanURL.ledgers(record.plan.id).with(["month": due.description])), .text("查看台账")))
        )
    }
}

extension PlanDashboard {
    /// 领导驾驶舱: the plan's headline figures for the caller's region with 同比 (the same month a year
    /// before) and 环比 (the month before), the regions below on the first breakdown indicator, and
    /// the ledgers — sized for one 1920×1080 screen.
    static func cockpit(_ request: Request, _ platform: Platform) async throws -> Response {
        let record = try request.resolved(PlanRecord.self)
        let user = try platform.user(of: request)
        let region = try await PlanAccess.of(user, platform: platform).region(request.queryText("region"), of: record.plan, request: request)
        let month = try PlansAPI.month(request, plan: record.plan, today: platform.clock.today)
        let caller = try platform.caller(request)
        let query = PlanProgressQuery(platform: platform, caller: caller)
        let table = try await query.table(record, region: region, month: month)
        let before = month.month > 1 ? try await query.table(record, region: region, month: month.previous) : nil
        var lastYear = record
        lastYear.plan.year -= 1
        let yearBefore = try await query.table(lastYear, region: region, month: month.yearBefore)
        // The rates first (what a leader is asked about), then the year's counts.
        let targeted = table.columns.indices.filter { table.total?.cells[$0].target != nil }
        let headline = (targeted.filter { table.columns[$0].definition.unit.isShare } + targeted.filter { !table.columns[$0].definition.unit.isShare }).prefix(8)
        // The indicator most regions below have a target for.
        let targetsBelow = { (index: Int) in table.rows.filter { $0.kind == .child && $0.cells[index].target != nil }.count }
        let breakdownIndex = table.columns.indices.filter { targetsBelow($0) > 0 }.max { targetsBelow($0) < targetsBelow($1) }
        let ledgers = region.code == record.plan.regionCode ? try await ledgerSummary(record, month: month, caller: caller, platform: platform) : nil
        func delta(_ now: Double?, _ then: Double?, unit: IndicatorUnit) -> String {
            guard let now, let then else { return "—" }
            let difference = now - then
            let sign = difference > 0 ? "+" : ""
            return unit.isShare ? "\(sign)\(String(format: "%.1f", difference))个百分点" : "\(sign)\(ProgressTableView.number(difference, unit: unit))\(unit.rawValue)"
        }
        let content: Node<HTML.BodyContext> = .div(
            .class("cockpit"),
            .p(.class("muted"), .text("\(region.name) · \(ProgressTableView.asOf(table))　"),
               .a(.href(escaping: PlanURL.dashboard(record.plan.id).with(["region": region.code])), .text("仪表盘"))),
            .div(.class("tiles big"), .forEach(Array(headline)) { index in
                let column = table.columns[index]
                let cell = table.total!.cells[index]
                return .div(
                    .class("tile" + (cell.status.map { " status-\($0.key)" } ?? "")),
                    .span(.class("tile-label"), .text(column.indicator.label)),
                    .span(.class("tile-value"), .text(cell.value.map { ProgressTableView.number($0, unit: column.definition.unit) } ?? "—")),
                    .span(.class("tile-target"), .text("目标 " + (cell.target.map { ProgressTableView.number($0, unit: column.definition.unit) } ?? "—")
                                                         + "　" + (cell.status?.rawValue ?? ""))),
                    .span(.class("tile-delta"), .text("同比 " + delta(cell.value, yearBefore.total?.cells[index].value, unit: column.definition.unit))),
                    .span(.class("tile-delta"), .text("环比 " + delta(cell.value, before?.total?.cells[index].value, unit: column.definition.unit)))
                )
            }),
            .div(.class("cockpit-lower"),
                 .unwrap(breakdownIndex) { index in
                     .section(.class("card"), Charts.bars(table.rows.filter { $0.kind != .total }.map { row in
                         Charts.Bar(label: row.name, value: row.cells[index].value, target: row.cells[index].target, status: row.cells[index].status?.key)
                     }, title: table.columns[index].indicator.label, unit: table.columns[index].definition.unit.rawValue))
                 },
                 .unwrap(ledgers) { .section(.class("card"), .h2(.text("督查台账")), $0) })
        )
        let context = try await PageContext.make(request, platform, currentRegion: region.code)
        return Layout.response(Layout.document(title: "领导驾驶舱 · \(record.plan.title)", context: context, content))
    }
}
