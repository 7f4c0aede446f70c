import FluentKit
import SQLKit
import Vapor
import YanglaoCore
import YanglaoPlatform

/// Plans, targets and their progress as the floor sees them: the migration, routes, navigation and
/// API description.
enum PlansCapability: Capability {
    static let migrations: [any AsyncMigration] = [Migration013Plans(), Migration014Ledgers(), Migration015YearReports()]

    static var navigation: [NavItem] {
        [NavItem(title: "计划指标", path: PlanURL.plans.path, isVisible: { Action.readPlans.isAllowed(for: $0) })]
    }

    static var openAPIPaths: JSONValue { PlansOpenAPI.paths }
    static var openAPISchemas: JSONValue { PlansOpenAPI.schemas }

    static func register(_ routes: CapabilityRoutes, platform: Platform) {
        PlansAPI.register(on: routes.api, platform: platform)
        PlanEditor.register(pages: routes.pages, api: routes.api, platform: platform)
        PlanEditor.registerChanges(pages: routes.pages, api: routes.api, platform: platform)
        LedgersAPI.register(on: routes.api, platform: platform)
        PlanPages.register(on: routes.pages, platform: platform)
        BreakdownPages.register(on: routes.pages, platform: platform)
        LedgerPages.register(on: routes.pages, platform: platform)
        PlanDashboard.register(on: routes.pages, platform: platform)
        YearReportPages.register(pages: routes.pages, api: routes.api, platform: platform)
    }

    static func services(_ platform: Platform) -> [any LifecycleHandler] { [] }

    static func entityNames(_ entityType: String, ids: [String], platform: Platform) async throws -> [String: String] {
        guard entityType == "plan" else { return [:] }
        var names: [String: String] = [:]
        for id in ids { if let plan = try await PlanStore(sql: platform.sql).find(id: id) { names[id] = plan.title } }
        return names
    }
}

/// The plans' pages, each named once.
enum PlanURL: Resourceable {
    case plans
    case planNew
    case planEdit(String)
    case plan(String)
    case planExport(String)
    case breakdownImport(String)
    case breakdownTemplate(String)
    case breakdownEdit(String)
    case ledgers(String)
    case ledger(String, String, String)
    case ledgerReview(String, String, String)
    case ledgerAttachments(String, String, String)
    case ledgerAttachment(String, String, String, String)
    case urgings(String)
    case dashboard(String)
    case cockpit(String)
    case report(String)
    case reportWord(String)
    case reportTables(String)

    var path: String {
        switch self {
        case .plans: "/plans"
        case .planNew: "/plans/new"
        case let .planEdit(id): "/plans/\(id)/edit"
        case let .plan(id): "/plans/\(id)"
        case let .planExport(id): "/plans/\(id)/export"
        case let .breakdownImport(id): "/plans/\(id)/breakdown/import"
        case let .breakdownTemplate(id): "/plans/\(id)/breakdown/template"
        case let .breakdownEdit(id): "/plans/\(id)/breakdown/edit"
        case let .ledgers(id): "/plans/\(id)/ledgers"
        case let .ledger(id, region, month): "/plans/\(id)/ledgers/\(region)/\(month)"
        case let .ledgerReview(id, region, month): "/plans/\(id)/ledgers/\(region)/\(month)/review"
        case let .ledgerAttachments(id, region, month): "/plans/\(id)/ledgers/\(region)/\(month)/attachments"
        case let .ledgerAttachment(id, region, month, file): "/plans/\(id)/ledgers/\(region)/\(month)/attachments/\(file)"
        case let .urgings(id): "/plans/\(id)/urgings"
        case let .dashboard(id): "/plans/\(id)/dashboard"
        case let .cockpit(id): "/plans/\(id)/cockpit"
        case let .report(id): "/plans/\(id)/report"
        case let .reportWord(id): "/plans/\(id)/report/docx"
        case let .reportTables(id): "/plans/\(id)/report/xlsx"
        }
    }
}
