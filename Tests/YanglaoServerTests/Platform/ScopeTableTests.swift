import Foundation
import Testing
import Vapor
import VaporTesting
import YanglaoCore
@testable import YanglaoServer

/// Every route × every role × a record inside and outside the caller's scope. Each role gets an
/// account at 角斜镇; "inside" probes touch 角斜镇 and below, "outside" probes touch 李堡镇. A role
/// the route allows gets the inside answer and the outside answer; any other role gets 403.
/// The suite fails when a route under /api/v1 has no row here: a new route needs its row.
@Suite struct ScopeTableTests {
    struct Probe: Sendable {
        var method: HTTPMethod
        var path: String
        var body: String?
        var expected: HTTPStatus
        /// A further check of the answer, for lists whose scope shows in what they hold.
        var check: (@Sendable (TestingHTTPResponse) throws -> Bool)?
    }

    struct Row: Sendable {
        var route: String
        /// nil: the route needs no account (logging in).
        var allowed: Set<Role>?
        var inside: Probe
        /// nil only where the route has no record of another scope to reach; `why` says so.
        var outside: Probe?
        var why: String = ""
    }

    static let town = "320685101"  // 角斜镇
    static let otherTown = "320685102"  // 李堡镇

    static func total(_ response: TestingHTTPResponse) throws -> Int {
        try response.json(AuditAPI.Page.self).total
    }

    static let rows: [Row] = [
        Row(
            route: "POST /api/v1/auth/token", allowed: nil,
            inside: Probe(method: .POST, path: "api/v1/auth/token", body: #"{"username":"demo-town","password":"yanglao-demo"}"#, expected: .ok),
            outside: nil, why: "logging in reads no record of any region"
        ),
        Row(
            route: "DELETE /api/v1/auth/token", allowed: Set(Role.allCases),
            inside: Probe(method: .DELETE, path: "api/v1/auth/token", expected: .noContent),
            outside: nil, why: "it revokes the caller's own token; no other token can be named"
        ),
        Row(
            route: "GET /api/v1/regions", allowed: Set(Role.allCases),
            inside: Probe(method: .GET, path: "api/v1/regions?region=\(town)201", expected: .ok),
            outside: Probe(method: .GET, path: "api/v1/regions?region=\(otherTown)", expected: .notFound)
        ),
        Row(
            route: "GET /api/v1/regions/:code", allowed: Set(Role.allCases),
            inside: Probe(method: .GET, path: "api/v1/regions/\(town)", expected: .ok),
            outside: Probe(method: .GET, path: "api/v1/regions/\(otherTown)", expected: .notFound)
        ),
        Row(
            route: "POST /api/v1/regions/import", allowed: [.admin],
            inside: Probe(method: .POST, path: "api/v1/regions/import?dryRun=true", body: "区划代码,名称,层级,上级区划代码\n\(town)299,新村,村,\(town)\n", expected: .ok),
            outside: Probe(method: .POST, path: "api/v1/regions/import?dryRun=false", body: "区划代码,名称,层级,上级区划代码\n\(otherTown)299,新村,村,\(otherTown)\n", expected: .unprocessableEntity)
        ),
        Row(
            route: "GET /api/v1/regions/import/template", allowed: [.admin],
            inside: Probe(method: .GET, path: "api/v1/regions/import/template", expected: .ok),
            outside: nil, why: "the template is the same for every region"
        ),
        Row(
            route: "GET /api/v1/audit", allowed: [.auditor],
            inside: Probe(method: .GET, path: "api/v1/audit?username=demo-town", expected: .ok, check: { try total($0) > 0 }),
            outside: Probe(method: .GET, path: "api/v1/audit?username=demo-town2", expected: .ok, check: { try total($0) == 0 })
        ),
    ]

    static func routeKey(_ route: Route) -> String {
        "\(route.method.rawValue) /" + route.path.map { component in
            if case let .parameter(name) = component { ":\(name)" } else { component.description }
        }.joined(separator: "/")
    }

    @Test func everyAPIRouteHasARow() async throws {
        try await withTestApp(.sqlite) { app, _ in
            let routes = Set(app.routes.all.filter { $0.path.first?.description == "api" }.map(Self.routeKey))
            let covered = Set(Self.rows.map(\.route))
            #expect(routes.subtracting(covered).isEmpty, "routes without a scope row: \(routes.subtracting(covered).sorted())")
            #expect(covered.subtracting(routes).isEmpty, "rows without a route: \(covered.subtracting(routes).sorted())")
            for row in Self.rows where row.outside == nil {
                #expect(!row.why.isEmpty, "\(row.route) needs an outside probe or a reason")
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func everyRouteForEveryRoleInsideAndOutside(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            // Entries for the audit probes: one login in each town.
            _ = try await app.token("demo-town")
            _ = try await app.token("demo-town2")
            let service = AccountService(platform: platform)
            for role in Role.allCases {
                _ = try await service.create(
                    .init(username: "scope-\(role.rawValue)", password: "Scope-test-1", role: role.rawValue,
                          regionCode: Self.town, organisationID: role.requiresOrganisation ? "org-jx" : nil),
                    by: .commandLine
                )
            }
            for row in Self.rows {
                for role in Role.allCases {
                    for (label, probe) in [("inside", row.inside), ("outside", row.outside)] {
                        guard let probe else { continue }
                        let token = try await app.token("scope-\(role.rawValue)", password: "Scope-test-1")
                        let response = try await app.send(probe.method, probe.path, as: token, body: probe.body.map { ByteBuffer(string: $0) })
                        let allowed = row.allowed?.contains(role) ?? true
                        let expected = allowed ? probe.expected : .forbidden
                        #expect(response.status == expected, "\(row.route) \(label) as \(role.rawValue): \(response.body.string.prefix(200))")
                        if allowed, let check = probe.check {
                            #expect(try check(response), "\(row.route) \(label) as \(role.rawValue)")
                        }
                    }
                }
            }
        }
    }
}
