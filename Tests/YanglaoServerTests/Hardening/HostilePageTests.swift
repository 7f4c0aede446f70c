import Foundation
import Testing
import Vapor
import VaporTesting
import YanglaoCore
@testable import YanglaoPlatform
@testable import YanglaoElders
@testable import YanglaoFacilities
@testable import YanglaoPlans
@testable import YanglaoServer

/// Hostile values in pages: every attribute escaped, redirects only to this site, bodies bounded
/// before they are read.
@Suite struct HostilePageTests {
    static let hostile = #"x" autofocus onfocus="alert(1)" '><script>alert(2)</script>&amp;"#

    /// The hostile value never becomes markup: inside every tag its quote is escaped (no `onfocus="`
    /// attribute appears), and no `<script>` of it reaches the page. (A quote in a text node is harmless.)
    static func expectEscaped(_ html: String, _ where_: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let tags = html.matches(of: /<[a-zA-Z][^>]*>/).map { String($0.output) }
        // With every quoted value emptied, what is left of a tag is its name and attribute names.
        let injected = tags.filter { tag in
            let names = tag.replacing(/"[^"]*"/, with: #""""#)
            return names.contains("onfocus") || names.contains("autofocus")
        }
        #expect(injected.isEmpty, "\(where_): \(injected.first ?? "")", sourceLocation: sourceLocation)
        #expect(!html.contains("<script>alert(2)"), "\(where_): a script tag got through", sourceLocation: sourceLocation)
    }

    @Test func everyFormRendersAHostileValueEscaped() async throws {
        try await withTestApp(.sqlite, demo: true) { app, platform in
            var town = try await WebClient.signedIn(app, "demo-town")
            let encoded = WebClient.encode(Self.hostile)
            for path in ["/facilities?q=\(encoded)", "/facilities?q=\(encoded)&category=\(encoded)&problem=\(encoded)",
                         "/projects?kind=\(encoded)&status=\(encoded)", "/facilities/problems?region=\(encoded)"] {
                Self.expectEscaped(try await town.get(path).body.string, path)
            }
            // The facility form, re-shown with its errors, holds the hostile value in every field.
            var form: [String: String] = ["name": Self.hostile, "category": Self.hostile, "regionCode": Self.hostile, "supervisingRegionCode": Self.hostile,
                                          "agreementsText": Self.hostile, "functions": Self.hostile]
            for field in FacilityFields.schema.inputFields { form[field.key] = Self.hostile }
            _ = try await town.get("/facilities/new")
            let shown = try await town.post("/facilities/new", form: form)
            #expect(shown.status == .unprocessableEntity)
            Self.expectEscaped(shown.body.string, "facility form")
            #expect(shown.body.string.contains("x&quot; autofocus"), "the value is shown, escaped")

            // A stored hostile name in the edit form, the list and the detail page.
            let token = try await app.token("demo-town")
            let created = try await app.send(.POST, "api/v1/facilities", as: token, body: ByteBuffer(string:
                #"{"name":"\#(Self.hostile.replacingOccurrences(of: "\"", with: "\\\""))","category":"养老机构","regionCode":"320685101","address":"\#(Self.hostile.replacingOccurrences(of: "\"", with: "\\\""))"}"#))
            try #require(created.status == .created, "\(created.body.string)")
            let id = try created.json(FacilityJSON.self).facility.id
            for path in ["/facilities/\(id)/edit", "/facilities/\(id)", "/facilities", "/"] {
                Self.expectEscaped(try await town.get(path).body.string, path)
            }

            // The security admin's account form and the auditor's filters.
            var admin = try await WebClient.signedIn(app, "demo-security")
            _ = try await admin.get("/accounts/new")
            Self.expectEscaped(try await admin.post("/accounts/new", form: ["username": Self.hostile, "displayName": Self.hostile, "role": Self.hostile, "region": Self.hostile]).body.string, "account form")
            Self.expectEscaped(try await admin.get("/accounts?q=\(encoded)").body.string, "accounts")
            var auditor = try await WebClient.signedIn(app, "demo-auditor")
            Self.expectEscaped(try await auditor.get("/audit?username=\(encoded)&action=\(encoded)&entityType=\(encoded)").body.string, "audit")
            _ = platform
        }
    }

    @Test func theLoginPageRedirectsOnlyToThisSite() async throws {
        try await withTestApp(.sqlite, demo: true) { app, _ in
            let targets = ["/\r\nSet-Cookie: injected=by-attacker; Path=/", "/\t/evil.example", "//evil.example", "https://evil.example",
                           "/\\evil.example", "/facilities?q=1"]
            for target in targets {
                var client = WebClient(app)
                let page = try await client.get("/login?next=\(WebClient.encode(target))")
                Self.expectEscaped(page.body.string, "login")
                let response = try await client.post("/login", form: ["username": "demo-town", "password": DemoCity.password, "next": target])
                #expect(response.status == .seeOther)
                let location = response.headers.first(name: .location)
                #expect(location == (target == "/facilities?q=1" ? target : "/"), "\(target.debugDescription) → \(location ?? "nil")")
                #expect(!response.headers[.setCookie].contains { $0.contains("injected") })
            }
        }
    }

    @Test func bodiesAreBoundedBeforeTheyAreRead() async throws {
        try await withTestApp(.sqlite, demo: true) { app, _ in
            let big = ByteBuffer(repeating: UInt8(ascii: "a"), count: 2 * 1024 * 1024)
            // No session: refused without reading.
            let noSession = try await app.testing().sendRequest(.POST, "/login", headers: ["Content-Type": "application/x-www-form-urlencoded"], body: big)
            #expect(noSession.status == .forbidden)
            // The login form of an anonymous session: 16 KB at most.
            var client = WebClient(app)
            _ = try await client.get("/login")
            let tooLarge = try await client.post("/login", form: ["username": String(repeating: "a", count: 20_000), "password": "x"])
            #expect(tooLarge.status == .payloadTooLarge)
            #expect(tooLarge.body.string.contains("16 KB"))
            // The token endpoint too.
            let token = try await app.testing().sendRequest(.POST, "api/v1/auth/token", headers: ["Content-Type": "application/json"], body: big)
            #expect(token.status == .payloadTooLarge)
            // An import over the upload limit is refused by its declared length, after the permission check.
            let city = try await app.token("demo-city")
            let headers: HTTPHeaders = ["Authorization": "Bearer \(city)", "Content-Type": "text/csv"]
            let declared = try await app.testing().sendRequest(.POST, "api/v1/facilities/import", headers: headers,
                                                               body: ByteBuffer(repeating: UInt8(ascii: "a"), count: 33 * 1024 * 1024))
            #expect(declared.status == .payloadTooLarge)
            #expect(try declared.json(APIError.Envelope.self).error.message == "请求内容超过 32 MB 的上限，未处理")
            let auditor = try await app.token("demo-auditor")
            let forbidden = try await app.send(.POST, "api/v1/facilities/import", as: auditor, body: ByteBuffer(string: "名称\n"))
            #expect(forbidden.status == .forbidden)
        }
    }
}
