import Foundation
import YanglaoCore
import YanglaoPlatform

/// The elders registry from the command line: the streamed import and the synthetic population.
extension YanglaoApplication {
    /// Imports the registry from a CSV or XLSX file of any size as the command-line operator
    /// (whole territory); `progress` is told the rows read, the share of the file and the problems so far.
    public static func importElders(
        path: String, dryRun: Bool, problemsFile: String?, platform: Platform,
        progress: @escaping @Sendable (_ rows: Int, _ fraction: Double, _ problems: Int) async -> Void
    ) async throws -> ImportReport {
        let report = try await BulkImportFlow.run(
            ElderImport(platform: platform, scope: .unrestricted), path: path, dryRun: dryRun, writer: platform.writer, actor: .commandLine,
            limits: platform.configuration.bulkImportLimits, problemsFile: problemsFile.map { URL(fileURLWithPath: $0) }
        ) { await progress($0.rows, $0.fraction, $0.problems) }
        if report.committed { _ = try await platform.sealer.sealOnce() }
        return report
    }

    /// Writes `count` synthetic persons of the demo territory as an import file (CSV); the same
    /// seed writes the same file.
    public static func generateElders(count: Int, seed: UInt64, path: String, today: String?) throws {
        let day = today.flatMap(LocalDate.init(parsing:)) ?? PlatformClock.system.today
        var generator = try SyntheticElders(seed: seed, today: day)
        try generator.writeCSV(count: count, to: path)
    }
}
