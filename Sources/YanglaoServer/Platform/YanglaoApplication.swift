import Foundation
import Prometheus
import Vapor

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
    public static func serve(_ app: Application, hostname: String, port: Int) async throws {
        app.http.server.configuration.hostname = hostname
        app.http.server.configuration.port = port
        app.environment.arguments = ["yanglao", "serve"]
        try await app.execute()
    }

    /// Imports a region list file; the report says what was (or would be) written.
    public static func importRegions(file: [UInt8], dryRun: Bool, platform: Platform) async throws -> ImportReport {
        try await ImportFlow.run(RegionImport(), file: file, dryRun: dryRun, writer: platform.writer)
    }
}
