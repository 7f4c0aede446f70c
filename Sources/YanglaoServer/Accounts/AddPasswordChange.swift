import FluentKit
import SQLKit

/// 三员分立: one-time passwords the owner must change, and resets of guarded accounts that wait for
/// a second security administrator.
struct AddPasswordChange: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column a statement: SQLite adds one at a time.
        try await database.schema("accounts").field("must_change_password", .bool, .required, .sql(.default(false))).update()
        try await database.schema("accounts").field("reset_requested_by", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("accounts").deleteField("reset_requested_by").update()
        try await database.schema("accounts").deleteField("must_change_password").update()
    }
}
