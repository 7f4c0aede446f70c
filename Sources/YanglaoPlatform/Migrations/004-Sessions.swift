import FluentKit
import SQLKit

/// Browser sessions, stored in the database so that several app processes on one PostgreSQL share
/// them. The cookie holds a random id; the table holds only its digest. A session without an
/// account is the anonymous one the login form needs for its CSRF token.
///
/// Frozen: shipped migrations never change; a change of schema is a new migration with the next number.
package struct Migration004Sessions: AsyncMigration {
    package let name = "004-sessions"

    package func prepare(on database: any Database) async throws {
        try await database.schema("sessions")
            .field("id_digest", .string, .identifier(auto: false))
            .field("account_id", .string)
            .field("csrf_token", .string, .required)
            .field("created_at", .int64, .required)
            .field("last_seen_at", .int64, .required)
            .create()
        try await (database as! any SQLDatabase).create(index: "sessions_account_id_idx").on("sessions").column("account_id").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("sessions").delete()
    }
}
