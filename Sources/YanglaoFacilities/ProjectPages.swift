import YanglaoPlatform
import Foundation
import Spreadsheet
import Plot
import Vapor
import YanglaoCore

/// `/projects`: the year's works on facilities (what the plans' breakdown tables count), what is
/// late, and the export.
enum ProjectPages {
    static func register(on pages: any RoutesBuilder, platform: Platform) {
        pages.get(FacilityURL.projects, access: .may(.readFacilities)) { try await show($0, platform) }
        pages.get(FacilityURL.projectsExport, access: .may(.readFacilities)) { request -> Response in
            let records = try await ProjectsAPI.query(platform, user: try platform.user(of: request)).all(try await ProjectsAPI.filters(request, platform))
            return try (try ExportFormat.requested(request) ?? .xlsx).response(sheet: ProjectExport.sheet(records, on: platform.clock.today), name: "设施项目")
        }
    }

    static func show(_ request: Request, _ platform: Platform) async throws -> Response {
        let user = try platform.user(of: request)
        let query = ProjectsAPI.query(platform, user: user)
        let years = try await query.years()
        // The year shown: the one asked for, else the latest with projects.
        if request.query[String.self, at: "year"] == nil, let latest = years.first {
            return request.redirect(toPath: FacilityURL.projects.path + "?" + request.query(setting: ["year": String(latest)]))
        }
        let filters = try await ProjectsAPI.filters(request, platform)
        let page = try await query.page(filters, cursor: request.queryText("cursor"), limit: try PageRequest.limit(request), cursors: platform.pager().cursors)
        let total = try await query.totals(filters).total
        let from = try request.queryInteger("from", .paging(max: PageRequest.maximumOffset), label: "起始序号") ?? 1
        let year = try request.queryInteger("year", .year, label: "年度")
        let regionCode = request.query[String.self, at: "region"].flatMap { $0.isEmpty ? nil : $0 } ?? request.workingRegion ?? user.scope.rootCode
        let context = try await PageContext.make(request, platform, currentRegion: regionCode)
        let today = platform.clock.today
        let added = try await nursingBedsAdded(year: year, regionCode: regionCode, user: user, platform: platform)
        let current = { (name: String) in request.query[String.self, at: name] ?? "" }
        let csvQuery = request.query(setting: ["format": "csv", "cursor": nil, "from": nil])
        let xlsxQuery = request.query(setting: ["format": "xlsx", "cursor": nil, "from": nil])
        let content: Node<HTML.BodyContext> = .group(
            .form(
                .class("filters"), .action(escaping: FacilityURL.projects.path), .method(.get),
                .input(.type(.hidden), .name("region"), .value(escaping: current("region"))),
                Components.select("年度", name: "year", options: years.map { (String($0), "\($0)年") }, selected: current("year")),
                Components.select("项目类型", name: "kind", options: [("", "全部")] + ProjectKind.allCases.map { ($0.rawValue, $0.rawValue) }, selected: current("kind")),
                Components.select("状态", name: "status", options: [("", "全部")] + ProjectStatus.allCases.map { ($0.rawValue, $0.rawValue) }, selected: current("status")),
                Components.select("设施类别", name: "category", options: [("", "全部")] + FacilityCategory.allCases.map { ($0.rawValue, $0.rawValue) }, selected: current("category")),
                Components.select("逾期", name: "late", options: [("", "全部"), ("true", "只看逾期未完成")], selected: current("late")),
                Components.select("计入分解表", name: "column", options: [("", "全部")] + BreakdownColumn.allCases.map { ($0.rawValue, $0.rawValue) },
                                  selected: current("column")),
                .button(.type(.submit), .text("筛选"))
            ),
            .unwrap(added) { count in
                .section(.class("card figures"), Components.figure("本年新增护理型床位（张，按床位变动记录）", "\(count)"))
            },
            .section(
                .class("card"),
                .p(.text("重点任务指标分解表（各区镇的目标、完成数、完成率和进度）见"),
                   platform.interfaces.plans.plansPath.map { .a(.href(escaping: $0), .text("计划指标")) } ?? .text("计划指标"),
                   .text("；分解表中的项目类指标按本页“已完成”项目的实际完成日期计数。"))
            ),
            .p(.class("toolbar"),
               .a(.class("button secondary"), .href(escaping: FacilityURL.projectsExport.path + "?" + xlsxQuery), .text("导出 XLSX（当前筛选的全部 \(total) 条）")),
               .a(.class("button secondary"), .href(escaping: FacilityURL.projectsExport.path + "?" + csvQuery), .text("导出 CSV"))),
            Components.table(["项目", "设施", "类型", "状态", "计划完成", "实际完成", "投资（万元）", "逾期"], page.records.map { record in
                let project = record.project
                return [
                    .text(project.name), .a(.href(escaping: FacilityURL.facility(record.facility.id).path), .text(record.facility.name)),
                    .text(project.kind.rawValue + (project.upgradeKind.map { "（\($0.rawValue)）" } ?? "")), .text(project.status.rawValue),
                    .text(project.plannedCompletion?.description ?? ""), .text(project.actualCompletion?.description ?? ""),
                    .text(project.investment.map { String(format: "%.1f", Double($0) / 10_000) } ?? ""),
                    ProjectRules.isLate(project.facts, on: today) ? .span(.class("bad"), .text("逾期")) : .text("—"),
                ]
            }, empty: "没有符合条件的项目"),
            RegistryPageComponents.pager(request, next: page.next, from: from, shown: page.records.count, total: ListCount(value: total))
        )
        return Layout.response(Layout.document(title: "设施项目", context: context, content))
    }

    /// 新增护理型床位 of the year in the region, from the capacity snapshots of its facilities (in SQL).
    static func nursingBedsAdded(year: Int?, regionCode: String?, user: CurrentUser, platform: Platform) async throws -> Int? {
        guard let year, let regionCode, let region = try await RegionStore(sql: platform.sql).find(regionCode), user.scope.contains(region) else { return nil }
        let added = try await FacilityIndicatorSQL(sql: platform.sql, user: user, region: region).nursingBedsAdded(year: year, on: platform.clock.today)
        return added.values.saturatingSum { $0 }
    }
}
