import Foundation
import Spreadsheet
import Vapor
import YanglaoCore
import YanglaoPlatform

/// The registry's import over the web and the API. The web import runs in the background: the
/// upload becomes a job whose page shows its progress (and survives a reload); the API answers
/// when the file has been checked or imported.
enum ElderImportPages {
    static func register(pages: any RoutesBuilder, platform: Platform) {
        let maximum = platform.configuration.maximumBulkUploadBytes
        pages.get(ElderURL.importPage, access: .may(.editElders)) { request in
            BulkImportPage.upload(title: "老年人名册导入", help: ElderImport.help, templatePath: ElderURL.importTemplate.path,
                                  action: ElderURL.importPage.path, context: try await PageContext.make(request, platform))
        }
        pages.post(ElderURL.importPage, access: .may(.editElders), maximumBody: maximum) { try await upload($0, platform) }
        pages.get(ElderURL.importJob(.idKey), access: .may(.editElders), record: jobResolver) { try await job($0, platform) }
        pages.get(ElderURL.importProblems(.idKey), access: .may(.editElders), record: jobResolver) { request -> Response in
            let job = try request.resolved(BulkImportJobs.Job.self)
            let path = BulkImportJobs(platform: platform).problemsPath(job.id)
            guard FileManager.default.fileExists(atPath: path) else { throw APIError.notFound("错误清单") }
            return try await ExportFormat.csv.fileResponse(path: path, name: "导入错误清单", for: request)
        }
        pages.post(ElderURL.importCommit(.idKey), access: .may(.editElders), record: jobResolver) { try await commit($0, platform) }
    }

    /// The caller's own import job (404 for anyone else's).
    static let jobResolver = RecordResolver(entity: "import_job") { request in
        let platform = request.application.platform!
        return try await BulkImportJobs(platform: platform).find(request.parameters.get("id") ?? "", for: try platform.user(of: request))
    }

    static func importer(_ request: Request, _ platform: Platform) throws -> (ElderImport, CurrentUser) {
        let user = try platform.user(of: request)
        return (ElderImport(platform: platform, scope: user.scope), user)
    }

    static func upload(_ request: Request, _ platform: Platform) async throws -> Response {
        let (importer, user) = try importer(request, platform)
        try await request.collectBody(maximum: platform.configuration.maximumBulkUploadBytes)
        let form = try request.content.decode(ImportPage.Upload.self)
        guard let file = form.file, file.data.readableBytes > 0 else {
            return BulkImportPage.upload(title: "老年人名册导入", help: ElderImport.help, templatePath: ElderURL.importTemplate.path,
                                         action: ElderURL.importPage.path, context: try await PageContext.make(request, platform), error: "请选择要上传的文件")
        }
        let jobs = BulkImportJobs(platform: platform)
        let id = try jobs.keep(file.data)
        try await jobs.start(importer, id: id, fileName: file.filename, dryRun: form.dryRun != nil, user: user, actor: AuditActor(user.account, ip: request.clientIP))
        return request.redirect(to: ElderURL.importJob(id).path, redirectType: .normal)
    }

    static func job(_ request: Request, _ platform: Platform) async throws -> Response {
        let job = try request.resolved(BulkImportJobs.Job.self)
        return BulkImportPage.job(job, progress: await BulkImportJobs(platform: platform).progress(job.id), title: "老年人名册导入",
                                  context: try await PageContext.make(request, platform), problemsPath: ElderURL.importProblems(job.id).path,
                                  commitAction: ElderURL.importCommit(job.id).path, listPath: ElderURL.elders.path)
    }

    /// 确认导入: the file of a clean dry run, imported as a new job.
    static func commit(_ request: Request, _ platform: Platform) async throws -> Response {
        let (importer, user) = try importer(request, platform)
        let checked = try request.resolved(BulkImportJobs.Job.self)
        guard checked.state == .done, checked.dryRun, let report = checked.report, report.errors.isEmpty else {
            throw APIError(.conflict, code: "conflict", message: "只有校验通过的文件可以确认导入")
        }
        let jobs = BulkImportJobs(platform: platform)
        guard let bytes = FileManager.default.contents(atPath: jobs.uploadPath(checked.id)) else {
            throw APIError(.conflict, code: "conflict", message: "校验过的文件已不在，请重新上传")
        }
        let id = try jobs.keep(ByteBuffer(data: bytes))
        jobs.discardUpload(checked.id)
        try await jobs.start(importer, id: id, fileName: checked.fileName, dryRun: false, user: user, actor: AuditActor(user.account, ip: request.clientIP))
        return request.redirect(to: ElderURL.importJob(id).path, redirectType: .normal)
    }

    /// `POST /api/v1/elders/import?dryRun=true|false` with the CSV or XLSX as the body; answers when done.
    static func apiImport(_ request: Request, _ platform: Platform) async throws -> Response {
        let (importer, user) = try importer(request, platform)
        guard let body = try await request.collectBody(maximum: platform.configuration.maximumBulkUploadBytes), body.readableBytes > 0 else {
            throw APIError.invalid("请上传文件：文件为空")
        }
        let jobs = BulkImportJobs(platform: platform)
        let id = try jobs.keep(body)
        defer { try? FileManager.default.removeItem(atPath: jobs.uploadPath(id)) }
        do {
            let report = try await BulkImportFlow.run(importer, path: jobs.uploadPath(id), dryRun: request.query[Bool.self, at: "dryRun"] ?? false,
                                                      writer: platform.writer, actor: AuditActor(user.account, ip: request.clientIP),
                                                      limits: platform.configuration.bulkImportLimits)
            let response = try await report.encodeResponse(for: request)
            if !report.dryRun && !report.committed { response.status = .unprocessableEntity }
            return response
        } catch let error as ImportFileError {
            throw APIError(.unprocessableEntity, code: "invalid_file", message: error.message)
        }
    }
}
