import Foundation
import SQLKit
import Vapor
import YanglaoCore

/// Reveals of personal data and lookups by a full ID number or phone, counted per account from the
/// audit log itself (so every process of a deployment counts the same): at most
/// `personalDataUsesPerHour` in any hour. The next is refused with 429, and the refusal is an entry
/// of its own (outcome `rate_limited`) that the security administrator's home page lists.
package enum PersonalDataUse {
    package static let limitedOutcome = "rate_limited"
    /// The audit actions that count: `<entity>.reveal` and `<entity>.lookup`.
    static let countedActions = SQLQueryString("(action LIKE '%.reveal' OR action LIKE '%.lookup')")

    /// Inside the write transaction that will record the use: nil when the account may go on, or
    /// the refusal (already recorded) to answer with.
    package static func refusal(
        on sql: any SQLDatabase, actor: AuditActor, action: String, entityType: String, limit: Int, now: Date = Date()
    ) async throws -> APIError? {
        guard let account = actor.accountID, !account.isEmpty else { return nil }
        let since = Clock.timestamp(now.addingTimeInterval(-3600))
        let row = try await sql.select()
            .column(SQLAlias(SQLQueryString("COUNT(*)"), as: SQLIdentifier("uses")))
            .column(SQLAlias(SQLQueryString("MIN(occurred_at)"), as: SQLIdentifier("oldest")))
            .from("audit_entries")
            .where("account_id", .equal, account).where("occurred_at", .greaterThanOrEqual, since).where("outcome", .equal, "ok")
            .where(countedActions)
            .first()
        let uses = try row?.decode(column: "uses", as: Int.self) ?? 0
        guard uses >= limit else { return nil }
        try await AuditLog.record(on: sql, actor: actor, action: action, entityType: entityType,
                                  after: auditJSONString(["uses": "\(uses)", "limit": "\(limit)"]), outcome: limitedOutcome)
        let oldest = try row?.decode(column: "oldest", as: String?.self).flatMap(Self.date) ?? now
        let again = Clock.shanghaiTime(Int64(oldest.addingTimeInterval(3600).timeIntervalSince1970) + 60)
        return APIError(.tooManyRequests, code: "rate_limited",
                        message: "查看完整个人信息或按完整号码查找过于频繁：每个账户每小时最多 \(limit) 次，请于 \(again) 后再试。此次已记入审计日志，并提示安全管理员")
    }

    static func date(_ stamp: String) -> Date? {
        let parser = ISO8601DateFormatter()
        parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return parser.date(from: stamp)
    }

    /// Accounts of a region refused for too many uses since `since`: who, how often, when last.
    package static func bursts(on sql: any SQLDatabase, scope: AccessScope, since: Date) async throws -> [(username: String, refusals: Int, last: String)] {
        let rows = try await sql.select().column("username")
            .column(SQLAlias(SQLQueryString("COUNT(*)"), as: SQLIdentifier("refusals")))
            .column(SQLAlias(SQLQueryString("MAX(occurred_at)"), as: SQLIdentifier("last")))
            .from("audit_entries")
            .where("outcome", .equal, limitedOutcome).where("occurred_at", .greaterThanOrEqual, Clock.timestamp(since))
            .where(scope.regionFilter("region_code"))
            .groupBy("username").orderBy(SQLQueryString("MAX(occurred_at)") as any SQLExpression, SQLDirection.descending).limit(50)
            .all()
        return try rows.map { row in
            (try row.decode(column: "username", as: String?.self) ?? "", try row.decode(column: "refusals", as: Int.self),
             try row.decode(column: "last", as: String.self))
        }
    }
}
