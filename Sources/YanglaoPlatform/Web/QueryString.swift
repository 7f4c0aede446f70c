import Foundation
import Vapor

extension Request {
    /// This request's query string with some parameters set anew (nil removes one), for links that
    /// keep the page's filters: the next page, an export. Percent-encoded, "+" included.
    package func query(setting changes: [String: String?]) -> String {
        var items = URLComponents(string: "/?" + (url.query ?? ""))?.queryItems?.filter { changes[$0.name] == nil } ?? []
        for (name, value) in changes.sorted(by: { $0.key < $1.key }) {
            if let value { items.append(URLQueryItem(name: name, value: value)) }
        }
        var components = URLComponents()
        components.queryItems = items
        return (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
    }
}
