import Foundation
import Spreadsheet
import SQLKit
import YanglaoCore

/// An import of any size: the file is read row by row (memory holds a batch, not the file), every
/// row is checked, and a commit writes the checked batches in one write transaction that is
/// rolled back when any row of the file is wrong (all or nothing). Problems go to a CSV file by
/// row and column; the report keeps the first ones. A capability supplies the columns and a run
/// that checks and writes batches.
package protocol BulkImport: Sendable {
    associatedtype Run: BulkImportRun
    /// What the audit entry and the job name ("elder").
    var entityType: String { get }
    var requiredColumns: [String] { get }
    var optionalColumns: [String] { get }
    /// A fresh run (its state — duplicates seen so far, caches — lives for one pass over one file);
    /// `writing` when the pass commits (a dry run prepares nothing for writing).
    /// `actor`: who the audit log names for each record the run changes.
    func makeRun(header: [String], on sql: any SQLDatabase, writing: Bool, actor: AuditActor) async throws -> Run
}

package protocol BulkImportRun: AnyObject {
    associatedtype Checked
    /// Checks a batch (lookups batched); the rows fit to write and the problems of the others.
    func check(_ rows: [Table.Row]) async throws -> (checked: [Checked], problems: [RowProblem])
    /// Writes checked rows inside the import's transaction.
    func write(_ rows: [Checked], on sql: any SQLDatabase) async throws -> BulkImportCounts
    /// What writing the rows would do (a dry run's report).
    func tally(_ rows: [Checked]) -> BulkImportCounts
}

package struct BulkImportCounts: Sendable, Equatable {
    package var created = 0
    package var updated = 0
    package var unchanged = 0
    package init(created: Int = 0, updated: Int = 0, unchanged: Int = 0) {
        self.created = created
        self.updated = updated
        self.unchanged = unchanged
    }

    package static func += (lhs: inout Self, rhs: Self) {
        lhs.created += rhs.created
        lhs.updated += rhs.updated
        lhs.unchanged += rhs.unchanged
    }
}

/// How far a pass has come, for a progress bar.
package struct BulkImportProgress: Sendable, Equatable {
    package var rows: Int
    package var bytesRead: Int
    package var totalBytes: Int
    package var problems: Int

    package var fraction: Double { totalBytes > 0 ? min(1, Double(bytesRead) / Double(totalBytes)) : 0 }
}

