import FluentKit
import Foundation
import SQLKit
import Vapor
import YanglaoCore

package struct WebSession: Codable, Sendable {
    package var idDigest: String
    package var accountId: String?
    package var csrfToken: String
    package var createdAt: Int64
    package var lastSeenAt: Int64
    /// The region the user works in, chosen with the switcher (nil: the account's own).
    package var currentRegion: String? = nil
}

package struct SessionStore: Sendable {
    package let sql: any SQLDatabase
    /// Inactivity after which a session ends.
    package static let idleSeconds: Int64 = 30 * 60
    /// A session ends after this long whatever happens.
    package static let maximumSeconds: Int64 = 12 * 3600
    package static let cookieName = "yanglao_session"

    /// Creates a session and returns the cookie value (never stored).
    package func create(accountID: String?) async throws -> (cookie: String, session: WebSession) {
        let cookie = PlatformCrypto.newToken()
        let now = Clock.unixNow()
        let session = WebSession(
            idDigest: PlatformCrypto.tokenDigest(cookie), accountId: accountID, csrfToken: PlatformCrypto.newToken(),
            createdAt: now, lastSeenAt: now
        )
        try await sql.insert(into: "sessions")
            .columns("id_digest", "account_id", "csrf_token", "created_at", "last_seen_at")
            .values(SQLBind(session.idDigest), SQLBind(session.accountId), SQLBind(session.csrfToken), SQLBind(now), SQLBind(now))
            .run()
        return (cookie, session)
    }

    package enum Lookup {
        case active(WebSession)
        case expired
        case none
    }

    /// The live session behind a cookie; an expired one is deleted on the way.
    package func find(cookie: String) async throws -> Lookup {
        let digest = PlatformCrypto.tokenDigest(cookie)
        guard let session = try await sql.select().columns("id_digest", "account_id", "csrf_token", "created_at", "last_seen_at", "current_region")
            .from("sessions").where("id_digest", .equal, digest)
            .first(decoding: WebSession.self, keyDecodingStrategy: .fromSnakeCase) else { return .none }
        let now = Clock.unixNow()
        if now - session.lastSeenAt > Self.idleSeconds || now - session.createdAt > Self.maximumSeconds {
            try await delete(digest: digest)
            return .expired
        }
        // Touch at most once a minute: a page view should not always be a write.
        if now - session.lastSeenAt > 60 {
            try await sql.update("sessions").set("last_seen_at", to: now).where("id_digest", .equal, digest).run()
        }
        return .active(session)
    }

    /// Sets the region the session's user works in.
    package func setRegion(digest: String, code: String?) async throws {
        try await sql.update("sessions").set("current_region", to: code).where("id_digest", .equal, digest).run()
    }

    package func delete(digest: String) async throws {
        try await sql.delete(from: "sessions").where("id_digest", .equal, digest).run()
    }

    /// Ends every session of an account (disabled, password reset).
    package func deleteAll(accountID: String) async throws {
        try await sql.delete(from: "sessions").where("account_id", .equal, accountID).run()
    }
}

extension Request {
    private struct WebSessionKey: StorageKey { typealias Value = WebSession }
    private struct SessionExpiredKey: StorageKey { typealias Value = Bool }

    package var webSession: WebSession? {
        get { storage[WebSessionKey.self] }
        set { storage[WebSessionKey.self] = newValue }
    }

    package var sessionExpired: Bool {
        get { storage[SessionExpiredKey.self] ?? false }
        set { storage[SessionExpiredKey.self] = newValue }
    }

    /// Behind a TLS-terminating proxy the request arrives as plain HTTP with this header.
    package var isSecure: Bool {
        headers.first(name: "X-Forwarded-Proto")?.lowercased() == "https" || url.scheme == "https"
    }
}

/// Loads the session from its cookie and, when it belongs to an account, the caller.
package struct SessionMiddleware: AsyncMiddleware {
    package let platform: Platform

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let cookie = request.cookies[SessionStore.cookieName]?.string {
            switch try await SessionStore(sql: platform.sql).find(cookie: cookie) {
            case let .active(session):
                request.webSession = session
                if let accountID = session.accountId,
                   let account = try await AccountStore(sql: platform.sql).find(id: accountID), !account.disabled {
                    let user = CurrentUser(account: account, tokenID: nil, scope: try await platform.scope(of: account))
                    request.currentUser = user
                    // A region chosen earlier counts only while it lies in the account's scope.
                    if let code = session.currentRegion {
                        let region = try await RegionStore(sql: platform.sql).find(code)
                        if region.map(user.scope.contains) != true { request.webSession?.currentRegion = nil }
                    }
                }
            case .expired:
                request.sessionExpired = true
            case .none:
                break
            }
        }
        return try await next.respond(to: request)
    }
}

extension HTTPCookies.Value {
    /// HttpOnly, SameSite=Lax, Secure when the request came over TLS; no Max-Age, so it ends with the browser.
    package static func session(_ value: String, secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(string: value, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }

    package static func expiredSession(secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }
}
