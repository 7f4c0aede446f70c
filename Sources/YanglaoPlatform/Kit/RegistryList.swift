import Crypto
import Foundation
import SQLKit
import Vapor
import YanglaoCore

/// A registry's list declared once: its table, who sees which rows, its filters and its orders.
/// Lists are filtered, ordered and paged in SQL; a page is found by keyset (the last row's sort
/// keys and id), so a cursor keeps its place when records are added before it.
package struct RegistryListing: Sendable {
    package let table: String
    /// The rows a caller may see (the scope), as an SQL predicate.
    package let visible: @Sendable (Caller) -> any SQLExpression
    package let filters: [RegistryFilter]
    /// The orders a list may be read in; the first is the default.
    package let sorts: [RegistrySort]
    /// The column that names a row once (the last key of every order).
    package var idColumn = "id"
    /// Whether, for this caller, `visible` is the region scope and nothing more (then a region
    /// filter checked to lie inside the scope implies it).
    package let regionScoped: @Sendable (Caller) -> Bool
    /// What the audit log calls a row's kind ("elder"); the table's name unless given.
    package let entityType: String
    package init(
        table: String, entityType: String? = nil, visible: @escaping @Sendable (Caller) -> any SQLExpression, filters: [RegistryFilter], sorts: [RegistrySort],
        idColumn: String = "id", regionScoped: @escaping @Sendable (Caller) -> Bool = { _ in false }
    ) {
        self.table = table
        self.entityType = entityType ?? table
        self.visible = visible
        self.filters = filters
        self.sorts = sorts
        self.idColumn = idColumn
        self.regionScoped = regionScoped
    }

    package func filter(named name: String) -> RegistryFilter? { filters.first { $0.name == name } }
}

/// A list request as parameters: filter values by name, the order, the cursor, the page size.
package struct ListParameters: Sendable, Equatable {
    package var filters: [String: String] = [:]
    package var sort: String?
    package var cursor: String?
    package var limit = 50

    package init(filters: [String: String] = [:], sort: String? = nil, cursor: String? = nil, limit: Int = 50) {
        self.filters = filters
        self.sort = sort
        self.cursor = cursor
        self.limit = limit
    }
}

/// A request resolved against a listing: predicates, words for headings, the order, and a
/// fingerprint that ties a cursor to this filter and order.
package struct ResolvedList: Sendable {
    package var listing: RegistryListing
    package var predicates: [any SQLExpression]
    /// "存在问题", "类别：养老机构"… in the order the filters are declared.
    package var descriptions: [String]
    package var sort: RegistrySort
    package var fingerprint: String
    /// A region filter inside the caller's scope is among the predicates.
    package var withinScope = false
    /// The lookups by a full personal value among the filters: the filter and the hash searched for.
    package var personalLookups: [(filter: String, hash: String)] = []

    /// The whole WHERE clause: scope and filters. Where a region filter already keeps the rows
    /// inside a region-only scope, the scope's own predicate is implied and left out.
    package func whereClause(_ caller: Caller) -> any SQLExpression {
        if withinScope, listing.regionScoped(caller), let first = predicates.first {
            return predicates.dropFirst().reduce(first) { SQLBinaryExpression($0, .and, $1) }
        }
        return predicates.reduce(listing.visible(caller)) { SQLBinaryExpression($0, .and, $1) }
    }
}

/// One page of rows, and the cursor of the next (nil on the last page).
package struct ListPage: Sendable {
    package var rows: [any SQLRow]
    package var next: String?
}

