import Foundation
import Prometheus
import Vapor
import YanglaoPlatform

/// Starting the platform from the command line or a test: the Vapor application is made here,
/// configured, and handed back; the real argv never reaches Vapor's own command system.
public enum YanglaoApplication {
    public static func make(
        _ configuration: AppConfiguration, environment: Environment = .production,
        metrics: PrometheusCollectorRegistry? = nil
    ) async throws -> (Application, Platform) {
        let app = try await Application.make(environment)
        do {
            let platform = try await configure(app, configuration, metrics: metrics)
            if configuration.isDemo { try await DemoCity.seedIfEmpty(platform) }
            return (app, platform)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    /// Serves until the process is stopped.
    public static func serve(_ app: Application, platform: Platform, hostname: String, port: Int) async throws {
        app.http.server.configuration.hostname = hostname
        app.http.server.configuration.port = port
        app.environment.arguments = ["yanglao", "serve"]
        app.lifecycle.use(platform.sealer.service)
        app.lifecycle.use(BulkImportJobs(platform: platform).service)
        for capability in Assembly.capabilities {
            for service in capability.services(platform) { app.lifecycle.use(service) }
        }
        try await app.execute()
    }

    /// Imports a region list file; the report says what was (or would be) written.
    public static func importRegions(file: [UInt8], dryRun: Bool, platform: Platform) async throws -> ImportReport {
        try await ImportFlow.run(RegionImport(scope: .unrestricted), file: file, dryRun: dryRun, writer: platform.writer, actor: .commandLine,
                                limits: platform.configuration.importLimits)
    }

    /// Creates an account from the command line; `APIError.fields` names what is wrong.
    public static func createAccount(
        username: String, password: String, role: String, regionCode: String, organisationID: String?, platform: Platform
    ) async throws {
        let new = AccountService.NewAccount(
            username: username, password: password, role: role, regionCode: regionCode, organisationID: organisationID
        )
        _ = try await AccountService(platform: platform).create(new, by: .commandLine)
        _ = try await platform.sealer.sealOnce()
    }

    public enum AuditVerification: Sendable {
        /// `pending` entries could not be sealed now (another process holds the sealer's lease).
        case intact(sealed: Int, newlySealed: Int, pending: Int)
        case broken(position: Int, id: String?, reason: String)
    }

    /// Seals what is pending (as the running server would), then checks the whole chain.
    public static func verifyAudit(platform: Platform) async throws -> AuditVerification {
        let newlySealed = try await platform.sealer.sealOnce()
        let (verdict, pending) = try await platform.sealer.verify(on: platform.sql)
        switch verdict {
        case let .intact(sealed): return .intact(sealed: sealed, newlySealed: newlySealed, pending: pending)
        case let .broken(position, id, reason): return .broken(position: position, id: id, reason: reason)
        }
    }
}
