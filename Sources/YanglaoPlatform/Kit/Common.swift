/// Small helpers every capability uses.
extension Optional {
    package func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

import SQLKit

extension SQLRowDecoder.KeyDecodingStrategy {
    /// `regionCode` → `region_code` for ASCII property names, without the Unicode property lookups
    /// of SQLKit's own strategy (which showed as a tenth of a list request's time).
    package static let fromSnakeCase = SQLRowDecoder.KeyDecodingStrategy.custom { path in
        SnakeCaseKey(path.last!.stringValue)
    }
}

private struct SnakeCaseKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ camel: String) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(camel.utf8.count + 4)
        for byte in camel.utf8 {
            if byte >= 65 && byte <= 90 {
                bytes.append(95)
                bytes.append(byte + 32)
            } else {
                bytes.append(byte)
            }
        }
        stringValue = String(decoding: bytes, as: UTF8.self)
    }

    init?(stringValue: String) { self.init(stringValue) }
    init?(intValue: Int) { nil }
}

extension Sequence {
    /// `reduce` whose step may wait.
    package func asyncReduce<Result>(_ initial: Result, _ next: (Result, Element) async throws -> Result) async rethrows -> Result {
        var result = initial
        for element in self { result = try await next(result, element) }
        return result
    }
}

extension Platform {
    /// The `name` of each record of a registry's table among `ids`, read in batches of 500
    /// (the audit page's names, the institutions a list names).
    package func recordNames(in table: String, ids: some Collection<String>, column: String = "name") async throws -> [String: String] {
        var names: [String: String] = [:]
        for batch in Array(Set(ids)).chunked(into: 500) where !batch.isEmpty {
            for row in try await sql.select().column("id").column(SQLAlias(SQLIdentifier(column), as: SQLIdentifier("name"))).from(table)
                .where("id", .in, Array(batch)).all() {
                names[try row.decode(column: "id", as: String.self)] = try row.decode(column: "name", as: String.self)
            }
        }
        return names
    }

    /// A registry's row, if the caller sees it: one query loads it and decides its scope. Missing
    /// and out of scope both answer 404 (`what` names the entity); the second is audited.
    package func visibleRow(in table: String, id: String, visible: any SQLExpression, entityType: String, what: String, caller: Caller) async throws -> any SQLRow {
        let flag = SQLAlias(SQLQueryString("CASE WHEN \(visible) THEN 1 ELSE 0 END"), as: SQLIdentifier("visible_to_caller"))
        guard let row = try await sql.select().column("*").column(flag).from(table).where("id", .equal, id).first() else {
            throw APIError.notFound(what)
        }
        guard try row.decode(column: "visible_to_caller", as: Int.self) == 1 else {
            try await audit(caller.actor, action: "access.out_of_scope", entityType: entityType, entityID: id, outcome: "not_found")
            throw APIError.notFound(what)
        }
        return row
    }
}
