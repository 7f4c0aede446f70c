import Foundation
import SQLKit
import YanglaoCore
import YanglaoPlatform

/// What the counts of the year read, in SQL, for the facilities a user sees in a region's subtree:
/// only the projects completed within the year by the date (those Core may count), and the
/// nursing-bed history summed by region. No facility is read whole.
struct FacilityIndicatorSQL: Sendable {
    let sql: any SQLDatabase
    let user: CurrentUser
    let region: StoredRegion

    /// The ids of the facilities seen, as a subquery.
    private var seenFacilities: any SQLExpression {
        let subtree = AccessScope.region(code: region.code, level: region.level, organisation: nil).regionFilter("region_code")
        return SQLGroupExpression(sql.select().column("id").from("facilities").where(FacilityStore.visibleFilter(user)).where(subtree).query)
    }

    /// A completed project with what Core asks of its facility.
    struct CompletedProject: Sendable {
        var project: ProjectFacts
        var category: FacilityCategory
        var institutionKind: InstitutionKind?
        var functions: Set<FacilityFunction>
        var regionCode: String
        var isTownLevel: Bool
    }

    /// The projects completed from the year's first day to the date.
    func completedProjects(year: Int, by date: LocalDate) async throws -> [CompletedProject] {
        guard let first = LocalDate(year: year, month: 1, day: 1), first <= date else { return [] }
        let projects = try await sql.select().column("*").from("facility_projects")
            .where("status", .equal, ProjectStatus.completed.rawValue)
            .where("actual_completion", .greaterThanOrEqual, first.description).where("actual_completion", .lessThanOrEqual, date.description)
            .where(SQLBinaryExpression(SQLIdentifier("facility_id"), .in, seenFacilities))
            .all(decoding: FacilityProject.self, keyDecodingStrategy: .fromSnakeCase)
        let ids = Array(Set(projects.map(\.facilityId)))
        guard !ids.isEmpty else { return [] }
        struct FacilityRow: Decodable { var id: String; var category: FacilityCategory; var institutionKind: InstitutionKind?; var regionCode: String }
        struct FunctionRow: Decodable { var facilityId: String; var function: FacilityFunction }
        var facilities: [String: FacilityRow] = [:], functions: [String: Set<FacilityFunction>] = [:]
        for batch in ids.chunked(into: 500) {
            for row in try await sql.select().columns("id", "category", "institution_kind", "region_code").from("facilities")
                .where("id", .in, Array(batch)).all(decoding: FacilityRow.self, keyDecodingStrategy: .fromSnakeCase) {
                facilities[row.id] = row
            }
            for row in try await sql.select().columns("facility_id", "function").from("facility_functions").where("facility_id", .in, Array(batch))
                .all(decoding: FunctionRow.self, keyDecodingStrategy: .fromSnakeCase) {
                functions[row.facilityId, default: []].insert(row.function)
            }
        }
        let townLevel = Set(try await RegionStore(sql: sql).find(codes: Array(Set(facilities.values.map(\.regionCode))))
            .filter { $0.level == .town }.map(\.code))
        return projects.compactMap { project in
            facilities[project.facilityId].map { facility in
                CompletedProject(project: project.facts, category: facility.category, institutionKind: facility.institutionKind,
                                 functions: functions[project.facilityId] ?? [], regionCode: facility.regionCode,
                                 isTownLevel: townLevel.contains(facility.regionCode))
            }
        }
    }

    /// 新增护理型床位 by region code: each institution's nursing beds at the date (capped at the
    /// year's end) less those at the end of the year before, each the last snapshot on or before
    /// the day (`CapacityHistory.nursingBeds`, held equal by a test).
    func nursingBedsAdded(year: Int, on date: LocalDate) async throws -> [String: Int] {
        let before = LocalDate(year: year - 1, month: 12, day: 31)!
        let end = min(date, LocalDate(year: year, month: 12, day: 31)!)
        func beds(at day: LocalDate) -> SQLQueryString {
            """
            COALESCE((SELECT s.nursing_beds FROM facility_capacity_snapshots s WHERE s.facility_id = facilities.id \
            AND s.taken_on <= \(bind: day.description) ORDER BY s.taken_on DESC, s.taken_at DESC LIMIT 1), 0)
            """
        }
        struct Row: Decodable { var regionCode: String; var added: Int }
        let subtree = AccessScope.region(code: region.code, level: region.level, organisation: nil).regionFilter("region_code")
        let rows = try await sql.select().column("region_code")
            // PostgreSQL sums BIGINT as NUMERIC: the sum is cast back to a whole number.
            .column(SQLQueryString("CAST(SUM(\(beds(at: end)) - \(beds(at: before))) AS BIGINT)"), as: "added")
            .from("facilities").where("category", .equal, FacilityCategory.institution.rawValue)
            .where(FacilityStore.visibleFilter(user)).where(subtree)
            .groupBy("region_code")
            .all(decoding: Row.self, keyDecodingStrategy: .fromSnakeCase)
        return Dictionary(rows.map { ($0.regionCode, $0.added) }, uniquingKeysWith: +)
    }
}
