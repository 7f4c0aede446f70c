import Foundation
import SQLKit
import YanglaoCore

/// The accounts list on the registry kit: a security administrator's accounts, in the scope of
/// their region, filtered, ordered and paged in SQL.
package enum AccountList {
    package static let listing = RegistryListing(
        table: "accounts",
        visible: { caller in caller.user.scope.regionFilter("region_code") },
        filters: [
            .region("region", "所在区划", column: "region_code"),
            .equals("role", "角色", column: "role", options: Role.allCases.map { ($0.rawValue, $0.label) }),
            RegistryFilter(
                name: "status", label: "状态", control: .choice([("active", "正常"), ("disabled", "已停用"), ("locked", "已锁定")]),
                help: "状态：active（正常）、disabled（已停用）、locked（已锁定）", resolve: { value, _, _ in
                    let now = Clock.unixNow()
                    switch value {
                    case "active":
                        return .success(.init(predicate: SQLQueryString("disabled = \(bind: false) AND (locked_until IS NULL OR locked_until <= \(bind: now))"), description: "正常"))
                    case "disabled":
                        return .success(.init(predicate: SQLQueryString("disabled = \(bind: true)"), description: "已停用"))
                    case "locked":
                        return .success(.init(predicate: SQLQueryString("locked_until > \(bind: now)"), description: "已锁定"))
                    default:
                        return .failure(FieldError("状态“\(value.prefix(40))”无效，应为 active、disabled、locked 之一"))
                    }
                }),
            RegistryFilter(name: "q", label: "用户名或姓名", control: .search, help: "用户名（完全相同）或姓名（包含）", resolve: { text, _, _ in
                if let problem = TextLimit.problem(text, limit: TextLimit.short) { return .failure(FieldError("用户名或姓名" + problem)) }
                let pattern = "%" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                    .replacingOccurrences(of: "_", with: "\\_") + "%"
                return .success(.init(predicate: SQLQueryString("(username = \(bind: text) OR display_name LIKE \(bind: pattern) ESCAPE '\\')"),
                                      description: "“\(text)”"))
            }),
        ],
        sorts: [
            RegistrySort(name: "username", label: "按用户名", keys: [RegistrySort.ascending("username")]),
            RegistrySort(name: "region", label: "按区划", keys: [RegistrySort.ascending("region_code"), RegistrySort.ascending("username")]),
        ]
    )

    package struct Page: Sendable {
        package var accounts: [Account]
        package var next: String?
        package var total: ListCount
        package var descriptions: [String]
        package var regionNames: [String: String]
    }

    package static func page(_ parameters: ListParameters, caller: Caller, platform: Platform) async throws -> Page {
        let page = try await platform.loadPage(listing, parameters, caller: caller)
        let accounts = try page.rows.map { try $0.decode(model: Account.self, keyDecodingStrategy: .fromSnakeCase) }
        let names = try await RegionStore(sql: platform.sql).names(of: accounts.map(\.regionCode))
        return Page(accounts: accounts, next: page.next, total: page.total, descriptions: page.descriptions, regionNames: names)
    }
}
