import FluentKit
import SQLKit
import YanglaoPlatform

/// Plans and their targets: a plan of a region and year with its numbered tasks, the indicators it
/// sets (with the plan-wide target and the column they take in its breakdown table), every version
/// of its breakdown across the regions below, and the figures entered where no registry holds them.
///
/// Frozen: shipped migrations never change; a change of schema is a new migration with the next number.
struct Migration013Plans: AsyncMigration {
    let name = "013-plans"

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await database.schema("plans")
            .field("id", .string, .identifier(auto: false))
            .field("region_code", .string, .required)
            .field("year", .int, .required)
            .field("title", .string, .required)
            .field("document_number", .string, .required)
            .field("issuing_body", .string, .required)
            .field("issued_on", .string)
            .field("report_due", .string, .required)
            .field("created_at", .string, .required)
            .field("updated_at", .string, .required)
            .create()
        try await sql.create(index: "plans_region_year_idx").on("plans").column("region_code").column("year").run()

        try await database.schema("plan_tasks")
            .field("id", .string, .identifier(auto: false))
            .field("plan_id", .string, .required, .references("plans", "id"))
            .field("position", .int, .required)
            .field("section", .string, .required)
            .field("number", .string, .required)
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("responsible", .string, .required)
            .field("deadline", .string)
            .create()
        try await sql.create(index: "plan_tasks_plan_idx").on("plan_tasks").column("plan_id").column("position").run()

        try await database.schema("plan_indicators")
            .field("plan_id", .string, .required, .references("plans", "id"))
            .field("indicator_code", .string, .required)
            .field("position", .int, .required)
            .field("label", .string, .required)
            .field("target", .double)
            .field("task_id", .string)
            .field("in_breakdown", .bool, .required)
            .compositeIdentifier(over: "plan_id", "indicator_code")
            .create()

        try await database.schema("breakdowns")
            .field("id", .string, .identifier(auto: false))
            .field("plan_id", .string, .required, .references("plans", "id"))
            .field("version", .int, .required)
            .field("source", .string, .required)
            .field("reason", .string)
            .field("created_by", .string, .required)
            .field("created_at", .string, .required)
            .unique(on: "plan_id", "version")
            .create()

        // A region's place in the table (the plan's order of towns) and its targets; the plan's own
        // region carries the table's 合计 row.
        try await database.schema("breakdown_rows")
            .field("breakdown_id", .string, .required, .references("breakdowns", "id"))
            .field("region_code", .string, .required)
            .field("position", .int, .required)
            .compositeIdentifier(over: "breakdown_id", "region_code")
            .create()
        try await database.schema("breakdown_cells")
            .field("breakdown_id", .string, .required, .references("breakdowns", "id"))
            .field("region_code", .string, .required)
            .field("indicator_code", .string, .required)
            .field("target", .double, .required)
            .compositeIdentifier(over: "breakdown_id", "region_code", "indicator_code")
            .create()

        // A figure entered for a region and month: a count's new ones of the month, or a share's
        // numerator and denominator at the month's end.
        try await database.schema("reported_values")
            .field("indicator_code", .string, .required)
            .field("region_code", .string, .required)
            .field("period", .string, .required)
            .field("value", .double, .required)
            .field("denominator", .double)
            .field("note", .string)
            .field("entered_by", .string, .required)
            .field("entered_at", .string, .required)
            .compositeIdentifier(over: "indicator_code", "region_code", "period")
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in ["reported_values", "breakdown_cells", "breakdown_rows", "breakdowns", "plan_indicators", "plan_tasks", "plans"] {
            try await database.schema(table).delete()
        }
    }
}
