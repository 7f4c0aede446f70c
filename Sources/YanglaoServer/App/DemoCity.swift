import Foundation
import SQLKit
import YanglaoElders
import YanglaoFacilities
import YanglaoPlans
import YanglaoPlatform

/// The demo territory: 南通市 with 海安市 and its 15 towns and streets (the 2021 breakdown table's
/// rows), and 通辽市 with its county-level units and the towns its 2021 plan names. It goes in
/// through the same import flow as any bureau's own list.
public enum DemoCity {
    /// Fills an empty demo database; returns false when it already holds the territory.
    @discardableResult
    public static func seedIfEmpty(_ platform: Platform) async throws -> Bool {
        guard try await RegionStore(sql: platform.sql).count() == 0 else { return false }
        let report = try await ImportFlow.run(
            RegionImport(scope: .unrestricted), file: try resource("regions.csv"), dryRun: false, writer: platform.writer,
            actor: .commandLine
        )
        guard report.committed else {
            throw ImportFileError(message: "演示区划数据有误：\(report.errors.map(\.message).joined(separator: "；"))")
        }
        try await FacilityDemo.seed(platform)
        try await ElderDemo.seed(platform, territory: try territory())
        try await PlanDemo.seedAll(platform)
        let service = AccountService(platform: platform)
        for account in accounts {
            _ = try await service.create(account, by: .commandLine)
        }
        _ = try await platform.sealer.sealOnce()
        return true
    }

    public static let password = "yanglao-demo"

    /// The demo accounts of DESIGN.md's roles, all with the password `yanglao-demo`.
    static let accounts: [AccountService.NewAccount] = [
        ("demo-city", "admin", "320685", "海安市民政局管理员"),
        ("demo-town", "admin", "320685101", "角斜镇管理员"),
        ("demo-town2", "admin", "320685102", "李堡镇管理员"),
        ("demo-tongliao", "admin", "150500", "通辽市民政局管理员"),
        ("demo-county", "admin", "150521", "科尔沁左翼中旗民政局管理员"),
        ("demo-security", "security_admin", "320685", "海安市安全管理员"),
        ("demo-security2", "security_admin", "320685", "海安市安全管理员（二）"),
        ("demo-auditor", "auditor", "320685", "海安市审计员"),
    ].map { username, role, region, name in
        AccountService.NewAccount(username: username, password: password, role: role, regionCode: region, displayName: name)
    }

    /// The territory as the register's demo needs it: the villages, and the 敬老院 of the facilities' demo.
    static func territory() throws -> DemoTerritory {
        DemoTerritory(regionsFile: try resource("regions.csv"), homes: FacilityDemo.hardshipHomes.map {
            DemoTerritory.Home(name: $0.name, code: $0.code, town: $0.town, beds: $0.beds, hardship: $0.hardship)
        })
    }

    static func resource(_ name: String) throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Resources/demo") else {
            throw ImportFileError(message: "找不到演示数据文件 \(name)")
        }
        return Array(try Data(contentsOf: url))
    }
}
