import Vapor
import YanglaoCore

/// Who may call a route, declared where the route is registered: the check runs before the
/// handler, so a handler cannot forget it, and the scope-table test reads the declarations.
package enum RouteAccess: Sendable, Equatable {
    /// No account needed (signing in, assets, health); the reason is part of the declaration.
    case open(String)
    /// Any signed-in account (the home page, signing out, one's own password).
    case signedIn(String)
    /// Roles the action allows (`Action.isAllowed`); the others get 403, audited.
    case may(Action)

    /// The roles that may call the route; nil when no account is needed.
    package var allowedRoles: Set<Role>? {
        switch self {
        case .open: nil
        case .signedIn: Set(Role.allCases)
        case let .may(action): Set(Role.allCases.filter(action.isAllowed))
        }
    }
}

/// How a route with a record in its path finds that record within the caller's scope: loaded and
/// decided once before the handler runs (404 when missing or outside the scope, audited), then
/// handed to the handler through `Request.resolved(_:)`.
package struct RecordResolver: Sendable {
    /// What the record is ("facility"): the declaration the scope table reads.
    package let entity: String
    package let resolve: @Sendable (Request) async throws -> any Sendable
    package init(entity: String, resolve: @escaping @Sendable (Request) async throws -> any Sendable) {
        self.entity = entity
        self.resolve = resolve
    }
}

/// What a route declares, kept on the route.
package struct RouteDeclaration: Sendable {
    package var access: RouteAccess
    /// The entity resolved from the path, for `/:id` routes.
    package var record: String?

    package static let key = AnySendableHashable("yanglao.route-declaration")
}

extension Route {
    package var declaration: RouteDeclaration? { userInfo[RouteDeclaration.key] as? RouteDeclaration }
}

extension RoutesBuilder {
    /// Registers a route with its access and, for routes naming a record, its resolver; a body
    /// limit (bytes) makes the route stream its body, collected by the handler after the check.
    @discardableResult
    package func on(
        _ method: HTTPMethod, _ path: [PathComponent], access: RouteAccess, record: RecordResolver? = nil, maximumBody: Int? = nil,
        use handler: @Sendable @escaping (Request) async throws -> some AsyncResponseEncodable
    ) -> Route {
        let checked: @Sendable (Request) async throws -> Response = { request in
            try await request.check(access)
            if let record { request.storage[ResolvedRecordKey.self] = ResolvedRecord(entity: record.entity, value: try await record.resolve(request)) }
            return try await handler(request).encodeResponse(for: request)
        }
        let route = on(method, path, body: maximumBody == nil ? .collect : .stream, use: checked)
        if let maximumBody { route.userInfo[AnySendableHashable(BodyLimit.routeKey)] = maximumBody }
        route.userInfo[RouteDeclaration.key] = RouteDeclaration(access: access, record: record?.entity)
        return route
    }

    /// A page named once (`SiteURL`, a capability's own): registered from the same value its links come from.
    @discardableResult
    package func get(_ page: some Resourceable, access: RouteAccess, record: RecordResolver? = nil,
                     use handler: @Sendable @escaping (Request) async throws -> some AsyncResponseEncodable) -> Route {
        on(.GET, page.pathComponents, access: access, record: record, use: handler)
    }

    @discardableResult
    package func post(_ page: some Resourceable, access: RouteAccess, record: RecordResolver? = nil, maximumBody: Int? = nil,
                      use handler: @Sendable @escaping (Request) async throws -> some AsyncResponseEncodable) -> Route {
        on(.POST, page.pathComponents, access: access, record: record, maximumBody: maximumBody, use: handler)
    }

    @discardableResult
    package func get(_ path: PathComponent..., access: RouteAccess, record: RecordResolver? = nil,
             use handler: @Sendable @escaping (Request) async throws -> some AsyncResponseEncodable) -> Route {
        on(.GET, path, access: access, record: record, use: handler)
    }

    @discardableResult
    package func post(_ path: PathComponent..., access: RouteAccess, record: RecordResolver? = nil, maximumBody: Int? = nil,
              use handler: @Sendable @escaping (Request) async throws -> some AsyncResponseEncodable) -> Route {
        on(.POST, path, access: access, record: record, maximumBody: maximumBody, use: handler)
    }

    @discardableResult
    package func patch(_ path: PathComponent..., access: RouteAccess, record: RecordResolver? = nil,
               use handler: @Sendable @escaping (Request) async throws -> some AsyncResponseEncodable) -> Route {
        on(.PATCH, path, access: access, record: record, use: handler)
    }

    @discardableResult
    package func delete(_ path: PathComponent..., access: RouteAccess, record: RecordResolver? = nil,
                use handler: @Sendable @escaping (Request) async throws -> some AsyncResponseEncodable) -> Route {
        on(.DELETE, path, access: access, record: record, use: handler)
    }
}

private struct ResolvedRecord: Sendable {
    package var entity: String
    package var value: any Sendable
}

private struct ResolvedRecordKey: StorageKey {
    package typealias Value = ResolvedRecord
}

private struct PlatformKey: StorageKey {
    package typealias Value = Platform
}

extension Application {
    /// The platform the routes were registered with (for checks that run before a handler).
    package var platform: Platform? {
        get { storage[PlatformKey.self] }
        set { storage[PlatformKey.self] = newValue }
    }
}

extension Request {
    /// The platform serving the request (registered with the routes, before any request arrives).
    package var platform: Platform { application.platform! }

    /// The record the route resolved before the handler ran.
    package func resolved<T>(_ type: T.Type) throws -> T {
        guard let record = storage[ResolvedRecordKey.self]?.value as? T else {
            throw APIError(.internalServerError, code: "internal", message: "路由未声明记录解析")
        }
        return record
    }

    fileprivate func check(_ access: RouteAccess) async throws {
        guard let platform = application.platform else { throw APIError(.internalServerError, code: "internal", message: "平台未配置") }
        switch access {
        case .open: return
        case .signedIn: _ = try platform.user(of: self)
        case let .may(action): _ = try await platform.require(action, self)
        }
    }
}