extension RegistryListing {
    /// Resolves filter values and the order; every wrong parameter is named (422).
    package func resolve(_ parameters: ListParameters, sql: any SQLDatabase, caller: Caller) async throws -> ResolvedList {
        var errors: [String: String] = [:]
        var predicates: [any SQLExpression] = []
        var descriptions: [String] = []
        var canonical: [String] = []
        var withinScope = false
        var lookups: [(filter: String, hash: String)] = []
        for filter in filters {
            guard let raw = parameters.filters[filter.name]?.trimmingWhitespace(), !raw.isEmpty else { continue }
            switch try await filter.resolve(raw, sql, caller) {
            case let .success(resolved):
                predicates.append(resolved.predicate)
                descriptions.append(resolved.description)
                withinScope = withinScope || resolved.withinScope
                if let hash = resolved.personalLookup { lookups.append((filter.name, hash)) }
                canonical.append("\(filter.name)=\(raw)")
            case let .failure(error):
                errors[filter.name] = error.message
            }
        }
        var sort = sorts[0]
        if let name = parameters.sort, !name.isEmpty {
            if let chosen = sorts.first(where: { $0.name == name }) { sort = chosen } else {
                errors["sort"] = "排序“\(name.prefix(40))”无效，应为 \(sorts.map(\.name).joined(separator: "、")) 之一"
            }
        }
        guard errors.isEmpty else { throw APIError.invalid("筛选条件有误", fields: errors) }
        canonical.append("sort=\(sort.name)")
        let digest = SHA256.hash(data: Array(canonical.joined(separator: "&").utf8))
        return ResolvedList(listing: self, predicates: predicates, descriptions: descriptions, sort: sort,
                            fingerprint: digest.prefix(8).hexString, withinScope: withinScope, personalLookups: lookups)
    }
}

/// Reads lists in pages by keyset.
package struct RegistryPager: Sendable {
    package let sql: any SQLDatabase
    package let cursors: CursorCodec

    /// The page after `cursor` (the first without one): `limit` rows in the list's order.
    package func page(_ list: ResolvedList, caller: Caller, cursor: String?, limit: Int) async throws -> ListPage {
        let position = try cursor.map { try cursors.decode($0, for: list) }
        let rows = try await rows(list, caller: caller, after: position, limit: limit + 1)
        let page = Array(rows.prefix(limit))
        guard rows.count > limit, let last = page.last else { return ListPage(rows: page, next: nil) }
        return ListPage(rows: page, next: cursors.encode(try Self.position(of: last, in: list), for: list))
    }

    /// Every row of the list, handed over in batches of `batchSize`: memory holds one batch.
    package func forEachBatch(_ list: ResolvedList, caller: Caller, batchSize: Int = 1000, _ body: ([any SQLRow]) async throws -> Void) async throws {
        var position: CursorPosition?
        while true {
            let rows = try await rows(list, caller: caller, after: position, limit: batchSize)
            if rows.isEmpty { return }
            try await body(rows)
            if rows.count < batchSize { return }
            position = try Self.position(of: rows[rows.count - 1], in: list)
        }
    }

    /// `COUNT(*) AS total` and the listed aggregates (`SUM(beds) AS beds`…) over the whole list.
    package func aggregates(_ list: ResolvedList, caller: Caller, _ expressions: [String: String]) async throws -> any SQLRow {
        var query = sql.select().column(SQLAlias(SQLRaw("COUNT(*)"), as: SQLIdentifier("total")))
        for (alias, expression) in expressions.sorted(by: { $0.key < $1.key }) {
            query = query.column(SQLAlias(SQLRaw(expression), as: SQLIdentifier(alias)))
        }
        guard let row = try await query.from(list.listing.table).where(list.whereClause(caller)).first() else {
            throw APIError(.internalServerError, code: "internal", message: "汇总查询没有结果")
        }
        return row
    }

    private func rows(_ list: ResolvedList, caller: Caller, after position: CursorPosition?, limit: Int) async throws -> [any SQLRow] {
        let keys = list.sort.keys
        var query = sql.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier(list.listing.table)))
        for (index, key) in keys.enumerated() {
            query = query.column(SQLAlias(SQLRaw(key.expression), as: SQLIdentifier("sort_key_\(index)")))
        }
        query = query.from(list.listing.table).where(list.whereClause(caller))
        let id = list.listing.idColumn
        if let position { query = query.where(Self.after(position, keys: keys, idColumn: id)) }
        for key in keys { query = query.orderBy(SQLRaw(key.expression), key.descending ? SQLDirection.descending : SQLDirection.ascending) }
        return try await query.orderBy(SQLIdentifier(id), SQLDirection.ascending).limit(limit).all()
    }

    /// Rows after a position in the order: (k1, …, id) compared key by key, each in its direction.
    package static func after(_ position: CursorPosition, keys: [RegistrySort.Key], idColumn: String = "id") -> any SQLExpression {
        let all = keys.map { (SQLRaw($0.expression) as any SQLExpression, $0.descending) } + [(SQLIdentifier(idColumn), false)]
        let values = position.keys.map { $0.bind } + [SQLBind(position.id) as any SQLExpression]
        var clauses: [any SQLExpression] = []
        for index in all.indices {
            var clause: any SQLExpression = SQLBinaryExpression(all[index].0, all[index].1 ? .lessThan : .greaterThan, values[index])
            for earlier in 0..<index {
                clause = SQLBinaryExpression(SQLBinaryExpression(all[earlier].0, .equal, values[earlier]), .and, clause)
            }
            clauses.append(SQLGroupExpression(clause))
        }
        return SQLGroupExpression(clauses.dropFirst().reduce(clauses[0]) { SQLBinaryExpression($0, .or, $1) })
    }

    package static func position(of row: any SQLRow, in list: ResolvedList) throws -> CursorPosition {
        let keys = try list.sort.keys.enumerated().map { index, key -> CursorPosition.Key in
            key.numeric ? .number(try row.decode(column: "sort_key_\(index)", as: Int.self))
                        : .text(try row.decode(column: "sort_key_\(index)", as: String.self))
        }
        return CursorPosition(keys: keys, id: try row.decode(column: list.listing.idColumn, as: String.self))
    }
}

