import FluentKit
import SQLKit

/// `audit_entries` holds every entry, written (with a MAC of its content, `entry_mac`) in the
/// transaction of the change it records and sealed into the chain later — or set aside
/// (`rejected_at`) when its MAC does not verify; `audit_chain` holds the chain's head and the sealer's lease (one row).
///
/// Frozen: shipped migrations never change; a change of schema is a new migration with the next number.
package struct Migration003AuditLog: AsyncMigration {
    package let name = "003-audit-log"

    package func prepare(on database: any Database) async throws {
        try await database.schema("audit_entries")
            .field("id", .string, .identifier(auto: false))
            .field("sequence", .int64)
            .field("occurred_at", .string, .required)
            .field("account_id", .string)
            .field("username", .string)
            .field("role", .string)
            .field("region_code", .string)
            .field("action", .string, .required)
            .field("entity_type", .string)
            .field("entity_id", .string)
            .field("before", .string)
            .field("after", .string)
            .field("ip", .string)
            .field("outcome", .string, .required)
            .field("sealed_at", .string)
            .field("previous_mac", .string)
            .field("mac", .string)
            .field("entry_mac", .string)
            .field("rejected_at", .string)
            .unique(on: "sequence")
            .create()
        let sql = database as! any SQLDatabase
        for column in ["occurred_at", "username", "entity_type", "region_code"] {
            try await sql.create(index: "audit_entries_\(column)_idx").on("audit_entries").column(column).run()
        }
        try await database.schema("audit_chain")
            .field("name", .string, .identifier(auto: false))
            .field("last_sequence", .int64, .required)
            .field("last_mac", .string)
            .field("head_mac", .string)
            .field("lease_holder", .string)
            .field("lease_expires", .int64, .required)
            .create()
        try await sql.insert(into: "audit_chain")
            .columns("name", "last_sequence", "lease_expires")
            .values(SQLBind("main"), SQLBind(0), SQLBind(0))
            .run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("audit_chain").delete()
        try await database.schema("audit_entries").delete()
    }
}
