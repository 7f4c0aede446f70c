import FluentKit
import Plot
import SQLKit
import Vapor
import YanglaoCore
import YanglaoPlatform

/// The capability as the server assembles it.
package let plansCapability: any Capability.Type = PlansCapability.self

/// What the plans answer for the other capabilities' pages.
struct PlansOffered: PlanDirectory {
    var plansPath: String? { PlanURL.plans.path }
}

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

    static func offer(_ interfaces: inout CapabilityInterfaces) {
        interfaces.plans = PlansOffered()
    }

    /// This year's ledgers due from the region, or late below it.
    static func homeCards(_ home: HomeRequest, platform: Platform) async throws -> [HomeCard] {
        guard Action.readPlans.isAllowed(for: home.caller.user.account.role), let region = home.region else { return [] }
        let reminders = try await LedgerService(platform: platform, caller: home.caller).reminders(for: region)
        guard !reminders.isEmpty else { return [] }
        return [HomeCard(order: 10, .section(
            .class("card"),
            .h2(.text("督查台账")),
            .ul(.class("links"), .forEach(reminders) { reminder in
                .li(.if(reminder.late, .span(.class("bad"), .text("逾期 "))), .a(.href(escaping: reminder.path), .text(reminder.text)))
            })
        ))]
    }

    static let actions = Action.plans
    static var auditActions: [String: String] {
        var actions = ["plan.create": "录入计划", "plan.update": "修改计划", "breakdown.import": "导入任务分解表", "urging.create": "发出督办",
                       "report.save": "保存总结报告", "report.submit": "报送总结报告"]
        for action in LedgerAction.allCases { actions["ledger.\(action.rawValue)"] = action.label + "台账" }
        return actions
    }
    static let auditEntities: [String: String] = ["plan": "计划", "ledger": "台账", "year_report": "总结报告", "breakdown": "任务分解表", "urging": "督办"]

    /// Plans by title; ledgers as 2021年12月 角斜镇台账; reports and urgings by their region and plan.
    static func entityNames(_ entityType: String, ids: [String], platform: Platform) async throws -> [String: String] {
        switch entityType {
        case "plan": return try await platform.recordNames(in: "plans", ids: ids, column: "title")
        case "ledger": return try await PlanAuditNames.ledgers(ids, sql: platform.sql)
        case "year_report": return try await PlanAuditNames.regional(ids, table: "year_reports", suffix: "总结报告", sql: platform.sql)
        case "urging": return try await PlanAuditNames.regional(ids, table: "urgings", suffix: "督办", sql: platform.sql)
        default: return [:]
        }
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
