import Plot
import SQLKit
import Vapor
import YanglaoCore

/// What every signed-in page shows around its content: who is signed in, the region switcher
/// (limited to the account's scope), the navigation the role may use, and the CSRF token for forms.
package struct PageContext: Sendable {
    package struct RegionOption: Sendable {
        package var code: String
        package var name: String
        package var depth: Int
    }

    package var user: CurrentUser
    package var csrf: String
    package var regions: [RegionOption]
    package var currentRegion: String?
    package var path: String
    /// The main navigation: the floor's entries with the capabilities' after 首页.
    package var navigation: [NavItem] = []

    /// The name of the region the page shows (for headings), when the switcher lists it.
    package var currentRegionName: String? { regions.first { $0.code == currentRegion }?.name }

    /// The switcher lists the scope's region and two levels below it.
    package static func make(_ request: Request, _ platform: Platform, currentRegion: String? = nil) async throws -> PageContext {
        let user = try platform.user(of: request)
        var options: [RegionOption] = []
        if let code = user.scope.rootCode, let root = try await RegionStore(sql: platform.sql).find(code) {
            let today = platform.clock.today
            let subtree = try await RegionStore(sql: platform.sql).subtree(of: root, levels: 2).filter { $0.entry.isEffective(on: today) }
            let tree = RegionTree.build(root: root, regions: subtree, effectiveOn: today)
            func walk(_ node: RegionNode, depth: Int) {
                options.append(RegionOption(code: node.code, name: node.name, depth: depth))
                if depth < 2 { node.children.forEach { walk($0, depth: depth + 1) } }
            }
            walk(tree, depth: 0)
        }
        let current = currentRegion ?? request.workingRegion ?? user.scope.rootCode
        if let current, !options.contains(where: { $0.code == current }), let region = try await RegionStore(sql: platform.sql).find(current) {
            options.append(RegionOption(code: region.code, name: region.name, depth: 0))
        }
        return PageContext(
            user: user, csrf: request.webSession?.csrfToken ?? "", regions: options,
            currentRegion: current, path: request.url.path + (request.url.query.map { "?" + $0 } ?? ""),
            navigation: NavItem.navigation(platform.capabilities)
        )
    }
}

/// A navigation entry: shown only to roles that may use it.
package struct NavItem: Sendable {
    package var title: String
    package var path: String
    package var isVisible: @Sendable (Role) -> Bool

    package init(title: String, path: String, isVisible: @escaping @Sendable (Role) -> Bool) {
        self.title = title
        self.path = path
        self.isVisible = isVisible
    }

    /// 首页, the capabilities' entries, then the floor's own.
    package static func navigation(_ capabilities: [any Capability.Type]) -> [NavItem] {
        [NavItem(title: "首页", path: SiteURL.home.path, isVisible: { _ in true })]
            + capabilities.flatMap { $0.navigation }
            + [
                NavItem(title: "行政区划", path: SiteURL.regions().path, isVisible: { Action.readRegions.isAllowed(for: $0) }),
                NavItem(title: "区划导入", path: SiteURL.regionImport.path, isVisible: { Action.manageRegions.isAllowed(for: $0) }),
                NavItem(title: "账户管理", path: SiteURL.accounts.path, isVisible: { Action.manageAccounts.isAllowed(for: $0) }),
                NavItem(title: "审计日志", path: SiteURL.audit.path, isVisible: { Action.reviewAudit.isAllowed(for: $0) }),
            ]
    }
}

