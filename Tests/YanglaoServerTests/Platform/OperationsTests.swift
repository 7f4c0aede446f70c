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

    /// A schema that is "one of these or null" is served without `"type": "null"` beside its list
    /// (OpenAPIKit wrote it so when read back from JSON, and the fuzzer found a plan's breakdown
    /// refused by the document it was described by).
    @Test func nullableAlternativesAreNotNullOnly() async throws {
        try await withTestApp(.sqlite) { app, _ in
            let body = try await app.testing().sendRequest(.GET, "openapi.json").body
            let document = try #require(try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any])
            var nullOnly: [String] = []
            func visit(_ value: Any, at path: String) {
                if let object = value as? [String: Any] {
                    if object["oneOf"] != nil || object["anyOf"] != nil, object["type"] != nil { nullOnly.append(path) }
                    for (key, child) in object { visit(child, at: path + "/" + key) }
                } else if let array = value as? [Any] {
                    for (index, child) in array.enumerated() { visit(child, at: path + "/\(index)") }
                }
            }
            visit(document, at: "#")
            #expect(nullOnly.isEmpty, "type beside oneOf/anyOf: \(nullOnly.sorted())")
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
            let planDetail = try #require(schemas["PlanDetail"] as? [String: Any])
            let breakdown = try #require((planDetail["properties"] as? [String: Any])?["breakdown"] as? [String: Any])
            #expect((breakdown["oneOf"] as? [Any])?.count == 2)
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
