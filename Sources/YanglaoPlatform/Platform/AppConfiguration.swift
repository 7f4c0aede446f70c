import Foundation
import Spreadsheet
import YanglaoCore

/// Where the platform keeps its data and how it is reached; read once from the command line and
/// the environment, then passed explicitly to whatever needs it.
public struct AppConfiguration: Sendable {
    public enum DatabaseLocation: Sendable, Equatable {
        /// The embedded default: a SQLite file (WAL mode, writes serialised in process).
        case sqlite(path: String)
        /// Production: PostgreSQL at a URL; `searchPath` puts the tables in a schema of their own.
        case postgres(url: String, searchPath: [String]? = nil)
    }

    public var database: DatabaseLocation
    public var dataDirectory: String
    public var isDemo: Bool
    /// Bcrypt cost for new password hashes (tests lower it to keep the suite fast).
    public var passwordCost: Int
    /// Seconds an API token lives.
    public var tokenLifetime: Int64
    /// The environment the capabilities read their local settings from (`CapabilitySettings`).
    package var localEnvironment = LocalEnvironment([:])
    /// Capabilities' settings set in code (tests), by settings type; the others come from `localEnvironment`.
    var settingsSetInCode: [ObjectIdentifier: any Sendable] = [:]
    /// How much of an uploaded spreadsheet an import reads (`YANGLAO_IMPORT_MAX_*`, see the README).
    public var importLimits: ReadLimits = .standard
    /// What a streamed import (a registry of any size, read from disk) accepts (`YANGLAO_BULK_IMPORT_MAX_ROWS`).
    public var bulkImportLimits: ReadLimits = .bulk
    /// The largest file a streamed import takes over the web, in bytes (`YANGLAO_BULK_UPLOAD_MB`, default 256):
    /// the upload is received (and its CSRF token checked) in memory, then kept on disk and read from there.
    public var maximumBulkUploadBytes: Int = 256 * 1024 * 1024
    /// The largest upload an import accepts, in bytes (`YANGLAO_IMPORT_MAX_UPLOAD_MB`, default 32).
    public var maximumUploadBytes: Int = 32 * 1024 * 1024
    /// Reader connections per event loop (`YANGLAO_READ_CONNECTIONS`): SQLite reader ids, or the size of
    /// PostgreSQL's reader pool. The writer has one connection of its own besides.
    public var readConnectionsPerEventLoop: Int = 3
    /// Where "now" and "today" come from (`YANGLAO_TODAY=YYYY-MM-DD` shifts it to another day).
    public var clock: PlatformClock = .system
    /// How many reveals and full-number lookups of personal data one account may make in an hour
    /// (`YANGLAO_PERSONAL_LOOKUPS_PER_HOUR`, default 30); the next is refused (429) and flagged.
    public var personalDataUsesPerHour = 30
    /// Reverse proxies whose `X-Forwarded-For` is believed (`YANGLAO_TRUSTED_PROXIES`, comma-separated).
    public var trustedProxies: Set<String> = ["127.0.0.1", "::1"]
    /// The audit chain's HMAC key; nil reads `YANGLAO_AUDIT_KEY` or, on SQLite, the key file (`AuditKeySource`).
    public var auditKey: [UInt8]?
    /// The personal-data keys when given in code (tests); otherwise `PersonalKeySource` reads them.
    public var personalKeys: PersonalKeys?

    public struct PersonalKeys: Sendable {
        public var keys: [[UInt8]]
        public var lookup: [UInt8]

        public init(keys: [[UInt8]], lookup: [UInt8]) {
            self.keys = keys
            self.lookup = lookup
        }
    }

    public init(
        database: DatabaseLocation, dataDirectory: String, isDemo: Bool = false,
        passwordCost: Int = 12, tokenLifetime: Int64 = 12 * 3600, auditKey: [UInt8]? = nil
    ) {
        self.auditKey = auditKey
        self.database = database
        self.dataDirectory = dataDirectory
        self.isDemo = isDemo
        self.passwordCost = passwordCost
        self.tokenLifetime = tokenLifetime
    }

