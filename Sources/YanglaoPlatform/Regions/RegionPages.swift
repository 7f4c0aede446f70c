import Foundation
import Plot
import Spreadsheet
import Vapor
import YanglaoCore

/// The region pages: one unit with its path and children, the export, and the import form.
package enum RegionPages {
    package static func register(on pages: any RoutesBuilder, platform: Platform) {
        pages.get(SiteURL.regions(), access: .may(.readRegions)) { request -> Response in
            let user = try platform.user(of: request)
            guard let code = request.query[String.self, at: "region"] ?? user.scope.rootCode else { throw APIError.notFound("区划") }
            let region = try await RegionsAPI.visibleRegion(code, request, platform)
            return request.redirect(toPath: SiteURL.region(region.code).path)
        }
        pages.get(SiteURL.regionImport, access: .may(.manageRegions)) { try await importPage($0, platform, outcome: .init()) }
        pages.post(SiteURL.regionImport, access: .may(.manageRegions), maximumBody: platform.configuration.maximumUploadBytes) { try await upload($0, platform) }
        pages.get(SiteURL.regionTemplate, access: .may(.manageRegions)) { try RegionsAPI.templateResponse($0) }
        pages.get(SiteURL.region(.codeKey), access: .may(.readRegions), record: RegionsAPI.resolver) { try await show($0, platform) }
        pages.get(SiteURL.regionExport(.codeKey), access: .may(.readRegions), record: RegionsAPI.resolver) { request -> Response in
            let region = try request.resolved(StoredRegion.self)
            let file = try ExportFile(format: try ExportFormat.requested(request) ?? .csv, sheetName: "区划", header: RegionRow.requiredColumns + RegionRow.optionalColumns)
            try await RegionList.forEachBatch(ListParameters(filters: ["within": region.code]), caller: try platform.caller(request), platform: platform) { regions in
                try file.append(regions.map { RegionRow.cells(of: $0.entry).map(Cell.text) })
            }
            return try await file.response(name: "\(region.name)区划", for: request)
        }
    }

    package static func show(_ request: Request, _ platform: Platform) async throws -> Response {
        let user = try platform.user(of: request)
        let region = try request.resolved(StoredRegion.self)
        let store = RegionStore(sql: platform.sql)
        let path = try await store.find(codes: region.ancestorCodes).filter(user.scope.contains).sorted { $0.level < $1.level }
        var parameters = try ListParameters(request, listing: RegionList.listing)
        parameters.filters = ["parent": region.code]
        let children = try await RegionList.page(parameters, caller: try platform.caller(request), platform: platform)
        let from = try request.queryInteger("from", .paging(max: PageRequest.maximumOffset), label: "起始序号") ?? 1
        let today = platform.clock.today
        let context = try await PageContext.make(request, platform, currentRegion: region.code)
        let content: Node<HTML.BodyContext> = .group(
            .nav(.class("breadcrumb"), .forEach(path) { .group(.a(.href(escaping: SiteURL.region($0.code).path), .text($0.name)), .text(" › ")) }, .text(region.name)),
            .section(
                .class("card"),
                .dl(
                    .dt(.text("区划代码")), .dd(.text(region.code)),
                    .dt(.text("层级")), .dd(.text(region.level.label)),
                    .dt(.text("类型")), .dd(.text(region.kind ?? "—")),
                    .unwrap(region.effectiveFrom) { .group(.dt(.text("生效日期")), .dd(.text($0))) },
                    .unwrap(region.effectiveTo) { .group(.dt(.text("失效日期")), .dd(.text($0))) },
                    .unwrap(region.mergedInto) { target in .group(.dt(.text("并入")), .dd(.a(.href(escaping: SiteURL.region(target).path), .text(target)))) }
                ),
                .p(.class("toolbar"),
                   .a(.class("button secondary"), .href(escaping: SiteURL.regionExport(region.code).with(["format": "xlsx"])), .text("导出本辖区区划（XLSX）")),
                   .a(.class("button secondary"), .href(escaping: SiteURL.regionExport(region.code).with(["format": "csv"])), .text("导出（CSV）")))
            ),
            .section(
                .class("card"),
                .h2(.text("下级区划")),
                Components.table(["序号", "区划代码", "名称", "类型", "状态"], children.regions.enumerated().map { index, child in
                    [.span(.class("num"), .text("\(from + index)")), .span(.class("code"), .text(child.code)),
                     .a(.href(escaping: SiteURL.region(child.code).path), .text(child.name)), .text(child.kind ?? child.level.label),
                     .text(child.entry.isEffective(on: today) ? "现行" : (child.mergedInto.map { "已并入 \($0)" } ?? "已撤销"))]
                }, empty: "没有下级区划"),
                RegistryPageComponents.pager(request, next: children.next, from: from, shown: children.regions.count, total: children.total)
            )
        )
        return Layout.response(Layout.document(title: region.name, context: context, content))
    }

    package static func upload(_ request: Request, _ platform: Platform) async throws -> Response {
        let user = try platform.user(of: request)
        return try await ImportPage.handle(request, platform, importer: RegionImport(scope: user.scope), user: user) { outcome in
            try await importPage(request, platform, outcome: outcome)
        }
    }

    package static func importPage(_ request: Request, _ platform: Platform, outcome: ImportPage.Outcome) async throws -> Response {
        let columns = (RegionRow.requiredColumns + RegionRow.optionalColumns).joined(separator: "、")
        let help = "列：\(columns)（后四列可选）。层级为 省/市/县/乡/村；文件可为 XLSX，或 UTF-8、GB18030（GBK）编码的 CSV。任何一行有误则不写入任何数据；重复导入同一文件不产生变化。"
        return ImportPage.render(
            title: "区划导入", help: help, templatePath: SiteURL.regionTemplate.path, action: SiteURL.regionImport.path,
            context: try await PageContext.make(request, platform), outcome: outcome
        )
    }
}
