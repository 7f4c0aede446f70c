import FluentKit
import Plot
import SQLKit
import Vapor
import YanglaoCore
import YanglaoPlatform

/// The capability as the server assembles it.
package let facilitiesCapability: any Capability.Type = FacilitiesCapability.self

/// The facilities registry as the floor sees it: its migrations, routes, navigation, API
/// description and daily job.
enum FacilitiesCapability: Capability {
    static let migrations: [any AsyncMigration] = [
        Migration005Facilities(), Migration006FacilityHistory(), Migration008FacilityFactsUnknown(), Migration009FacilitySummaryIndex(), Migration020FacilityMonthFacts(),
    ]

    static var navigation: [NavItem] {
        let readers: @Sendable (Role) -> Bool = { Action.readFacilities.isAllowed(for: $0) }
        return [
            NavItem(title: "设施名录", path: FacilityURL.facilities.path, isVisible: readers),
            NavItem(title: "问题清单", path: FacilityURL.problems.path, isVisible: readers),
            NavItem(title: "设施项目", path: FacilityURL.projects.path, isVisible: readers),
        ]
    }

    static var apiDocument: APIDocumentPart { FacilitiesAPI.registry.documentPart }
    static var openAPIPaths: JSONValue { JSONValue.merge([FacilitiesAPI.openAPIPaths, ProjectsAPI.openAPIPaths]) }
    static var openAPISchemas: JSONValue { JSONValue.merge([FacilitiesAPI.openAPISchemas, ProjectsAPI.openAPISchemas]) }

    static func register(_ routes: CapabilityRoutes, platform: Platform) {
        FacilityPages.register(on: routes.pages, platform: platform)
        FacilityForms.register(on: routes.pages, platform: platform)
        ProjectPages.register(on: routes.pages, platform: platform)
        FacilitiesAPI.register(on: routes.api, platform: platform)
        ProjectsAPI.register(on: routes.api, platform: platform)
        FacilityActivities.register(api: routes.api, pages: routes.pages, platform: platform)
        FacilityAttachments.register(api: routes.api, pages: routes.pages, platform: platform)
    }

    static func services(_ platform: Platform) -> [any LifecycleHandler] {
        [FacilityProblemRefresh.job(platform)]
    }

    /// The region's facilities at a glance, with the way to the registry, its problems and projects.
    static func homeCards(_ home: HomeRequest, platform: Platform) async throws -> [HomeCard] {
        guard Action.readFacilities.isAllowed(for: home.caller.user.account.role) else { return [] }
        var parameters = ListParameters(limit: 1)
        parameters.placeInWorkingRegion(home.request)
        let summary = try await FacilityService(platform: platform, caller: home.caller).list(parameters).summary
        return [HomeCard(order: 20, .section(
            .class("card"),
            .h2(.text("设施概况")),
            FacilityPages.figures(summary),
            .p(.class("toolbar"),
               .a(.class("button secondary"), .href(escaping: FacilityURL.facilities.path), .text("设施名录")),
               .a(.class("button secondary"), .href(escaping: FacilityURL.problems.path), .text("问题清单（\(summary.withProblems)）")),
               .a(.class("button secondary"), .href(escaping: FacilityURL.projects.path), .text("设施项目")))
        ))]
    }

    static func offer(_ interfaces: inout CapabilityInterfaces) {
        interfaces.facilities = FacilitiesOffered()
        interfaces.register(FacilityIndicators())
    }

    /// Facility names for the audit page.
    static let actions = Action.facilities
    static let auditActions: [String: String] = [
        "facility.create": "登记设施", "facility.update": "修改设施信息", "facility.import": "导入设施名录", "facility.activity": "记录四有活动",
        "attachment.create": "上传附件", "project.create": "登记项目", "project.update": "修改项目",
    ]
    static let auditEntities: [String: String] = ["facility": "设施", "facility_project": "项目"]

    static func entityNames(_ entityType: String, ids: [String], platform: Platform) async throws -> [String: String] {
        switch entityType {
        case "facility": try await platform.recordNames(in: "facilities", ids: ids)
        case "facility_project": try await platform.recordNames(in: "facility_projects", ids: ids)
        default: [:]
        }
    }
}

/// The facilities registry's pages, each named once: the same value registers the route and builds
/// the links.
enum FacilityURL: Resourceable {
    case facilities
    case facilitiesExport
    case problems
    case facility(String)
    case facilityEdit(String)
    case facilityNew
    case facilityAttachments(String)
    case facilityActivities(String)
    case attachment(String)
    case importPage
    case importTemplate
    case projects
    case projectsExport

    var path: String {
        switch self {
        case .facilities: "/facilities"
        case .facilitiesExport: "/facilities/export"
        case .problems: "/facilities/problems"
        case let .facility(id): "/facilities/\(id)"
        case let .facilityEdit(id): "/facilities/\(id)/edit"
        case .facilityNew: "/facilities/new"
        case let .facilityAttachments(id): "/facilities/\(id)/attachments"
        case let .facilityActivities(id): "/facilities/\(id)/activities"
        case let .attachment(id): "/attachments/\(id)"
        case .importPage: "/facilities/import"
        case .importTemplate: "/facilities/import/template"
        case .projects: "/projects"
        case .projectsExport: "/projects/export"
        }
    }
}

extension Platform {
    /// The facilities store with this deployment's local settings; `sql` inside a transaction.
    func facilityStore(_ sql: (any SQLDatabase)? = nil) -> FacilityStore {
        FacilityStore(sql: sql ?? self.sql, activityWindowDays: configuration[settings: FacilitySettings.self].activityWindowDays, clock: clock, residents: interfaces.residents)
    }
}
