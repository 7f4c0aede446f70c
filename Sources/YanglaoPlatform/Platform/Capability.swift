import FluentKit
import Plot
import Vapor
import YanglaoCore

/// What a capability (facilities, elders, …) hands the floor: its numbered migrations, its routes,
/// its entries in the navigation and the OpenAPI document, and the jobs that run while the server
/// serves. The floor knows capabilities only through this.
package protocol Capability: Sendable {
    /// Numbered and frozen like the floor's own (`Migrations`); numbers are unique across the platform.
    static var migrations: [any AsyncMigration] { get }
    /// Entries of the main navigation, after 首页.
    static var navigation: [NavItem] { get }
    /// Its operations and schemas built from declarations (a registry's `RegistryAPI.documentPart`).
    static var apiDocument: APIDocumentPart { get }
    /// Operations and schemas still written as JSON; the document reads them into the same types.
    static var openAPIPaths: JSONValue { get }
    static var openAPISchemas: JSONValue { get }
    static func register(_ routes: CapabilityRoutes, platform: Platform)
    /// Jobs started with the server (a daily refresh).
    static func services(_ platform: Platform) -> [any LifecycleHandler]
    /// The names of the capability's records of an entity type (for the audit page), by id.
    static func entityNames(_ entityType: String, ids: [String], platform: Platform) async throws -> [String: String]
    /// The tables that keep personal data sealed, with their sealed columns (a key rotation re-seals them).
    static var sealedColumns: [SealedColumns] { get }
    /// Keys of audit entries' before and after, by entity type, that the audit log's readers are not
    /// shown: facts read off personal data that entries written before they were left out still hold.
    static var auditHiddenKeys: [String: Set<String>] { get }
    /// The actions its routes ask for, with who may take them (declared in YanglaoCore beside its rules).
    static var actions: [Action] { get }
    /// The capability's audit actions in Chinese, by code (the audit log shows these, never the code).
    static var auditActions: [String: String] { get }
    /// The capability's entity types in Chinese, by code.
    static var auditEntities: [String: String] { get }
    /// Fills in the hooks of `CapabilityInterfaces` this capability answers for the others.
    static func offer(_ interfaces: inout CapabilityInterfaces)
    /// Its cards on the home page of a business role working in a region (none for roles it does not serve).
    static func homeCards(_ request: HomeRequest, platform: Platform) async throws -> [HomeCard]
}

/// What the home page asks a capability: who is asking, where, from which request.
package struct HomeRequest: Sendable {
    package var caller: Caller
    /// The region the caller works in (nil: the account's region has vanished).
    package var region: StoredRegion?
    package var request: Request

    package init(caller: Caller, region: StoredRegion?, request: Request) {
        self.caller = caller
        self.region = region
        self.request = request
    }
}

/// A card of the home page; cards with a lower `order` come first (to-do lists before overviews).
package struct HomeCard {
    package var order: Int
    package var content: Node<HTML.BodyContext>

    package init(order: Int, _ content: Node<HTML.BodyContext>) {
        self.order = order
        self.content = content
    }
}

extension Capability {
    package static var apiDocument: APIDocumentPart { APIDocumentPart() }
    package static var openAPIPaths: JSONValue { [:] }
    package static var openAPISchemas: JSONValue { [:] }
    package static func entityNames(_ entityType: String, ids: [String], platform: Platform) async throws -> [String: String] { [:] }
    package static var sealedColumns: [SealedColumns] { [] }
    package static var auditHiddenKeys: [String: Set<String>] { [:] }
    package static var actions: [Action] { [] }
    package static var auditActions: [String: String] { [:] }
    package static var auditEntities: [String: String] { [:] }
    package static func offer(_ interfaces: inout CapabilityInterfaces) {}
    package static func homeCards(_ request: HomeRequest, platform: Platform) async throws -> [HomeCard] { [] }
}

/// A table's sealed personal-data columns (`<field>_sealed`, see `PersonalKind.columns`).
package struct SealedColumns: Sendable {
    package var table: String
    package var columns: [String]

    package init(table: String, columns: [String]) {
        self.table = table
        self.columns = columns
    }

    /// The sealed columns of a registry's personal fields.
    package init<Record>(_ schema: RegistrySchema<Record>) {
        self.init(table: schema.table, columns: schema.personalFields.compactMap(\.column).map { PersonalKind.columns($0).sealed })
    }
}

/// Where a capability registers its routes: the signed-in pages and the token-protected API.
package struct CapabilityRoutes {
    package let pages: any RoutesBuilder
    package let api: any RoutesBuilder
}
