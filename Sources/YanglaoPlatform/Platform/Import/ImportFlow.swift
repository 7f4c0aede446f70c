import FluentKit
import Spreadsheet
import SQLKit
import Vapor
import YanglaoCore

/// What a capability supplies to take part in the shared import flow: its columns, a plan that
/// checks every row against the file and the database, and the commit of a clean plan.
public protocol TableImport: Sendable {
    associatedtype Changes: Sendable
    var requiredColumns: [String] { get }
    var optionalColumns: [String] { get }
    func plan(_ table: Table, on db: any SQLDatabase) async throws -> ImportPlan<Changes>
    func commit(_ changes: Changes, on db: any SQLDatabase) async throws
    /// What the audit entry of a commit records: the entity type and the changed records before and after.
    var auditEntityType: String { get }
    func auditValues(_ changes: Changes) -> (before: String?, after: String?)
    /// A fingerprint of what a plan reads (a count and the latest change of the table): a commit
    /// plans outside the write lock and keeps that plan when the fingerprint has not moved by the
    /// time it holds the lock. nil: always plan again inside the lock.
    func planVersion(on db: any SQLDatabase) async throws -> String?
}

extension TableImport {
    public func planVersion(on db: any SQLDatabase) async throws -> String? { nil }
}

public struct ImportPlan<Changes: Sendable>: Sendable {
    public var rows: Int
    public var problems: [RowProblem]
    public var created: Int
    public var updated: Int
    public var unchanged: Int
    public var changes: Changes
    package init(rows: Int, problems: [RowProblem], created: Int, updated: Int, unchanged: Int, changes: Changes) {
        self.rows = rows
        self.problems = problems
        self.created = created
        self.updated = updated
        self.unchanged = unchanged
        self.changes = changes
    }
}

/// The answer of every import, dry run or not.
public struct ImportReport: Content, Sendable, Equatable {
    public struct RowError: Content, Sendable, Equatable {
        public var row: Int
        public var field: String?
        public var message: String
    }

    public var accepted: Int
    public var rejected: Int
    public var errors: [RowError]
    public var created: Int
    public var updated: Int
    public var unchanged: Int
    public var dryRun: Bool
    public var committed: Bool
}

/// A whole file that cannot be imported (empty, unreadable, missing a column).
public struct ImportFileError: Error, Sendable, Equatable {
    public var message: String
    package init(message: String) {
        self.message = message
    }
}

/// template → dry run with row errors → all-or-nothing commit → summary. A commit plans on a reader,
/// outside the write lock (reads and other writes go on meanwhile), then takes the lock and checks
/// that what the plan read has not changed (`planVersion`); if it has, it plans again inside, so
/// what it writes is always checked against the database as it is at that moment.
public enum ImportFlow {
    package static func run<I: TableImport>(
        _ importer: I, file: [UInt8], dryRun: Bool, writer: DatabaseWriter, actor: AuditActor, limits: ReadLimits = .standard
    ) async throws -> ImportReport {
        try await run(importer, table: try readTable(file, importer: importer, limits: limits), dryRun: dryRun, writer: writer, actor: actor)
    }

    /// The same flow for a table that came from elsewhere than a file (a grid edited on a page).
    package static func run<I: TableImport>(
        _ importer: I, table: Table, dryRun: Bool, writer: DatabaseWriter, actor: AuditActor
    ) async throws -> ImportReport {
        if dryRun {
            let plan = try await importer.plan(table, on: writer.reader.next() as! any SQLDatabase)
            return report(plan, dryRun: true, committed: false)
        }
        let reader = writer.reader.next() as! any SQLDatabase
        let version = try await importer.planVersion(on: reader)
        let outside = try await importer.plan(table, on: reader)
        guard outside.problems.isEmpty else { return report(outside, dryRun: false, committed: false) }
        return try await writer.write { db in
            let sql = db
            var plan = outside
            let now = try await importer.planVersion(on: sql)
            if version == nil || now != version { plan = try await importer.plan(table, on: sql) }
            guard plan.problems.isEmpty else { return report(plan, dryRun: false, committed: false) }
            try await importer.commit(plan.changes, on: sql)
            let result = report(plan, dryRun: false, committed: true)
            let values = importer.auditValues(plan.changes)
            try await AuditLog.record(
                on: sql, actor: actor, action: "\(importer.auditEntityType).import", entityType: importer.auditEntityType,
                before: values.before, after: values.after,
                outcome: "created=\(result.created) updated=\(result.updated) unchanged=\(result.unchanged)"
            )
            return result
        }
    }

    /// `POST …/import?dryRun=` of the API: the file is the body; 422 when a commit was refused
    /// for row errors or the file cannot be read.
    package static func apiResponse<I: TableImport>(_ importer: I, _ request: Request, platform: Platform, actor: AuditActor) async throws -> Response {
        guard let body = try await request.collectBody(), body.readableBytes > 0 else { throw APIError.invalid("请上传文件：文件为空") }
        do {
            let dryRun = request.query[Bool.self, at: "dryRun"] ?? false
            let report = try await run(importer, file: Array(buffer: body), dryRun: dryRun, writer: platform.writer, actor: actor,
                                       limits: platform.configuration.importLimits)
            let response = try await report.encodeResponse(for: request)
            if !report.dryRun && !report.committed { response.status = .unprocessableEntity }
            return response
        } catch let error as ImportFileError {
            throw APIError(.unprocessableEntity, code: "invalid_file", message: error.message)
        }
    }

    package static func readTable<I: TableImport>(_ file: [UInt8], importer: I, limits: ReadLimits = .standard) throws -> Table {
        var table: Table
        do { table = try SpreadsheetFile.read(file, limits: limits) } catch { throw ImportFileError(message: error.message) }
        // The template marks required columns "名称*": read with or without the mark.
        table.header = table.header.map { header in
            var name = header
            while let last = name.last, last == "*" || last == "＊" { name.removeLast() }
            return name
        }
        let missing = importer.requiredColumns.filter { !table.header.contains($0) }
        guard missing.isEmpty else {
            throw ImportFileError(message: "缺少必填列：\(missing.joined(separator: "、"))（表头应为：\((importer.requiredColumns + importer.optionalColumns).joined(separator: ","))）")
        }
        guard !table.rows.isEmpty else { throw ImportFileError(message: "文件只有表头，没有数据行") }
        // The template's example row (marked 【示例】) is not data.
        table.rows.removeAll { row in row.cells.first { !$0.isEmpty }?.hasPrefix(RegistryTemplate.exampleMark) == true }
        guard !table.rows.isEmpty else { throw ImportFileError(message: "文件只有模板的示例行，没有数据行：请在示例行下填写（示例行不导入，可删除）") }
        return table
    }

    package static func report<C>(_ plan: ImportPlan<C>, dryRun: Bool, committed: Bool) -> ImportReport {
        let rejectedRows = Set(plan.problems.map(\.row))
        return ImportReport(
            accepted: plan.rows - rejectedRows.count,
            rejected: rejectedRows.count,
            errors: plan.problems.map { .init(row: $0.row, field: $0.field, message: $0.message) },
            created: plan.created, updated: plan.updated, unchanged: plan.unchanged,
            dryRun: dryRun, committed: committed
        )
    }
}
