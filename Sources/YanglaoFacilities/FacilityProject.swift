import YanglaoPlatform
import Foundation
import SQLKit
import Vapor
import YanglaoCore

/// A row of `facility_projects`.
struct FacilityProject: Content, Equatable {
    var id: String
    var facilityId: String
    var name: String
    var kind: ProjectKind
    var upgradeKind: UpgradeKind?
    var year: Int
    var status: ProjectStatus
    /// 元.
    var investment: Int64?
    var fundingSource: FundingSource?
    var plannedCompletion: LocalDate?
    var actualCompletion: LocalDate?
    var createdAt: String
    var updatedAt: String

    var facts: ProjectFacts {
        ProjectFacts(kind: kind, upgradeKind: upgradeKind, year: year, status: status,
                     plannedCompletion: plannedCompletion, actualCompletion: actualCompletion)
    }
}

/// A project with the facility it works on, for lists and the breakdown.
struct ProjectRecord: Sendable {
    var project: FacilityProject
    var facility: Facility
    var functions: Set<FacilityFunction>
    /// Whether the facility sits at the township level (for 镇级居家养老服务中心).
    var facilityAtTownLevel: Bool

    var breakdownColumns: Set<BreakdownColumn> {
        ProjectRules.breakdownColumns(project.facts, category: facility.category, functions: functions, isTownLevel: facilityAtTownLevel)
    }
}

struct ProjectStore: Sendable {
    let sql: any SQLDatabase

    func insert(_ project: FacilityProject) async throws {
        try await sql.insert(into: "facility_projects").model(project, keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil).run()
    }

    func update(_ project: FacilityProject) async throws {
        try await sql.update("facility_projects").set(model: project, keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil)
            .where("id", .equal, project.id).run()
    }

    func find(id: String) async throws -> FacilityProject? {
        try await sql.select().column("*").from("facility_projects").where("id", .equal, id)
            .first(decoding: FacilityProject.self, keyDecodingStrategy: .fromSnakeCase)
    }

    func projects(ofFacilities ids: [String]) async throws -> [FacilityProject] {
        var projects: [FacilityProject] = []
        for batch in ids.chunked(into: 500) {
            projects += try await sql.select().column("*").from("facility_projects").where("facility_id", .in, Array(batch))
                .orderBy("year", .descending).orderBy("name")
                .all(decoding: FacilityProject.self, keyDecodingStrategy: .fromSnakeCase)
        }
        return projects
    }

    /// The projects on the facilities a caller may see, with those facilities, optionally of one year.
    func records(for user: CurrentUser, year: Int?, region: StoredRegion?, facilities store: FacilityStore) async throws -> [ProjectRecord] {
        let facilities = try await store.visibleRecords(for: user, in: region)
        let byID = Dictionary(uniqueKeysWithValues: facilities.map { ($0.facility.id, $0) })
        let regions = try await RegionStore(sql: sql).find(codes: Array(Set(facilities.map(\.facility.regionCode))))
        let townLevel = Set(regions.filter { $0.level == .town }.map(\.code))
        return try await projects(ofFacilities: Array(byID.keys))
            .filter { year == nil || $0.year == year }
            .compactMap { project in
                byID[project.facilityId].map {
                    ProjectRecord(project: project, facility: $0.facility, functions: $0.functions,
                                  facilityAtTownLevel: townLevel.contains($0.facility.regionCode))
                }
            }
            .sorted { ($0.facility.regionCode, $0.project.name) < ($1.facility.regionCode, $1.project.name) }
    }
}
