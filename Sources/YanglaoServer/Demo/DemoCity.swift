import Foundation
import SQLKit

/// The demo territory: 南通市 with 海安市 and its 15 towns and streets (the 2021 breakdown table's
/// rows), and 通辽市 with its county-level units and the towns its 2021 plan names. It goes in
/// through the same import flow as any bureau's own list.
public enum DemoCity {
    /// Fills an empty demo database; returns false when it already holds the territory.
    @discardableResult
    public static func seedIfEmpty(_ platform: Platform) async throws -> Bool {
        guard try await RegionStore(sql: platform.sql).count() == 0 else { return false }
        let report = try await ImportFlow.run(RegionImport(), file: try resource("regions.csv"), dryRun: false, writer: platform.writer)
        guard report.committed else {
            throw ImportFileError(message: "演示区划数据有误：\(report.errors.map(\.message).joined(separator: "；"))")
        }
        return true
    }

    static func resource(_ name: String) throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Resources/demo") else {
            throw ImportFileError(message: "找不到演示数据文件 \(name)")
        }
        return Array(try Data(contentsOf: url))
    }
}
