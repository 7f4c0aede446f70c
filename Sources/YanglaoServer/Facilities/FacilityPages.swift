import Foundation
import Spreadsheet
import Plot
import Vapor
import YanglaoCore

/// The registry's pages: the list with its filters and totals, one facility with everything the
/// registry holds on it, the problems overview, and the CSV export of exactly the filtered list.
enum FacilityPages {
    static func register(on pages: any RoutesBuilder, platform: Platform) {
        pages.get("facilities") { try await list($0, platform) }
        pages.get("facilities", "export") { request -> Response in
            let user = try await platform.require(.readFacilities, request)
            let query = try await FacilityQuery.from(request, platform: platform)
            let records = try await query.run(for: user, platform: platform)
            return try await FacilityExport.response(records, format: try ExportFormat.requested(request) ?? .xlsx, on: query.date, platform: platform)
        }
        pages.get("facilities", "problems") { try await problems($0, platform) }
        pages.get("facilities", "import") { try await importPage($0, platform, outcome: .init()) }
        pages.route(.POST, "facilities", "import", maximumBody: platform.configuration.maximumUploadBytes) { request in
            let user = try await platform.require(.editFacilities, request)
            return try await ImportPage.handle(request, platform, importer: FacilityImport(platform: platform, user: user), user: user) { outcome in
                try await importPage(request, platform, outcome: outcome)
            }
        }
        pages.get("facilities", "import", "template") { request in
            _ = try await platform.require(.editFacilities, request)
            return try FacilitiesAPI.templateResponse(request)
        }
        pages.get("facilities", ":id") { try await FacilityDetailPage.show($0, platform) }
    }

    static let pageSize = 50

    static func list(_ request: Request, _ platform: Platform) async throws -> Response {
        let user = try await platform.require(.readFacilities, request)
        let query = try await FacilityQuery.from(request, platform: platform)
        let records = try await query.run(for: user, platform: platform)
        let offset = try request.queryInteger("offset", .paging(max: PageRequest.maximumOffset), label: "翻页位置") ?? 0
        let page = Array(records.dropFirst(offset).prefix(pageSize))
        let names = try await regionNames(page.map(\.facility.regionCode), platform: platform)
        let context = try await PageContext.make(request, platform, currentRegion: query.filters.region?.code)
        let summary = query.summary(records)
        let regionOptions = context.regions.map { ($0.code, String(repeating: "　", count: $0.depth) + $0.name) }
        let csvQuery = request.query(setting: ["format": "csv", "offset": nil])
        let xlsxQuery = request.query(setting: ["format": "xlsx", "offset": nil])
        let content: Node<HTML.BodyContext> = .group(
            filterForm(request, regions: regionOptions),
            summaryCard(summary),
            .p(
                .class("toolbar"),
                .a(.class("button secondary"), .href(escaping: "/facilities/export?" + xlsxQuery), .text("导出 XLSX（当前筛选的全部 \(records.count) 条）")),
                .a(.class("button secondary"), .href(escaping: "/facilities/export?" + csvQuery), .text("导出 CSV")),
                .if(Action.editFacilities.isAllowed(for: user.account.role), .group(
                    .a(.class("button"), .href(escaping: "/facilities/new"), .text("登记设施")),
                    .a(.class("button secondary"), .href(escaping: "/facilities/import"), .text("批量导入"))
                ))
            ),
            Components.table(["名称", "类别", "所在区划", "状态", "床位", "护理型床位", "在用床位", "问题"], page.map { record in
                let problems = record.problems(on: query.date)
                return [
                    .a(.href(escaping: "/facilities/\(record.facility.id)"), .text(record.facility.name)),
                    .text(record.facility.category.rawValue), .text(names[record.facility.regionCode] ?? record.facility.regionCode),
                    .text(record.facility.status.rawValue), .text("\(record.facility.beds)"), .text("\(record.facility.nursingBeds)"),
                    .text("\(record.facility.occupiedBeds)"),
                    problems.isEmpty ? .text("—") : .span(.class("bad"), .text(problems.map(\.label).joined(separator: "；"))),
                ]
            }, empty: "没有符合条件的设施"),
            pager(request, offset: offset, total: records.count)
        )
        return Layout.response(Layout.document(title: "设施名录", context: context, content))
    }

    /// Every town its 居家养老服务中心, and the share of centres and stations under 社会化运营.
    static func coverageCard(_ records: [FacilityRecord], region: StoredRegion?, user: CurrentUser, platform: Platform) async throws -> Node<HTML.BodyContext> {
        guard let root = try await (region?.code ?? user.scope.rootCode).asyncMap({ try await RegionStore(sql: platform.sql).find($0) }) ?? nil else {
            return .empty
        }
        let today = platform.clock.today
        let towns = try await RegionStore(sql: platform.sql).subtree(of: root).filter { $0.level == .town && $0.entry.isEffective(on: today) }
        let centres = records.filter { $0.facility.category == .homeCareCentre }.map { ($0.facility.regionCode, $0.facility.status) }
        let uncovered = Set(CommunityRules.townsWithoutCentre(towns: towns.map(\.code), centres: centres))
        let share = CommunityRules.socialisedShare(records.map { ($0.facility.category, $0.facility.status, $0.facility.socialised) })
        let percent = share.total > 0 ? String(format: "%.1f%%", Double(share.socialised) / Double(share.total) * 100) : "—"
        return .section(
            .class("card"),
            .h2(.text("社区养老服务设施")),
            .p(.text("镇级居家养老服务中心覆盖：\(towns.count - uncovered.count)/\(towns.count) 个乡镇（街道）"
                     + (uncovered.isEmpty ? "" : "；尚无运营中心的：" + towns.filter { uncovered.contains($0.code) }.map(\.name).joined(separator: "、")))),
            .p(.text("社会化运营的居家养老服务中心（站）：\(share.socialised)/\(share.total)（\(percent)）"))
        )
    }

