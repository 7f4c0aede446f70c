/// A registry's list parameters in the OpenAPI document, from the same declarations the list reads.
extension RegistryListing {
    /// The parameters of the list: its filters, `sort`, `cursor`, `limit` and, where the list exports, `format`.
    package func openAPIParameters(exports: Bool = true) -> [JSONValue] {
        var parameters: [JSONValue] = filters.map { filter in
            var schema: JSONValue = ["type": "string", "maxLength": 200]
            if let options = filter.options { schema = ["type": "string", "enum": .array(options.map(JSONValue.string))] }
            return ["name": .string(filter.name), "in": "query", "required": false, "description": .string(filter.help), "schema": schema]
        }
        parameters.append(["name": "sort", "in": "query", "required": false,
                           "description": .string("排序：" + sorts.map { "\($0.name)（\($0.label)）" }.joined(separator: "、")),
                           "schema": ["type": "string", "enum": .array(sorts.map { .string($0.name) })]])
        parameters.append(APIDocument.query("cursor", "上一页返回的 next（与同一组筛选条件和排序一起使用）"))
        parameters.append(["name": "limit", "in": "query", "required": false, "description": "每页条数（1–500，默认50）",
                           "schema": ["type": "integer", "minimum": 1, "maximum": 500]])
        guard exports else { return parameters }
        parameters.append(["name": "format", "in": "query", "required": false, "description": "xlsx 或 csv：按当前筛选导出全部记录",
                           "schema": ["type": "string", "enum": ["xlsx", "csv"]]])
        return parameters
    }
}
