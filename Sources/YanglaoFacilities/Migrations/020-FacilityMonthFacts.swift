import FluentKit
import SQLKit

/// What each facility contributes to the shares of facilities (护理型床位占比, 消防安全达标率 …),
/// judged by YanglaoCore and kept month by month: the current month's rows are rewritten at every
/// save and by the daily refresh, so a past month keeps what stood at its end. A table sums them
/// in SQL. `facility_fact_months` names the months whose rows are complete, and how they were taken.
///
/// Frozen: shipped migrations never change; a change of schema is a new migration with the next number.
struct Migration020FacilityMonthFacts: AsyncMigration {
    let name = "020-facility-month-facts"

    func prepare(on database: any Database) async throws {
        try await database.schema("facility_month_facts")
            .field("month", .string, .required)
            .field("facility_id", .string, .required)
            .field("facility_code", .string, .required)
            .field("region_code", .string, .required)
            .field("formula", .string, .required)
            .field("counted", .int, .required)
            .field("numerator", .double, .required)
            .field("denominator", .double, .required)
            .unique(on: "month", "facility_id", "formula")
            .create()
        try await database.schema("facility_fact_months")
            .field("month", .string, .identifier(auto: false))
            .field("taken", .string, .required)
            .field("judged_on", .string, .required)
            .field("taken_by", .string, .required)
            .field("recorded_at", .string, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "facility_month_facts_facility_idx").on("facility_month_facts").column("facility_id").column("month").run()
        // The table's sums read the index alone.
        try await sql.create(index: "facility_month_facts_sum_idx").on("facility_month_facts")
            .column("month").column("formula").column("region_code").column("counted").column("numerator").column("denominator").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("facility_fact_months").delete()
        try await database.schema("facility_month_facts").delete()
    }
}
