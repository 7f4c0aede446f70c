import FluentKit
import SQLKit
import YanglaoPlatform

/// The year-end summary report of a region on a plan: its header as an official document, the four
/// parts as the region edits them, and whether and when it was submitted upward.
///
/// Frozen: shipped migrations never change; a change of schema is a new migration with the next number.
struct Migration015YearReports: AsyncMigration {
    let name = "015-year-reports"

    func prepare(on database: any Database) async throws {
        try await database.schema("year_reports")
            .field("id", .string, .identifier(auto: false))
            .field("plan_id", .string, .required, .references("plans", "id"))
            .field("region_code", .string, .required)
            .field("issuing_body", .string, .required)
            .field("document_number", .string, .required)
            .field("title", .string, .required)
            .field("achievements", .string, .required)
            .field("problems", .string, .required)
            .field("suggestions", .string, .required)
            .field("next_steps", .string, .required)
            .field("state", .string, .required)
            .field("submitted_at", .string)
            .field("submitted_by_name", .string)
            .field("created_at", .string, .required)
            .field("updated_at", .string, .required)
            .unique(on: "plan_id", "region_code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("year_reports").delete()
    }
}
