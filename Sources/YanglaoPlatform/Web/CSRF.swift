import Crypto
import SQLKit
import Foundation
import Vapor

/// Vapor 4 has no CSRF protection: every state-changing web request must carry the session's token,
/// as the form field `_csrf` or the header `X-CSRF-Token`. The API is exempt: it authenticates with
/// bearer tokens, which a browser never attaches by itself.
package struct CSRFMiddleware: AsyncMiddleware {
    package let platform: Platform
    package static let field = "_csrf"

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method != .GET, request.method != .HEAD, !request.url.path.hasPrefix("/api/") else {
            return try await next.respond(to: request)
        }
        // Who is asking is decided before any of the body is read: no session, no reading at all;
        // a form of someone not signed in (the login form) is small; a signed-in user's is bounded by
        // the route (an upload declares its size).
        var sent = request.headers.first(name: "X-CSRF-Token")
        if let session = request.webSession, sent == nil {
            try await request.collectBody(maximum: session.accountId == nil ? BodyLimit.anonymous : BodyLimit.of(request))
            sent = Self.formToken(request)
        }
        guard let session = request.webSession, let sent, Self.equal(sent, session.csrfToken) else {
            try await platform.record(request, action: "access.csrf_rejected", entityType: "route",
                                      entityID: "\(request.method.rawValue) \(request.url.path)", outcome: "forbidden")
            throw APIError(.forbidden, code: "csrf", message: "表单已失效或来源不明（CSRF 校验失败）：请返回上一页，刷新后重新提交")
        }
        return try await next.respond(to: request)
    }

    /// The token from a form body. URL-encoded forms are read leniently (a checkbox group repeats
    /// its key, which Vapor's decoder refuses); multipart ones through Vapor.
    package static func formToken(_ request: Request) -> String? {
        if request.headers.contentType == .urlEncodedForm {
            return FormBody.parse(request)[field]?.last
        }
        return try? request.content.get(String.self, at: field)
    }

    /// Compares without leaking, through timing, how much of the token was right.
    package static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// A URL-encoded form body with repeated keys kept (checkbox groups), as Vapor's decoder needs
/// a fixed type for.
package enum FormBody {
    package static func parse(_ request: Request) -> [String: [String]] {
        guard let body = request.body.string else { return [:] }
        var values: [String: [String]] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { decode(String($0)) }
            guard let key = parts.first, !key.isEmpty else { continue }
            values[key, default: []].append(parts.count > 1 ? parts[1] : "")
        }
        return values
    }

    package static func decode(_ text: String) -> String {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? text
    }
}
