import Foundation
import Testing
import Vapor
import VaporTesting
@testable import YanglaoPlatform
@testable import YanglaoElders
@testable import YanglaoFacilities
@testable import YanglaoPlans
@testable import YanglaoServer

/// A browser in miniature for page tests: it keeps the session cookie and the CSRF token of the
/// last page, and posts forms the way the pages do.
struct WebClient {
    let app: Application
    var cookie: String?
    var csrf: String?

    init(_ app: Application) {
        self.app = app
    }

    /// Signs in through the login form.
    static func signedIn(_ app: Application, _ username: String, password: String = DemoCity.password) async throws -> WebClient {
        var client = WebClient(app)
        _ = try await client.get("/login")
        let response = try await client.post("/login", form: ["username": username, "password": password])
        try #require(response.status == .seeOther, "login of \(username) failed: \(response.status)")
        _ = try await client.get("/")
        return client
    }

    @discardableResult
    mutating func get(_ path: String, headers extra: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        var headers = extra
        if let cookie { headers.add(name: .cookie, value: "\(SessionStore.cookieName)=\(cookie)") }
        let response = try await app.testing().sendRequest(.GET, path, headers: headers)
        remember(response)
        return response
    }

    /// Posts a URL-encoded form with the page's CSRF token unless told otherwise.
    @discardableResult
    mutating func post(_ path: String, form: [String: String] = [:], csrf token: String?? = .none, headers extra: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        var fields = form
        switch token {
        case .none: if let csrf { fields[CSRFMiddleware.field] = csrf }
        case let .some(value?): fields[CSRFMiddleware.field] = value
        case .some(nil): break
        }
        var headers = extra
        headers.contentType = .urlEncodedForm
        if let cookie { headers.add(name: .cookie, value: "\(SessionStore.cookieName)=\(cookie)") }
        let body = fields.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        let response = try await app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: body))
        remember(response)
        return response
    }

    /// Posts a multipart form with one file, as the import page does.
    @discardableResult
    mutating func upload(_ path: String, file: String?, fields: [String: String] = [:], name: String = "regions.csv") async throws -> TestingHTTPResponse {
        let boundary = "----yanglao-test-boundary"
        var body = ""
        var all = fields
        if let csrf { all[CSRFMiddleware.field] = csrf }
        for (name, value) in all {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        if let file {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: text/csv\r\n\r\n\(file)\r\n"
        }
        body += "--\(boundary)--\r\n"
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        if let cookie { headers.add(name: .cookie, value: "\(SessionStore.cookieName)=\(cookie)") }
        let response = try await app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: body))
        remember(response)
        return response
    }

    private mutating func remember(_ response: TestingHTTPResponse) {
        for header in response.headers[.setCookie] where header.hasPrefix("\(SessionStore.cookieName)=") {
            let value = header.dropFirst(SessionStore.cookieName.count + 1).prefix { $0 != ";" }
            cookie = value.isEmpty ? nil : String(value)
        }
        let html = response.body.string
        if let range = html.range(of: "name=\"_csrf\" value=\"") {
            csrf = String(html[range.upperBound...].prefix { $0 != "\"" })
        }
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}

extension TestingHTTPResponse {
    /// The page's first-level heading.
    var heading: String? {
        let html = body.string
        guard let start = html.range(of: "<h1>"), let end = html.range(of: "</h1>", range: start.upperBound..<html.endIndex) else { return nil }
        return String(html[start.upperBound..<end.lowerBound])
    }
}
