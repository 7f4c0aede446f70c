import Foundation
import Plot
import Spreadsheet
import Vapor

/// The pages of a streamed import: the upload form (the file is checked or imported in the
/// background) and the job page, which reloads itself while the job runs (so a reload of the
/// browser finds it where it is), then shows the report, the problems file and, after a clean dry
/// run, 确认导入 for the same file.
package enum BulkImportPage {
    package static func upload(
        title: String, help: String, templatePath: String, action: String, context: PageContext, error: String? = nil
    ) -> Response {
        let form: Node<HTML.BodyContext> = .form(
            .class("card"), .action(escaping: action), .method(.post), .enctype(.multipartData),
            Layout.csrfField(context.csrf),
            .div(.class("field"), .label(.for("f-file"), .text("文件（XLSX 或 CSV，可达数十万行）")),
                 .input(.type(.file), .id("f-file"), .name("file"), .required(true),
                        .attribute(named: "accept", value: ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
            .div(.class("field check"),
                 .input(.type(.checkbox), .id("f-dry"), .name("dryRun"), .value(escaping: "1"), .attribute(named: "checked", value: "checked")),
                 .label(.for("f-dry"), .text("先校验，不写入（校验通过后可确认导入）"))),
            .button(.type(.submit), .text("上传"))
        )
        let content: Node<HTML.BodyContext> = .group(
            .p(.text(help)),
            .p(.a(.href(escaping: templatePath + "?format=xlsx"), .text("下载导入模板（XLSX）")), .text("　"),
               .a(.href(escaping: templatePath + "?format=csv"), .text("（CSV）"))),
            Components.notice(error, kind: "error"),
            form
        )
        return Layout.response(Layout.document(title: title, context: context, content), status: error == nil ? .ok : .unprocessableEntity)
    }

    package static func job(
        _ job: BulkImportJobs.Job, progress: BulkImportProgress?, title: String, context: PageContext,
        problemsPath: String, commitAction: String, listPath: String
    ) -> Response {
        let running = job.state == .running
        var content: [Node<HTML.BodyContext>] = [
            .p(.class("muted"), .text("文件：\(job.fileName) · \(job.dryRun ? "校验（不写入）" : "导入") · 开始于 \(AuditPages.displayTime(job.createdAt))")),
        ]
        if running {
            let fraction = progress?.fraction ?? 0
            content.append(.div(
                .class("card"), .attribute(named: "role", value: "status"),
                .element(named: "progress", nodes: [.attribute(named: "max", value: "100"), .attribute(named: "value", escaping: "\(Int(fraction * 100))"),
                                                    .text("\(Int(fraction * 100))%")]),
                .p(.text(progress.map { "已处理 \($0.rows) 行（约 \(Int($0.fraction * 100))%）" + ($0.problems > 0 ? "，发现错误 \($0.problems) 处" : "") }
                         ?? "正在处理（本页每 2 秒自动刷新，可随时刷新或稍后回来查看）"))
            ))
        } else if let report = job.report {
            content.append(ImportPage.summary(report))
            if job.problems > report.errors.count {
                content.append(.p(.text("共 \(job.problems) 处错误，以上列出前 \(report.errors.count) 处。")))
            }
            if job.problems > 0 { content.append(.p(.a(.class("button secondary"), .href(escaping: problemsPath), .text("下载错误清单（CSV：行号、列、问题）")))) }
            if report.dryRun, report.errors.isEmpty, report.created + report.updated > 0 {
                content.append(.form(
                    .class("card"), .action(escaping: commitAction), .method(.post), Layout.csrfField(context.csrf),
                    .p(.text("校验通过，数据尚未写入。确认后将导入刚才校验过的同一文件（该文件保留 1 小时，逾期请重新上传）。")),
                    .button(.type(.submit), .text("确认导入"))
                ))
            }
            if report.committed { content.append(.p(.a(.class("button"), .href(escaping: listPath), .text("查看名册")))) }
        } else {
            content.append(Components.notice(job.message ?? "导入未完成", kind: "error"))
        }
        return Layout.response(Layout.document(title: title, context: context, refresh: running ? 2 : nil, .group(content)))
    }
}