/// Where a page ends: the last row's sort keys and id.
package struct CursorPosition: Sendable, Equatable, Codable {
    package enum Key: Sendable, Equatable, Codable {
        case text(String)
        case number(Int)

        package var bind: any SQLExpression {
            switch self {
            case let .text(text): SQLBind(text)
            case let .number(number): SQLBind(number)
            }
        }
    }

    package var keys: [Key]
    package var id: String
    package init(keys: [Key], id: String) {
        self.keys = keys
        self.id = id
    }
}

/// Cursors as opaque text: the position and the list's fingerprint, sealed (ChaChaPoly), so that a
/// changed cursor or one from another filter is refused (422 at `cursor`) rather than obeyed, and a
/// cursor never tells what the last row's sort keys were (a birth date, a figure the caller may not see).
package struct CursorCodec: Sendable {
    package let key: SymmetricKey

    private struct Payload: Codable {
        package var fingerprint: String
        package var position: CursorPosition
    }

    package func encode(_ position: CursorPosition, for list: ResolvedList) -> String {
        encode(position, fingerprint: list.fingerprint)
    }

    package func decode(_ text: String, for list: ResolvedList) throws -> CursorPosition {
        try decode(text, fingerprint: list.fingerprint, numericKeys: list.sort.keys.map(\.numeric))
    }

    /// A cursor for a list the kit does not resolve (a joined query): `fingerprint` names its
    /// filters and order.
    package func encode(_ position: CursorPosition, fingerprint: String) -> String {
        let payload = (try? JSONEncoder().encode(Payload(fingerprint: fingerprint, position: position))) ?? Data()
        let sealed = (try? ChaChaPoly.seal(payload, using: key).combined) ?? Data()
        return sealed.base64URLEncoded
    }

    /// The position of a cursor made for the same fingerprint, whose keys are numbers where `numericKeys` says.
    package func decode(_ text: String, fingerprint: String, numericKeys: [Bool]) throws -> CursorPosition {
        let invalid = APIError.invalid("翻页游标无效", fields: ["cursor": "翻页游标无效或已被修改，请从第一页开始"])
        guard text.count <= 2048, let data = Data(base64URLEncoded: text), data.count > 28,
              let box = try? ChaChaPoly.SealedBox(combined: data), let payload = try? ChaChaPoly.open(box, using: key),
              let decoded = try? JSONDecoder().decode(Payload.self, from: payload) else { throw invalid }
        guard decoded.fingerprint == fingerprint, decoded.position.keys.count == numericKeys.count else {
            throw APIError.invalid("翻页游标与筛选条件不符", fields: ["cursor": "翻页游标属于另一组筛选条件或排序，请从第一页开始"])
        }
        for (value, numeric) in zip(decoded.position.keys, numericKeys) {
            switch (value, numeric) {
            case (.number, true), (.text, false): continue
            default: throw invalid
            }
        }
        return decoded.position
    }
}

