import Foundation
import SQLKit
import Vapor
import YanglaoCore
import YanglaoPlatform

/// The projects list in SQL: the projects on the facilities a user sees, filtered, ordered by the
/// facility's region and the project's name, paged by keyset, with the completed projects counted
/// per breakdown column over the whole list. No facility is read whole except those of the page.
struct ProjectQuery: Sendable {
    let sql: any SQLDatabase
    let user: CurrentUser
    let today: LocalDate

    /// What a list asks: `year`, `region`, `kind`, `status`, `late=true`, `category` of the facility,
    /// `column` of the breakdown table it counts in.
    struct Filters: Sendable {
        var year: Int?
        var region: StoredRegion?
        var kind: ProjectKind?
        var status: ProjectStatus?
        var category: FacilityCategory?
        var lateOnly = false
        var column: BreakdownColumn?

        /// Names the filters, so that a cursor serves only the list it was made for.
        var fingerprint: String {
            ["projects", year.map(String.init) ?? "", region?.code ?? "", kind?.rawValue ?? "", status?.rawValue ?? "",
             category?.rawValue ?? "", lateOnly ? "late" : "", column?.rawValue ?? ""].joined(separator: "|")
        }
    }

    /// The projects table joined to its facilities, as `p` and `f`.
    private var from: any SQLExpression {
        SQLQueryString("facility_projects p JOIN facilities f ON f.id = p.facility_id")
    }

    /// The unqualified `region_code` and `code` of the scope's filters are the facility's: the projects table has neither.
    func whereClause(_ filters: Filters) -> any SQLExpression {
        var clauses: [any SQLExpression] = [FacilityStore.visibleFilter(user)]
        if let region = filters.region {
            clauses.append(AccessScope.region(code: region.code, level: region.level, organisation: nil).regionFilter("region_code"))
        }
        if let year = filters.year { clauses.append(SQLQueryString("p.year = \(bind: year)")) }
        if let kind = filters.kind { clauses.append(SQLQueryString("p.kind = \(bind: kind.rawValue)")) }
        if let status = filters.status { clauses.append(SQLQueryString("p.status = \(bind: status.rawValue)")) }
        if let category = filters.category { clauses.append(SQLQueryString("f.category = \(bind: category.rawValue)")) }
        if filters.lateOnly { clauses.append(Self.isLate(on: today)) }
        if let column = filters.column { clauses.append(Self.counts(in: column)) }
        return clauses.dropFirst().reduce(clauses[0]) { SQLBinaryExpression($0, .and, $1) }
    }

    /// `ProjectRules.isLate` in SQL: not completed nor cancelled after its planned completion date.
    static func isLate(on date: LocalDate) -> SQLQueryString {
        "(p.status IN (\(bind: ProjectStatus.planned.rawValue), \(bind: ProjectStatus.inProgress.rawValue)) AND p.planned_completion IS NOT NULL AND p.planned_completion < \(bind: date.description))"
    }

    /// `ProjectRules.breakdownColumns` in SQL, column by column (held equal to Core's rule on every
    /// demo project by `ProjectQueryTests`).
    static func counts(in column: BreakdownColumn) -> SQLQueryString {
        func has(_ function: FacilityFunction) -> SQLQueryString {
            "EXISTS (SELECT 1 FROM facility_functions ff WHERE ff.facility_id = f.id AND ff.function = \(bind: function.rawValue))"
        }
        let completed: SQLQueryString = "p.status = \(bind: ProjectStatus.completed.rawValue)"
        let condition: SQLQueryString = switch column {
        case .dayCareCentres: "f.category = \(bind: FacilityCategory.dayCareCentre.rawValue)"
        case .townHomeCareCentres:
            "f.category = \(bind: FacilityCategory.homeCareCentre.rawValue) AND EXISTS (SELECT 1 FROM regions r WHERE r.code = f.region_code AND r.level = \(bind: RegionLevel.town.rawValue))"
        case .newMedicalCareInstitutions:
            "p.kind = \(bind: ProjectKind.newBuild.rawValue) AND f.category = \(bind: FacilityCategory.institution.rawValue) AND \(has(.medicalCare))"
        case .dementiaCareCentres: has(.dementiaCare)
        case .regionalCentres: has(.regionalCentre)
        }
        return "(\(completed) AND \(condition))"
    }

