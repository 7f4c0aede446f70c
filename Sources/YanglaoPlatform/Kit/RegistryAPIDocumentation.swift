import OpenAPIKit

/// What the OpenAPI document says of a registry's API: its words and its record's schemas. The
/// operations themselves (paths, parameters, answers and refusals) follow from `RegistryAPI`.
package struct RegistryAPIDocumentation: Sendable {
    package struct Summaries: Sendable {
        package var list: String
        package var listDescription: String?
        package var create: String
        package var one: String
        package var update: String
        package var importFile: String
        package var importDescription: String
        package var template: String

        package init(list: String, listDescription: String? = nil, create: String, one: String, update: String,
                     importFile: String, importDescription: String, template: String) {
            self.list = list
            self.listDescription = listDescription
            self.create = create
            self.one = one
            self.update = update
            self.importFile = importFile
            self.importDescription = importDescription
            self.template = template
        }
    }

    package var tag: String
    /// What one record is called ("设施").
    package var noun: String
    /// The record's schema ("Facility"); its operations are `getFacility` and `updateFacility`.
    package var name: String
    package var summaries: Summaries
    /// The template's file name ("设施导入模板").
    package var templateName: String
    /// A record in the list.
    package var item: JSONSchema
    /// A record as one is answered (after a read, a registration, a change), as `<name>Detail`; the list's where nil.
    package var detail: JSONSchema?
    /// The body of a registration, as `<name>Input`.
    package var input: JSONSchema
    /// The body of a change, as `<name>Patch`; the registration's where nil.
    package var patch: JSONSchema?
    /// Members the list's answer carries beside its items (the facilities' sums).
    package var listMembers: OrderedDictionary<String, JSONSchema> = [:]
    /// Refusals of the list beyond the kit's own (429 of a lookup by full number).
    package var listRefusals: [(Int, String)] = []
    /// Why a change may be refused to someone who may read the record.
    package var updateRefusal: String?
    /// Further schemas the record's refer to (`MedicalAgreement`).
    package var schemas: OrderedDictionary<String, JSONSchema> = [:]

    package init(tag: String, noun: String, name: String, summaries: Summaries, templateName: String,
                 item: JSONSchema, detail: JSONSchema? = nil, input: JSONSchema, patch: JSONSchema? = nil) {
        self.tag = tag
        self.noun = noun
        self.name = name
        self.summaries = summaries
        self.templateName = templateName
        self.item = item
        self.detail = detail
        self.input = input
        self.patch = patch
    }
}

/// Paths and schemas a part of the platform adds to the OpenAPI document.
package struct APIDocumentPart: Sendable {
    package var paths: OrderedDictionary<OpenAPI.Path, OpenAPI.PathItem> = [:]
    package var schemas: OrderedDictionary<String, JSONSchema> = [:]

    package init(paths: OrderedDictionary<OpenAPI.Path, OpenAPI.PathItem> = [:], schemas: OrderedDictionary<String, JSONSchema> = [:]) {
        self.paths = paths
        self.schemas = schemas
    }

    /// Later parts win where both name a path or a schema.
    package mutating func merge(_ other: APIDocumentPart) {
        for (path, item) in other.paths { paths[path] = item }
        for (name, schema) in other.schemas { schemas[name] = schema }
    }
}

extension RegistryAPI {
    /// The registry's operations and schemas, from the same declaration its routes are registered from.
    package var documentPart: APIDocumentPart {
        let words = documentation
        let base = "/api/v1/\(path)"
        var schemas: OrderedDictionary<String, JSONSchema> = [words.name: words.item, words.name + "Input": words.input]
        if let detail = words.detail { schemas[words.name + "Detail"] = detail }
        if let patch = words.patch { schemas[words.name + "Patch"] = patch }
        for (name, schema) in words.schemas { schemas[name] = schema }
        return APIDocumentPart(paths: [
            OpenAPI.Path(rawValue: base): OpenAPI.PathItem(get: listOperation, post: createOperation),
            OpenAPI.Path(rawValue: base + "/{id}"): OpenAPI.PathItem(get: oneOperation, patch: updateOperation),
            OpenAPI.Path(rawValue: base + "/import"): OpenAPI.PathItem(post: importOperation),
            OpenAPI.Path(rawValue: base + "/import/template"): OpenAPI.PathItem(get: templateOperation),
        ], schemas: schemas)
    }

    private var words: RegistryAPIDocumentation { documentation }
    private var answerName: String { words.detail == nil ? words.name : words.name + "Detail" }
    private var idParameter: OpenAPI.Parameter { APIParts.path("id", "\(words.noun) id") }

