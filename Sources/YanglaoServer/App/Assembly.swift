import FluentKit
import Prometheus
import Vapor
import YanglaoElders
import YanglaoFacilities
import YanglaoPlans
import YanglaoPlatform

/// The platform as this server runs it: the floor and the capabilities built on it.
enum Assembly {
    static let capabilities: [any Capability.Type] = [HomeCapability.self, facilitiesCapability, eldersCapability, plansCapability]
}

/// Builds the application: the floor, then every capability's migrations and routes.
public func configure(
    _ app: Application, _ configuration: AppConfiguration, metrics: PrometheusCollectorRegistry? = nil
) async throws -> Platform {
    try await configurePlatform(app, configuration, metrics: metrics, capabilities: Assembly.capabilities)
}

/// The home page: each role's start, drawing on the capabilities it may use.
enum HomeCapability: Capability {
    static let migrations: [any AsyncMigration] = []
    static let navigation: [NavItem] = []
    static let openAPIPaths: JSONValue = [:]
    static let openAPISchemas: JSONValue = [:]

    static func register(_ routes: CapabilityRoutes, platform: Platform) {
        HomePage.register(on: routes.pages, platform: platform)
    }

    static func services(_ platform: Platform) -> [any LifecycleHandler] { [] }
}
