import FluentKit
import SQLKit

/// Accounts (with 三员分立's one-time passwords and two-person resets), their API tokens (stored as
/// digests only), and the failed sign-ins counted by unknown username and by client address.
///
/// Frozen: shipped migrations never change; a change of schema is a new migration with the next number.
package struct Migration002Accounts: AsyncMigration {
    package let name = "002-accounts"

    package func prepare(on database: any Database) async throws {
        try await database.schema("accounts")
            .field("id", .string, .identifier(auto: false))
            .field("username", .string, .required)
            .field("display_name", .string)
            .field("password_hash", .string, .required)
            .field("role", .string, .required)
            .field("region_code", .string, .required)
            .field("organisation_id", .string)
            .field("disabled", .bool, .required)
            .field("failed_logins", .int, .required)
            .field("locked_until", .int64)
            .field("created_at", .string, .required)
            .field("updated_at", .string, .required)
            .field("must_change_password", .bool, .required)
            .field("reset_requested_by", .string)
            .unique(on: "username")
            .create()
        try await database.schema("api_tokens")
            .field("id", .string, .identifier(auto: false))
            .field("account_id", .string, .required)
            .field("token_digest", .string, .required)
            .field("created_at", .int64, .required)
            .field("expires_at", .int64, .required)
            .field("revoked_at", .int64)
            .unique(on: "token_digest")
            .create()
        try await database.schema("login_attempts")
            .field("key", .string, .identifier(auto: false))
            .field("failures", .int64, .required)
            .field("window_start", .int64, .required)
            .field("locked_until", .int64)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "accounts_region_code_idx").on("accounts").column("region_code").run()
        try await sql.create(index: "api_tokens_account_id_idx").on("api_tokens").column("account_id").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("login_attempts").delete()
        try await database.schema("api_tokens").delete()
        try await database.schema("accounts").delete()
    }
}
