import FluentKit
import SQLKit
import YanglaoPlatform

/// Registrations held for review (`DuplicateRegistration`): a person registered again outside the
/// original's region is a row of its own region, so that its region sees what it registered. Its
/// `id_number_hash` is a placeholder unique to the row (the original keeps the number's hash, which
/// stays unique), the number's real hash is in `held_hash` (found by a full-number search in its
/// region) and `duplicate_of` names the original. What the reviewing level decided is kept in
/// `elder_duplicate_decisions`, which the region that registered the person is shown.
///
/// Frozen: shipped migrations never change; a change of schema is a new migration with the next number.
struct Migration018HeldDuplicates: AsyncMigration {
    let name = "018-held-duplicates"

    func prepare(on database: any Database) async throws {
        try await database.schema("elders").field("held_hash", .string).update()
        try await database.schema("elders").field("duplicate_of", .string).update()
        try await database.schema("elder_duplicate_decisions")
            .field("id", .string, .identifier(auto: false))
            .field("held_id", .string, .required)
            .field("original_id", .string, .required)
            .field("region_code", .string, .required)
            .field("name", .string, .required)
            .field("decision", .string, .required)
            .field("reason", .string)
            .field("decided_by", .string, .required)
            .field("decided_at", .string, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "elders_held_hash_idx").on("elders").column("held_hash").run()
        try await sql.create(index: "elders_duplicate_of_idx").on("elders").column("duplicate_of").run()
        try await sql.create(index: "elder_duplicate_decisions_region_idx").on("elder_duplicate_decisions").column("region_code").column("decided_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("elder_duplicate_decisions").delete()
        try await database.schema("elders").deleteField("duplicate_of").update()
        try await database.schema("elders").deleteField("held_hash").update()
    }
}
