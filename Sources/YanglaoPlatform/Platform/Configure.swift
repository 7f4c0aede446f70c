import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import NIOConcurrencyHelpers
import Prometheus
import Vapor

/// Builds the application: database, migrations, middleware, the floor's routes and every
/// capability's. Logging and metrics are bootstrapped once by the executable, never here (tests
/// build many apps).
package func configurePlatform(
    _ app: Application, _ configuration: AppConfiguration, metrics: PrometheusCollectorRegistry? = nil,
    capabilities: [any Capability.Type]
) async throws -> Platform {
    DataFiles.ownerOnly()
    try useDatabase(app, configuration)
    if case let .postgres(_, searchPath?) = configuration.database, let schema = searchPath.first {
        try await (app.db as! any SQLDatabase).raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run()
    }
    let migrations = Migrations.all(capabilities)
    try await Migrations.refuseUnknownHistory(app.db as! any SQLDatabase, configuration, known: migrations)
    for migration in migrations { app.migrations.add(migration) }
    try await app.autoMigrate()

    if case let .sqlite(path) = configuration.database {
        try await (app.db as! any SQLDatabase).raw("PRAGMA journal_mode = WAL").run()
        DataFiles.restrict([path, path + "-wal", path + "-shm"])
    }
    let connections = DatabaseConnections(app, configuration)
    let hasEntries = try await (app.db as! any SQLDatabase).select().column("id").from("audit_entries").limit(1).first() != nil
    let crypto = PlatformCrypto(auditKey: try configuration.auditKey ?? AuditKeySource.load(configuration, logHasEntries: hasEntries))
    var assembled = Platform(
        configuration: configuration, readers: connections.readers,
        writer: DatabaseWriter(database: connections.writer, reader: connections.readers, serialised: configuration.database.isSQLite,
                               auditMAC: crypto.auditMAC),
        crypto: crypto, personalData: try configuration.personalKeys.map { try PersonalDataCipher(keys: $0.keys, lookupKey: $0.lookup) }
            ?? PersonalKeySource.load(configuration), capabilities: capabilities
    )
    for capability in capabilities { capability.offer(&assembled.interfaces) }
    let platform = assembled

    app.platform = platform
    app.trustedProxies = configuration.trustedProxies
    app.middleware = .init()
    app.middleware.use(RequestLogMiddleware())
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(APIErrorMiddleware())
    app.routes.defaultMaxBodySize = "1mb"

    try Assets.register(on: app)
    let web = app.grouped(SessionMiddleware(platform: platform), CSRFMiddleware(platform: platform))
    LoginPages.register(on: web, platform: platform)
    let pages = web.grouped(RequireLogin())
    PasswordPages.register(on: pages, platform: platform)
    RegionSwitcher.register(on: pages, platform: platform)
    RegionPages.register(on: pages, platform: platform)
    AccountPages.register(on: pages, platform: platform)
    AuditPages.register(on: pages, platform: platform)

    Health.register(on: app, platform: platform)
    if let metrics { MetricsEndpoint.register(on: app, registry: metrics) }
    let api = app.grouped("api", "v1")
    AuthAPI.registerPublic(on: api, platform: platform)
    let protected = api.grouped(BearerAuthentication(platform: platform))
    AuthAPI.registerProtected(on: protected, platform: platform)
    RegionsAPI.register(on: protected, platform: platform)
    AuditAPI.register(on: protected, platform: platform)
    for capability in capabilities { capability.register(CapabilityRoutes(pages: pages, api: protected), platform: platform) }
    app.get("openapi.json", access: .open("the API's description, no record")) { request in
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
        for id in DatabaseConnections.sqliteReaders(configuration.readConnectionsPerEventLoop) + [DatabaseConnections.sqliteWriter] {
            app.databases.use(.sqlite(.file(path), connectionPoolTimeout: .seconds(30), sqlLogLevel: .debug), as: id, isDefault: false)
        }
    case let .postgres(url, searchPath):
        var postgres = try SQLPostgresConfiguration(url: url)
        postgres.searchPath = searchPath
        app.databases.use(.postgres(configuration: postgres, maxConnectionsPerEventLoop: configuration.readConnectionsPerEventLoop,
                                    connectionPoolTimeout: .seconds(30), sqlLogLevel: .debug), as: .psql)
        app.databases.use(.postgres(configuration: postgres, maxConnectionsPerEventLoop: 1, connectionPoolTimeout: .seconds(30),
                                    sqlLogLevel: .debug), as: DatabaseConnections.postgresWriter, isDefault: false)
    }
}

