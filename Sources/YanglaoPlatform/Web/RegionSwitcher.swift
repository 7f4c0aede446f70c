import Foundation
import Plot
import Vapor
import YanglaoCore

/// The region switcher: the region a user works in, held in the session, which every page and list
/// shows until it is changed. A region is chosen from the drop-down (two levels below the account's
/// own) or found by name or code anywhere in the territory.
package enum RegionSwitcher {
    package static func register(on pages: any RoutesBuilder, platform: Platform) {
        pages.post(SiteURL.workingRegion, access: .signedIn("the caller's own working region")) { try await choose($0, platform) }
    }

    static func choose(_ request: Request, _ platform: Platform) async throws -> Response {
        let user = try platform.user(of: request)
        let form = FormBody.parse(request)
        let next = pathWithoutRegion(form["next"]?.last ?? SiteURL.home.path)
        var code = form["region"]?.last?.trimmingWhitespace() ?? ""
        if let query = form["q"]?.last?.trimmingWhitespace(), !query.isEmpty {
            let found = try await RegionList.page(ListParameters(filters: ["q": query], limit: 20), caller: try platform.caller(request), platform: platform)
            guard found.regions.count == 1 else { return try await choices(request, platform, query: query, found: found, next: next) }
            code = found.regions[0].code
        }
        guard !code.isEmpty else { return request.redirect(toPath: next) }
        let region = try await RegionsAPI.visibleRegion(code, request, platform)
        guard let session = request.webSession else { return request.redirect(toPath: next) }
        let chosen = region.code == user.scope.rootCode ? nil : region.code
        try await platform.writer.write { sql in try await SessionStore(sql: sql).setRegion(digest: session.idDigest, code: chosen) }
        return request.redirect(toPath: next)
    }

    /// The page to come back to, without a region of its own in the query (the switch is the region now).
    static func pathWithoutRegion(_ path: String) -> String {
        let target = RedirectTarget.safe(path, fallback: SiteURL.home.path)
        guard var components = URLComponents(string: target) else { return SiteURL.home.path }
        components.queryItems = components.queryItems?.filter { $0.name != "region" && $0.name != "cursor" && $0.name != "from" }
        if components.queryItems?.isEmpty == true { components.queryItems = nil }
        return components.string ?? SiteURL.home.path
    }

    /// Several regions match the search: the user picks one.
    static func choices(_ request: Request, _ platform: Platform, query: String, found: RegionList.Page, next: String) async throws -> Response {
        let context = try await PageContext.make(request, platform)
        let content: Node<HTML.BodyContext> = .group(
            .p(.text(found.total.value == 0 ? "没有名称或代码含“\(query)”的区划。"
                     : "名称或代码含“\(query)”的区划\(found.total.text("个"))\(found.total.exceeds(found.regions.count) ? "，显示前 \(found.regions.count) 个" : "")：")),
            Components.table(["区划代码", "名称", "层级", ""], found.regions.map { region in
                [.span(.class("code"), .text(region.code)), .text(region.name), .text(region.level.label),
                 .form(.class("inline"), .action(escaping: SiteURL.workingRegion.path), .method(.post),
                       Layout.csrfField(context.csrf),
                       .input(.type(.hidden), .name("region"), .value(escaping: region.code)),
                       .input(.type(.hidden), .name("next"), .value(escaping: next)),
                       .button(.type(.submit), .class("secondary"), .text("切换到此区划")))]
            }, empty: "请换一个名称或代码再找")
        )
        return Layout.response(Layout.document(title: "选择区划", context: context, content))
    }
}

extension Request {
    /// The region the signed-in user works in (the switcher's choice), if any.
    package var workingRegion: String? { webSession?.currentRegion }
}
