import Vapor
import YanglaoCore

/// The one way routes read a JSON body and numbers from a query: bounded, strict, and refused with
/// a Chinese message naming the field.
extension Request {
    /// The body as a JSON object (strict: duplicate keys, bad UTF-8, too deep nesting are refused).
    package func jsonObject() throws -> [String: InputValue] {
        guard let body = body.data, body.readableBytes > 0 else { throw APIError.invalid("请求内容应为 JSON 对象") }
        let value: InputValue
        do { value = try StrictJSON.parse(Array(buffer: body)) } catch { throw APIError.invalid(error.message) }
        guard case let .object(fields) = value else { throw APIError.invalid("请求内容应为 JSON 对象") }
        return fields
    }

    /// A query parameter's text, trimmed; nil when absent or empty.
    package func queryText(_ name: String) -> String? {
        guard let text = query[String.self, at: name]?.trimmingWhitespace(), !text.isEmpty else { return nil }
        return text
    }

    /// A whole number from the query within `kind`'s bounds; nil when absent, 422 naming it when wrong.
    package func queryInteger(_ name: String, _ kind: NumberKind, label: String) throws -> Int? {
        guard let text = queryText(name) else { return nil }
        switch kind.parseInteger(text) {
        case let .success(value): return value
        case let .failure(problem): throw APIError.invalid("查询参数有误", fields: [name: problem.message(label, text)])
        }
    }
}

/// A page of a list: how many, and from where. Offsets are bounded, so `offset + limit` cannot overflow.
package struct PageRequest: Sendable, Equatable {
    package static let maximumLimit = 500
    package static let maximumOffset = 10_000_000

    package var limit: Int
    package var offset: Int
    package init(limit: Int, offset: Int) {
        self.limit = limit
        self.offset = offset
    }

    /// `limit` (1…500, default 50) and the offset from `cursorName` (the API's opaque cursor, the
    /// pages' `offset`).
    package init(_ request: Request, cursorName: String = "cursor", defaultLimit: Int = 50) throws {
        limit = try Self.limit(request, defaultLimit: defaultLimit)
        offset = try request.queryInteger(cursorName, .paging(max: Self.maximumOffset), label: "翻页位置") ?? 0
    }

    /// `limit` alone, for lists whose cursor is not an offset (the audit log's).
    package static func limit(_ request: Request, defaultLimit: Int = 50) throws -> Int {
        try request.queryInteger("limit", NumberKind(range: 1...Double(maximumLimit), integral: true, fractionDigits: 0,
                                                     described: "1 至 \(maximumLimit) 之间的整数"), label: "每页条数") ?? defaultLimit
    }


    /// The rows of this page out of `all`, and the cursor of the next page (nil on the last).
    package func slice<T>(_ all: [T]) -> (page: [T], next: String?) {
        let page = Array(all.dropFirst(offset).prefix(limit))
        let end = offset + limit
        return (page, end < all.count ? String(end) : nil)
    }
}

/// An optional that is written as `null` rather than left out, so that an answer always has the keys
/// its OpenAPI schema requires (the last page's `next`).
@propertyWrapper
package struct NullEncoded<Value: Codable & Sendable>: Codable, Sendable {
    package var wrappedValue: Value?

    package init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? nil : try container.decode(Value.self)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}
