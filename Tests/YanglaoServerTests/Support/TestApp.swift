import Foundation
import Metrics
import Prometheus
import SQLKit
import Testing
import Vapor
import VaporTesting
import YanglaoCore
@testable import YanglaoPlatform
@testable import YanglaoElders
@testable import YanglaoFacilities
@testable import YanglaoPlans
@testable import YanglaoServer

/// The databases a server test runs on. PostgreSQL joins when `YANGLAO_TEST_POSTGRES_URL` is set
/// (`.ci/run` sets it); otherwise `PostgresAvailability` below is reported as skipped.
enum TestDatabase: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["YANGLAO_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static var available: [TestDatabase] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    var testDescription: String { rawValue }
}

@Suite struct PostgresAvailability {
    @Test(.enabled(if: TestDatabase.postgresURL != nil, "YANGLAO_TEST_POSTGRES_URL 未设置：服务端测试只在 SQLite 上运行，PostgreSQL 部分跳过"))
    func postgresIsConfiguredForServerTests() {
        #expect(TestDatabase.available.contains(.postgres))
    }
}

/// Metrics and logging are bootstrapped once per test process, as the executable does once per
/// run; tests log warnings and worse (`LOG_LEVEL` overrides), so that a failure stands out.
let testMetrics: PrometheusCollectorRegistry = {
    let registry = PrometheusCollectorRegistry()
    MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    let level = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = level
        return handler
    }
    return registry
}()

/// Runs a test against a fresh, migrated database of its own: a temporary SQLite file, or a
/// PostgreSQL schema dropped afterwards, so tests may run in parallel.
func withTestApp(
    _ database: TestDatabase, demo: Bool = false, today: LocalDate? = nil, configure: (inout AppConfiguration) -> Void = { _ in },
    _ body: (Application, Platform) async throws -> Void
) async throws {
    let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("yanglao-tests/\(name)").path
    let location: AppConfiguration.DatabaseLocation
    switch database {
    case .sqlite: location = .sqlite(path: directory + "/test.sqlite")
    case .postgres:
        let url = try #require(TestDatabase.postgresURL, "YANGLAO_TEST_POSTGRES_URL 未设置")
        location = .postgres(url: url, searchPath: [name])
    }
    // The lowest Bcrypt cost keeps the demo seed and logins fast; production uses 12.
    var configuration = AppConfiguration(database: location, dataDirectory: directory, isDemo: demo, passwordCost: 4, auditKey: PlatformCrypto.randomKey())
    // Many tests run at once, each with an app of its own: one reader connection per event loop keeps
    // them within PostgreSQL's connection limit (the writer has its own, as in production).
    configuration.readConnectionsPerEventLoop = 1
    configuration.personalKeys = .init(keys: [PlatformCrypto.randomKey()], lookup: PlatformCrypto.randomKey())
    if let today { configuration.clock = .startingOn(today) }
    configure(&configuration)
    let (app, platform) = try await YanglaoApplication.make(configuration, environment: .testing, metrics: testMetrics)
    func cleanUp() async {
        if database == .postgres {
            try? await platform.sql.raw("DROP SCHEMA IF EXISTS \(ident: name) CASCADE").run()
        }
        try? await app.asyncShutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }
    do {
        try await body(app, platform)
    } catch {
        await cleanUp()
        throw error
    }
    await cleanUp()
}

enum Fixture {
    static func bytes(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
        return Array(try Data(contentsOf: url))
    }

    static func buffer(_ name: String) throws -> ByteBuffer { ByteBuffer(bytes: try bytes(name)) }
}

extension TestingHTTPResponse {
    func json<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(buffer: body))
    }
}

extension Application {
    /// Logs in through the API and returns the bearer token.
    func token(_ username: String, password: String = DemoCity.password) async throws -> String {
        let response = try await testing().sendRequest(
            .POST, "api/v1/auth/token", headers: ["Content-Type": "application/json"],
            body: ByteBuffer(string: #"{"username":"\#(username)","password":"\#(password)"}"#)
        )
        try #require(response.status == .ok, "login of \(username) failed: \(response.body.string)")
        return try response.json(TokenStore.Issued.self).token
    }

    /// Sends a request as a user (a token from `token(_:)`).
    func send(
        _ method: HTTPMethod, _ path: String, as token: String, body: ByteBuffer? = nil
    ) async throws -> TestingHTTPResponse {
        var headers: HTTPHeaders = ["Authorization": "Bearer \(token)"]
        if let body, body.readableBytes > 0 {
            headers.contentType = body.getString(at: body.readerIndex, length: 1) == "{" ? .json : HTTPMediaType(type: "text", subType: "csv")
        }
        return try await testing().sendRequest(method, path, headers: headers, body: body)
    }
}

/// Everything the audit log holds, in the order of writing.
func auditEntries(_ platform: Platform) async throws -> [StoredAuditEntry] {
    try await platform.sql.select().columns(AuditLog.columns.map(SQLIdentifier.init(_:))).from("audit_entries")
        .orderBy("occurred_at").orderBy("id")
        .all(decoding: StoredAuditEntry.self, keyDecodingStrategy: .convertFromSnakeCase)
}
