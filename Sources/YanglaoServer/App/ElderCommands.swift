import Foundation
import YanglaoCore
import YanglaoElders
import YanglaoPlatform

/// The elders registry from the command line: the streamed import and the synthetic population.
extension YanglaoApplication {
    /// Imports the registry from a CSV or XLSX file of any size as the command-line operator
    /// (whole territory); `progress` is told the rows read, the share of the file and the problems so far.
    public static func importElders(
        path: String, dryRun: Bool, problemsFile: String?, platform: Platform,
        progress: @escaping @Sendable (_ rows: Int, _ fraction: Double, _ problems: Int) async -> Void
    ) async throws -> ImportReport {
        try await ElderCommandLine.importFile(
            path: path, dryRun: dryRun, problemsFile: problemsFile.map { URL(fileURLWithPath: $0) }, platform: platform
        ) { await progress($0.rows, $0.fraction, $0.problems) }
    }

    /// Writes `count` synthetic persons of the demo territory as an import file (CSV); the same
    /// seed writes the same file.
    public static func generateElders(count: Int, seed: UInt64, path: String, today: String?) throws {
        let day = today.flatMap(LocalDate.init(parsing:)) ?? PlatformClock.system.today
        var generator = try SyntheticElders(seed: seed, today: day, territory: try DemoCity.territory())
        try generator.writeCSV(count: count, to: path)
    }
}

/// Personal-data keys from the command line.
extension YanglaoApplication {
    public struct Rotation: Sendable {
        public var newKey: String?
        public var rows: Int
        public var values: Int
        public var remaining: Int
    }

    /// Re-seals every sealed personal value under the current key. With `newKey` on a SQLite
    /// deployment whose keys are in its key file, a new key is made first and put in front (the
    /// old ones kept); otherwise the current key is the first of `YANGLAO_PERSONAL_DATA_KEYS`.
    /// An interrupted rotation is resumed by running again without `newKey`.
    public static func rotatePersonalDataKeys(
        _ configuration: AppConfiguration, newKey: Bool, progress: @escaping @Sendable (Int) async -> Void
    ) async throws -> Rotation {
        // A rotation is of data that exists: in a directory without it, opening the platform would
        // make an empty database and new keys, and "rotate" them.
        if case let .sqlite(path) = configuration.database, !FileManager.default.fileExists(atPath: path) {
            throw ImportFileError(message: "找不到数据库 \(path)：密钥更换只针对已有的数据，未做任何改动（请检查 --demo、DATABASE_URL 或 YANGLAO_DATA_DIR）")
        }
        let keyFile = configuration.dataDirectory + "/personal.keys"
        if configuration.personalKeys == nil, ProcessInfo.processInfo.environment["YANGLAO_PERSONAL_DATA_KEYS"] == nil,
           !FileManager.default.fileExists(atPath: keyFile) {
            throw ImportFileError(message: "找不到个人信息密钥文件 \(keyFile)：没有可更换的密钥，未做任何改动（请从备份恢复密钥文件，或检查 YANGLAO_DATA_DIR）")
        }
        var added: String?
        if newKey {
            guard ProcessInfo.processInfo.environment["YANGLAO_PERSONAL_DATA_KEYS"] == nil, configuration.personalKeys == nil else {
                throw ImportFileError(message: "密钥由 YANGLAO_PERSONAL_DATA_KEYS 配置：请把新密钥放在首位（旧密钥保留在后），再运行 yanglao keys rotate --resume")
            }
            added = try PersonalKeySource.addDataKey(configuration)
        }
        let (app, platform) = try await make(configuration)
        do {
            let rotation = PersonalDataRotation(platform: platform, tables: Assembly.capabilities.flatMap { $0.sealedColumns })
            let outcome = try await rotation.run(actor: .commandLine, progress: progress)
            let remaining = try await rotation.remaining()
            _ = try await platform.sealer.sealOnce()
            try await app.asyncShutdown()
            return Rotation(newKey: added ?? platform.personalData.currentKeyID, rows: outcome.rows, values: outcome.values, remaining: remaining)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}
