import FluentKit
import SQLKit

/// Every entry carries a MAC of its content from the moment it is written (`entry_mac`), so that a
/// row inserted by hand is not sealed as if genuine; such a row is set aside (`rejected_at`).
struct AddAuditEntryMAC: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column a statement: SQLite adds one at a time.
        try await database.schema("audit_entries").field("entry_mac", .string).update()
        try await database.schema("audit_entries").field("rejected_at", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_entries").deleteField("rejected_at").update()
        try await database.schema("audit_entries").deleteField("entry_mac").update()
    }
}
