import SQLKit
import YanglaoCore

/// Every query on the `regions` table. A subtree is one indexed equality on an ancestor column.
package struct RegionStore: Sendable {
    package let sql: any SQLDatabase
    package init(sql: any SQLDatabase) {
        self.sql = sql
    }

    package func find(_ code: String) async throws -> StoredRegion? {
        try await sql.select().columns(StoredRegion.columns.map(SQLIdentifier.init(_:))).from("regions")
            .where("code", .equal, code)
            .first(decoding: StoredRegion.self, keyDecodingStrategy: .fromSnakeCase)
    }

    /// The unit and everything below it, ordered by code.
    package func subtree(of root: StoredRegion) async throws -> [StoredRegion] {
        try await sql.select().columns(StoredRegion.columns.map(SQLIdentifier.init(_:))).from("regions")
            .where(SQLIdentifier(StoredRegion.ancestorColumn(root.level)), .equal, SQLBind(root.code))
            .orderBy("code")
            .all(decoding: StoredRegion.self, keyDecodingStrategy: .fromSnakeCase)
    }

    /// The top of a subtree: its units down to `levels` levels below the root's (the region
    /// switcher needs two, not every village).
    package func subtree(of root: StoredRegion, levels: Int) async throws -> [StoredRegion] {
        let allowed = RegionLevel.allCases.filter { $0 >= root.level }.prefix(levels + 1).map(\.rawValue)
        return try await sql.select().columns(StoredRegion.columns.map(SQLIdentifier.init(_:))).from("regions")
            .where(SQLIdentifier(StoredRegion.ancestorColumn(root.level)), .equal, SQLBind(root.code))
            .where("level", .in, allowed)
            .orderBy("code")
            .all(decoding: StoredRegion.self, keyDecodingStrategy: .fromSnakeCase)
    }

    /// How many units in effect on a date lie below the root, by level and kind (nil kind: the
    /// level's own name), counted in SQL: a county's home page does not read its villages.
    package func unitCounts(below root: StoredRegion, on date: LocalDate) async throws -> [(level: RegionLevel, kind: String?, count: Int)] {
        let day = date.description
        let rows = try await sql.select().columns("level", "kind").column(SQLAlias(SQLRaw("COUNT(*)"), as: SQLIdentifier("n")))
            .from("regions")
            .where(SQLIdentifier(StoredRegion.ancestorColumn(root.level)), .equal, SQLBind(root.code))
            .where("code", .notEqual, root.code)
            .where(SQLQueryString("(effective_from IS NULL OR effective_from <= \(bind: day))"))
            .where(SQLQueryString("(effective_to IS NULL OR effective_to > \(bind: day))"))
            .groupBy("level").groupBy("kind").all()
        return try rows.map { row in
            (try row.decode(column: "level", as: RegionLevel.self), try row.decode(column: "kind", as: String?.self), try row.decode(column: "n", as: Int.self))
        }
    }

    package func children(of code: String) async throws -> [StoredRegion] {
        try await sql.select().columns(StoredRegion.columns.map(SQLIdentifier.init(_:))).from("regions")
            .where("parent_code", .equal, code)
            .orderBy("code")
            .all(decoding: StoredRegion.self, keyDecodingStrategy: .fromSnakeCase)
    }

    package func find(codes: [String]) async throws -> [StoredRegion] {
        guard !codes.isEmpty else { return [] }
        return try await sql.select().columns(StoredRegion.columns.map(SQLIdentifier.init(_:))).from("regions")
            .where("code", .in, codes)
            .all(decoding: StoredRegion.self, keyDecodingStrategy: .fromSnakeCase)
    }

    /// Region names by code, for a page of records, in batched queries.
    package func names(of codes: some Sequence<String>) async throws -> [String: String] {
        var names: [String: String] = [:]
        for batch in Array(Set(codes)).chunked(into: 500) {
            for region in try await find(codes: Array(batch)) { names[region.code] = region.name }
        }
        return names
    }

    package func all() async throws -> [StoredRegion] {
        try await sql.select().columns(StoredRegion.columns.map(SQLIdentifier.init(_:))).from("regions")
            .all(decoding: StoredRegion.self, keyDecodingStrategy: .fromSnakeCase)
    }

    package func count() async throws -> Int {
        try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("regions")
            .first(decodingColumn: "n", as: Int.self) ?? 0
    }

    /// Inserts or replaces rows in batches: one statement per batch, on SQLite and PostgreSQL alike.
    package func upsert(_ rows: [StoredRegion]) async throws {
        let updatable = StoredRegion.columns.filter { $0 != "code" }
        for batch in rows.chunked(into: 500) {
            let insert = sql.insert(into: "regions").columns(StoredRegion.columns)
            for row in batch { insert.values(row.values) }
            try await insert.onConflict(with: ["code"]) { conflict in
                updatable.reduce(conflict) { $0.set(excludedValueOf: $1) }
            }.run()
        }
    }
}

extension Array {
    package func chunked(into size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}

/// Where a piece of work looks regions up: the table itself, or a cache for a batch (an import looks
/// up the same few hundred regions thousands of times).
package protocol RegionLookup: Sendable {
    func find(_ code: String) async throws -> StoredRegion?
}

extension RegionStore: RegionLookup {}

/// Regions looked up once each: preloaded in one query for the codes a file names, the rest on first use.
package actor RegionCache: RegionLookup {
    private let store: RegionStore
    private var known: [String: StoredRegion?] = [:]

    package init(_ store: RegionStore) { self.store = store }

    /// Loads `codes` (and the towns above them, which default to supervising bureaus) in batched queries.
    package func preload(_ codes: some Collection<String>) async throws {
        var wanted = Set(codes.filter { known[$0] == nil })
        for _ in 0..<2 where !wanted.isEmpty {
            var found: [StoredRegion] = []
            for batch in Array(wanted).chunked(into: 500) { found += try await store.find(codes: Array(batch)) }
            for code in wanted { known[code] = .some(nil) }
            for region in found { known[region.code] = region }
            wanted = Set(found.compactMap(\.townCode).filter { known[$0] == nil })
        }
    }

    package func find(_ code: String) async throws -> StoredRegion? {
        if let cached = known[code] { return cached }
        let region = try await store.find(code)
        known[code] = .some(region)
        return region
    }
}
