import YanglaoPlatform
import FluentKit
import SQLKit

/// Facts nobody entered are stored as NULL rather than 0 or false: the counts and yes/no columns of
/// `facilities` become nullable. The problems a facility has are kept beside it (`facility_problems`
/// and `problem_count`), written in the facility's own transaction, so that lists filter and sort
/// by them in SQL. Rows keep the values they had; problems are filled in by the daily refresh.
///
/// SQLite cannot drop NOT NULL from a column, so the table is rebuilt (on both databases, one path).
///
/// Frozen: shipped migrations never change; a change of schema is a new migration with the next number.
struct Migration008FacilityFactsUnknown: AsyncMigration {
    let name = "008-facility-facts-unknown"

    static let columns = [
        "id", "code", "name", "category", "region_code", "supervising_region_code", "status", "filing_status", "created_at", "updated_at",
        "institution_kind", "address", "operator_name", "credit_code", "profit_type", "registration_type", "legal_representative",
        "contact_person", "contact_phone", "filing_number", "filing_bureau", "filed_on", "filing_missing", "opened_on",
        "status_changed_on", "operation_mode", "chain_operator", "fire_acceptance_on", "fire_checked_on", "food_checked_on",
        "beds", "nursing_beds", "occupied_beds", "residents", "special_hardship_residents", "foster_residents", "staff_count",
        "socialised", "internal_clinic", "nursing_station", "medical_insurance", "long_term_care_insurance", "fire_acceptance",
        "fire_compliant", "food_compliant", "electrical_alarm_required", "electrical_alarm_installed", "gas_alarm_required",
        "gas_alarm_installed", "fume_treated", "sewage_connected", "has_site", "has_sign", "standard_clinic_year", "latitude",
        "longitude", "building_area",
    ]

    func prepare(on database: any Database) async throws {
        try await database.schema("facilities_v8")
            .field("id", .string, .identifier(auto: false))
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("category", .string, .required)
            .field("region_code", .string, .required)
            .field("supervising_region_code", .string, .required)
            .field("status", .string, .required)
            .field("filing_status", .string, .required)
            .field("created_at", .string, .required)
            .field("updated_at", .string, .required)
            .field("institution_kind", .string)
            .field("address", .string)
            .field("operator_name", .string)
            .field("credit_code", .string)
            .field("profit_type", .string)
            .field("registration_type", .string)
            .field("legal_representative", .string)
            .field("contact_person", .string)
            .field("contact_phone", .string)
            .field("filing_number", .string)
            .field("filing_bureau", .string)
            .field("filed_on", .string)
            .field("filing_missing", .string)
            .field("opened_on", .string)
            .field("status_changed_on", .string)
            .field("operation_mode", .string)
            .field("chain_operator", .string)
            .field("fire_acceptance_on", .string)
            .field("fire_checked_on", .string)
            .field("food_checked_on", .string)
            .field("beds", .int)
            .field("nursing_beds", .int)
            .field("occupied_beds", .int)
            .field("residents", .int)
            .field("special_hardship_residents", .int)
            .field("foster_residents", .int)
            .field("staff_count", .int)
            .field("socialised", .bool)
            .field("internal_clinic", .bool)
            .field("nursing_station", .bool)
            .field("medical_insurance", .bool)
            .field("long_term_care_insurance", .bool)
            .field("fire_acceptance", .bool)
            .field("fire_compliant", .bool)
            .field("food_compliant", .bool)
            .field("electrical_alarm_required", .bool)
            .field("electrical_alarm_installed", .bool)
            .field("gas_alarm_required", .bool)
            .field("gas_alarm_installed", .bool)
            .field("fume_treated", .bool)
            .field("sewage_connected", .bool)
            .field("has_site", .bool)
            .field("has_sign", .bool)
            .field("standard_clinic_year", .int)
            .field("latitude", .double)
            .field("longitude", .double)
            .field("building_area", .double)
            .field("problem_count", .int, .required, .sql(.default(0)))
            .unique(on: "code")
            .create()
        let sql = database as! any SQLDatabase
        let list = Self.columns.map { "\"\($0)\"" }.joined(separator: ", ")
        try await sql.raw("INSERT INTO facilities_v8 (\(unsafeRaw: list)) SELECT \(unsafeRaw: list) FROM facilities").run()
        try await database.schema("facilities").delete()
        try await sql.raw("ALTER TABLE facilities_v8 RENAME TO facilities").run()

        try await database.schema("facility_problems")
            .field("facility_id", .string, .required)
            .field("problem", .string, .required)
            .unique(on: "facility_id", "problem")
            .create()
        for (name, columns) in [
            ("facilities_region_code_idx", ["region_code", "name", "id"]), ("facilities_supervising_region_code_idx", ["supervising_region_code"]),
            ("facilities_category_idx", ["category"]), ("facilities_name_idx", ["name", "id"]),
            ("facilities_problem_count_idx", ["problem_count", "id"]), ("facility_problems_problem_idx", ["problem", "facility_id"]),
        ] {
            var index = sql.create(index: name).on(name.hasPrefix("facility_problems") ? "facility_problems" : "facilities")
            for column in columns { index = index.column(column) }
            try await index.run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("facility_problems").delete()
    }
}
