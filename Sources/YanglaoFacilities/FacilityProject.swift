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
}
