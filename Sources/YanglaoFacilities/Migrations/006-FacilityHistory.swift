import YanglaoPlatform
import FluentKit
import SQLKit

/// What happens at a facility over time: its status changes (the life cycle with dates) and the
/// activities of community facilities (the evidence of 有活动、有记录).
///
/// Frozen: shipped migrations never change; a change of schema is a new migration with the next number.
struct Migration006FacilityHistory: AsyncMigration {
    let name = "006-facility-history"

    func prepare(on database: any Database) async throws {
        try await database.schema("facility_status_history")
            .field("id", .string, .identifier(auto: false))
            .field("facility_id", .string, .required)
            .field("status", .string, .required)
            .field("changed_on", .string, .required)
            .field("recorded_at", .string, .required)
            .create()
        try await database.schema("facility_activities")
            .field("id", .string, .identifier(auto: false))
            .field("facility_id", .string, .required)
            .field("held_on", .string, .required)
            .field("kind", .string, .required)
            .field("participants", .int, .required)
            .field("record", .string, .required)
            .field("created_at", .string, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "facility_status_history_facility_id_idx").on("facility_status_history").column("facility_id").run()
        try await sql.create(index: "facility_activities_facility_id_idx").on("facility_activities").column("facility_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("facility_activities").delete()
        try await database.schema("facility_status_history").delete()
    }
}
