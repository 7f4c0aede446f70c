import FluentKit
import SQLKit

/// The facilities registry: facilities with their functions, medical agreements, capacity
/// snapshots and projects.
struct CreateFacilities: AsyncMigration {
    func prepare(on database: any Database) async throws {
        var facilities = database.schema("facilities")
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
            .unique(on: "code")
        for column in Facility.optionalTextColumns {
            facilities = facilities.field(.definition(name: .key(.init(stringLiteral: column)), dataType: .string, constraints: []))
        }
        for column in Facility.integerColumns {
            facilities = facilities.field(.definition(name: .key(.init(stringLiteral: column)), dataType: .int, constraints: [.required]))
        }
        for column in Facility.flagColumns {
            facilities = facilities.field(.definition(name: .key(.init(stringLiteral: column)), dataType: .bool, constraints: [.required]))
        }
        facilities = facilities
            .field("standard_clinic_year", .int)
            .field("latitude", .double)
            .field("longitude", .double)
            .field("building_area", .double)
        try await facilities.create()

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