    private var listOperation: OpenAPI.Operation {
        var members = OrderedDictionary<String, JSONSchema>()
        members["items"] = .array(items: APIParts.ref(words.name))
        members["next"] = APIParts.nullableString("下一页的 cursor；最后一页为 null")
        for (key, schema) in ListCount.jsonSchemaProperties { members[key] = schema }
        for (key, schema) in words.listMembers { members[key] = schema }
        let page = OpenAPI.Response(
            description: "一页\(words.noun)；format=xlsx|csv 时为按当前筛选导出的文件",
            content: [.json: .b(OpenAPI.Content(schema: APIParts.object(members))), .csv: .b(OpenAPI.Content(schema: .string)),
                      APIParts.xlsx: .b(OpenAPI.Content(schema: .string(format: .other("binary"))))])
        return OpenAPI.Operation(
            tags: [words.tag], summary: words.summaries.list, description: words.summaries.listDescription,
            parameters: listing.openAPIParameters().map { .b($0) },
            responses: APIParts.responses([(200, page), (403, APIParts.error("角色无权查看\(words.noun)")),
                                           (404, APIParts.error("区划不在管辖范围内")), (422, APIParts.error("筛选条件有误"))]
                                          + words.listRefusals.map { ($0.0, APIParts.error($0.1)) }))
    }

    private var createOperation: OpenAPI.Operation {
        OpenAPI.Operation(
            tags: [words.tag], summary: words.summaries.create, requestBody: APIParts.body(APIParts.ref(words.name + "Input")),
            responses: APIParts.responses([
                (201, APIParts.json(APIParts.ref(answerName), "已登记的\(words.noun)", links: APIParts.links(read: "get" + words.name, update: "update" + words.name))),
                (403, APIParts.error("角色无权登记\(words.noun)")), (422, APIParts.error("字段有误（fields 逐项说明），未保存")),
            ]))
    }

    private var oneOperation: OpenAPI.Operation {
        OpenAPI.Operation(
            tags: [words.tag], summary: words.summaries.one, operationId: "get" + words.name, parameters: [.b(idParameter)],
            responses: APIParts.responses([(200, APIParts.json(APIParts.ref(answerName), words.noun)), (403, APIParts.error("角色无权查看\(words.noun)")),
                                           (404, APIParts.error("不存在或不在管辖范围内"))]))
    }

    private var updateOperation: OpenAPI.Operation {
        OpenAPI.Operation(
            tags: [words.tag], summary: words.summaries.update, operationId: "update" + words.name, parameters: [.b(idParameter)],
            requestBody: APIParts.body(APIParts.ref(words.patch == nil ? words.name + "Input" : words.name + "Patch")),
            responses: APIParts.responses([
                (200, APIParts.json(APIParts.ref(answerName), "修改后的\(words.noun)")),
                (403, APIParts.error(words.updateRefusal ?? "角色无权修改\(words.noun)")), (404, APIParts.error("不存在或不在管辖范围内")),
                (422, APIParts.error("字段有误（fields 逐项说明），未保存")),
            ]))
    }

    private var importOperation: OpenAPI.Operation {
        OpenAPI.Operation(
            tags: [words.tag], summary: words.summaries.importFile, description: words.summaries.importDescription,
            parameters: [.b(APIParts.query("dryRun", "为 true 时只校验不写入", schema: .boolean))],
            requestBody: APIParts.spreadsheetBody,
            responses: APIParts.responses([
                (200, APIParts.json(APIParts.ref("ImportReport"), "校验或导入结果")), (403, APIParts.error("角色无权导入")),
                (422, APIParts.json(.one(of: [APIParts.ref("ImportReport"), APIParts.ref("Error")]), "有行错误，未写入任何数据；或文件无法读取（Error）")),
                (413, APIParts.error("文件超过上传上限")),
            ]))
    }

    private var templateOperation: OpenAPI.Operation {
        let file = OpenAPI.Response(description: "模板文件", content: [APIParts.xlsx: .b(OpenAPI.Content(schema: .string(format: .other("binary")))),
                                                                      .csv: .b(OpenAPI.Content(schema: .string))])
        return OpenAPI.Operation(
            tags: [words.tag], summary: words.summaries.template,
            parameters: [.b(APIParts.query("format", "xlsx（默认）或 csv", schema: .string(allowedValues: ["xlsx", "csv"])))],
            responses: APIParts.responses([(200, file), (403, APIParts.error("角色无权导入"))]))
    }
}
