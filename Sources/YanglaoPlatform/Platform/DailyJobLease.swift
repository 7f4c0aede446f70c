import SQLKit

/// A daily job that must run once a day however many app processes start it: the process that
/// takes the lease (a row of `job_leases`) runs the day's round; the others see it held or done.
/// A lease not renewed within `seconds` (its process died) may be taken over.
package struct DailyJobLease: Sendable {
    package let name: String
    package let holder: String
    package var seconds: Int64 = 900

    package init(name: String, holder: String) {
        self.name = name
        self.holder = holder
    }

    /// Takes the lease for the day, unless the job has finished that day or another process holds it.
    package func claim(day: String, writer: DatabaseWriter) async throws -> Bool {
        let (name, holder, seconds) = (name, holder, seconds)
        return try await writer.write { sql in
            try await sql.insert(into: "job_leases").columns("name", "holder", "lease_expires", "last_done")
                .values(SQLBind(name), SQLLiteral.null, SQLBind(Int64(0)), SQLLiteral.null).ignoringConflicts().run()
            let now = Clock.unixNow()
            try await sql.update("job_leases").set("holder", to: holder).set("lease_expires", to: now + seconds)
                .where("name", .equal, name)
                .where { $0.where("last_done", .is, SQLLiteral.null).orWhere("last_done", .notEqual, day) }
                .where { $0.where("holder", .equal, holder).orWhere("holder", .is, SQLLiteral.null).orWhere("lease_expires", .lessThan, now) }
                .run()
            struct Row: Decodable { var holder: String? }
            return try await sql.select().column("holder").from("job_leases").where("name", .equal, name)
                .first(decoding: Row.self)?.holder == holder
        }
    }

    /// Records the day as done and gives the lease up.
    package func finish(day: String, writer: DatabaseWriter) async throws {
        try await release(writer: writer, done: day)
    }

    /// Gives the lease up without finishing (the round failed: another process, or the next round, tries again).
    package func release(writer: DatabaseWriter, done day: String? = nil) async throws {
        let (name, holder) = (name, holder)
        try await writer.write { sql in
            var update = sql.update("job_leases").set("holder", to: SQLLiteral.null).set("lease_expires", to: Int64(0))
            if let day { update = update.set("last_done", to: day) }
            try await update.where("name", .equal, name).where("holder", .equal, holder).run()
        }
    }
}
