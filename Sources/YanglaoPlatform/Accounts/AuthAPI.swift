import SQLKit
import Vapor
import YanglaoCore

/// `POST /api/v1/auth/token` (log in, get a bearer token) and `DELETE /api/v1/auth/token` (log out).
package enum AuthAPI {
    package struct Credentials: Content {
        package var username: String
        package var password: String
    }

    package static func registerPublic(on api: any RoutesBuilder, platform: Platform) {
        api.post("auth", "token", access: .open("signing in reads no record"), maximumBody: BodyLimit.anonymous) { request in
            try await request.collectBody()
            return try await issue(request, platform)
        }
    }

    package static func registerProtected(on api: any RoutesBuilder, platform: Platform) {
        api.delete("auth", "token", access: .signedIn("the caller's own token")) { try await revoke($0, platform) }
    }

    package static func issue(_ request: Request, _ platform: Platform) async throws -> TokenStore.Issued {
        guard let credentials = try? request.content.decode(Credentials.self),
              !credentials.username.isEmpty, !credentials.password.isEmpty else {
            throw APIError.invalid("请填写用户名和密码", fields: ["username": "必填", "password": "必填"])
        }
        let result = try await AccountService(platform: platform)
            .login(username: credentials.username, password: credentials.password, ip: request.clientIP)
        switch result {
        case let .success(account):
            guard !account.mustChangePassword else {
                throw APIError(.forbidden, code: "password_change_required", message: "该账户正在使用一次性密码：请先登录网页修改密码，再申请访问令牌")
            }
            let lifetime = platform.configuration.tokenLifetime
            return try await platform.writer.write { db in
                try await TokenStore(sql: db).issue(for: account, lifetime: lifetime).issued
            }
        default:
            let refusal = result.refusal!
            throw APIError(.unauthorized, code: refusal.code, message: refusal.message)
        }
    }

    package static func revoke(_ request: Request, _ platform: Platform) async throws -> HTTPStatus {
        let user = try platform.user(of: request)
        guard let tokenID = user.tokenID else { return .noContent }
        try await platform.writer.write { db in
            let sql = db
            try await TokenStore(sql: sql).revoke(id: tokenID)
            try await AuditLog.record(on: sql, actor: AuditActor(user.account, ip: request.clientIP), action: "token.revoke",
                                      entityType: "api_token", entityID: tokenID)
        }
        return .noContent
    }
}
