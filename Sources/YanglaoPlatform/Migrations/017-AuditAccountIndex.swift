import FluentKit
import SQLKit

/// An account's audit entries by time: the hourly count of its reveals and full-number lookups
/// (`PersonalDataUse`) reads them on every such request.
///
/// Frozen: shipped migrations never change; a change of schema is a new migration with the next number.
package struct Migration017AuditAccountIndex: AsyncMigration {
    package let name = "017-audit-account-index"

    package func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(index: "audit_entries_account_time_idx").on("audit_entries").column("account_id").column("occurred_at").run()
    }

    package func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(index: "audit_entries_account_time_idx").run()
    }
}