    static func importPage(_ request: Request, _ platform: Platform, outcome: ImportPage.Outcome) async throws -> Response {
        _ = try await platform.require(.editFacilities, request)
        let help = "必填列：名称、类别、所在区划代码；其余列见模板（可从“设施名录”导出后修改再导入）。按设施编码匹配已有设施，无编码时按统一社会信用代码，再无时按所在区划与名称；"
            + "任何一行有误则不写入任何数据；重复导入同一文件不产生变化。只能导入由本级或下级主管的设施。"
        return ImportPage.render(
            title: "设施批量导入", help: help, templatePath: "/facilities/import/template", action: "/facilities/import",
            context: try await PageContext.make(request, platform), outcome: outcome
        )
    }

    static func summaryCard(_ summary: FacilityQuery.Summary) -> Node<HTML.BodyContext> {
        .section(.class("card"), figures(summary))
    }

    static func figures(_ summary: FacilityQuery.Summary) -> Node<HTML.BodyContext> {
        .div(
            .class("figures"),
            figure("设施", "\(summary.facilities)"), figure("床位", "\(summary.beds)"), figure("护理型床位", "\(summary.nursingBeds)"),
            figure("护理型床位占比", summary.nursingBedRatio.map { String(format: "%.1f%%", $0 * 100) } ?? "—"),
            figure("在用床位", "\(summary.occupiedBeds)"), figure("存在问题的设施", "\(summary.withProblems)")
        )
    }

    static func figure(_ label: String, _ value: String) -> Node<HTML.BodyContext> {
        .div(.class("figure"), .span(.class("value"), .text(value)), .span(.class("label"), .text(label)))
    }

    static func filterForm(_ request: Request, regions: [(String, String)]) -> Node<HTML.BodyContext> {
        let current = { (name: String) in request.query[String.self, at: name] ?? "" }
        func select(_ name: String, _ label: String, _ options: [(String, String)]) -> Node<HTML.FormContext> {
            Components.select(label, name: name, options: [("", "全部")] + options, selected: current(name))
        }
        let pairs = { (values: [String]) in values.map { ($0, $0) } }
        return .form(
            .class("filters"), .action(escaping: "/facilities"), .method(.get),
            select("region", "所在区划", regions),
            select("supervisingRegionCode", "主管部门", regions),
            select("category", "类别", pairs(FacilityCategory.allCases.map(\.rawValue))),
            select("function", "功能", pairs(FacilityFunction.allCases.map(\.rawValue))),
            select("status", "状态", pairs(FacilityStatus.allCases.map(\.rawValue))),
            select("operationMode", "运营方式", pairs(OperationMode.allCases.map(\.rawValue))),
            select("problem", "问题", [("any", "存在任一问题")] + FacilityRules.Problem.allCases.map { ($0.rawValue, $0.label) }),
            Components.field("名称或编码", name: "q", value: current("q")),
            Components.select("排序", name: "sort", options: FacilityQuery.Sort.allCases.map { ($0.rawValue, $0.label) }, selected: current("sort")),
            .button(.type(.submit), .text("筛选"))
        )
    }

    static func pager(_ request: Request, offset: Int, total: Int) -> Node<HTML.BodyContext> {
        guard total > pageSize else { return .empty }
        func link(_ target: Int, _ label: String) -> Node<HTML.BodyContext> {
            .a(.class("button secondary"), .href(escaping: "\(request.url.path)?" + request.query(setting: ["offset": String(target)])), .text(label))
        }
        return .p(
            .class("pager"),
            .if(offset > 0, link(max(0, offset - pageSize), "上一页")),
            .span(.text(" 第\(offset / pageSize + 1)页，共\((total + pageSize - 1) / pageSize)页 ")),
            .if(offset + pageSize < total, link(offset + pageSize, "下一页"))
        )
    }

    static func problems(_ request: Request, _ platform: Platform) async throws -> Response {
        let user = try await platform.require(.readFacilities, request)
        let query = try await FacilityQuery.from(request, platform: platform)
        let records = try await query.run(for: user, platform: platform)
        let region = query.filters.region.map { "&region=\($0.code)" } ?? ""
        let context = try await PageContext.make(request, platform, currentRegion: query.filters.region?.code)
        let counts = FacilityRules.Problem.allCases.map { problem in
            (problem, records.filter { $0.problems(on: query.date).contains(problem) }.count)
        }
        let coverage = try await coverageCard(records, region: query.filters.region, user: user, platform: platform)
        let content: Node<HTML.BodyContext> = .group(
            coverage,
            .p(.text("本辖区 \(records.count) 家设施中，\(records.filter { !$0.problems(on: query.date).isEmpty }.count) 家存在下列问题（运营、建成的设施按规则逐项检查）。")),
            Components.table(["问题", "设施数"], counts.map { problem, count in
                [count > 0 ? .a(.href(escaping: "/facilities?problem=\(problem.rawValue)\(region)"), .text(problem.label)) : .text(problem.label),
                 .text("\(count)")]
            })
        )
        return Layout.response(Layout.document(title: "问题清单", context: context, content))
    }
}