package enum BulkImportFlow {
    package static let batchSize = 2000
    /// The problems a report lists (all of them are in the problems file).
    package static let reportedProblems = 200

    /// Reads, checks and (unless `dryRun`) writes the file at `path`. `problemsFile`, when given,
    /// receives every problem as CSV (行号, 列, 问题).
    package static func run<I: BulkImport>(
        _ importer: I, path: String, dryRun: Bool, writer: DatabaseWriter, actor: AuditActor, limits: ReadLimits,
        problemsFile: URL? = nil, progress: @escaping @Sendable (BulkImportProgress) async -> Void = { _ in }
    ) async throws -> ImportReport {
        let reader: any RowReader
        do { reader = try SpreadsheetFile.rows(at: path, limits: limits) } catch { throw ImportFileError(message: error.message) }
        let header = reader.header.map(ImportFlow.unmarked)
        let missing = importer.requiredColumns.filter { !header.contains($0) }
        guard missing.isEmpty else {
            throw ImportFileError(message: "缺少必填列：\(missing.joined(separator: "、"))（表头应为：\((importer.requiredColumns + importer.optionalColumns).joined(separator: ","))）")
        }
        let problems = try ProblemsFile(problemsFile)
        let pass = Pass(reader: UncheckedReader(reader: reader), problems: problems, progress: progress)
        if dryRun {
            let sql = writer.reader.next() as! any SQLDatabase
            let run = try await importer.makeRun(header: header, on: sql, writing: false, actor: actor)
            let outcome = try await pass.go(run, writing: nil)
            return outcome.report(dryRun: true, committed: false)
        }
        do {
            return try await writer.write { sql in
                let run = try await importer.makeRun(header: header, on: sql, writing: true, actor: actor)
                let outcome = try await pass.go(run, writing: sql)
                guard outcome.problems == 0 else { throw Refused(report: outcome.report(dryRun: false, committed: false)) }
                let report = outcome.report(dryRun: false, committed: true)
                try await AuditLog.record(
                    on: sql, actor: actor, action: "\(importer.entityType).import", entityType: importer.entityType,
                    after: auditJSONString(["rows": "\(outcome.rows)", "file": URL(fileURLWithPath: path).lastPathComponent]),
                    outcome: "created=\(report.created) updated=\(report.updated) unchanged=\(report.unchanged)")
                return report
            }
        } catch let refused as Refused {
            return refused.report
        }
    }

    /// A commit refused for row problems: thrown to roll the transaction back, answered as a report.
    struct Refused: Error { var report: ImportReport }

    /// The reader crosses into the writer's transaction task; one pass uses it from one task at a time.
    struct UncheckedReader: @unchecked Sendable { let reader: any RowReader }

    struct Outcome {
        var rows = 0
        var problems = 0
        var rejectedRows = 0
        var listed: [ImportReport.RowError] = []
        var counts = BulkImportCounts()

        func report(dryRun: Bool, committed: Bool) -> ImportReport {
            ImportReport(accepted: rows - rejectedRows, rejected: rejectedRows, errors: listed,
                         created: counts.created, updated: counts.updated, unchanged: counts.unchanged, dryRun: dryRun, committed: committed)
        }
    }

    final class Pass: @unchecked Sendable {
        let source: UncheckedReader
        let problems: ProblemsFile
        let progress: @Sendable (BulkImportProgress) async -> Void

        init(reader: UncheckedReader, problems: ProblemsFile, progress: @escaping @Sendable (BulkImportProgress) async -> Void) {
            source = reader
            self.problems = problems
            self.progress = progress
        }

        /// One pass over the file: each batch checked, and written while no row has failed
        /// (after the first problem the rest is only checked, to report every problem at once).
        /// The write of a batch runs while the next batch is read and checked.
        func go<R: BulkImportRun>(_ run: R, writing sql: (any SQLDatabase)?) async throws -> Outcome {
            var outcome = Outcome()
            let reader = source.reader
            let shared = UncheckedRun(run: run)
            var pending: Task<BulkImportCounts, any Error>?
            var batch: [Table.Row] = []
            batch.reserveCapacity(BulkImportFlow.batchSize)
            func flush() async throws {
                guard !batch.isEmpty else { return }
                let (checked, found) = try await run.check(batch)
                if let writing = pending { outcome.counts += try await writing.value; pending = nil }
                outcome.rows += batch.count
                outcome.problems += found.count
                outcome.rejectedRows += Set(found.map(\.row)).count
                for problem in found {
                    if outcome.listed.count < BulkImportFlow.reportedProblems {
                        outcome.listed.append(.init(row: problem.row, field: problem.field, message: problem.message))
                    }
                    try problems.append(problem)
                }
                if let sql, outcome.problems == 0 {
                    let rows = UncheckedRows(rows: checked)
                    pending = Task { try await shared.run.write(rows.rows, on: sql) }
                } else if sql == nil {
                    outcome.counts += run.tally(checked)
                }
                batch.removeAll(keepingCapacity: true)
                await progress(BulkImportProgress(rows: outcome.rows, bytesRead: reader.bytesRead, totalBytes: reader.totalBytes, problems: outcome.problems))
            }
            do {
                do {
                    while let row = try reader.next() {
                        // The template's example row (marked 【示例】) is not data.
                        if row.cells.first(where: { !$0.isEmpty })?.hasPrefix(RegistryTemplate.exampleMark) == true { continue }
                        batch.append(row)
                        if batch.count == BulkImportFlow.batchSize { try await flush() }
                    }
                } catch let error as SpreadsheetFile.Failure {
                    throw ImportFileError(message: error.message)
                }
                try await flush()
                if let writing = pending { outcome.counts += try await writing.value; pending = nil }
            } catch {
                // A write in flight finishes (or fails) before the transaction is rolled back.
                _ = try? await pending?.value
                throw error
            }
            try problems.close()
            guard outcome.rows > 0 else { throw ImportFileError(message: "文件只有表头，没有数据行") }
            return outcome
        }
    }

    /// A run and checked rows handed to the task that writes while the next batch is checked:
    /// the write touches only what the check has finished with.
    struct UncheckedRun<R: BulkImportRun>: @unchecked Sendable { let run: R }
    struct UncheckedRows<C>: @unchecked Sendable { let rows: [C] }

    /// Every problem of a pass as CSV (UTF-8 with BOM, so that Excel opens it): 行号, 列, 问题.
    final class ProblemsFile: @unchecked Sendable {
        private let handle: FileHandle?

        init(_ url: URL?) throws {
            guard let url else { handle = nil; return }
            guard FileManager.default.createFile(atPath: url.path, contents: Data(CSV.byteOrderMark + Array(CSV.line(["行号", "列", "问题"]).utf8)),
                                                 attributes: [.posixPermissions: 0o600]) else {
                throw ImportFileError(message: "无法写入错误清单 \(url.lastPathComponent)")
            }
            handle = try FileHandle(forWritingTo: url)
            handle?.seekToEndOfFile()
        }

        func append(_ problem: RowProblem) throws {
            guard let handle else { return }
            try handle.write(contentsOf: Data(CSV.line(["\(problem.row)", problem.field ?? "", problem.message]).utf8))
        }

        func close() throws { try handle?.close() }
    }
}

extension ImportFlow {
    /// A header as the template writes it, without the * that marks a required column.
    package static func unmarked(_ header: String) -> String {
        var name = header
        while let last = name.last, last == "*" || last == "＊" { name.removeLast() }
        return name
    }
}