/// The connections the platform reads and writes through. Fluent's SQLite driver keeps one
/// connection per event loop and database id, and a `Database` value is bound to one event loop: so
/// the platform keeps several reader ids on every event loop, taken in turn, and one writer
/// connection of its own. In WAL mode the readers go on reading while the writer holds a long
/// transaction (an import), instead of queueing behind it for the one shared connection.
/// PostgreSQL pools `readConnectionsPerEventLoop` connections per event loop for the readers and
/// keeps one more for the writer, so that there too a long transaction holds no reader's connection.
package struct DatabaseConnections {
    package static func sqliteReaders(_ count: Int) -> [DatabaseID] { (1...max(count, 1)).map { DatabaseID(string: "sqlite-read-\($0)") } }
    package static let sqliteWriter = DatabaseID(string: "sqlite-write")
    package static let postgresWriter = DatabaseID(string: "psql-write")

    package let readers: ReaderPool
    package let writer: any Database

    package init(_ app: Application, _ configuration: AppConfiguration) {
        let loops = Array(app.eventLoopGroup.makeIterator())
        switch configuration.database {
        case .sqlite:
            readers = ReaderPool(Self.sqliteReaders(configuration.readConnectionsPerEventLoop).flatMap { id in
                loops.map { app.databases.database(id, logger: app.logger, on: $0)! }
            })
            writer = app.databases.database(Self.sqliteWriter, logger: app.logger, on: loops[0])!
        case .postgres:
            readers = ReaderPool(loops.map { app.databases.database(.psql, logger: app.logger, on: $0)! })
            writer = app.databases.database(Self.postgresWriter, logger: app.logger, on: loops[0])!
        }
    }
}

/// Reader databases taken in turn.
package final class ReaderPool: Sendable {
    private let databases: [any Database]
    private let counter = NIOLockedValueBox(0)

    package init(_ databases: [any Database]) { self.databases = databases }

    package func next() -> any Database {
        let index = counter.withLockedValue { value in
            value = (value + 1) % databases.count
            return value
        }
        return databases[index]
    }
}

extension AppConfiguration.DatabaseLocation {
    package var isSQLite: Bool {
        if case .sqlite = self { true } else { false }
    }
}

/// The numbered migrations, in order: the floor's (`Migrations/`) and the capabilities'
/// (`<Capability>/Migrations/`), one set for SQLite and PostgreSQL.
package enum Migrations {
    package static let floor: [any AsyncMigration] = [
        Migration001Regions(), Migration002Accounts(), Migration003AuditLog(), Migration004Sessions(), Migration007Attachments(), Migration010SessionRegion(), Migration012ImportJobs(), Migration017AuditAccountIndex(), Migration019JobLeases(),
    ]

    /// Every migration in the order of its number.
    package static func all(_ capabilities: [any Capability.Type]) -> [any AsyncMigration] {
        (floor + capabilities.flatMap { $0.migrations }).sorted { $0.name < $1.name }
    }

    package struct UnknownHistory: Error, CustomStringConvertible {
        package var description: String
    }

    /// A database whose migration history names migrations this build does not have (one made before
    /// the set was numbered) is refused with a message, instead of failing half-way through.
    package static func refuseUnknownHistory(_ sql: any SQLDatabase, _ configuration: AppConfiguration, known migrations: [any AsyncMigration]) async throws {
        struct Row: Decodable { var name: String }
        guard let applied = try? await sql.select().column("name").from("_fluent_migrations").all(decoding: Row.self) else { return }
        let known = Set(migrations.map(\.name))
        guard let unknown = applied.first(where: { !known.contains($0.name) }) else { return }
        let advice = configuration.isDemo ? "演示数据库可删除后重新启动（\(configuration.databaseDescription)）"
                                          : "请按升级说明迁移数据后再启动"
        throw UnknownHistory(description: "数据库的迁移记录含有本版本没有的迁移“\(unknown.name)”（由旧版本创建）：\(advice)")
    }
}

/// The data directory holds the register (database, keys, uploads, problems files): every file the
/// process creates is readable by its owner alone (umask 077), and the database files made before
/// that (or by another tool) are narrowed to 0600 when the server opens them.
package enum DataFiles {
    package static func ownerOnly() { umask(0o077) }

    package static func restrict(_ paths: [String]) {
        for path in paths where FileManager.default.fileExists(atPath: path) {
            try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        }
    }
}
