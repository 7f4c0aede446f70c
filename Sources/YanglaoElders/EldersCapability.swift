import FluentKit
import SQLKit
import Vapor
import YanglaoCore
import YanglaoPlatform

/// The capability as the server assembles it.
package let eldersCapability: any Capability.Type = EldersCapability.self

/// The elders registry as the floor sees it: its migration, routes, navigation and API description.
enum EldersCapability: Capability {
    static let migrations: [any AsyncMigration] = [Migration011Elders(), Migration016ShorterIDMasks(), Migration018HeldDuplicates()]

    static var navigation: [NavItem] {
        let readers: @Sendable (Role) -> Bool = { Action.readElders.isAllowed(for: $0) }
        return [
            NavItem(title: "老年人", path: ElderURL.elders.path, isVisible: readers),
            NavItem(title: "供养指标", path: ElderURL.indicators.path, isVisible: readers),
        ]
    }

    static var apiDocument: APIDocumentPart { EldersAPI.registry.documentPart }
    static var openAPIPaths: JSONValue { EldersOpenAPI.paths }
    static var openAPISchemas: JSONValue { EldersOpenAPI.schemas }

    static func register(_ routes: CapabilityRoutes, platform: Platform) {
        EldersAPI.register(on: routes.api, platform: platform)
        ElderPages.register(on: routes.pages, platform: platform)
        ElderForms.register(on: routes.pages, platform: platform)
        AssessmentPages.register(on: routes.pages, platform: platform)
        ElderIndicatorsPage.register(on: routes.pages, platform: platform)
        ElderImportPages.register(pages: routes.pages, platform: platform)
        ElderDuplicatePages.register(pages: routes.pages, api: routes.api, platform: platform)
    }

    static func services(_ platform: Platform) -> [any LifecycleHandler] { [] }

    static func offer(_ interfaces: inout CapabilityInterfaces) {
        interfaces.residents = EldersOffered()
        interfaces.register(ElderRateIndicators())
    }

    static var sealedColumns: [SealedColumns] { [SealedColumns(ElderFields.schema)] }
    static var auditHiddenKeys: [String: Set<String>] { ["elder": Set(ElderFields.schema.fields.filter(\.derivedFromPersonal).map(\.key))] }

    static let actions = Action.elders
    static let auditActions: [String: String] = [
        "elder.create": "登记老年人", "elder.update": "修改老年人信息", "elder.reveal": "查看完整个人信息", "elder.lookup": "按完整号码查找",
        "elder.assess": "能力评估", "elder.import": "导入老年人名册",
        "elder.duplicate.held": "重复登记待核实", "elder.duplicate.merge": "重复登记确认迁入", "elder.duplicate.refuse": "重复登记不予登记",
    ]
    static let auditEntities: [String: String] = ["elder": "老年人"]

    /// Person names for the audit page (names only: never personal data).
    static func entityNames(_ entityType: String, ids: [String], platform: Platform) async throws -> [String: String] {
        guard entityType == "elder" else { return [:] }
        return try await platform.recordNames(in: "elders", ids: ids)
    }
}

/// The elders registry's pages, each named once.
enum ElderURL: Resourceable {
    case elders
    case eldersExport
    case elderNew
    case elder(String)
    case elderEdit(String)
    case elderReveal(String)
    case elderAssess(String)
    case indicators
    case importPage
    case importTemplate
    case importJob(String)
    case importProblems(String)
    case importCommit(String)
    case duplicates
    case duplicateDecision(String, DuplicateRegistration.Decision)

    var path: String {
        switch self {
        case .elders: "/elders"
        case .eldersExport: "/elders/export"
        case .elderNew: "/elders/new"
        case let .elder(id): "/elders/\(id)"
        case let .elderEdit(id): "/elders/\(id)/edit"
        case let .elderReveal(id): "/elders/\(id)/reveal"
        case let .elderAssess(id): "/elders/\(id)/assess"
        case .indicators: "/elders/indicators"
        case .importPage: "/elders/import"
        case .importTemplate: "/elders/import/template"
        case let .importJob(id): "/elders/import/jobs/\(id)"
        case let .importProblems(id): "/elders/import/jobs/\(id)/problems"
        case let .importCommit(id): "/elders/import/jobs/\(id)/commit"
        case .duplicates: "/elders/duplicates"
        case let .duplicateDecision(id, decision): "/elders/duplicates/\(id)/\(decision.rawValue)"
        }
    }
}
