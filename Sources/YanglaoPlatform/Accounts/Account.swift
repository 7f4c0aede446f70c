import Foundation
import SQLKit
import YanglaoCore

/// A row of `accounts`.
package struct Account: Codable, Sendable, Equatable {
    package var id: String
    package var username: String
    package var displayName: String?
    package var passwordHash: String
    package var role: Role
    package var regionCode: String
    package var organisationId: String?
    package var disabled: Bool
    package var failedLogins: Int
    package var lockedUntil: Int64?
    package var createdAt: String
    package var updatedAt: String
    /// Set by a reset (and by an account created by a security administrator): the password is a
    /// one-time one, and the owner must choose their own before doing anything else.
    package var mustChangePassword: Bool = false
    /// A reset of a guarded account (auditor, security administrator) asked by this security
    /// administrator, waiting for a second one to confirm.
    package var resetRequestedBy: String?

    package static let columns = [
        "id", "username", "display_name", "password_hash", "role", "region_code", "organisation_id",
        "disabled", "failed_logins", "locked_until", "created_at", "updated_at", "must_change_password", "reset_requested_by",
    ]

    package var throttle: LoginThrottle { LoginThrottle(failures: failedLogins, lockedUntil: lockedUntil) }

    /// What the audit log keeps of an account: never the password hash.
    package var auditJSON: String {
        auditJSONString([
            "id": id, "username": username, "displayName": displayName ?? "", "role": role.rawValue,
            "regionCode": regionCode, "organisationId": organisationId ?? "", "disabled": disabled ? "true" : "false",
        ])
    }
}

package struct AccountStore: Sendable {
    package let sql: any SQLDatabase
    package init(sql: any SQLDatabase) {
        self.sql = sql
    }

    private func select() -> SQLSelectBuilder {
        sql.select().columns(Account.columns.map(SQLIdentifier.init(_:))).from("accounts")
    }

    package func find(username: String) async throws -> Account? {
        try await select().where("username", .equal, username)
            .first(decoding: Account.self, keyDecodingStrategy: .fromSnakeCase)
    }

    /// Accounts by id, in one query a batch.
    package func find(ids: some Sequence<String>) async throws -> [Account] {
        var found: [Account] = []
        for batch in Array(Set(ids)).chunked(into: 500) {
            found += try await select().where("id", .in, Array(batch)).all(decoding: Account.self, keyDecodingStrategy: .fromSnakeCase)
        }
        return found
    }

    package func find(id: String) async throws -> Account? {
        try await select().where("id", .equal, id)
            .first(decoding: Account.self, keyDecodingStrategy: .fromSnakeCase)
    }

    /// Accounts whose region lies in the scope, by user name.
    package func list(in scope: AccessScope, search: String? = nil) async throws -> [Account] {
        var query = select().where(scope.regionFilter("region_code"))
        if let search, !search.isEmpty {
            query = query.where { $0.where("username", .equal, search).orWhere("display_name", .equal, search) }
        }
        return try await query.orderBy("username").all(decoding: Account.self, keyDecodingStrategy: .fromSnakeCase)
    }

    package func insert(_ account: Account) async throws {
        try await sql.insert(into: "accounts").columns(Account.columns).values([
            SQLBind(account.id), SQLBind(account.username), SQLBind(account.displayName), SQLBind(account.passwordHash),
            SQLBind(account.role.rawValue), SQLBind(account.regionCode), SQLBind(account.organisationId),
            SQLBind(account.disabled), SQLBind(account.failedLogins), SQLBind(account.lockedUntil),
            SQLBind(account.createdAt), SQLBind(account.updatedAt), SQLBind(account.mustChangePassword), SQLBind(account.resetRequestedBy),
        ]).run()
    }

    package func saveThrottle(_ id: String, _ throttle: LoginThrottle, now: String) async throws {
        try await sql.update("accounts")
            .set("failed_logins", to: throttle.failures)
            .set("locked_until", to: throttle.lockedUntil)
            .set("updated_at", to: now)
            .where("id", .equal, id)
            .run()
    }
}

/// A compact, key-sorted JSON object for the audit log's before/after columns.
package func auditJSONString(_ fields: [String: String]) -> String {
    let data = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self)
}

package func auditJSONString<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
}

package enum Clock {
    package static func unixNow() -> Int64 { Int64(Date().timeIntervalSince1970) }

    /// ISO 8601 in UTC with milliseconds: sorts as text in the same order as time.
    package static func timestamp(_ date: Date = Date()) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        return formatter.string(from: date)
    }

    package static func shanghaiTime(_ unix: Int64) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm"
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(unix)))
    }
}
