import YanglaoPlatform
import Foundation
import Spreadsheet
import Plot
import Vapor
import YanglaoCore

/// `/projects`: the year's works on facilities (what the plans' breakdown tables count), what is
/// late, and the export; the page itself is `ProjectListPage`.
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
        var filterValues: [String: String] = [:]
        for name in ["region", "year", "kind", "status", "category", "late", "column"] { filterValues[name] = request.query[String.self, at: name] }
        let model = ProjectListPage.model(
            page.records, total: total, years: years, filterValues: filterValues,
            nursingBedsAdded: try await nursingBedsAdded(year: year, regionCode: regionCode, user: user, platform: platform),
            plansPath: platform.interfaces.plans.plansPath, today: platform.clock.today,
            exportQuery: { request.query(setting: ["format": $0, "cursor": nil, "from": nil]) },
            pager: RegistryPageComponents.Pager(request, next: page.next, from: from, shown: page.records.count, total: ListCount(value: total))
        )
        let content = ProjectListPage.view(model)
        return Layout.response(Layout.document(title: "设施项目", context: context, content))
    }

    /// 新增护理型床位 of the year in the region, from the capacity snapshots of its facilities (in SQL).
    static func nursingBedsAdded(year: Int?, regionCode: String?, user: CurrentUser, platform: Platform) async throws -> Int? {
        guard let year, let regionCode, let region = try await RegionStore(sql: platform.sql).find(regionCode), user.scope.contains(region) else { return nil }
        let added = try await FacilityIndicatorSQL(sql: platform.sql, user: user, region: region).nursingBedsAdded(year: year, on: platform.clock.today)
        return added.values.saturatingSum { $0 }
    }
}