package enum Layout {
    package static let siteName = "养老服务综合监管平台"

    /// `refresh`: seconds after which the page reloads itself (a progress page; no script needed).
    package static func document(title: String, context: PageContext?, refresh: Int? = nil, _ content: Node<HTML.BodyContext>) -> HTML {
        HTML(
            .attribute(named: "lang", value: "zh-CN"),
            .head(
                .encoding(.utf8),
                .viewport(.accordingToDevice),
                .unwrap(refresh) { .meta(.attribute(named: "http-equiv", value: "refresh"), .attribute(named: "content", escaping: "\($0)")) },
                .element(named: "title", text: "\(title) - \(siteName)"),
                .stylesheet(SiteURL.stylesheet.path),
                .script(.src(SiteURL.script.path), .attribute(named: "defer"))
            ),
            .body(
                header(context),
                .main(.class("content"), .h1(.text(title)), content),
                .footer(.class("footer"), .text("\(siteName) · 数据仅供授权人员在辖区范围内使用"))
            )
        )
    }

    private static func header(_ context: PageContext?) -> Node<HTML.BodyContext> {
        .header(
            .class("topbar"),
            .a(.class("brand"), .href(escaping: SiteURL.home.path), .text(siteName)),
            .unwrap(context) { context in
                .group(
                    regionSwitcher(context),
                    .div(
                        .class("who"),
                        .span(.class("user"), .text("\(context.user.account.displayName ?? context.user.account.username)（\(context.user.account.role.label)）")),
                        .form(
                            .class("inline"), .action(escaping: SiteURL.logout.path), .method(.post),
                            csrfField(context.csrf),
                            .button(.type(.submit), .class("link"), .text("退出"))
                        )
                    ),
                    .nav(
                        .class("mainnav"),
                        .ul(.forEach(context.navigation.filter { $0.isVisible(context.user.account.role) }) { item in
                            .li(.a(.href(escaping: item.path), .if(isCurrent(item.path, context.path, in: context.navigation), .class("current")), .text(item.title)))
                        })
                    )
                )
            }
        )
    }

    private static func isCurrent(_ entry: String, _ path: String, in navigation: [NavItem]) -> Bool {
        let target = entry.split(separator: "?").first.map(String.init) ?? entry
        let path = path.split(separator: "?").first.map(String.init) ?? "/"
        if target == "/" { return path == "/" }
        // The longest matching entry wins: 问题清单 (/facilities/problems) over 设施名录 (/facilities).
        let longer = navigation.map(\.path).filter { $0.count > target.count && $0.hasPrefix(target) && path.hasPrefix($0) }
        return path.hasPrefix(target) && longer.isEmpty
    }

    private static func regionSwitcher(_ context: PageContext) -> Node<HTML.BodyContext> {
        .form(
            .class("switcher"), .action(escaping: SiteURL.workingRegion.path), .method(.post),
            csrfField(context.csrf),
            .input(.type(.hidden), .name("next"), .value(escaping: context.path)),
            .label(.for("region-switcher"), .text("辖区")),
            .select(
                .id("region-switcher"), .attribute(named: "name", value: "region"), .attribute(named: "data-autosubmit", value: "true"),
                .forEach(context.regions) { option in
                    Components.option(
                        value: option.code, label: String(repeating: "　", count: option.depth) + option.name,
                        selected: option.code == context.currentRegion
                    )
                }
            ),
            .input(.type(.search), .name("q"), .attribute(named: "aria-label", value: "按名称或代码查找区划"),
                   .attribute(named: "placeholder", value: "名称或代码")),
            .button(.type(.submit), .class("secondary"), .text("切换"))
        )
    }

    package static func csrfField(_ token: String) -> Node<HTML.FormContext> {
        .input(.type(.hidden), .name(CSRFMiddleware.field), .value(escaping: token))
    }

    /// A rendered page. Pages behind a login carry personal data sooner or later: never cached.
    package static func response(_ html: HTML, status: HTTPResponseStatus = .ok) -> Response {
        let response = Response(status: status, body: .init(string: html.render()))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "html", parameters: ["charset": "utf-8"])
        return response
    }
}

/// Small pieces the pages share.
package enum Components {
    /// A figure of a summary card: the value large, its label below.
    package static func figure(_ label: String, _ value: String) -> Node<HTML.BodyContext> {
        .div(.class("figure"), .span(.class("value"), .text(value)), .span(.class("label"), .text(label)))
    }

    package static func notice(_ text: String?, kind: String = "info") -> Node<HTML.BodyContext> {
        .unwrap(text) { .p(.class("notice \(kind)"), .attribute(named: "role", escaping: kind == "error" ? "alert" : "status"), .text($0)) }
    }

    package static func table(_ headers: [String], _ rows: [[Node<HTML.BodyContext>]], empty: String = "没有记录") -> Node<HTML.BodyContext> {
        guard !rows.isEmpty else { return .p(.class("empty"), .text(empty)) }
        // Each cell carries its column's name: on a phone the rows become cards that label their values.
        return .div(.class("table-wrap"), .table(
            .class("cards"),
            .thead(.tr(.forEach(headers) { .th(.text($0)) })),
            .tbody(.forEach(rows) { cells in
                .tr(.forEach(Array(cells.enumerated())) { index, cell in
                    .td(.attribute(named: "data-label", escaping: index < headers.count ? headers[index] : nil), cell)
                })
            })
        ))
    }

    /// `<option value>label</option>`: Plot's own option puts the text in an attribute.
    package static func option<Context>(value: String, label: String, selected: Bool) -> Node<Context> {
        .element(named: "option", nodes: [
            // An empty value ("全部", "未填") must still be sent as empty, not as the label.
            .attribute(Attribute<Context>(name: "value", value: value.escapedForAttribute, ignoreIfValueIsEmpty: false)),
            selected ? .attribute(named: "selected", value: "selected") : .empty,
            .text(label),
        ])
    }

    /// A labelled drop-down of `(value, label)` options, with its error message, if any.
    package static func select(
        _ label: String, name: String, options: [(String, String)], selected: String, error: String? = nil
    ) -> Node<HTML.FormContext> {
        .div(
            .class(error == nil ? "field" : "field invalid"),
            .label(.for("f-\(name)"), .text(label)),
            .select(.id("f-\(name)"), .attribute(named: "name", escaping: name),
                    .forEach(options) { Components.option(value: $0.0, label: $0.1, selected: selected == $0.0) }),
            .unwrap(error) { .p(.class("error"), .text($0)) }
        )
    }

    /// A labelled form field with its error message, if any.
    package static func field(
        _ label: String, name: String, value: String = "", type: HTMLInputType = .text, required: Bool = false,
        error: String? = nil, hint: String? = nil, autocomplete: String? = nil
    ) -> Node<HTML.FormContext> {
        .div(
            .class(error == nil ? "field" : "field invalid"),
            .label(.for("f-\(name)"), .text(label), .if(required, .span(.class("req"), .text(" *")))),
            .input(
                .type(type), .id("f-\(name)"), .name(name), .value(escaping: value), .required(required),
                .attribute(named: "autocomplete", escaping: autocomplete),
                .attribute(named: "aria-invalid", escaping: error == nil ? nil : "true")
            ),
            .unwrap(hint) { .small(.class("hint"), .text($0)) },
            .unwrap(error) { .p(.class("error"), .text($0)) }
        )
    }
}