    /// `DATABASE_URL` when set; otherwise ./data/yanglao.sqlite, or ./data/demo.sqlite for the demo.
    /// `YANGLAO_DATA_DIR` moves the data directory.
    public static func fromEnvironment(demo: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) -> Self {
        let dataDirectory = environment["YANGLAO_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "data"
        let absoluteData = URL(fileURLWithPath: dataDirectory, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL.path
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            return Self(database: .postgres(url: url), dataDirectory: absoluteData, isDemo: demo).withLocalSettings(environment)
        }
        let file = demo ? "demo.sqlite" : "yanglao.sqlite"
        return Self(database: .sqlite(path: absoluteData + "/" + file), dataDirectory: absoluteData, isDemo: demo)
            .withLocalSettings(environment)
    }

    /// Settings that local rules decide (按本地细则配置), from the environment.
    package func withLocalSettings(_ environment: [String: String]) -> Self {
        var configuration = self
        configuration.localEnvironment = LocalEnvironment(environment)
        func bounded(_ name: String, _ range: ClosedRange<Int>) -> Int? {
            environment[name].flatMap(Int.init).flatMap { range.contains($0) ? $0 : nil }
        }
        if let uses = bounded("YANGLAO_PERSONAL_LOOKUPS_PER_HOUR", 1...100_000) { configuration.personalDataUsesPerHour = uses }
        var limits = configuration.importLimits
        if let value = bounded("YANGLAO_IMPORT_MAX_INFLATED_MB", 1...4096) { limits.maximumInflatedBytes = value * 1024 * 1024 }
        if let value = bounded("YANGLAO_IMPORT_MAX_ENTRIES", 10...100_000) { limits.maximumEntries = value }
        if let value = bounded("YANGLAO_IMPORT_MAX_RATIO", 10...10_000) { limits.maximumCompressionRatio = value }
        if let value = bounded("YANGLAO_IMPORT_MAX_ROWS", 1...10_000_000) { limits.maximumRows = value }
        if let value = bounded("YANGLAO_IMPORT_MAX_COLUMNS", 1...16_384) { limits.maximumColumns = value }
        if let value = bounded("YANGLAO_IMPORT_MAX_CELL_CHARS", 1...1_000_000) { limits.maximumCellLength = value }
        configuration.importLimits = limits
        if let rows = bounded("YANGLAO_BULK_IMPORT_MAX_ROWS", 1...50_000_000) { configuration.bulkImportLimits.maximumRows = rows }
        if let megabytes = bounded("YANGLAO_BULK_UPLOAD_MB", 1...65_536) { configuration.maximumBulkUploadBytes = megabytes * 1024 * 1024 }
        if let proxies = environment["YANGLAO_TRUSTED_PROXIES"] {
            configuration.trustedProxies = Set(proxies.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty })
        }
        if let value = bounded("YANGLAO_IMPORT_MAX_UPLOAD_MB", 1...1024) { configuration.maximumUploadBytes = value * 1024 * 1024 }
        if let value = bounded("YANGLAO_READ_CONNECTIONS", 1...64) { configuration.readConnectionsPerEventLoop = value }
        if let day = environment["YANGLAO_TODAY"].flatMap(LocalDate.init(parsing:)) { configuration.clock = .startingOn(day) }
        return configuration
    }

    /// A description for logs and the command line that never shows a password.
    public var databaseDescription: String {
        switch database {
        case let .sqlite(path): return "SQLite \(path)"
        case let .postgres(url, _):
            if var components = URLComponents(string: url) {
                if components.password != nil { components.password = "***" }
                return "PostgreSQL \(components.string ?? "")"
            }
            return "PostgreSQL"
        }
    }
}
