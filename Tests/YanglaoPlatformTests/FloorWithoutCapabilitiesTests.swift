import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import YanglaoPlatform

/// The floor is a target that depends on no capability (the package graph keeps it so); here it
/// also runs without one: it migrates its own tables, serves sign-in, health and its API
/// description, and every route it registers declares who may call it.
@Suite struct FloorWithoutCapabilitiesTests {
    @Test func theFloorRunsWithNoCapability() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("yanglao-floor-\(UUID().uuidString)").path
        let configuration = AppConfiguration(database: .sqlite(path: directory + "/floor.sqlite"), dataDirectory: directory,
                                             passwordCost: 4, auditKey: PlatformCrypto.randomKey())
        let app = try await Application.make(.testing)
        do {
            let platform = try await configurePlatform(app, configuration, capabilities: [])
            let tables = try await platform.sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all()
                .map { try $0.decode(column: "name", as: String.self) }
            #expect(tables.contains("regions") && tables.contains("accounts") && tables.contains("audit_entries"))
            #expect(!tables.contains { $0.hasPrefix("facilit") }, "no capability's table: \(tables)")
            #expect(try await app.testing().sendRequest(.GET, "healthz").status == .ok)
            #expect(try await app.testing().sendRequest(.GET, "login").status == .ok)
            let document = try await app.testing().sendRequest(.GET, "openapi.json").body.string
            #expect(document.contains("/api/v1/regions") && !document.contains("/api/v1/facilities"))
            for route in app.routes.all {
                #expect(route.declaration != nil, "\(route.method) \(route.path) declares its access")
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
