import FluentKit
import SQLKit

/// Imports that run in the background (a registry of hundreds of thousands of rows): who started
/// which file, whether it was a dry run, how it ended. The progress page reads it after a reload.
///
/// Frozen: shipped migrations never change; a change of schema is a new migration with the next number.
package struct Migration012ImportJobs: AsyncMigration {
    package let name = "012-import-jobs"

    package func prepare(on database: any Database) async throws {
        try await database.schema("import_jobs")
            .field("id", .string, .identifier(auto: false))
            .field("entity_type", .string, .required)
            .field("account_id", .string, .required)
            .field("file_name", .string, .required)
            .field("dry_run", .bool, .required)
            .field("state", .string, .required)
            .field("rows", .int, .required)
            .field("problems", .int, .required)
            .field("report", .string)
            .field("message", .string)
            .field("created_at", .string, .required)
            .field("updated_at", .string, .required)
            .create()
        try await (database as! any SQLDatabase).create(index: "import_jobs_account_idx").on("import_jobs").column("account_id").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("import_jobs").delete()
    }
}
