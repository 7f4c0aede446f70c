import Foundation
import SQLKit
import Vapor
import YanglaoCore

/// The audit log as a list on the registry kit: an auditor's region and below, newest first,
/// filtered and paged in SQL. Entries with no region (the command line, unknown user names)
/// belong to the top of the territory.
package enum AuditList {
    package static let listing = RegistryListing(
        table: "audit_entries",
        visible: { caller in
            let inRegion = caller.user.scope.regionFilter("region_code")
            guard case let .region(code, _, _) = caller.user.scope else { return inRegion }
            let atTop = SQLQueryString("(region_code IS NULL AND EXISTS (SELECT 1 FROM regions WHERE code = \(bind: code) AND parent_code IS NULL))")
            return SQLGroupExpression(SQLBinaryExpression(inRegion, .or, atTop))
        },
        filters: [
            time("from", "起始日期", endOfDay: false),
            time("to", "截止日期", endOfDay: true),
            text("username", "用户名", column: "username"),
            text("entityType", "对象类型", column: "entity_type"),
            text("entityId", "对象标识", column: "entity_id"),
            text("action", "操作", column: "action"),
        ],
        sorts: [
            RegistrySort(name: "newest", label: "按时间倒序", keys: [RegistrySort.Key(expression: "occurred_at", descending: true)]),
        ]
    )

    /// `column = value`, the value as sent (length-limited).
    package static func text(_ name: String, _ label: String, column: String) -> RegistryFilter {
        RegistryFilter(name: name, label: label, control: .search, help: label, resolve: { value, _, _ in
            if let problem = TextLimit.problem(value, limit: TextLimit.short) { return .failure(FieldError(label + problem)) }
            return .success(.init(predicate: SQLBinaryExpression(SQLIdentifier(column), .equal, SQLBind(value)), description: "\(label)：\(value)"))
        })
    }

    /// A date means the whole day in China Standard Time; a full ISO 8601 time is taken as given.
    package static func time(_ name: String, _ label: String, endOfDay: Bool) -> RegistryFilter {
        RegistryFilter(name: name, label: label, control: .search, help: "\(label)（YYYY-MM-DD 或 ISO 8601 时间）", resolve: { raw, _, _ in
            guard let stamp = timestamp(raw, endOfDay: endOfDay) else { return .failure(FieldError("应为 YYYY-MM-DD 或 ISO 8601 时间")) }
            let predicate = SQLBinaryExpression(SQLIdentifier("occurred_at"), endOfDay ? .lessThanOrEqual : .greaterThanOrEqual, SQLBind(stamp))
            return .success(.init(predicate: predicate, description: "\(endOfDay ? "至" : "自")\(raw)"))
        })
    }

    package static func timestamp(_ raw: String, endOfDay: Bool) -> String? {
        if let date = LocalDate(parsing: raw) {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
            guard let start = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day)) else { return nil }
            return Clock.timestamp(endOfDay ? start.addingTimeInterval(86_400 - 0.001) : start)
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return (formatter.date(from: raw) ?? ISO8601DateFormatter().date(from: raw)).map(Clock.timestamp)
    }

    package struct Page: Content {
        /// Entries with every column, the chain's included (`sequence` is null until sealed).
        package var items: [StoredAuditEntry]
        @NullEncoded package var next: String?
        package var total: Int
        package var totalIsLowerBound: Bool

        package var count: ListCount { ListCount(value: total, isAtLeast: totalIsLowerBound) }
    }

    package static func page(_ parameters: ListParameters, caller: Caller, platform: Platform) async throws -> Page {
        let page = try await platform.loadPage(listing, parameters, caller: caller)
        var hidden: [String: Set<String>] = [:]
        for capability in platform.capabilities { hidden.merge(capability.auditHiddenKeys) { $0.union($1) } }
        let items = try page.rows.map { row in
            var entry = try row.decode(model: StoredAuditEntry.self, keyDecodingStrategy: .fromSnakeCase)
            if let keys = entry.entityType.flatMap({ hidden[$0] }), !keys.isEmpty {
                entry.before = entry.before.map { withoutKeys(keys, in: $0) }
                entry.after = entry.after.map { withoutKeys(keys, in: $0) }
            }
            return entry
        }
        return Page(items: items, next: page.next, total: page.total.value, totalIsLowerBound: page.total.isAtLeast)
    }

    /// A JSON object's text without `keys` (text that is no object is returned as it is). The chain
    /// is checked on the stored text, never on what a reader is shown.
    static func withoutKeys(_ keys: Set<String>, in text: String) -> String {
        guard keys.contains(where: { text.contains("\"\($0)\"") }),
              var object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return text }
        for key in keys { object.removeValue(forKey: key) }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return text }
        return String(decoding: data, as: UTF8.self)
    }
}