extension Data {
    package var base64URLEncoded: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    package init?(base64URLEncoded text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        self.init(base64Encoded: base64)
    }
}

extension Platform {
    /// Resolves a list request; a region filter outside the caller's scope answers 404, audited.
    package func resolve(_ listing: RegistryListing, _ parameters: ListParameters, caller: Caller) async throws -> ResolvedList {
        do {
            let list = try await listing.resolve(parameters, sql: sql, caller: caller)
            try await recordPersonalLookup(list, caller: caller)
            return list
        } catch let RegistryError.outOfScope(type, id, what) {
            try await audit(caller.actor, action: "access.out_of_scope", entityType: type, entityID: id, outcome: "not_found")
            throw APIError.notFound(what)
        }
    }
}

extension ListParameters {
    /// The list parameters of a request: every declared filter, `sort`, `cursor`, `limit`.
    /// On a page, a list the query does not place in a region shows the user's working region.
    package mutating func placeInWorkingRegion(_ request: Request, filter: String = "region") {
        if filters[filter] == nil, let code = request.workingRegion { filters[filter] = code }
    }

    package init(_ request: Request, listing: RegistryListing, cursorName: String = "cursor") throws {
        self.init()
        for filter in listing.filters {
            if let value = request.queryText(filter.name) { filters[filter.name] = value }
        }
        sort = request.queryText("sort")
        cursor = request.queryText(cursorName)
        limit = try PageRequest.limit(request)
    }
}

/// One page of a list with the figures over the whole list: what every list page and API answer needs.
package struct LoadedPage: Sendable {
    package var rows: [any SQLRow]
    package var next: String?
    /// The rows the filters select: counted exactly where the list sums them, up to a bound otherwise.
    package var total: ListCount
    /// The aggregates asked for, over every row the filters select (no column when none were asked).
    package var totals: (any SQLRow)?
    package var descriptions: [String]
}

extension Platform {
    /// Resolves the request, reads its page by keyset and counts (or sums) the whole list.
    package func loadPage(
        _ listing: RegistryListing, _ parameters: ListParameters, caller: Caller, aggregates: [String: String] = [:]
    ) async throws -> LoadedPage {
        let list = try await resolve(listing, parameters, caller: caller)
        let pager = pager()
        let page = try await pager.page(list, caller: caller, cursor: parameters.cursor, limit: parameters.limit)
        guard !aggregates.isEmpty else {
            return LoadedPage(rows: page.rows, next: page.next, total: try await pager.count(list, caller: caller),
                              totals: nil, descriptions: list.descriptions)
        }
        let totals = try await pager.aggregates(list, caller: caller, aggregates)
        return LoadedPage(rows: page.rows, next: page.next, total: ListCount(value: try totals.decode(column: "total", as: Int.self)),
                          totals: totals, descriptions: list.descriptions)
    }
}
