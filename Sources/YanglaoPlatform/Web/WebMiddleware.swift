import Foundation
import Plot
import Vapor

/// Headers on every answer: a Content-Security-Policy that allows no inline script and nothing from
/// elsewhere, no framing, no referrer leaving the site, and no caching of anything behind a login.
package struct SecurityHeadersMiddleware: AsyncMiddleware {
    package static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
        "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'", "object-src 'none'",
    ].joined(separator: "; ")

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: Self.contentSecurityPolicy)
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        if !request.url.path.hasPrefix("/assets/") {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        if request.isSecure {
            response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000")
        }
        return response
    }
}

/// Pages behind it need a signed-in account; anyone else is sent to the login page (with a word
/// when their session ran out).
package struct RequireLogin: AsyncMiddleware {
    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let user = request.currentUser else {
            let target = request.sessionExpired ? "\(SiteURL.login.path)?expired=1" : SiteURL.login.path
            return request.redirect(toPath: target)
        }
        // A one-time password opens only the page that replaces it (and signing out).
        if user.account.mustChangePassword, request.url.path != SiteURL.password.path, request.url.path != SiteURL.logout.path {
            return request.redirect(toPath: SiteURL.password.path)
        }
        return try await next.respond(to: request)
    }
}

/// The CSS and the small script, from the binary's resources wherever it is started.
package enum Assets {
    package static let files: [String: (name: String, type: HTTPMediaType)] = [
        "app.css": ("app.css", HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"])),
        "app.js": ("app.js", HTTPMediaType(type: "text", subType: "javascript", parameters: ["charset": "utf-8"])),
    ]

    package static func register(on app: Application) throws {
        var loaded: [String: (Data, HTTPMediaType)] = [:]
        for (key, file) in files {
            guard let url = Bundle.module.url(forResource: file.name, withExtension: nil, subdirectory: "Resources/web") else {
                throw Abort(.internalServerError, reason: "missing asset \(file.name)")
            }
            loaded[key] = (try Data(contentsOf: url), file.type)
        }
        let assets = loaded
        app.get(SiteURL.asset(":file"), access: .open("the stylesheet and script")) { request -> Response in
            guard let name = request.parameters.get("file"), let (data, type) = assets[name] else { throw Abort(.notFound) }
            let response = Response(status: .ok, body: .init(data: data))
            response.headers.contentType = type
            response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
            return response
        }
    }
}

/// The Chinese page for an error on a web path: not found, forbidden, and a server error that says
/// nothing of its cause.
package enum ErrorPage {
    package static func response(for error: APIError, request: Request) -> Response {
        let title: String
        var message = error.message
        switch error.status {
        case .notFound:
            title = "页面不存在"
            message = "您要找的页面不存在，或不在您的管辖范围内。"
        case .forbidden: title = "无权访问"
        case .internalServerError: title = "系统出错"
        default: title = "请求未能完成"
        }
        let context = request.currentUser.map { user in
            PageContext(user: user, csrf: request.webSession?.csrfToken ?? "", regions: [], currentRegion: nil, path: request.url.path)
        }
        let html = Layout.document(title: title, context: context, .div(
            .class("error-page"),
            .p(.class("notice error"), .attribute(named: "role", value: "alert"), .text(message)),
            .p(.a(.href(escaping: SiteURL.home.path), .text("返回首页")))
        ))
        return Layout.response(html, status: error.status)
    }
}
