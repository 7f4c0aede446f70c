import Foundation
import Vapor
import YanglaoCore

/// A page's address, named once: the same value registers its route and builds its links. A
/// parameter is given as its key (`.idKey`, ":id") to register and as its value to link.
package protocol Resourceable: Sendable {
    var path: String { get }
}

extension Resourceable {
    /// The route's path components: "/regions/:code" → ["regions", :code].
    package var pathComponents: [PathComponent] {
        path.split(separator: "?").first.map { $0.split(separator: "/").map { PathComponent(stringLiteral: String($0)) } } ?? []
    }

    /// The path with a query of typed values, in the order given: each value percent-encoded ("+"
    /// included), a nil one left out. Links are built so, never joined by hand.
    package func with(_ query: KeyValuePairs<String, String?>) -> String {
        with(query.map { ($0.key, $0.value) })
    }

    package func with(_ query: [(String, String?)]) -> String {
        let items = query.compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
        guard !items.isEmpty else { return path }
        var components = URLComponents()
        components.queryItems = items
        return path + "?" + (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
    }
}

extension String {
    /// The key a record's id takes in a route's path.
    package static let idKey = ":id"
    /// The key a region's code takes in a route's path.
    package static let codeKey = ":code"
}

/// The floor's pages. Views and tests build links from here, never from strings.
package enum SiteURL: Resourceable {
    case home
    case login
    case logout
    case password
    case regions(region: String? = nil)
    /// Where the region switcher posts the region to work in.
    case workingRegion
    case region(String)
    case regionImport
    case regionExport(String)
    case regionTemplate
    case audit
    case auditVerify
    case accounts
    case accountNew
    case account(String)
    case accountAction(String, AccountAction)
    case stylesheet
    case script
    /// A file of the binary's web resources.
    case asset(String)

    package enum AccountAction: String, CaseIterable, Sendable {
        case disable, enable, unlock, password
    }

    package var path: String {
        switch self {
        case .home: "/"
        case .login: "/login"
        case .logout: "/logout"
        case .password: "/password"
        case let .regions(region): region.map { "/regions?region=\($0)" } ?? "/regions"
        case let .region(code): "/regions/\(code)"
        case .workingRegion: "/region"
        case .regionImport: "/regions/import"
        case let .regionExport(code): "/regions/\(code)/export"
        case .regionTemplate: "/regions/import/template"
        case .audit: "/audit"
        case .auditVerify: "/audit/verify"
        case .accounts: "/accounts"
        case .accountNew: "/accounts/new"
        case let .account(id): "/accounts/\(id)"
        case let .accountAction(id, action): "/accounts/\(id)/\(action.rawValue)"
        case .stylesheet: "/assets/app.css"
        case .script: "/assets/app.js"
        case let .asset(name): "/assets/\(name)"
        }
    }
}

extension Request {
    /// Every redirect of the platform: a path on this site, checked by the one rule in YanglaoCore
    /// (a path that fails it, which only a bug or a hostile value could produce, goes home).
    package func redirect(toPath path: String) -> Response {
        redirect(to: RedirectTarget.safe(path, fallback: SiteURL.home.path))
    }
}
