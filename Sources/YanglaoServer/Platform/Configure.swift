import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Prometheus
import Vapor

/// Builds the application: database, migrations, middleware and every capability's routes.
/// Logging and metrics are bootstrapped once by the executable, never here (tests build many apps).
public func configure(
    _ app: Application, _ configuration: AppConfiguration, metrics: PrometheusCollectorRegistry? = nil
) async throws -> Platform {
    try useDatabase(app, configuration)
    if case let .postgres(_, searchPath?) = configuration.database, let schema = searchPath.first {
        try await (app.db as! any SQLDatabase).raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run()
    }
    Migrations.register(on: app)
    try await app.autoMigrate()

    let database = app.db
    if case .sqlite = configuration.database {
        try await (database as! any SQLDatabase).raw("PRAGMA journal_mode = WAL").run()
    }
    let platform = Platform(
        configuration: configuration, database: database,
        writer: DatabaseWriter(database: database, serialised: configuration.database.isSQLite),
        crypto: PlatformCrypto(auditKey: try configuration.auditKey ?? AuditKeySource.load(configuration))
    )

    app.middleware = .init()
    app.middleware.use(RequestLogMiddleware())
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(APIErrorMiddleware())
    app.routes.defaultMaxBodySize = "1mb"

    try Assets.register(on: app)
    let web = app.grouped(SessionMiddleware(platform: platform), CSRFMiddleware(platform: platform))
    LoginPages.register(on: web, platform: platform)
    let pages = web.grouped(RequireLogin())
    HomePage.register(on: pages, platform: platform)
    RegionPages.register(on: pages, platform: platform)
    AccountPages.register(on: pages, platform: platform)
    AuditPages.register(on: pages, platform: platform)
    FacilityPages.register(on: pages, platform: platform)
    FacilityForms.register(on: pages, platform: platform)
    ProjectPages.register(on: pages, platform: platform)

    Health.register(on: app, platform: platform)
    if let metrics { MetricsEndpoint.register(on: app, registry: metrics) }
    let api = app.grouped("api", "v1")
    AuthAPI.registerPublic(on: api, platform: platform)
    let protected = api.grouped(BearerAuthentication(platform: platform))
    AuthAPI.registerProtected(on: protected, platform: platform)
    RegionsAPI.register(on: protected, platform: platform)
    AuditAPI.register(on: protected, platform: platform)
    FacilitiesAPI.register(on: protected, platform: platform)
    ProjectsAPI.register(on: protected, platform: platform)
    FacilityActivities.register(api: protected, pages: pages, platform: platform)
    FacilityAttachments.register(api: protected, pages: pages, platform: platform)
    app.get("openapi.json") { request in
        try await APIDocument.response(for: request)
    }
    return platform
}

private func useDatabase(_ app: Application, _ configuration: AppConfiguration) throws {
    switch configuration.database {
    case let .sqlite(path):
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true
        )
        app.databases.use(.sqlite(.file(path), sqlLogLevel: .debug), as: .sqlite)
    case let .postgres(url, searchPath):
        var postgres = try SQLPostgresConfiguration(url: url)
        postgres.searchPath = searchPath
        app.databases.use(.postgres(configuration: postgres, sqlLogLevel: .debug), as: .psql)
    }
}

extension AppConfiguration.DatabaseLocation {
    var isSQLite: Bool {
        if case .sqlite = self { true } else { false }
    }
}

/// Migrations in the order they were written; one set for SQLite and PostgreSQL.
enum Migrations {
    static func register(on app: Application) {
        app.migrations.add(CreateRegions())
        app.migrations.add(CreateAccounts())
        app.migrations.add(CreateAuditLog())
        app.migrations.add(CreateSessions())
        app.migrations.add(CreateFacilities())
        app.migrations.add(CreateFacilityHistory())
        app.migrations.add(CreateAttachments())
    }
}
