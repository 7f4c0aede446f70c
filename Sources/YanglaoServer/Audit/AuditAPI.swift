import Foundation
import SQLKit
import Vapor
import YanglaoCore

/// `GET /api/v1/audit`: the auditor's review of the log of their region, newest first.
/// Filters: `from`/`to` (ISO 8601 or YYYY-MM-DD), `username`, `entityType`, `entityId`, `action`;
/// paging with `cursor` and `limit`.
enum AuditAPI {
    struct Page: Content {
        /// Entries with every column, the chain's included (`sequence` is null until sealed).
        var items: [StoredAuditEntry]
        @NullEncoded var next: String?
        var total: Int
    }

    static func register(on api: any RoutesBuilder, platform: Platform) {
        api.get("audit", access: .may(.reviewAudit)) { try await list($0, platform) }
    }

    static func list(_ request: Request, _ platform: Platform, limit fixedLimit: Int? = nil) async throws -> Page {
        let user = try await platform.require(.reviewAudit, request)
        let limit = try fixedLimit ?? PageRequest.limit(request)
        let filters = try Filters(request)

        let total = try await filters.apply(to: platform.sql.select(), scope: user.scope, platform: platform)
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("audit_entries")
            .first(decodingColumn: "n", as: Int.self) ?? 0
        var query = try await filters.apply(to: platform.sql.select(), scope: user.scope, platform: platform)
            .columns(AuditLog.columns.map(SQLIdentifier.init(_:))).from("audit_entries")
            .orderBy("occurred_at", .descending).orderBy("id", .descending)
            .limit(limit + 1)
        if let cursor = request.query[String.self, at: "cursor"] {
            let parts = cursor.split(separator: "|", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw APIError.invalid("cursor 无效", fields: ["cursor": "请使用上一页返回的 next"]) }
            query = query.where {
                $0.where("occurred_at", .lessThan, parts[0])
                    .orWhere { $0.where("occurred_at", .equal, parts[0]).where("id", .lessThan, parts[1]) }
            }
        }
        let rows = try await query.all(decoding: StoredAuditEntry.self, keyDecodingStrategy: .convertFromSnakeCase)
        let page = rows.prefix(limit)
        let next = rows.count > limit ? page.last.map { "\($0.occurredAt)|\($0.id)" } : nil
        return Page(items: Array(page), next: next, total: total)
    }

    struct Filters {
        var from: String?
        var to: String?
        var username: String?
        var entityType: String?
        var entityID: String?
        var action: String?

        init(_ request: Request) throws {
            from = try Self.time(request, "from", endOfDay: false)
            to = try Self.time(request, "to", endOfDay: true)
            username = Self.text(request, "username")
            entityType = Self.text(request, "entityType")
            entityID = Self.text(request, "entityId")
            action = Self.text(request, "action")
        }

        /// Entries of the auditor's region and below; entries with no region (the command line,
        /// unknown user names) belong to the top of the territory.
        func apply(to query: SQLSelectBuilder, scope: AccessScope, platform: Platform) async throws -> SQLSelectBuilder {
            var query = query
            if case let .region(code, _, _) = scope {
                let isTop = try await RegionStore(sql: platform.sql).find(code)?.parentCode == nil
                query = query.where {
                    let grouped = $0.where(scope.regionFilter("region_code"))
                    return isTop ? grouped.orWhere("region_code", .is, SQLLiteral.null) : grouped
                }
            } else {
                query = query.where(scope.regionFilter("region_code"))
            }
            if let from { query = query.where("occurred_at", .greaterThanOrEqual, from) }
            if let to { query = query.where("occurred_at", .lessThanOrEqual, to) }
            if let username { query = query.where("username", .equal, username) }
            if let entityType { query = query.where("entity_type", .equal, entityType) }
            if let entityID { query = query.where("entity_id", .equal, entityID) }
            if let action { query = query.where("action", .equal, action) }
            return query
        }

        /// A date means the whole day in China Standard Time; a full ISO 8601 time is taken as given.
        /// A query parameter; an empty one (a blank field of the filter form) counts as absent.
        static func text(_ request: Request, _ name: String) -> String? {
            guard let value = request.query[String.self, at: name]?.trimmingWhitespace(), !value.isEmpty else { return nil }
            return value
        }

        static func time(_ request: Request, _ name: String, endOfDay: Bool) throws -> String? {
            guard let raw = text(request, name) else { return nil }
            if let date = LocalDate(parsing: raw) {
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
                let start = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day))!
                return Clock.timestamp(endOfDay ? start.addingTimeInterval(86_400 - 0.001) : start)
            }
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            let plain = ISO8601DateFormatter()
            guard let instant = formatter.date(from: raw) ?? plain.date(from: raw) else {
                throw APIError.invalid("时间格式有误", fields: [name: "应为 YYYY-MM-DD 或 ISO 8601 时间"])
            }
            return Clock.timestamp(instant)
        }
    }
}
