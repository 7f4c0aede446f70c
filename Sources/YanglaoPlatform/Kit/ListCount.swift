import SQLKit

/// How many rows a list's filters select, counted up to a bound: a list of a million persons costs
/// what a list of the bound costs, and says "超过 100000 条" rather than making every page wait for
/// a full `COUNT(*)`. Lists that sum their rows (the facilities' beds) count exactly in the same scan.
package struct ListCount: Sendable, Equatable {
    /// The rows counted: all of them, or the bound when there are more.
    package var value: Int
    /// More rows than `value` match.
    package var isAtLeast: Bool

    package static let bound = 100_000

    package init(value: Int, isAtLeast: Bool = false) {
        self.value = value
        self.isAtLeast = isAtLeast
    }

    /// "共 1234 条", or "超过 100000 条" when there are more than the bound.
    package func text(_ unit: String = "条") -> String { isAtLeast ? "超过 \(value) \(unit)" : "共 \(value) \(unit)" }

    /// More rows match than `shown`.
    package func exceeds(_ shown: Int) -> Bool { isAtLeast || value > shown }

    /// `total` and `totalIsLowerBound`, as a list's JSON answers them.
    package var json: [String: JSONValue] { ["total": .number(value), "totalIsLowerBound": .bool(isAtLeast)] }
}

extension RegistryPager {
    /// The rows of the list counted up to `bound`: one more is read to know whether there are more.
    package func count(_ list: ResolvedList, caller: Caller, upTo bound: Int = ListCount.bound) async throws -> ListCount {
        let rows = sql.select().column(SQLLiteral.numeric("1")).from(list.listing.table).where(list.whereClause(caller)).limit(bound + 1)
        let counted = try await sql.select().column(SQLAlias(SQLRaw("COUNT(*)"), as: SQLIdentifier("n")))
            .from(SQLAlias(SQLGroupExpression(rows.query), as: SQLIdentifier("counted"))).first()?
            .decode(column: "n", as: Int.self) ?? 0
        return counted > bound ? ListCount(value: bound, isAtLeast: true) : ListCount(value: counted)
    }
}

extension ListCount {
    /// The two members a list answer carries, for its OpenAPI schema.
    package static let openAPIProperties: [String: JSONValue] = [
        "total": ["type": "integer", "minimum": 0, "description": .string("筛选出的条数；超过 \(bound) 条时为 \(bound)")],
        "totalIsLowerBound": ["type": "boolean", "description": "为 true 时实际条数多于 total"],
    ]
    package static let openAPIRequired: [JSONValue] = ["total", "totalIsLowerBound"]
}
