import OpenAPIKit
import YanglaoCore

/// A field's JSON Schema: what the API answers for it and accepts (a fact nobody entered is `null`).
extension FieldKind {
    package func jsonSchema(label: String, required: Bool) -> JSONSchema {
        let nullable = !required
        switch self {
        case let .text(limit):
            return .string(nullable: nullable, description: label, maxLength: limit)
        case .region, .reference:
            return .string(nullable: nullable, description: label, maxLength: 64)
        case .personal:
            return .string(nullable: nullable, description: label + "（答复中为脱敏值；查看完整信息须说明理由并记入审计）", maxLength: TextLimit.medium)
        case let .integer(kind):
            return .integer(nullable: nullable, description: label, maximum: (Int(kind.range.upperBound), exclusive: false),
                            minimum: (Int(kind.range.lowerBound), exclusive: false))
        case let .decimal(kind):
            return .number(nullable: nullable, description: label, maximum: (kind.range.upperBound, exclusive: false),
                           minimum: (kind.range.lowerBound, exclusive: false))
        case .date:
            return .string(format: .date, nullable: nullable, description: label)
        case .flag:
            return .boolean(nullable: nullable, description: label)
        case let .oneOf(options):
            let values = options.map { AnyCodable($0) } + (required ? [] : [AnyCodable(nil as String?)])
            return .string(nullable: nullable, description: label, allowedValues: values)
        case let .severalOf(options):
            return .array(description: label, items: .string(allowedValues: options.map { AnyCodable($0) }))
        }
    }
}

extension RegistryField {
    package var jsonSchema: JSONSchema { kind.jsonSchema(label: label, required: required) }
}

extension RegistrySchema {
    /// The record as the API answers it: every shown field, each key present, and the extras the
    /// registry adds (required unless marked optional).
    package func recordSchema(extra: OrderedDictionary<String, JSONSchema> = [:]) -> JSONSchema {
        var properties = OrderedDictionary<String, JSONSchema>()
        for field in shownFields { properties[field.key] = field.jsonSchema.requiredSchemaObject() }
        for (key, schema) in extra { properties[key] = schema }
        return .object(properties: properties)
    }

    /// The body of a registration: every field a caller may send, the required ones required
    /// (`requireFields: false` for a change, where every field may be left out).
    package func inputSchema(extra: OrderedDictionary<String, JSONSchema> = [:], requireFields: Bool = true) -> JSONSchema {
        var properties = OrderedDictionary<String, JSONSchema>()
        for field in inputFields {
            properties[field.key] = requireFields && field.requiredOnInput ? field.jsonSchema.requiredSchemaObject() : field.jsonSchema.optionalSchemaObject()
        }
        for (key, schema) in extra { properties[key] = schema.optionalSchemaObject() }
        return .object(properties: properties)
    }
}

/// A registry's list parameters, from the same declarations the list reads.
extension RegistryListing {
    /// Its filters, `sort`, `cursor`, `limit` and, where the list exports, `format`.
    package func openAPIParameters(exports: Bool = true) -> [OpenAPI.Parameter] {
        var parameters: [OpenAPI.Parameter] = filters.map { filter in
            let schema: JSONSchema = filter.options.map { .string(allowedValues: $0.map { AnyCodable($0) }) } ?? .string(maxLength: 200)
            return APIParts.query(filter.name, filter.help, schema: schema)
        }
        parameters.append(APIParts.query("sort", "排序：" + sorts.map { "\($0.name)（\($0.label)）" }.joined(separator: "、"),
                                         schema: .string(allowedValues: sorts.map { AnyCodable($0.name) })))
        parameters.append(APIParts.query("cursor", "上一页返回的 next（与同一组筛选条件和排序一起使用）"))
        parameters.append(APIParts.query("limit", "每页条数（1–500，默认50）", schema: .integer(maximum: (500, exclusive: false), minimum: (1, exclusive: false))))
        if exports {
            parameters.append(APIParts.query("format", "xlsx 或 csv：按当前筛选导出全部记录", schema: .string(allowedValues: ["xlsx", "csv"])))
        }
        return parameters
    }

    /// The same parameters for a document still written as `JSONValue`.
    package func openAPIParameterValues(exports: Bool = true) -> [JSONValue] {
        openAPIParameters(exports: exports).compactMap { try? JSONValue(encoding: $0) }
    }
}

extension ListCount {
    /// `total` and `totalIsLowerBound` of a list's answer.
    package static var jsonSchemaProperties: OrderedDictionary<String, JSONSchema> {
        ["total": .integer(description: "筛选出的条数；超过 \(bound) 条时为 \(bound)", minimum: (0, exclusive: false)),
         "totalIsLowerBound": .boolean(description: "为 true 时实际条数多于 total")]
    }
}
