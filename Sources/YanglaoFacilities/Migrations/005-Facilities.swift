import YanglaoPlatform
import FluentKit
import SQLKit

/// The facilities registry: facilities with their functions, medical agreements, capacity
/// snapshots and projects.
///
/// Frozen: shipped migrations never change; a change of schema is a new migration with the next number.
struct Migration005Facilities: AsyncMigration {
    let name = "005-facilities"

    func prepare(on database: any Database) async throws {
        try await database.schema("facilities")
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
            .field("beds", .int, .required)
            .field("nursing_beds", .int, .required)
            .field("occupied_beds", .int, .required)
            .field("residents", .int, .required)
            .field("special_hardship_residents", .int, .required)
            .field("foster_residents", .int, .required)
            .field("staff_count", .int, .required)
            .field("socialised", .bool, .required)
            .field("internal_clinic", .bool, .required)
            .field("nursing_station", .bool, .required)
            .field("medical_insurance", .bool, .required)
            .field("long_term_care_insurance", .bool, .required)
            .field("fire_acceptance", .bool, .required)
            .field("fire_compliant", .bool, .required)
            .field("food_compliant", .bool, .required)
            .field("electrical_alarm_required", .bool, .required)
            .field("electrical_alarm_installed", .bool, .required)
            .field("gas_alarm_required", .bool, .required)
            .field("gas_alarm_installed", .bool, .required)
            .field("fume_treated", .bool, .required)
            .field("sewage_connected", .bool, .required)
            .field("has_site", .bool, .required)
            .field("has_sign", .bool, .required)
            .field("standard_clinic_year", .int)
            .field("latitude", .double)
            .field("longitude", .double)
            .field("building_area", .double)
            .unique(on: "code")
            .create()

        try await database.schema("facility_functions")
            .field("facility_id", .string, .required)
            .field("function", .string, .required)
            .unique(on: "facility_id", "function")
            .create()
        try await database.schema("facility_agreements")
            .field("id", .string, .identifier(auto: false))
            .field("facility_id", .string, .required)
            .field("partner", .string, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string)
            .create()
        try await database.schema("facility_capacity_snapshots")
            .field("id", .string, .identifier(auto: false))
            .field("facility_id", .string, .required)
            .field("taken_at", .string, .required)
            .field("taken_on", .string, .required)
            .field("beds", .int, .required)
            .field("nursing_beds", .int, .required)
            .field("occupied_beds", .int, .required)
            .field("residents", .int, .required)
            .field("staff_count", .int, .required)
            .create()
        try await database.schema("facility_projects")
            .field("id", .string, .identifier(auto: false))
            .field("facility_id", .string, .required)
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("upgrade_kind", .string)
            .field("year", .int, .required)
            .field("status", .string, .required)
            .field("investment", .int64)
            .field("funding_source", .string)
            .field("planned_completion", .string)
            .field("actual_completion", .string)
            .field("created_at", .string, .required)
            .field("updated_at", .string, .required)
            .create()

        let sql = database as! any SQLDatabase
        for (table, column) in [
            ("facilities", "region_code"), ("facilities", "supervising_region_code"), ("facilities", "category"),
            ("facility_functions", "facility_id"), ("facility_functions", "function"), ("facility_agreements", "facility_id"),
            ("facility_capacity_snapshots", "facility_id"), ("facility_projects", "facility_id"), ("facility_projects", "year"),
        ] {
            try await sql.create(index: "\(table)_\(column)_idx").on(table).column(column).run()
        }
    }

    func revert(on database: any Database) async throws {
        for table in ["facility_projects", "facility_capacity_snapshots", "facility_agreements", "facility_functions", "facilities"] {
            try await database.schema(table).delete()
        }
    }
}
