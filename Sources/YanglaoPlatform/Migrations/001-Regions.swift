import FluentKit
import SQLKit

/// The administrative tree. The code is the key; `province_code` … `village_code` hold the codes of
/// the unit and its ancestors by level so that a subtree is one indexed equality, whatever levels
/// the tree skips.
///
/// Frozen: shipped migrations never change; a change of schema is a new migration with the next number.
package struct Migration001Regions: AsyncMigration {
    package let name = "001-regions"

    package func prepare(on database: any Database) async throws {
        try await database.schema("regions")
            .field("code", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("level", .string, .required)
            .field("kind", .string)
            .field("parent_code", .string)
            .field("effective_from", .string)
            .field("effective_to", .string)
            .field("merged_into", .string)
            .field("province_code", .string)
            .field("prefecture_code", .string)
            .field("county_code", .string)
            .field("town_code", .string)
            .field("village_code", .string)
            .create()
        let sql = database as! any SQLDatabase
        for column in ["parent_code", "province_code", "prefecture_code", "county_code", "town_code", "village_code"] {
            try await sql.create(index: "regions_\(column)_idx").on("regions").column(column).run()
        }
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("regions").delete()
    }
}
