import Foundation
import OpenAPIKit
import Vapor

/// The OpenAPI 3.1 document served at `/openapi.json`, an `OpenAPI.Document`: the registries'
/// operations are built from their declarations (`RegistryAPI`), the rest is written by hand as
/// JSON and read into the same types. `OpenAPITests` validates it with OpenAPIKit and fails when
/// any route under `/api/v1` is missing from it.
package enum APIDocument {
    package static func document(_ capabilities: [any Capability.Type]) throws -> OpenAPI.Document {
        var part = APIDocumentPart()
        let written = JSONValue.merge([AuthAPI.openAPIPaths, RegionsAPI.openAPIPaths, AuditAPI.openAPIPaths] + capabilities.map { $0.openAPIPaths })
        let writtenSchemas = JSONValue.merge([sharedSchemas, RegionsAPI.openAPISchemas] + capabilities.map { $0.openAPISchemas })
        for (path, item) in try APIParts.decoded(written, as: [String: OpenAPI.PathItem].self) { part.paths[OpenAPI.Path(rawValue: path)] = item }
        for (name, schema) in try APIParts.decoded(writtenSchemas, as: [String: JSONSchema].self) { part.schemas[name] = schema }
        for capability in capabilities { part.merge(capability.apiDocument) }
        var paths = OpenAPI.PathItem.Map()
        for (path, item) in part.paths.sorted(by: { $0.key.rawValue < $1.key.rawValue }) { paths[path] = .b(item) }
        var schemas = OpenAPI.ComponentDictionary<JSONSchema>()
        for (name, schema) in part.schemas.sorted(by: { $0.key < $1.key }) { schemas[OpenAPI.ComponentKey(stringLiteral: name)] = schema }
        let bearer = OpenAPI.SecurityScheme.http(scheme: "bearer", description: "POST /api/v1/auth/token 换取的访问令牌")
        return OpenAPI.Document(
            openAPIVersion: .v3_1_0,
            info: .init(title: "养老服务综合监管平台 API", description: "Yanglao JSON API. 所有错误均以 {\"error\":{\"code\",\"message\",\"fields\"}} 返回，message 为中文说明。超出调用者管辖范围的资源一律返回 404。", version: "1"),
            servers: [.init(url: URL(string: "/")!)],
            paths: paths,
            components: .init(schemas: schemas, securitySchemes: ["bearer": .b(bearer)]),
            security: [[.component(named: "bearer"): []]]
        )
    }

    package static func response(for request: Request) async throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let response = Response(status: .ok, body: .init(data: try encoder.encode(try document(request.application.platform?.capabilities ?? []))))
        response.headers.contentType = .json
        return response
    }

    package static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    package static func json(_ schema: JSONValue, _ description: String) -> JSONValue {
        ["description": .string(description), "content": ["application/json": ["schema": schema]]]
    }

    package static func error(_ description: String) -> JSONValue { json(ref("Error"), description) }

    /// A created record's answer with OpenAPI links to the operations on it (`read` and `update`,
    /// named by their operationId, whose `{id}` is the answer's `id`): what a stateful client (the
    /// fuzzer) follows from a creation to a read and a change.
    package static func created(_ schema: JSONValue, _ description: String, read: String, update: String) -> JSONValue {
        guard case var .object(response) = json(schema, description) else { return json(schema, description) }
        response["links"] = [
            "read": ["operationId": .string(read), "parameters": ["id": "$response.body#/id"]],
            "update": ["operationId": .string(update), "parameters": ["id": "$response.body#/id"]],
        ]
        return .object(response)
    }

    /// An import's 422: the report with its row errors when rows are wrong, the error envelope when the
    /// file as a whole cannot be read (not a spreadsheet, a missing column, over a limit).
    package static func importRefusal(_ description: String) -> JSONValue {
        json(["oneOf": [ref("ImportReport"), ref("Error")]], description)
    }

    /// `POST …/import?dryRun=` of a registry: the file as the body, the report as the answer.
    package static func importOperation(_ summary: String, description: String, tags: JSONValue) -> JSONValue {
        [
            "summary": .string(summary), "description": .string(description), "tags": tags,
            "parameters": [query("dryRun", "为 true 时只校验不写入", type: "boolean")],
            "requestBody": ["required": true, "content": [
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ["schema": ["type": "string", "format": "binary"]],
                "text/csv": ["schema": ["type": "string"]],
            ]],
            "responses": [
                "200": json(ref("ImportReport"), "校验或导入结果"),
                "403": error("角色无权导入"),
                "422": importRefusal("有行错误，未写入任何数据；或文件无法读取（Error）"), "413": error("文件超过上传上限"),
            ],
        ]
    }

    /// `GET …/import/template?format=` of a registry.
    package static func templateOperation(_ summary: String, tags: JSONValue) -> JSONValue {
        ["summary": .string(summary), "tags": tags, "parameters": [query("format", "xlsx（默认）或 csv")],
         "responses": ["200": ["description": "模板文件"], "403": error("角色无权导入")]]
    }

    package static func query(_ name: String, _ description: String, type: String = "string") -> JSONValue {
        ["name": .string(name), "in": "query", "required": false, "description": .string(description), "schema": ["type": .string(type)]]
    }

    package static func path(_ name: String, _ description: String) -> JSONValue {
        ["name": .string(name), "in": "path", "required": true, "description": .string(description), "schema": ["type": "string"]]
    }

    package static let sharedSchemas: JSONValue = [
        "Error": [
            "type": "object",
            "required": ["error"],
            "properties": [
                "error": [
                    "type": "object",
                    "required": ["code", "message"],
                    "properties": [
                        "code": ["type": "string"],
                        "message": ["type": "string", "description": "中文说明"],
                        "fields": ["type": "object", "additionalProperties": ["type": "string"]],
                    ],
                ],
            ],
        ],
        "ImportReport": [
            "type": "object",
            "required": ["accepted", "rejected", "errors", "created", "updated", "unchanged", "dryRun", "committed"],
            "properties": [
                "accepted": ["type": "integer"],
                "rejected": ["type": "integer"],
                "errors": [
                    "type": "array",
                    "items": [
                        "type": "object",
                        "required": ["row", "message"],
                        "properties": ["row": ["type": "integer"], "field": ["type": "string"], "message": ["type": "string"]],
                    ],
                ],
                "created": ["type": "integer"],
                "updated": ["type": "integer"],
                "unchanged": ["type": "integer"],
                "dryRun": ["type": "boolean"],
                "committed": ["type": "boolean"],
            ],
        ],
    ]
}
