import Foundation
import Plot
import Spreadsheet
import Vapor

/// The upload page every import shares: help, template links, the upload form with "仅校验",
/// and the report with its row errors.
package enum ImportPage {
    package struct Upload: Content {
        package var file: File?
        package var dryRun: String?
        /// The digest of a file kept after its clean dry run (`PendingUploads`): 确认导入.
        package var upload: String?
    }

    /// What the page shows after an upload: the report, a file-level error, and the digest of a file
    /// that passed its dry run and waits for 确认导入.
    package struct Outcome {
        package var report: ImportReport?
        package var fileError: String?
        package var pending: String? = nil
        package init(report: ImportReport? = nil, fileError: String? = nil, pending: String? = nil) {
            self.report = report
            self.fileError = fileError
            self.pending = pending
        }
    }

    /// Runs an upload through the import flow and renders the page with the outcome.
    package static func handle<I: TableImport>(
        _ request: Request, _ platform: Platform, importer: I, user: CurrentUser, page: (Outcome) async throws -> Response
    ) async throws -> Response {
        try await request.collectBody()
        let upload = try request.content.decode(Upload.self)
        let pending = PendingUploads(dataDirectory: platform.configuration.dataDirectory)
        let bytes: [UInt8]
        let dryRun: Bool
        if let file = upload.file, file.data.readableBytes > 0 {
            bytes = Array(buffer: file.data)
            dryRun = upload.dryRun != nil
        } else if let digest = upload.upload {
            guard let kept = try pending.load(digest, for: user.account.id) else {
                return try await page(Outcome(fileError: "校验过的文件已过期（保留\(Int(PendingUploads.lifetime / 60))分钟）或不存在，请重新上传"))
            }
            bytes = kept
            dryRun = false
        } else {
            return try await page(Outcome(fileError: "请选择要上传的文件"))
        }
        do {
            let report = try await ImportFlow.run(
                importer, file: bytes, dryRun: dryRun, writer: platform.writer,
                actor: AuditActor(user.account, ip: request.clientIP), limits: platform.configuration.importLimits
            )
            if report.dryRun, report.errors.isEmpty, report.created + report.updated > 0 {
                return try await page(Outcome(report: report, pending: try pending.keep(bytes, for: user.account.id)))
            }
            if let digest = upload.upload, report.committed { pending.discard(digest, for: user.account.id) }
            return try await page(Outcome(report: report))
        } catch let error as ImportFileError {
            return try await page(Outcome(fileError: error.message))
        }
    }

    /// `fields`: what the importer asks besides the file (a reason), shown above the upload button.
    package static func render(
        title: String, help: String, templatePath: String, action: String, context: PageContext, outcome: Outcome,
        fields: Node<HTML.FormContext> = .empty
    ) -> Response {
        let (report, fileError) = (outcome.report, outcome.fileError)
        let form: Node<HTML.BodyContext> = .form(
            .class("card"), .action(escaping: action), .method(.post), .enctype(.multipartData),
            Layout.csrfField(context.csrf),
            .div(
                .class("field"), .label(.for("f-file"), .text("文件（XLSX 或 CSV）")),
                .input(.type(.file), .id("f-file"), .name("file"), .required(true),
                       .attribute(named: "accept", value: ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
            ),
            .div(
                .class("field check"),
                .input(.type(.checkbox), .id("f-dry"), .name("dryRun"), .value(escaping: "1"), .attribute(named: "checked", value: "checked")),
                .label(.for("f-dry"), .text("仅校验，不写入"))
            ),
            fields,
            .button(.type(.submit), .text("上传"))
        )
        let confirm: Node<HTML.BodyContext> = .unwrap(outcome.pending) { digest in
            .form(
                .class("card"), .action(escaping: action), .method(.post), .enctype(.multipartData),
                Layout.csrfField(context.csrf),
                .input(.type(.hidden), .name("upload"), .value(escaping: digest)),
                fields,
                .p(.text("以上是校验结果，数据尚未写入。确认无误后可直接导入刚才校验过的文件（\(Int(PendingUploads.lifetime / 60))分钟内有效），无须重新选择。")),
                .button(.type(.submit), .text("确认导入"))
            )
        }
        let results: Node<HTML.BodyContext> = .group(Components.notice(fileError, kind: "error"), .unwrap(report) { summary($0) }, confirm)
        let templates: Node<HTML.BodyContext> = .p(
            .a(.href(escaping: templatePath + "?format=xlsx"), .text("下载导入模板（XLSX）")), .text("　"),
            .a(.href(escaping: templatePath + "?format=csv"), .text("（CSV）"))
        )
        let content: Node<HTML.BodyContext> = .group(.p(.text(help)), templates, results, form)
        let failed = fileError != nil || !(report?.errors.isEmpty ?? true)
        return Layout.response(Layout.document(title: title, context: context, content), status: failed ? .unprocessableEntity : .ok)
    }

    package static func summary(_ report: ImportReport) -> Node<HTML.BodyContext> {
        let counts = "共\(report.accepted + report.rejected)行：通过\(report.accepted)行，有误\(report.rejected)行"
        let text: String
        if !report.errors.isEmpty {
            text = "\(counts)。文件有误，未写入任何数据。"
        } else if report.dryRun {
            text = "校验通过（未写入）：\(counts)；将新增\(report.created)、更新\(report.updated)、未变\(report.unchanged)。"
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
