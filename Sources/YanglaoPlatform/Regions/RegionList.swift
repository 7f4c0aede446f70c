import Foundation
import SQLKit
import YanglaoCore

/// The region tree as a list on the registry kit: the units of the caller's scope, filtered (within
/// a unit, children of a unit, level, name or code) and paged by keyset on the code.
package enum RegionList {
    package static let listing = RegistryListing(
        table: "regions",
        visible: { caller in caller.user.scope.regionFilter("code") },
        filters: [
            .region("within", "所属区划", column: "code"),
            RegistryFilter(name: "parent", label: "上级区划", control: .region, help: "上级区划代码（只列直接下级）", resolve: { code, sql, caller in
                guard let region = try await RegionStore(sql: sql).find(code), caller.user.scope.contains(region) else {
                    throw RegistryError.outOfScope(entityType: "region", entityID: code, what: "区划")
                }
                return .success(.init(predicate: SQLBinaryExpression(SQLIdentifier("parent_code"), .equal, SQLBind(code)), description: "\(region.name)的下级"))
            }),
            .equals("level", "层级", column: "level", options: RegionLevel.allCases.map { ($0.rawValue, $0.label) }),
            .search("q", "名称或代码", nameColumn: "name", codeColumn: "code"),
        ],
        sorts: [RegistrySort(name: "code", label: "按代码", keys: [])],
        idColumn: "code"
    )

    package struct Page: Sendable {
        package var regions: [StoredRegion]
        package var next: String?
        package var total: ListCount
    }

    package static func page(_ parameters: ListParameters, caller: Caller, platform: Platform) async throws -> Page {
        let page = try await platform.loadPage(listing, parameters, caller: caller)
        return Page(regions: try page.rows.map(decode), next: page.next, total: page.total)
    }

    /// Every unit of the list in batches (exports).
    package static func forEachBatch(_ parameters: ListParameters, caller: Caller, platform: Platform, _ body: ([StoredRegion]) async throws -> Void) async throws {
        let list = try await platform.resolve(listing, parameters, caller: caller)
        try await platform.pager().forEachBatch(list, caller: caller) { rows in try await body(try rows.map(decode)) }
    }

    static func decode(_ row: any SQLRow) throws -> StoredRegion {
        try row.decode(model: StoredRegion.self, keyDecodingStrategy: .fromSnakeCase)
    }
}
