import FluentKit
import SQLKit

/// The leases of the jobs that must run once even with several app processes (the facilities'
/// daily refresh, later the recurring visits): one row per job, its holder and when the lease
/// ends, and the last day it finished.
///
/// Frozen: shipped migrations never change; a change of schema is a new migration with the next number.
package struct Migration019JobLeases: AsyncMigration {
    package let name = "019-job-leases"

    package func prepare(on database: any Database) async throws {
        try await database.schema("job_leases")
            .field("name", .string, .identifier(auto: false))
            .field("holder", .string)
            .field("lease_expires", .int64, .required)
            .field("last_done", .string)
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("job_leases").delete()
    }
}
