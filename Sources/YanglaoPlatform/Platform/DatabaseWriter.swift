import FluentKit
import NIOConcurrencyHelpers
import SQLKit
import YanglaoCore

/// The one way to write. On SQLite, Fluent opens a connection per event loop and two read-then-write
/// transactions on different connections fail with "database is locked"; so there every write
/// transaction passes through one in-process gate. PostgreSQL needs no gate.
public struct DatabaseWriter: Sendable {
    package let database: any Database
    /// Where reads outside a write go (an import's dry run), never the writer's own connection.
    package let reader: ReaderPool
    package let gate: SerialGate?
    /// MACs the audit entries written in its transactions (`AuditLog.record`).
    package let auditMAC: AuditChain.MAC
    /// Write transactions in progress (waiting at the gate or running).
    private let running = NIOLockedValueBox(0)

    package init(database: any Database, reader: ReaderPool, serialised: Bool, auditMAC: @escaping AuditChain.MAC) {
        self.database = database
        self.reader = reader
        self.gate = serialised ? SerialGate() : nil
        self.auditMAC = auditMAC
    }

    /// Runs `body` in a write transaction. The database it is handed carries the audit key, so that
    /// `AuditLog.record` can write (and MAC) entries only inside a write transaction.
    package func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let mac = auditMAC
        running.withLockedValue { $0 += 1 }
        defer { running.withLockedValue { $0 -= 1 } }
        return try await serialisedTransaction { db in try await body(WriteTransaction(base: db as! any SQLDatabase, auditMAC: mac)) }
    }

    private func serialisedTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard let gate else { return try await database.transaction(body) }
        await gate.enter()
        do {
            let result = try await database.transaction { db in
                try await (db as! any SQLDatabase).raw("PRAGMA busy_timeout = 5000").run()
                // A large transaction (an import of a city's registry) keeps its index pages in
                // memory rather than spilling them to the WAL mid-way: up to 64 MB, used only as needed.
                try await (db as! any SQLDatabase).raw("PRAGMA cache_size = -65536").run()
                return try await body(db)
            }
            await gate.leave()
            return result
        } catch {
            await gate.leave()
            throw error
        }
    }
}

extension DatabaseWriter {
    /// Whether a write transaction is running now (tests and diagnostics).
    package var isBusy: Bool { running.withLockedValue { $0 > 0 } }
}

/// A first-come, first-served async lock.
package actor SerialGate {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    package func enter() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    package func leave() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
}

/// The database inside a write transaction: every query goes to the transaction's connection; the
/// audit key rides along for `AuditLog.record`. (Passed explicitly rather than as a task-local
/// value: Fluent runs the transaction's closure in a task of its own.)
package struct WriteTransaction: SQLDatabase {
    let base: any SQLDatabase
    let auditMAC: AuditChain.MAC

    package var logger: Logger { base.logger }
    package var eventLoop: any EventLoop { base.eventLoop }
    package var version: (any SQLDatabaseReportedVersion)? { base.version }
    package var dialect: any SQLDialect { base.dialect }
    package var queryLogLevel: Logger.Level? { base.queryLogLevel }

    package func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        base.execute(sql: query, onRow)
    }

    package func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        try await base.execute(sql: query, onRow)
    }
}
