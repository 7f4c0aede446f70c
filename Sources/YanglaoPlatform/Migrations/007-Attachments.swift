import FluentKit
import SQLKit

/// The platform's attachment store: files under the data directory by content hash (a file sent
/// twice is stored once), metadata in the database, served only through scoped routes.
///
/// Frozen: shipped migrations never change; a change of schema is a new migration with the next number.
package struct Migration007Attachments: AsyncMigration {
    package let name = "007-attachments"

    package func prepare(on database: any Database) async throws {
        try await database.schema("attachments")
            .field("id", .string, .identifier(auto: false))
            .field("entity_type", .string, .required)
            .field("entity_id", .string, .required)
            .field("kind", .string, .required)
            .field("file_name", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int, .required)
            .field("sha256", .string, .required)
            .field("uploaded_by", .string)
            .field("uploaded_at", .string, .required)
            .create()
        try await (database as! any SQLDatabase).create(index: "attachments_entity_idx").on("attachments").column("entity_type").column("entity_id").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("attachments").delete()
    }
}
