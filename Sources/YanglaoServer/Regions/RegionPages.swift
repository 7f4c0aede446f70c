import Foundation
import Plot
import Spreadsheet
import Vapor
import YanglaoCore

/// The region pages: one unit with its path and children, the export, and the import form.
enum RegionPages {
    static func register(on pages: any RoutesBuilder, platform: Platform) {
        pages.get("regions") { request -> Response in
            let user = try await platform.require(.readRegions, request)
            guard let code = request.query[String.self, at: "region"] ?? user.scope.rootCode else { throw APIError.notFound("区划") }
            let region = try await RegionsAPI.visibleRegion(code, request, platform)
            return request.redirect(to: SiteURL.region(region.code).path)
        }
        pages.get("regions", "import") { try await importPage($0, platform, report: nil, fileError: nil) }
        pages.on(.POST, "regions", "import", body: .collect(maxSize: "64mb")) { try await upload($0, platform) }
        pages.get("regions", "import", "template") { request in
            _ = try await platform.require(.manageRegions, request)
            return try RegionsAPI.templateResponse(request)
        }
        pages.get("regions", ":code") { try await show($0, platform) }
        pages.get("regions", ":code", "export") { request -> Response in
            _ = try await platform.require(.readRegions, request)
            let region = try await RegionsAPI.visibleRegion(request.parameters.get("code") ?? "", request, platform)
            let format = try ExportFormat.requested(request) ?? .csv
            return try format.response(sheet: RegionsAPI.regionSheet(try await RegionStore(sql: platform.sql).subtree(of: region)), name: "\(region.name)区划")
        }
    }

    static func show(_ request: Request, _ platform: Platform) async throws -> Response {
        let user = try await platform.require(.readRegions, request)
        let region = try await RegionsAPI.visibleRegion(request.parameters.get("code") ?? "", request, platform)
        let store = RegionStore(sql: platform.sql)
        let path = try await store.find(codes: region.ancestorCodes).filter(user.scope.contains).sorted { $0.level < $1.level }
        let children = try await store.children(of: region.code)
        let today = LocalDate.today()
        let context = try await PageContext.make(request, platform, currentRegion: region.code)
        let content: Node<HTML.BodyContext> = .group(
            .nav(.class("breadcrumb"), .forEach(path) { .group(.a(.href(SiteURL.region($0.code).path), .text($0.name)), .text(" › ")) }, .text(region.name)),
            .section(
                .class("card"),
                .dl(
                    .dt(.text("区划代码")), .dd(.text(region.code)),
                    .dt(.text("层级")), .dd(.text(region.level.label)),
                    .dt(.text("类型")), .dd(.text(region.kind ?? "—")),
                    .unwrap(region.effectiveFrom) { .group(.dt(.text("生效日期")), .dd(.text($0))) },
                    .unwrap(region.effectiveTo) { .group(.dt(.text("失效日期")), .dd(.text($0))) },
                    .unwrap(region.mergedInto) { target in .group(.dt(.text("并入")), .dd(.a(.href(SiteURL.region(target).path), .text(target)))) }
                ),
                .p(.class("toolbar"),
                   .a(.class("button secondary"), .href(SiteURL.regionExport(region.code).path + "?format=xlsx"), .text("导出本辖区区划（XLSX）")),
                   .a(.class("button secondary"), .href(SiteURL.regionExport(region.code).path + "?format=csv"), .text("导出（CSV）")))
            ),
            .section(
                .class("card"),
                .h2(.text("下级区划")),
                Components.table(["区划代码", "名称", "类型", "状态"], children.map { child in
                    [.text(child.code), .a(.href(SiteURL.region(child.code).path), .text(child.name)), .text(child.kind ?? child.level.label),
                     .text(child.entry.isEffective(on: today) ? "现行" : (child.mergedInto.map { "已并入 \($0)" } ?? "已撤销"))]
                }, empty: "没有下级区划")
            )
        )
        return Layout.response(Layout.document(title: region.name, context: context, content))
    }

