import Foundation
import Plot
import SQLKit
import Vapor
import YanglaoCore

/// `/login` and `/logout`. The login form is protected by CSRF like every form: its token lives in
/// an anonymous session, which is replaced by a new one (a new id) when the password is right.
package enum LoginPages {
    package struct Form: Content {
        package var username: String?
        package var password: String?
        package var next: String?
    }

    package static func register(on app: any RoutesBuilder, platform: Platform) {
        app.get(SiteURL.login, access: .open("the sign-in form")) { try await show($0, platform) }
        app.post(SiteURL.login, access: .open("signing in")) { try await submit($0, platform) }
        app.post(SiteURL.logout, access: .open("ends the caller's own session, if any")) { try await logout($0, platform) }
    }

    package static func show(_ request: Request, _ platform: Platform) async throws -> Response {
        if request.currentUser != nil { return request.redirect(toPath: SiteURL.home.path) }
        var notice: String?
        if request.query[String.self, at: "expired"] != nil || request.sessionExpired { notice = "会话已过期，请重新登录" }
        if request.query[String.self, at: "loggedOut"] != nil { notice = "您已安全退出" }
        return try await page(request, platform, notice: notice, error: nil, username: "", status: .ok)
    }

    package static func submit(_ request: Request, _ platform: Platform) async throws -> Response {
        let form = try request.content.decode(Form.self)
        let username = form.username?.trimmingWhitespace() ?? ""
        guard !username.isEmpty, let password = form.password, !password.isEmpty else {
            return try await page(request, platform, notice: nil, error: "请输入用户名和密码", username: username, status: .unprocessableEntity)
        }
        let result = try await AccountService(platform: platform).login(username: username, password: password, ip: request.clientIP)
        let message: String
        switch result {
        case let .success(account):
            let (cookie, _) = try await platform.writer.write { db in
                let store = SessionStore(sql: db)
                if let old = request.webSession { try await store.delete(digest: old.idDigest) }
                return try await store.create(accountID: account.id)
            }
            let target = safeTarget(form.next)
            let response = request.redirect(toPath: target)
            response.cookies[SessionStore.cookieName] = .session(cookie, secure: request.isSecure)
            return response
        default: message = result.refusal!.message
        }
        return try await page(request, platform, notice: nil, error: message, username: username, status: .unauthorized)
    }

    package static func logout(_ request: Request, _ platform: Platform) async throws -> Response {
        if let session = request.webSession {
            try await platform.writer.write { db in
                let sql = db
                try await SessionStore(sql: sql).delete(digest: session.idDigest)
                if let user = request.currentUser {
                    try await AuditLog.record(on: sql, actor: AuditActor(user.account, ip: request.clientIP), action: "logout",
                                              entityType: "account", entityID: user.account.id)
                }
            }
        }
        let response = request.redirect(toPath: "\(SiteURL.login.path)?loggedOut=1")
        response.cookies[SessionStore.cookieName] = .expiredSession(secure: request.isSecure)
        return response
    }

    /// Only a path on this site (the one check, in YanglaoCore).
    package static func safeTarget(_ next: String?) -> String {
        RedirectTarget.safe(next, fallback: SiteURL.home.path)
    }

    private static func page(
        _ request: Request, _ platform: Platform, notice: String?, error: String?, username: String, status: HTTPResponseStatus
    ) async throws -> Response {
        var cookie: String?
        var session = request.webSession
        if session == nil {
            let created = try await platform.writer.write { db in
                try await SessionStore(sql: db).create(accountID: nil)
            }
            cookie = created.cookie
            session = created.session
        }
        let next = request.query[String.self, at: "next"] ?? (try? request.content.get(String.self, at: "next"))
        let html = Layout.document(title: "登录", context: nil, .div(
            .class("login"),
            Components.notice(notice),
            Components.notice(error, kind: "error"),
            .form(
                .class("card"), .action(escaping: SiteURL.login.path), .method(.post),
                Layout.csrfField(session?.csrfToken ?? ""),
                .input(.type(.hidden), .name("next"), .value(escaping: next ?? "")),
                Components.field("用户名", name: "username", value: username, required: true, autocomplete: "username"),
                Components.field("密码", name: "password", type: .password, required: true, autocomplete: "current-password"),
                .button(.type(.submit), .text("登录"))
            )
        ))
        let response = Layout.response(html, status: status)
        if let cookie { response.cookies[SessionStore.cookieName] = .session(cookie, secure: request.isSecure) }
        return response
    }
}