    /// The page after `cursor`: `limit` projects with their facilities, and the next cursor.
    func page(_ filters: Filters, cursor: String?, limit: Int, cursors: CursorCodec) async throws -> (records: [ProjectRecord], next: String?) {
        let after = try cursor.map { try cursors.decode($0, fingerprint: filters.fingerprint, numericKeys: [false, false]) }
        let rows = try await projects(filters, after: after, limit: limit + 1)
        let page = Array(rows.prefix(limit))
        let records = try await records(page)
        guard rows.count > limit, let last = page.last else { return (records, nil) }
        let position = CursorPosition(keys: [.text(last.regionCode), .text(last.project.name)], id: last.project.id)
        return (records, cursors.encode(position, fingerprint: filters.fingerprint))
    }

    /// Every project of the list (the export), read in batches by keyset.
    func all(_ filters: Filters) async throws -> [ProjectRecord] {
        var all: [ProjectRecord] = []
        var after: CursorPosition?
        while true {
            let rows = try await projects(filters, after: after, limit: 500)
            all += try await records(rows)
            guard rows.count == 500, let last = rows.last else { return all }
            after = CursorPosition(keys: [.text(last.regionCode), .text(last.project.name)], id: last.project.id)
        }
    }

    /// How many projects the list holds and, of the completed, how many count in each breakdown column.
    func totals(_ filters: Filters) async throws -> (total: Int, completed: [String: Int]) {
        var query = sql.select().column(SQLAlias(SQLRaw("COUNT(*)"), as: SQLIdentifier("total")))
        for (index, column) in BreakdownColumn.allCases.enumerated() {
            query = query.column(SQLAlias(SQLQueryString("CAST(COALESCE(SUM(CASE WHEN \(Self.counts(in: column)) THEN 1 ELSE 0 END), 0) AS BIGINT)"),
                                          as: SQLIdentifier("column_\(index)")))
        }
        guard let row = try await query.from(from).where(whereClause(filters)).first() else { return (0, [:]) }
        var completed: [String: Int] = [:]
        for (index, column) in BreakdownColumn.allCases.enumerated() {
            completed[column.rawValue] = try row.decode(column: "column_\(index)", as: Int.self)
        }
        return (try row.decode(column: "total", as: Int.self), completed)
    }

    /// The years that hold projects the user sees, latest first.
    func years() async throws -> [Int] {
        struct Row: Decodable { var year: Int }
        return try await sql.select().distinct().column(SQLColumn("year", table: "p")).from(from)
            .where(FacilityStore.visibleFilter(user)).orderBy(SQLColumn("year", table: "p"), SQLDirection.descending)
            .all(decoding: Row.self).map(\.year)
    }

    private struct Row: Sendable {
        var project: FacilityProject
        var regionCode: String
    }

    private func projects(_ filters: Filters, after: CursorPosition?, limit: Int) async throws -> [Row] {
        var query = sql.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("p")))
            .column(SQLAlias(SQLColumn("region_code", table: "f"), as: SQLIdentifier("facility_region_code")))
            .from(from).where(whereClause(filters))
        if let after, after.keys.count == 2, case let .text(region) = after.keys[0], case let .text(name) = after.keys[1] {
            query = query.where(SQLQueryString("""
                (f.region_code > \(bind: region) OR (f.region_code = \(bind: region) AND p.name > \(bind: name)) \
                OR (f.region_code = \(bind: region) AND p.name = \(bind: name) AND p.id > \(bind: after.id)))
                """))
        }
        let rows = try await query.orderBy(SQLColumn("region_code", table: "f")).orderBy(SQLColumn("name", table: "p"))
            .orderBy(SQLColumn("id", table: "p")).limit(limit).all()
        return try rows.map { row in
            Row(project: try row.decode(model: FacilityProject.self, keyDecodingStrategy: .fromSnakeCase),
                regionCode: try row.decode(column: "facility_region_code", as: String.self))
        }
    }

    /// The projects with their facilities (functions, and whether each sits at the township level).
    private func records(_ rows: [Row]) async throws -> [ProjectRecord] {
        let store = FacilityStore(sql: sql)   // names and functions only: no residents, no judging
        let ids = Array(Set(rows.map(\.project.facilityId)))
        var facilities: [FacilityRecord] = []
        for batch in ids.chunked(into: 500) {
            facilities += try await sql.select().column("*").from("facilities").where("id", .in, Array(batch)).all().map(store.schema.decode)
        }
        let byID = Dictionary(uniqueKeysWithValues: try await store.records(facilities).map { ($0.id, $0) })
        let townLevel = Set(try await RegionStore(sql: sql).find(codes: Array(Set(rows.map(\.regionCode)))).filter { $0.level == .town }.map(\.code))
        return rows.compactMap { row in
            byID[row.project.facilityId].map {
                ProjectRecord(project: row.project, facility: $0.facility, functions: $0.functions, facilityAtTownLevel: townLevel.contains(row.regionCode))
            }
        }
    }
}
