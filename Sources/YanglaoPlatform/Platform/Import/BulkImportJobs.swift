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

    package var directory: String { platform.configuration.dataDirectory + "/imports" }
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
            // While it runs, the job says so every few seconds: a job whose word stops (a killed
            // process) is found stale and ended by `recover()`.
            let heartbeat = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: Self.heartbeat)
                    if Task.isCancelled { break }
                    try? await platform.writer.write { sql in
                        try await sql.update("import_jobs").set("updated_at", to: Clock.timestamp()).where("id", .equal, id)
                            .where("state", .equal, Job.State.running.rawValue).run()
                    }
                }
            }
            defer { heartbeat.cancel() }
            do {
                report = try await BulkImportFlow.run(importer, path: path, dryRun: dryRun, writer: platform.writer, actor: actor,
                                                      limits: platform.configuration.bulkImportLimits, problemsFile: problems) { await progress.update(id, $0) }
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
            heartbeat.cancel()
            // The upload holds full ID numbers, phones and addresses: it stays only as the file of
            // a clean dry run that may still be committed (`committableFor`; `sweep()` ends that).
            // Removed before the job reads as ended, so that an ended job never leaves one behind.
            if !(finalState == .done && dryRun && report?.errors.isEmpty == true) { try? FileManager.default.removeItem(atPath: path) }
            try? await platform.writer.write { sql in
                try await sql.update("import_jobs").set("state", to: finalState.rawValue).set("rows", to: final?.rows ?? 0)
                    .set("problems", to: final?.problems ?? 0).set("report", to: encoded).set("message", to: finalMessage)
                    .set("updated_at", to: Clock.timestamp()).where("id", .equal, id).run()
            }
        }
    }

    /// How often a running job says it is alive, and after how long without a word it is stale.
    static let heartbeat: Duration = .seconds(20)
    package static let staleAfter: TimeInterval = 120
    /// How long the file of a clean dry run is kept for 确认导入.
    package static let committableFor: TimeInterval = PendingUploads.lifetime
    /// How long a job's problems file is kept for download.
    package static let problemsKeptFor: TimeInterval = 7 * 86_400
    package static let interruptedMessage = "导入未完成即中断（服务器重启或进程被终止），未写入任何数据；请重新上传文件"

    /// Ends the jobs a killed process left running (failed, with the reason) and sweeps the files
    /// that no job needs any more. Runs when the server starts and every few minutes after.
    package func recover(now: Date = Date()) async throws {
        let stale = Clock.timestamp(now.addingTimeInterval(-Self.staleAfter))
        try await platform.writer.write { sql in
            try await sql.update("import_jobs").set("state", to: Job.State.failed.rawValue).set("message", to: Self.interruptedMessage)
                .set("updated_at", to: Clock.timestamp(now))
                .where("state", .equal, Job.State.running.rawValue).where("updated_at", .lessThan, stale).run()
        }
        try await sweep(now: now)
    }

    /// Removes every upload no job still needs, and problems files past their time.
    func sweep(now: Date) async throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        guard !names.isEmpty else { return }
        // Only the jobs whose files are on disk (the table keeps every job ever run).
        let ids = Set(names.compactMap { $0.split(separator: ".").first.map(String.init) }.filter { $0.count <= 64 })
        var rows: [any SQLRow] = []
        for batch in Array(ids).chunked(into: 500) {
            rows += try await platform.sql.select().columns("id", "state", "dry_run", "report", "updated_at").from("import_jobs")
                .where("id", .in, Array(batch)).all()
        }
        var keep: Set<String> = []
        var known: Set<String> = []
        let committable = Clock.timestamp(now.addingTimeInterval(-Self.committableFor))
        for row in rows {
            let id = try row.decode(column: "id", as: String.self)
            known.insert(id)
            let state = try row.decode(column: "state", as: String.self), updated = try row.decode(column: "updated_at", as: String.self)
            let clean = try row.decode(column: "report", as: String?.self)
                .flatMap { try? JSONDecoder().decode(ImportReport.self, from: Data($0.utf8)) }?.errors.isEmpty == true
            let dryRun = try row.decode(column: "dry_run", as: Bool.self)
            if state == Job.State.running.rawValue || (state == Job.State.done.rawValue && dryRun && clean && updated >= committable) {
                keep.insert(id)
            }
        }
        for name in names {
            let path = directory + "/" + name
            if name.hasSuffix(".upload") {
                let id = String(name.dropLast(".upload".count))
                if !keep.contains(id) { try? FileManager.default.removeItem(atPath: path) }
            } else if name.hasSuffix(".problems.csv") {
                let id = String(name.dropLast(".problems.csv".count))
                let written = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date ?? .distantPast
                if !known.contains(id) || now.timeIntervalSince(written) > Self.problemsKeptFor { try? FileManager.default.removeItem(atPath: path) }
            }
        }
    }

    /// Discards the kept file of a dry run once it was committed as a job of its own.
    package func discardUpload(_ id: String) { try? FileManager.default.removeItem(atPath: uploadPath(id)) }

    package var service: RepeatingJob {
        RepeatingJob(name: "import recovery", interval: .seconds(300)) { _ in try await self.recover() }
    }

    /// The caller's own job (anyone else's answers 404, as if it did not exist).
    package func find(_ id: String, for user: CurrentUser) async throws -> Job {
        guard id.count <= 64, let row = try await platform.sql.select().column("*").from("import_jobs").where("id", .equal, id)
            .where("account_id", .equal, user.account.id).first() else { throw APIError.notFound("导入任务") }
        let report = try row.decode(column: "report", as: String?.self).flatMap { try? JSONDecoder().decode(ImportReport.self, from: Data($0.utf8)) }
        var state = Job.State(rawValue: try row.decode(column: "state", as: String.self)) ?? .failed
        var message = try row.decode(column: "message", as: String?.self)
        // A job nobody has heard of for a while was interrupted, whether or not `recover()` has run yet.
        if state == .running, try row.decode(column: "updated_at", as: String.self) < Clock.timestamp(Date().addingTimeInterval(-Self.staleAfter)) {
            (state, message) = (.failed, Self.interruptedMessage)
        }
        return Job(id: id, entityType: try row.decode(column: "entity_type", as: String.self), accountID: user.account.id,
                   fileName: try row.decode(column: "file_name", as: String.self), dryRun: try row.decode(column: "dry_run", as: Bool.self),
                   state: state, rows: try row.decode(column: "rows", as: Int.self), problems: try row.decode(column: "problems", as: Int.self),
                   report: report, message: message, createdAt: try row.decode(column: "created_at", as: String.self))
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
