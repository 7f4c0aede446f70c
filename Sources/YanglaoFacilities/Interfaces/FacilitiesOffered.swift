import SQLKit
import YanglaoCore
import YanglaoPlatform

/// What the facilities registry answers for the other capabilities (`CapabilityInterfaces.facilities`).
struct FacilitiesOffered: FacilityDirectory {
    func facilityID(identifiedBy given: String, sql: any SQLDatabase) async throws -> String? {
        try await sql.select().column("id").from("facilities").where("id", .equal, given).orWhere("code", .equal, given).first()?
            .decode(column: "id", as: String.self)
    }

    func names(of ids: [String], platform: Platform) async throws -> [String: String] {
        try await platform.recordNames(in: "facilities", ids: ids)
    }

    func isFacility(coded code: String, column: String) -> any SQLExpression {
        SQLQueryString("\(ident: column) IN (SELECT id FROM facilities WHERE code = \(bind: code))")
    }

    func refreshProblems(ofFacilities ids: Set<String>, platform: Platform, sql: any SQLDatabase) async throws {
        try await platform.facilityStore(sql).refreshProblems(ofFacilities: ids)
    }

    func openProblems(in region: StoredRegion, for user: CurrentUser, platform: Platform) async throws -> [(label: String, count: Int)] {
        let subtree = AccessScope.region(code: region.code, level: region.level, organisation: nil).regionFilter("region_code")
        let facilities = platform.sql.select().column("id").from("facilities").where(subtree).where(FacilityStore.visibleFilter(user))
        let rows = try await platform.sql.select().column("problem").column(SQLAlias(SQLRaw("COUNT(*)"), as: SQLIdentifier("n")))
            .from("facility_problems").where(SQLIdentifier("facility_id"), .in, SQLGroupExpression(facilities.query)).groupBy("problem").all()
        var counts: [FacilityRules.Problem: Int] = [:]
        for row in rows {
            if let problem = FacilityRules.Problem(rawValue: try row.decode(column: "problem", as: String.self)) { counts[problem] = try row.decode(column: "n", as: Int.self) }
        }
        return FacilityRules.Problem.allCases.compactMap { problem in counts[problem].map { (problem.label, $0) } }
    }
}
