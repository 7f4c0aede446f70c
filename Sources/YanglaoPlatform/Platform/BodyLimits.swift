import Vapor

/// How large a request body may be, decided before any of it is collected: small for anyone not
/// signed in, 1 MB for forms and JSON, and a declared size for the few upload routes, whose body is
/// streamed and collected by the handler only after its permission check.
package enum BodyLimit {
    /// The login form and the token request: a username and a password.
    package static let anonymous = 16 * 1024
    /// Forms and JSON bodies of signed-in users (Vapor's collect default of the app).
    package static let standard = 1024 * 1024
    /// An evidence file.
    package static let attachment = 25 * 1024 * 1024

    package static let routeKey = "yanglao.maximumBody"

    /// The limit of the route the request was routed to.
    package static func of(_ request: Request) -> Int {
        request.route?.userInfo[AnySendableHashable(routeKey)] as? Int ?? standard
    }
}

extension RoutesBuilder {
    /// A route whose body limit is its own (an upload, or the small one of a sign-in): not collected
    /// before the handler, which calls
    /// `collectBody()` after deciding who is asking. The limit is recorded on the route, where the
    /// CSRF check of a web form reads it too.
    @discardableResult
    package func route(
        _ method: HTTPMethod, _ path: PathComponent..., maximumBody maximumBytes: Int,
        use closure: @Sendable @escaping (Request) async throws -> some AsyncResponseEncodable
    ) -> Route {
        let route = on(method, path, body: .stream, use: closure)
        route.userInfo[AnySendableHashable(BodyLimit.routeKey)] = maximumBytes
        return route
    }
}

extension Request {
    /// The body, collected up to `maximum` bytes (the route's limit by default): a declared length over
    /// it is refused before a byte is read, a stream that grows past it as soon as it does.
    @discardableResult
    package func collectBody(maximum: Int? = nil) async throws -> ByteBuffer? {
        let limit = maximum ?? BodyLimit.of(self)
        if let declared = headers.first(name: .contentLength).flatMap(Int.init), declared > limit {
            throw BodyLimit.tooLarge(limit)
        }
        do {
            return try await body.collect(max: limit).get()
        } catch let error as any AbortError where error.status == .payloadTooLarge {
            throw BodyLimit.tooLarge(limit)
        }
    }
}

extension BodyLimit {
    package static func tooLarge(_ limit: Int) -> APIError {
        let size = limit >= 1024 * 1024 ? "\(limit / 1024 / 1024) MB" : "\(limit / 1024) KB"
        return APIError(.payloadTooLarge, code: "too_large", message: "请求内容超过 \(size) 的上限，未处理")
    }
}
