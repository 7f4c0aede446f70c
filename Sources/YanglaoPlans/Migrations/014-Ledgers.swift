import FluentKit
import SQLKit
import YanglaoPlatform

/// The monthly supervision ledger (督查台账) of each region below a plan's region: its state, the
/// figures frozen when it was submitted, a note per task, every action taken on it, and the
/// urgings (督办) the level above sends down, answered in a later ledger.
///
/// Frozen: shipped migrations never change; a change of schema is a new migration with the next number.
struct Migration014Ledgers: AsyncMigration {
    let name = "014-ledgers"

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await database.schema("ledgers")
            .field("id", .string, .identifier(auto: false))
            .field("plan_id", .string, .required, .references("plans", "id"))
            .field("region_code", .string, .required)
            .field("period", .string, .required)
            .field("state", .string, .required)
            .field("submitted_at", .string)
            .field("submitted_by", .string)
            .field("submitted_by_name", .string)
            .field("reviewed_at", .string)
            .field("reviewed_by_name", .string)
            .field("reason", .string)
            .field("answer", .string)
            .field("created_at", .string, .required)
            .field("updated_at", .string, .required)
            .unique(on: "plan_id", "region_code", "period")
            .create()
        try await sql.create(index: "ledgers_plan_period_idx").on("ledgers").column("plan_id").column("period").run()

        try await database.schema("ledger_figures")
            .field("ledger_id", .string, .required, .references("ledgers", "id"))
            .field("indicator_code", .string, .required)
            .field("numerator", .double, .required)
            .field("denominator", .double)
            .field("target", .double)
            .field("status", .string)
            .compositeIdentifier(over: "ledger_id", "indicator_code")
            .create()

        try await database.schema("ledger_notes")
            .field("ledger_id", .string, .required, .references("ledgers", "id"))
            .field("task_id", .string, .required)
            .field("progress", .string, .required)
            .field("problems", .string, .required)
            .field("next_steps", .string, .required)
            .compositeIdentifier(over: "ledger_id", "task_id")
            .create()

        try await database.schema("ledger_events")
            .field("id", .string, .identifier(auto: false))
            .field("ledger_id", .string, .required, .references("ledgers", "id"))
            .field("action", .string, .required)
            .field("state", .string, .required)
            .field("reason", .string)
            .field("actor_name", .string, .required)
            .field("at", .string, .required)
            .create()
        try await sql.create(index: "ledger_events_ledger_idx").on("ledger_events").column("ledger_id").run()

        try await database.schema("urgings")
            .field("id", .string, .identifier(auto: false))
            .field("plan_id", .string, .required, .references("plans", "id"))
            .field("region_code", .string, .required)
            .field("message", .string, .required)
            .field("deadline", .string, .required)
            .field("created_by_name", .string, .required)
            .field("created_at", .string, .required)
            .field("answered_ledger_id", .string)
            .field("answered_at", .string)
            .create()
        try await sql.create(index: "urgings_plan_region_idx").on("urgings").column("plan_id").column("region_code").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["urgings", "ledger_events", "ledger_notes", "ledger_figures", "ledgers"] {
            try await database.schema(table).delete()
        }
    }
}
