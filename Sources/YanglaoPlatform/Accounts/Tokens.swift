import Foundation
import SQLKit
import Vapor
import YanglaoCore

/// Bearer tokens for API clients: stored as SHA-256 digests, expiring, revocable.
package struct TokenStore: Sendable {
    package let sql: any SQLDatabase

    package struct Issued: Content {
        package var token: String
        package var expiresAt: String
    }

    package struct Row: Codable {
        package var id: String
        package var accountId: String
        package var expiresAt: Int64
        package var revokedAt: Int64?
    }

    package func issue(for account: Account, lifetime: Int64) async throws -> (issued: Issued, id: String) {
        let token = PlatformCrypto.newToken()
        let id = UUID().uuidString.lowercased()
        let now = Clock.unixNow()
        try await sql.insert(into: "api_tokens")
            .columns("id", "account_id", "token_digest", "created_at", "expires_at")
            .values(SQLBind(id), SQLBind(account.id), SQLBind(PlatformCrypto.tokenDigest(token)), SQLBind(now), SQLBind(now + lifetime))
            .run()
        let expires = Clock.timestamp(Date(timeIntervalSince1970: TimeInterval(now + lifetime)))
        return (Issued(token: token, expiresAt: expires), id)
    }

    /// The account behind a token that is neither expired nor revoked.
    /// The account behind a live token, with the level of the account's region, in one query (every
    /// API request asks): nil for a missing, expired or revoked token or a disabled account.
    package func caller(for token: String) async throws -> (Account, tokenID: String, regionLevel: RegionLevel?)? {
        let columns = Account.columns.map { SQLColumn(SQLIdentifier($0), table: SQLIdentifier("accounts")) as any SQLExpression }
        guard let row = try await sql.select().columns(columns)
            .column(SQLAlias(SQLColumn(SQLIdentifier("id"), table: SQLIdentifier("api_tokens")), as: SQLIdentifier("token_id")))
            .column(SQLColumn(SQLIdentifier("expires_at"), table: SQLIdentifier("api_tokens")))
            .column(SQLColumn(SQLIdentifier("revoked_at"), table: SQLIdentifier("api_tokens")))
            .column(SQLAlias(SQLColumn(SQLIdentifier("level"), table: SQLIdentifier("regions")), as: SQLIdentifier("region_level")))
            .from("api_tokens")
            .join("accounts", on: SQLColumn(SQLIdentifier("id"), table: SQLIdentifier("accounts")), .equal,
                  SQLColumn(SQLIdentifier("account_id"), table: SQLIdentifier("api_tokens")))
            .join("regions", method: SQLJoinMethod.left, on: SQLColumn(SQLIdentifier("code"), table: SQLIdentifier("regions")), .equal,
                  SQLColumn(SQLIdentifier("region_code"), table: SQLIdentifier("accounts")))
            .where(SQLColumn(SQLIdentifier("token_digest"), table: SQLIdentifier("api_tokens")), .equal, SQLBind(PlatformCrypto.tokenDigest(token)))
            .first() else { return nil }
        guard try row.decodeNil(column: "revoked_at"), try row.decode(column: "expires_at", as: Int64.self) > Clock.unixNow() else { return nil }
        let account = try row.decode(model: Account.self, keyDecodingStrategy: .fromSnakeCase)
        guard !account.disabled else { return nil }
        let level = try row.decode(column: "region_level", as: String?.self).flatMap(RegionLevel.init(rawValue:))
        return (account, try row.decode(column: "token_id", as: String.self), level)
    }

    package func account(for token: String) async throws -> (Account, tokenID: String)? {
        guard let row = try await sql.select().columns("id", "account_id", "expires_at", "revoked_at").from("api_tokens")
            .where("token_digest", .equal, PlatformCrypto.tokenDigest(token))
            .first(decoding: Row.self, keyDecodingStrategy: .fromSnakeCase),
            row.revokedAt == nil, row.expiresAt > Clock.unixNow(),
            let account = try await AccountStore(sql: sql).find(id: row.accountId), !account.disabled
        else { return nil }
        return (account, row.id)
    }

    package func revoke(id: String) async throws {
        try await sql.update("api_tokens").set("revoked_at", to: Clock.unixNow()).where("id", .equal, id).run()
    }
}

/// The caller of an authenticated request.
package struct CurrentUser: Sendable {
    package var account: Account
    package var tokenID: String?
    package var scope: AccessScope
    package init(account: Account, tokenID: String? = nil, scope: AccessScope) {
        self.account = account
        self.tokenID = tokenID
        self.scope = scope
    }

    package var actor: AuditActor { AuditActor(account, ip: nil) }
}

extension Request {
    private struct CurrentUserKey: StorageKey { typealias Value = CurrentUser }

    package var currentUser: CurrentUser? {
        get { storage[CurrentUserKey.self] }
        set { storage[CurrentUserKey.self] = newValue }
    }

    /// The client's address: the connection's, or — only when the connection comes from a trusted proxy
    /// (`YANGLAO_TRUSTED_PROXIES`, loopback by default) — the last address that proxy appended to
    /// `X-Forwarded-For`. A client cannot choose its address by sending the header itself.
    package var clientIP: String? {
        let direct = remoteAddress?.ipAddress
        guard let direct, application.trustedProxies.contains(direct),
              let forwarded = headers[.xForwardedFor].last?.split(separator: ",").last.map({ String($0).trimmingWhitespace() }),
              forwarded.count <= 45, forwarded.allSatisfy({ $0.isHexDigit || $0 == "." || $0 == ":" }) else {
            return direct
        }
        return forwarded
    }
}

/// Requires `Authorization: Bearer TOKEN` on every route behind it; a missing, wrong, expired or
/// revoked token answers 401 and is audited.
package struct BearerAuthentication: AsyncMiddleware {
    package let platform: Platform

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let bearer = request.headers.bearerAuthorization?.token else {
            try await deny(request, outcome: "missing_token")
            throw APIError(.unauthorized, code: "unauthorized", message: "请先登录：缺少访问令牌（Authorization: Bearer …）")
        }
        let tokens = TokenStore(sql: platform.sql)
        guard let (account, tokenID, level) = try await tokens.caller(for: bearer) else {
            try await deny(request, outcome: "invalid_token")
            throw APIError(.unauthorized, code: "unauthorized", message: "访问令牌无效、已过期或已被撤销，请重新登录")
        }
        // An account whose region has vanished sees nothing rather than everything (as `Platform.scope(of:)`).
        let scope: AccessScope = level.map { .region(code: account.regionCode, level: $0, organisation: account.organisationId) } ?? .nothing
        request.currentUser = CurrentUser(account: account, tokenID: tokenID, scope: scope)
        return try await next.respond(to: request)
    }

    private func deny(_ request: Request, outcome: String) async throws {
        try await platform.record(request, action: "access.unauthenticated", entityType: "route",
                                  entityID: "\(request.method.rawValue) \(request.url.path)", outcome: outcome)
    }
}

extension Application {
    private struct TrustedProxiesKey: StorageKey { typealias Value = Set<String> }

    /// Addresses whose `X-Forwarded-For` is believed.
    package var trustedProxies: Set<String> {
        get { storage[TrustedProxiesKey.self] ?? ["127.0.0.1", "::1"] }
        set { storage[TrustedProxiesKey.self] = newValue }
    }
}
