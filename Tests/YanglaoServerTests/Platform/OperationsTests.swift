import Foundation
import OpenAPIKit
import Testing
import Vapor
import VaporTesting
@testable import YanglaoPlatform
@testable import YanglaoElders
@testable import YanglaoFacilities
@testable import YanglaoPlans
@testable import YanglaoServer

@Suite struct OperationsTests {
    @Test(arguments: TestDatabase.available)
    func healthReportsTheDatabase(_ database: TestDatabase) async throws {
        try await withTestApp(database) { app, _ in
            let healthy = try await app.testing().sendRequest(.GET, "healthz")
            #expect(healthy.status == .ok)
            #expect(try healthy.json(Health.Status.self).database == "ok")

            await app.databases.shutdownAsync()
            let down = try await app.testing().sendRequest(.GET, "healthz")
            #expect(down.status == .serviceUnavailable)
            #expect(try down.json(Health.Status.self).database == "unreachable")
        }
    }

    @Test func metricsCountRequestsInPrometheusFormat() async throws {
        try await withTestApp(.sqlite) { app, _ in
            _ = try await app.testing().sendRequest(.GET, "healthz")
            let response = try await app.testing().sendRequest(.GET, "metrics")
            #expect(response.status == .ok)
            let text = response.body.string
            #expect(text.contains("# TYPE http_requests_total counter"))
            #expect(text.contains("http_request_duration_seconds"))
            #expect(text.contains("path=\"/healthz\""))
        }
    }

    @Test func unknownAPIPathsAnswerTheChineseEnvelope() async throws {
        try await withTestApp(.sqlite) { app, _ in
            let response = try await app.testing().sendRequest(.GET, "api/v1/nothing-here")
            #expect(response.status == .notFound)
            #expect(try response.json(APIError.Envelope.self).error.code == "not_found")
        }
    }
}

@Suite struct OpenAPITests {
    /// The document is a valid OpenAPI 3.1 document as OpenAPIKit reads and validates it (a type
    /// list holding JSON null instead of "null" failed here before the fuzzer saw it).
    @Test func theDocumentIsValidOpenAPI() async throws {
        try await withTestApp(.sqlite) { app, _ in
            let body = try await app.testing().sendRequest(.GET, "openapi.json").body
            let document = try JSONDecoder().decode(OpenAPI.Document.self, from: Data(buffer: body))
            try document.validate(strict: false)
            let facility = try #require(document.components.schemas["Facility"])
            let address = try #require(facility.objectContext?.properties["address"])
            #expect(address.nullable, "a fact nobody entered is null")
            #expect(document.paths.keys.map(\.rawValue).contains("/api/v1/facilities"))
        }
    }

    /// The document is hand-written; this keeps it from drifting: every route under /api/v1 must be in it.
    @Test func everyAPIRouteIsDocumented() async throws {
        try await withTestApp(.sqlite) { app, _ in
            let response = try await app.testing().sendRequest(.GET, "openapi.json")
            #expect(response.status == .ok)
            let document = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
            let paths = try #require(document?["paths"] as? [String: [String: Any]])
            let apiRoutes = app.routes.all.filter { $0.path.first?.description == "api" }
            #expect(!apiRoutes.isEmpty)
            for route in apiRoutes {
                let path = "/" + route.path.map { component in
                    if case let .parameter(name) = component { "{\(name)}" } else { component.description }
                }.joined(separator: "/")
                let operations = paths[path]
                #expect(operations?[route.method.rawValue.lowercased()] != nil, "\(route.method.rawValue) \(path) 未写入 /openapi.json")
            }
        }
    }
}
