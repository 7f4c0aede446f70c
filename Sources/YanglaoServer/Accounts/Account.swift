import Foundation
import SQLKit
import YanglaoCore

/// A row of `accounts`.
struct Account: Codable, Sendable, Equatable {
    var id: String
    var username: String
    var displayName: String?
    var passwordHash: String
    var role: Role
    var regionCode: String
    var organisationId: String?
    var disabled: Bool
    var failedLogins: Int
    var lockedUntil: Int64?
    var createdAt: String
    var updatedAt: String
    /// Set by a reset (and by an account created by a security administrator): the password is a
    /// one-time one, and the owner must choose their own before doing anything else.
    var mustChangePassword: Bool = false
    /// A reset of a guarded account (auditor, security administrator) asked by this security
    /// administrator, waiting for a second one to confirm.
    var resetRequestedBy: String?

    static let columns = [
        "id", "username", "display_name", "password_hash", "role", "region_code", "organisation_id",
        "disabled", "failed_logins", "locked_until", "created_at", "updated_at", "must_change_password", "reset_requested_by",
    ]

    var throttle: LoginThrottle { LoginThrottle(failures: failedLogins, lockedUntil: lockedUntil) }

    /// What the audit log keeps of an account: never the password hash.
    var auditJSON: String {
        auditJSONString([
            "id": id, "username": username, "displayName": displayName ?? "", "role": role.rawValue,
            "regionCode": regionCode, "organisationId": organisationId ?? "", "disabled": disabled ? "true" : "false",
        ])
    }
}

struct AccountStore: Sendable {
    let sql: any SQLDatabase

    private func select() -> SQLSelectBuilder {
        sql.select().columns(Account.columns.map(SQLIdentifier.init(_:))).from("accounts")
    }

    func find(username: String) async throws -> Account? {
        try await select().where("username", .equal, username)
            .first(decoding: Account.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    func find(id: String) async throws -> Account? {
        try await select().where("id", .equal, id)
            .first(decoding: Account.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// Accounts whose region lies in the scope, by user name.
    func list(in scope: AccessScope, search: String? = nil) async throws -> [Account] {
        var query = select().where(scope.regionFilter("region_code"))
        if let search, !search.isEmpty {
            query = query.where { $0.where("username", .equal, search).orWhere("display_name", .equal, search) }
        }
        return try await query.orderBy("username").all(decoding: Account.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    func insert(_ account: Account) async throws {
        try await sql.insert(into: "accounts").columns(Account.columns).values([
            SQLBind(account.id), SQLBind(account.username), SQLBind(account.displayName), SQLBind(account.passwordHash),
            SQLBind(account.role.rawValue), SQLBind(account.regionCode), SQLBind(account.organisationId),
            SQLBind(account.disabled), SQLBind(account.failedLogins), SQLBind(account.lockedUntil),
            SQLBind(account.createdAt), SQLBind(account.updatedAt), SQLBind(account.mustChangePassword), SQLBind(account.resetRequestedBy),
        ]).run()
    }

    func saveThrottle(_ id: String, _ throttle: LoginThrottle, now: String) async throws {
        try await sql.update("accounts")
            .set("failed_logins", to: throttle.failures)
            .set("locked_until", to: throttle.lockedUntil)
            .set("updated_at", to: now)
            .where("id", .equal, id)
            .run()
    }
}

/// A compact, key-sorted JSON object for the audit log's before/after columns.
func auditJSONString(_ fields: [String: String]) -> String {
    let data = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self)
}

func auditJSONString<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
}

enum Clock {
    static func unixNow() -> Int64 { Int64(Date().timeIntervalSince1970) }

    /// ISO 8601 in UTC with milliseconds: sorts as text in the same order as time.
    static func timestamp(_ date: Date = Date()) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        return formatter.string(from: date)
    }

    static func shanghaiTime(_ unix: Int64) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm"
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(unix)))
    }
}
