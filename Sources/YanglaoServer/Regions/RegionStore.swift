import SQLKit
import YanglaoCore

/// Every query on the `regions` table. A subtree is one indexed equality on an ancestor column.
struct RegionStore: Sendable {
    let sql: any SQLDatabase

    func find(_ code: String) async throws -> StoredRegion? {
        try await sql.select().columns(StoredRegion.columns.map(SQLIdentifier.init(_:))).from("regions")
            .where("code", .equal, code)
            .first(decoding: StoredRegion.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// The unit and everything below it, ordered by code.
    func subtree(of root: StoredRegion) async throws -> [StoredRegion] {
        try await sql.select().columns(StoredRegion.columns.map(SQLIdentifier.init(_:))).from("regions")
            .where(SQLIdentifier(StoredRegion.ancestorColumn(root.level)), .equal, SQLBind(root.code))
            .orderBy("code")
            .all(decoding: StoredRegion.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    func children(of code: String) async throws -> [StoredRegion] {
        try await sql.select().columns(StoredRegion.columns.map(SQLIdentifier.init(_:))).from("regions")
            .where("parent_code", .equal, code)
            .orderBy("code")
            .all(decoding: StoredRegion.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    func find(codes: [String]) async throws -> [StoredRegion] {
        guard !codes.isEmpty else { return [] }
        return try await sql.select().columns(StoredRegion.columns.map(SQLIdentifier.init(_:))).from("regions")
            .where("code", .in, codes)
            .all(decoding: StoredRegion.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    func all() async throws -> [StoredRegion] {
        try await sql.select().columns(StoredRegion.columns.map(SQLIdentifier.init(_:))).from("regions")
            .all(decoding: StoredRegion.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    func count() async throws -> Int {
        try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("regions")
            .first(decodingColumn: "n", as: Int.self) ?? 0
    }

    /// Inserts or replaces rows in batches: one statement per batch, on SQLite and PostgreSQL alike.
    func upsert(_ rows: [StoredRegion]) async throws {
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
    func chunked(into size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