    struct Upload: Content {
        var file: File?
        var dryRun: String?
    }

    static func upload(_ request: Request, _ platform: Platform) async throws -> Response {
        let user = try await platform.require(.manageRegions, request)
        let upload = try request.content.decode(Upload.self)
        guard let file = upload.file, file.data.readableBytes > 0 else {
            return try await importPage(request, platform, report: nil, fileError: "请选择要上传的文件")
        }
        do {
            let report = try await ImportFlow.run(
                RegionImport(scope: user.scope), file: Array(buffer: file.data), dryRun: upload.dryRun != nil,
                writer: platform.writer, actor: AuditActor(user.account, ip: request.clientIP)
            )
            return try await importPage(request, platform, report: report, fileError: nil)
        } catch let error as ImportFileError {
            return try await importPage(request, platform, report: nil, fileError: error.message)
        }
    }

    static func importPage(_ request: Request, _ platform: Platform, report: ImportReport?, fileError: String?) async throws -> Response {
        _ = try await platform.require(.manageRegions, request)
        let context = try await PageContext.make(request, platform)
        let columns = (RegionRow.requiredColumns + RegionRow.optionalColumns).joined(separator: "、")
        let help = "列：\(columns)（后四列可选）。层级为 省/市/县/乡/村；文件可为 XLSX，或 UTF-8、GB18030（GBK）编码的 CSV。任何一行有误则不写入任何数据；重复导入同一文件不产生变化。"
        let form: Node<HTML.BodyContext> = .form(
            .class("card"), .action(SiteURL.regionImport.path), .method(.post), .enctype(.multipartData),
            Layout.csrfField(context.csrf),
            .div(
                .class("field"), .label(.for("f-file"), .text("区划表")),
                .input(.type(.file), .id("f-file"), .name("file"), .attribute(named: "accept", value: ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), .required(true))
            ),
            .div(
                .class("field check"),
                .input(.type(.checkbox), .id("f-dry"), .name("dryRun"), .value("1"), .attribute(named: "checked", value: "checked")),
                .label(.for("f-dry"), .text("仅校验，不写入"))
            ),
            .button(.type(.submit), .text("上传"))
        )
        let outcome: Node<HTML.BodyContext> = .group(Components.notice(fileError, kind: "error"), .unwrap(report) { summary($0) })
        let content: Node<HTML.BodyContext> = .group(
            .p(.text(help)), .p(.a(.href(SiteURL.regionTemplate.path + "?format=xlsx"), .text("下载导入模板（XLSX）")), .text("　"),
               .a(.href(SiteURL.regionTemplate.path + "?format=csv"), .text("（CSV）"))), outcome, form
        )
        let failed = fileError != nil || !(report?.errors.isEmpty ?? true)
        return Layout.response(Layout.document(title: "区划导入", context: context, content), status: failed ? .unprocessableEntity : .ok)
    }

    static func summary(_ report: ImportReport) -> Node<HTML.BodyContext> {
        let counts = "共\(report.accepted + report.rejected)行：通过\(report.accepted)行，有误\(report.rejected)行"
        let text: String
        if !report.errors.isEmpty {
            text = "\(counts)。文件有误，未写入任何数据。"
        } else if report.dryRun {
            text = "校验通过（未写入）：\(counts)；将新增\(report.created)、更新\(report.updated)、未变\(report.unchanged)。取消勾选“仅校验”后再次上传即可导入。"
        } else {
            text = "导入完成：\(counts)；新增\(report.created)、更新\(report.updated)、未变\(report.unchanged)。"
        }
        return .group(
            Components.notice(text, kind: report.errors.isEmpty ? "info" : "error"),
            .if(!report.errors.isEmpty, Components.table(["行", "列", "说明"], report.errors.map { error in
                [.text("\(error.row)"), .text(error.field ?? ""), .text(error.message)]
            }))
        )
    }
}
