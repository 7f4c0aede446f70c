import FluentKit
import SQLKit
import YanglaoPlatform

/// The elders registry: persons (personal data sealed: `<field>_sealed`, `_hash`, `_mask`, never
/// the plaintext), where they lived before (the current residence is the person's row), their
/// ability assessments and hospital stays.
///
/// Frozen: shipped migrations never change; a change of schema is a new migration with the next number.
struct Migration011Elders: AsyncMigration {
    let name = "011-elders"

    func prepare(on database: any Database) async throws {
        var elders = database.schema("elders")
            .field("id", .string, .identifier(auto: false))
            .field("name", .string, .required)
        for personal in ["id_number", "phone", "address", "emergency_phone"] {
            let columns = PersonalKind.columns(personal)
            let required: [DatabaseSchema.FieldConstraint] = personal == "id_number" ? [.required] : []
            elders = elders.field(.definition(name: .key(.string(columns.sealed)), dataType: .string, constraints: required))
                .field(.definition(name: .key(.string(columns.hash)), dataType: .string, constraints: required))
                .field(.definition(name: .key(.string(columns.mask)), dataType: .string, constraints: required))
        }
        try await elders
            .field("sex", .string, .required)
            .field("birth_date", .string, .required)
            .field("region_code", .string, .required)
            .field("resident_since", .string)
            .field("categories", .string, .required)
            .field("support_mode", .string)
            .field("facility_id", .string)
            .field("admitted_on", .string)
            .field("willing_for_centralised", .bool)
            .field("willing_recorded_on", .string)
            .field("self_care_checked_on", .string)
            .field("self_care_unable", .string)
            .field("self_care", .string)
            .field("death_date", .string)
            .field("moved_away_on", .string)
            .field("under_60_reason", .string)
            .field("emergency_contact", .string)
            .field("ability_level", .int)
            .field("assessed_on", .string)
            .field("next_assessment_on", .string)
            .field("created_at", .string, .required)
            .field("updated_at", .string, .required)
            .unique(on: "id_number_hash")
            .create()

        try await database.schema("elder_residences")
            .field("id", .string, .identifier(auto: false))
            .field("elder_id", .string, .required, .references("elders", "id"))
            .field("region_code", .string, .required)
            .field("since", .string)
            .field("until", .string)
            .create()

        try await database.schema("elder_assessments")
            .field("id", .string, .identifier(auto: false))
            .field("elder_id", .string, .required, .references("elders", "id"))
            .field("assessed_on", .string, .required)
            .field("reason", .string, .required)
            .field("assessors", .string, .required)
            .field("items", .string, .required)
            .field("total", .int, .required)
            .field("preliminary_level", .int, .required)
            .field("level", .int, .required)
            .field("adjustments", .string, .required)
            .field("diagnoses", .string, .required)
            .field("risk_events_30d", .int, .required)
            .field("coma", .bool, .required)
            .field("next_due_on", .string, .required)
            .field("recorded_by", .string)
            .field("recorded_at", .string, .required)
            .create()

        try await database.schema("elder_hospital_stays")
            .field("id", .string, .identifier(auto: false))
            .field("elder_id", .string, .required, .references("elders", "id"))
            .field("hospital", .string)
            .field("from_date", .string, .required)
            .field("to_date", .string)
            .create()

        let sql = database as! any SQLDatabase
        // The list of a region: its rows in name order straight from the index.
        try await sql.create(index: "elders_region_name_idx").on("elders").column("region_code").column("name").column("id").run()
        try await sql.create(index: "elders_phone_idx").on("elders").column("phone_hash").run()
        try await sql.create(index: "elders_facility_idx").on("elders").column("facility_id").run()
        try await sql.create(index: "elders_next_assessment_idx").on("elders").column("next_assessment_on").run()
        // The 特困 persons (a few in a hundred) are what the centralised-support rates read: a partial
        // index that holds every column the rates need, so that a city's rates read the index alone
        // (reading each row from the table instead costs a random page a person: 2 s for 40,000).
        try await sql.raw("""
            CREATE INDEX elders_special_hardship_idx ON elders (region_code, name, id, birth_date, categories, support_mode, admitted_on,
            willing_for_centralised, self_care, death_date, moved_away_on) WHERE categories LIKE '%特困%'
            """).run()
        try await sql.create(index: "elder_residences_elder_idx").on("elder_residences").column("elder_id").run()
        try await sql.create(index: "elder_assessments_elder_idx").on("elder_assessments").column("elder_id").column("assessed_on").run()
        try await sql.create(index: "elder_hospital_stays_elder_idx").on("elder_hospital_stays").column("elder_id").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["elder_hospital_stays", "elder_assessments", "elder_residences", "elders"] {
            try await database.schema(table).delete()
        }
    }
}
