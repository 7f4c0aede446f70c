import Foundation
import OpenAPIKit

/// The pieces operations are built of, as OpenAPIKit values: schemas, parameters, the error
/// answer, JSON and file bodies. The kit builds registries' operations from these; pieces still
/// written as `JSONValue` are read into the same types (`APIParts.decoded`) so that the whole
/// document is one `OpenAPI.Document`.
package enum APIParts {
    package static let xlsx = OpenAPI.ContentType(rawValue: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")!

    package static func ref(_ name: String, required: Bool = true) -> JSONSchema {
        .reference(.component(named: name), required: required)
    }

    /// A text nobody may have entered: `["string", "null"]`.
    package static func nullableString(_ description: String? = nil) -> JSONSchema {
        .string(nullable: true, description: description)
    }

    package static func integer(_ description: String? = nil, nullable: Bool = false) -> JSONSchema {
        .integer(nullable: nullable, description: description)
    }

    /// An object whose properties are all required (every key present, `null` where not filled in).
    package static func object(_ properties: OrderedDictionary<String, JSONSchema>, description: String? = nil) -> JSONSchema {
        .object(description: description, properties: properties.mapValues { $0.requiredSchemaObject() })
    }

    /// An object whose `required` keys are the ones named, the rest may be left out.
    package static func object(_ properties: OrderedDictionary<String, JSONSchema>, required: Set<String>, description: String? = nil) -> JSONSchema {
        var marked = OrderedDictionary<String, JSONSchema>()
        for (key, schema) in properties { marked[key] = required.contains(key) ? schema.requiredSchemaObject() : schema.optionalSchemaObject() }
        return .object(description: description, properties: marked)
    }

    package static func query(_ name: String, _ description: String, schema: JSONSchema = .string) -> OpenAPI.Parameter {
        .query(name: name, required: false, schema: schema, description: description)
    }

    package static func path(_ name: String, _ description: String) -> OpenAPI.Parameter {
        .path(name: name, schema: .string, description: description)
    }

    package static func json(_ schema: JSONSchema, _ description: String, links: OpenAPI.Link.Map = [:]) -> OpenAPI.Response {
        OpenAPI.Response(description: description, content: [.json: .b(OpenAPI.Content(schema: schema))], links: links)
    }

    /// The error envelope `{error: {code, message, fields}}` with what it means here.
    package static func error(_ description: String) -> OpenAPI.Response { json(ref("Error"), description) }

    package static func body(_ schema: JSONSchema) -> OpenAPI.Request {
        OpenAPI.Request(content: [.json: .b(OpenAPI.Content(schema: schema))], required: true)
    }

    /// A spreadsheet sent as the body (an import).
    package static var spreadsheetBody: OpenAPI.Request {
        OpenAPI.Request(content: [xlsx: .b(OpenAPI.Content(schema: .string(format: .other("binary")))), .csv: .b(OpenAPI.Content(schema: .string))], required: true)
    }

    /// The answer's links to the operations on the record it names (`{id}` is the answer's `id`):
    /// what a stateful client (the fuzzer) follows from a creation to a read and a change.
    package static func links(read: String, update: String) -> OpenAPI.Link.Map {
        let id: OrderedDictionary<String, Either<OpenAPI.RuntimeExpression, AnyCodable>> = ["id": .a(OpenAPI.RuntimeExpression(rawValue: "$response.body#/id")!)]
        return ["read": .b(OpenAPI.Link(operationId: read, parameters: id)), "update": .b(OpenAPI.Link(operationId: update, parameters: id))]
    }

    package static func responses(_ entries: [(Int, OpenAPI.Response)]) -> OpenAPI.Response.Map {
        var map = OpenAPI.Response.Map()
        for (status, response) in entries { map[.status(code: status)] = .b(response) }
        return map
    }

    // MARK: Pieces written as JSON

    /// A piece written as `JSONValue` read as its OpenAPIKit type (a path item, a schema).
    package static func decoded<T: Decodable>(_ value: JSONValue, as type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: try JSONEncoder().encode(keepingNullMembers(value)))
    }

    /// OpenAPIKit reads a `oneOf` or `anyOf` with a `{"type": "null"}` member as a nullable schema
    /// and writes it back with `"type": "null"` beside the list, which a validator reads as "null
    /// only" (a plan's `breakdown` then refused every breakdown). Written as `{"enum": [null]}` the
    /// member means the same and is written back as it was read.
    static func keepingNullMembers(_ value: JSONValue) -> JSONValue {
        switch value {
        case let .array(items):
            return .array(items.map(keepingNullMembers))
        case var .object(fields):
            for key in ["oneOf", "anyOf"] {
                guard case let .array(members)? = fields[key] else { continue }
                fields[key] = .array(members.map { $0 == ["type": "null"] ? ["enum": [.null]] : $0 })
            }
            return .object(fields.mapValues(keepingNullMembers))
        default:
            return value
        }
    }
}
