import Crypto
import SQLKit
import Foundation
import Vapor

/// Vapor 4 has no CSRF protection: every state-changing web request must carry the session's token,
/// as the form field `_csrf` or the header `X-CSRF-Token`. The API is exempt: it authenticates with
/// bearer tokens, which a browser never attaches by itself.
struct CSRFMiddleware: AsyncMiddleware {
    let platform: Platform
    static let field = "_csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method != .GET, request.method != .HEAD, !request.url.path.hasPrefix("/api/") else {
            return try await next.respond(to: request)
        }
        let sent = request.headers.first(name: "X-CSRF-Token") ?? (try? request.content.get(String.self, at: Self.field))
        guard let session = request.webSession, let sent, Self.equal(sent, session.csrfToken) else {
            try await platform.record(request, action: "access.csrf_rejected", entityType: "route",
                                      entityID: "\(request.method.rawValue) \(request.url.path)", outcome: "forbidden")
            throw APIError(.forbidden, code: "csrf", message: "表单已失效或来源不明（CSRF 校验失败）：请返回上一页，刷新后重新提交")
        }
        return try await next.respond(to: request)
    }

    /// Compares without leaking, through timing, how much of the token was right.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
