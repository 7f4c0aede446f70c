import Foundation
import Plot
import Vapor
import YanglaoCore

/// What every registry's list page shares, as a model: the filters in force, the heading that says
/// what the list shows, the export links of exactly that list, the registration and import
/// buttons, and where the page is in the list. A registry's page model holds one beside its rows.
package struct RegistryListFrame: Equatable, Sendable {
    package struct Link: Equatable, Sendable {
        package var label: String
        package var href: String
        package var primary: Bool

        package init(_ label: String, _ href: String, primary: Bool = false) {
            self.label = label
            self.href = href
            self.primary = primary
        }
    }

    /// The list's path (the filter form's action).
    package var path: String
    /// "海安市 · 养老服务设施 · 存在问题 · 2026年11月28日": what the list shows, on the page and on paper.
    package var heading: String
    package var filterValues: [String: String]
    package var regionOptions: [[String]]
    package var exportXLSX: String
    package var exportCSV: String
    /// "当前筛选的全部 120 条".
    package var exportScope: String
    /// Registration and import, for those who may.
    package var actions: [Link]
    package var pager: RegistryPageComponents.Pager
    /// The number of the page's first row.
    package var from: Int
}

/// A list page's request read the way every registry reads it: the filters (the working region
/// where the query names none), a page of 50, the position carried in the links, the page context.
package struct RegistryListRequest: Sendable {
    package static let pageSize = 50

    package var parameters: ListParameters
    package var from: Int
    package var context: PageContext
    package var today: LocalDate

    package init(_ request: Request, listing: RegistryListing, platform: Platform) async throws {
        var parameters = try ListParameters(request, listing: listing)
        parameters.limit = Self.pageSize
        parameters.placeInWorkingRegion(request)
        self.parameters = parameters
        from = try request.queryInteger("from", .paging(max: PageRequest.maximumOffset), label: "起始序号") ?? 1
        context = try await PageContext.make(request, platform, currentRegion: parameters.filters["region"])
        today = platform.clock.today
    }

    /// The frame of the page: `subject` names the list ("养老服务设施"), `descriptions` the filters
    /// in force (as the resolved list words them), `actions` what the caller may start from it.
    package func frame(
        _ request: Request, path: String, export: String, subject: String, descriptions: [String], next: String?, shown: Int,
        total: ListCount, unit: String = "条", actions: [RegistryListFrame.Link]
    ) -> RegistryListFrame {
        var values = parameters.filters
        if let sort = parameters.sort { values["sort"] = sort }
        let region = parameters.filters["region"]
        return RegistryListFrame(
            path: path, export: export, subject: subject, regionName: context.currentRegionName, descriptions: descriptions, today: today,
            filterValues: values, regionOptions: context.regions.map { ($0.code, String(repeating: "　", count: $0.depth) + $0.name) },
            exportQuery: { request.query(setting: ["format": $0, "cursor": nil, "from": nil, "region": region]) }, total: total, unit: unit,
            actions: actions, pager: RegistryPageComponents.Pager(request, next: next, from: from, shown: shown, total: total))
    }
}

extension RegistryListFrame {
    /// The frame from where the list stands, without a request (a page model's test builds it so).
    package init(
        path: String, export: String, subject: String, regionName: String?, descriptions: [String], today: LocalDate,
        filterValues: [String: String], regionOptions: [(String, String)], exportQuery: (String) -> String, total: ListCount,
        unit: String = "条", actions: [Link], pager: RegistryPageComponents.Pager
    ) {
        let heading = ([regionName ?? "", subject] + descriptions.filter { $0 != regionName } + [today.label]).filter { !$0.isEmpty }
        self.init(
            path: path, heading: heading.joined(separator: " · "), filterValues: filterValues, regionOptions: regionOptions.map { [$0.0, $0.1] },
            exportXLSX: export + "?" + exportQuery("xlsx"), exportCSV: export + "?" + exportQuery("csv"),
            exportScope: total.isAtLeast ? "当前筛选的全部，\(total.text(unit))" : "当前筛选的全部 \(total.value) \(unit)",
            actions: actions, pager: pager, from: pager.from)
    }
}

extension RegistryPageComponents {
    /// A list page: the filter form, the heading, `above` (a registry's totals), the toolbar, the
    /// table and the pager.
    package static func listPage(
        _ frame: RegistryListFrame, listing: RegistryListing, above: Node<HTML.BodyContext> = .empty, note: String? = nil,
        table: Node<HTML.BodyContext>
    ) -> Node<HTML.BodyContext> {
        .group(
            filterForm(listing, action: frame.path, values: frame.filterValues, regions: frame.regionOptions.map { ($0[0], $0[1]) }),
            .unwrap(note) { .p(.class("muted"), .text($0)) },
            .p(.class("list-heading"), .text(frame.heading)),
            above,
            .p(
                .class("toolbar"),
                .a(.class("button secondary"), .href(escaping: frame.exportXLSX), .text("导出 XLSX（\(frame.exportScope)）")),
                .a(.class("button secondary"), .href(escaping: frame.exportCSV), .text("导出 CSV")),
                .forEach(frame.actions) { link in
                    .a(.class(link.primary ? "button" : "button secondary"), .href(escaping: link.href), .text(link.label))
                }
            ),
            table,
            pager(frame.pager)
        )
    }
}

extension RegistryAPI {
    /// The export (XLSX unless `format=csv`) and the import template as the pages offer them, from
    /// the same answers as the API's.
    package func registerFiles(on pages: any RoutesBuilder, export exportPage: some Resourceable, template: some Resourceable) {
        pages.get(exportPage, access: .may(read)) { request -> Response in
            try await export(request, try ListParameters(request, listing: listing), try ExportFormat.requested(request) ?? .xlsx)
        }
        pages.get(template, access: .may(edit)) { try templateResponse($0) }
    }
}
