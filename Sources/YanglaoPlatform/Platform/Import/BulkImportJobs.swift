import Foundation
import SQLKit
import Spreadsheet
import Vapor
import YanglaoCore

/// Streamed imports run in the background: the uploaded file is kept on disk
/// (`data/imports/<job>.upload`), the job is a row of `import_jobs` (who, which file, dry run or
/// commit, how it ended), its progress is held in memory while it runs, and its problems are a CSV
/// beside the upload. A clean dry run can be committed from the same file.
package struct BulkImportJobs: Sendable {
    package let platform: Platform

    package init(platform: Platform) { self.platform = platform }

    package struct Job: Sendable {
        package enum State: String, Sendable { case running, done, failed }
        package var id: String
        package var entityType: String
        package var accountID: String
        package var fileName: String
        package var dryRun: Bool
        package var state: State
        package var rows: Int
        package var problems: Int
        package var report: ImportReport?
        package var message: String?
        package var createdAt: String
    }

    var directory: String { platform.configuration.dataDirectory + "/imports" }
    package func uploadPath(_ id: String) -> String { directory + "/\(id).upload" }
    package func problemsPath(_ id: String) -> String { directory + "/\(id).problems.csv" }

    /// Keeps an uploaded file for a new job; the id is random (never derived from the file).
    package func keep(_ bytes: ByteBuffer) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let id = UUID().uuidString.lowercased()
        guard FileManager.default.createFile(atPath: uploadPath(id), contents: Data(buffer: bytes), attributes: [.posixPermissions: 0o600]) else {
            throw APIError(.internalServerError, code: "internal", message: "无法保存上传的文件")
        }
        return id
    }

    /// Starts a pass over the kept file in the background; the job row exists before this returns.
    package func start<I: BulkImport>(_ importer: I, id: String, fileName: String, dryRun: Bool, user: CurrentUser, actor: AuditActor) async throws {
        let now = Clock.timestamp()
        try await platform.writer.write { sql in
            try await sql.insert(into: "import_jobs")
                .columns("id", "entity_type", "account_id", "file_name", "dry_run", "state", "rows", "problems", "created_at", "updated_at")
                .values(SQLBind(id), SQLBind(importer.entityType), SQLBind(user.account.id), SQLBind(String(fileName.prefix(200))), SQLBind(dryRun),
                        SQLBind(Job.State.running.rawValue), SQLBind(0), SQLBind(0), SQLBind(now), SQLBind(now)).run()
        }
        let progress = platform.importProgress
        await progress.update(id, BulkImportProgress(rows: 0, bytesRead: 0, totalBytes: 1, problems: 0))
        let platform = platform, path = uploadPath(id), problems = URL(fileURLWithPath: problemsPath(id))
        Task.detached {
            var state = Job.State.done, report: ImportReport?, message: String?
            do {
                report = try await BulkImportFlow.run(importer, path: path, dryRun: dryRun, writer: platform.writer, actor: actor,
                                                      limits: platform.configuration.bulkImportLimits, problemsFile: problems) { await progress.update(id, $0) }
                if report?.committed == true { try? FileManager.default.removeItem(atPath: path) }
            } catch let error as ImportFileError {
                state = .failed
                message = error.message
            } catch {
                state = .failed
                message = "导入时发生内部错误，未写入任何数据"
                platform.logger.error("bulk import failed", metadata: ["job": .string(id), "error": .string(String(describing: error))])
            }
            let final = await progress.finish(id)
            let (finalState, finalMessage) = (state, message)
            let encoded = report.flatMap { try? JSONEncoder().encode($0) }.map { String(decoding: $0, as: UTF8.self) }
            try? await platform.writer.write { sql in
                try await sql.update("import_jobs").set("state", to: finalState.rawValue).set("rows", to: final?.rows ?? 0)
                    .set("problems", to: final?.problems ?? 0).set("report", to: encoded).set("message", to: finalMessage)
                    .set("updated_at", to: Clock.timestamp()).where("id", .equal, id).run()
            }
        }
    }

    /// The caller's own job (anyone else's answers 404, as if it did not exist).
    package func find(_ id: String, for user: CurrentUser) async throws -> Job {
        guard id.count <= 64, let row = try await platform.sql.select().column("*").from("import_jobs").where("id", .equal, id)
            .where("account_id", .equal, user.account.id).first() else { throw APIError.notFound("导入任务") }
        let report = try row.decode(column: "report", as: String?.self).flatMap { try? JSONDecoder().decode(ImportReport.self, from: Data($0.utf8)) }
        return Job(id: id, entityType: try row.decode(column: "entity_type", as: String.self), accountID: user.account.id,
                   fileName: try row.decode(column: "file_name", as: String.self), dryRun: try row.decode(column: "dry_run", as: Bool.self),
                   state: Job.State(rawValue: try row.decode(column: "state", as: String.self)) ?? .failed,
                   rows: try row.decode(column: "rows", as: Int.self), problems: try row.decode(column: "problems", as: Int.self),
                   report: report, message: try row.decode(column: "message", as: String?.self), createdAt: try row.decode(column: "created_at", as: String.self))
    }

    /// How far a running job has come in this process (nil: finished, or running elsewhere).
    package func progress(_ id: String) async -> BulkImportProgress? { await platform.importProgress.current(id) }
}

/// The progress of the imports running in this process.
package actor ImportProgressBoard {
    private var running: [String: BulkImportProgress] = [:]

    package init() {}

    func update(_ id: String, _ progress: BulkImportProgress) { running[id] = progress }
    func current(_ id: String) -> BulkImportProgress? { running[id] }
    func finish(_ id: String) -> BulkImportProgress? { running.removeValue(forKey: id) }
}
