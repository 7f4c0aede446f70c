import OpenAPIKit
import YanglaoCore
import YanglaoPlatform

/// `/api/v1/elders` in the OpenAPI document: the schemas come from the field table, the list
/// parameters from the listing.
enum EldersOpenAPI {
    static let tag: JSONValue = ["老年人"]
    static let id = APIDocument.path("id", "老年人记录 id")

    static var paths: JSONValue {
        let elder = APIDocument.ref("Elder")
        return [
            "/api/v1/elders/indicators": [
                "get": [
                    "summary": "特困人员集中供养率等指标（区划及其下级，按日期）",
                    "tags": tag,
                    "parameters": [APIDocument.query("region", "区划代码（默认为管辖范围）"), APIDocument.query("date", "日期 YYYY-MM-DD（默认今天）"),
                                   APIDocument.query("parts", "rates（两项集中供养率及名单）、counts（按类别、等级、供养方式的人数），默认两者：rates,counts")],
                    "responses": [
                        "200": APIDocument.json(APIDocument.ref("ElderIndicators"), "指标及未计入的人员名单"),
                        "403": APIDocument.error("角色无权查看"), "404": APIDocument.error("区划不存在或不在管辖范围内"),
                        "422": APIDocument.error("日期有误"),
                    ],
                ],
            ],
            "/api/v1/elders/{id}/reveal": [
                "post": [
                    "summary": "查看完整的身份证号码、电话或地址（须说明理由；记入审计日志）",
                    "tags": tag, "parameters": [id],
                    "requestBody": ["required": true, "content": ["application/json": ["schema": [
                        "type": "object", "required": ["field", "reason"],
                        "properties": [
                            "field": ["type": "string", "enum": .array(ElderFields.schema.personalFields.map { .string($0.key) })],
                            "reason": ["type": "string", "minLength": 2, "maxLength": .number(TextLimit.medium)],
                        ],
                    ]]]],
                    "responses": [
                        "200": APIDocument.json(["type": "object", "required": ["field", "value"],
                                                 "properties": ["field": ["type": "string"], "value": ["type": "string"]]], "完整信息"),
                        "403": APIDocument.error("角色无权查看完整个人信息"), "404": APIDocument.error("不存在、不在管辖范围内或该项未登记"),
                        "422": APIDocument.error("字段无效或未说明理由"),
                        "429": APIDocument.error("查看完整个人信息过于频繁（每账户每小时限额，含按完整号码查找）"),
                    ],
                ],
            ],
            "/api/v1/elders/duplicates": [
                "get": [
                    "summary": "待核实的重复登记（同一身份证号码在调用者辖区内两处登记）及本辖区登记 30 天内的核实结果",
                    "description": "在调用者看不到的辖区已登记的身份证号码，登记时与新登记无异（不告知另一处的存在），由同时管辖两处的一级核实。",
                    "tags": tag,
                    "responses": [
                        "200": APIDocument.json([
                            "type": "object", "required": ["items", "total", "decisions"],
                            "properties": [
                                "items": ["type": "array", "items": [
                                    "type": "object", "required": ["id", "held", "original"],
                                    "properties": ["id": ["type": "string"], "held": elder, "original": elder],
                                ]],
                                "total": ["type": "integer"],
                                "decisions": ["type": "array", "items": [
                                    "type": "object", "required": ["name", "regionCode", "regionName", "decision", "reason", "elder", "decidedBy", "decidedAt"],
                                    "properties": [
                                        "name": ["type": "string"], "regionCode": ["type": "string"], "regionName": ["type": "string"],
                                        "decision": ["type": "string", "enum": .array(DuplicateRegistration.Decision.allCases.map { .string($0.rawValue) })],
                                        "reason": ["type": ["string", "null"]], "elder": ["type": ["string", "null"]],
                                        "decidedBy": ["type": "string"], "decidedAt": ["type": "string"],
                                    ],
                                ]],
                            ],
                        ], "待核实的重复登记与核实结果"),
                        "403": APIDocument.error("角色无权核实"),
                    ],
                ],
            ],
            "/api/v1/elders/duplicates/{id}/merge": decision(.merge),
            "/api/v1/elders/duplicates/{id}/refuse": decision(.refuse),
            "/api/v1/elders/{id}/assessments": [
                "get": [
                    "summary": "能力评估记录（新的在前）",
                    "tags": tag, "parameters": [id],
                    "responses": ["200": APIDocument.json(["type": "object", "required": ["items"],
                                                           "properties": ["items": ["type": "array", "items": APIDocument.ref("Assessment")]]], "评估记录"),
                                  "403": APIDocument.error("角色无权查看"), "404": APIDocument.error("不存在或不在管辖范围内")],
                ],
                "post": [
                    "summary": "能力评估（GB/T 42195-2022，26 项，两名评估员）",
                    "tags": tag, "parameters": [id],
                    "requestBody": ["required": true, "content": ["application/json": ["schema": APIDocument.ref("AssessmentInput")]]],
                    "responses": ["201": APIDocument.json(APIDocument.ref("Assessment"), "评估结果"), "403": APIDocument.error("角色无权评估"),
                                  "404": APIDocument.error("不存在或不在管辖范围内"), "422": APIDocument.error("评分超出范围、缺项、评估员不足两名等，未保存")],
                ],
            ],
        ]
    }

    /// 确认迁入 or 不予登记 of a held registration.
    static func decision(_ decision: DuplicateRegistration.Decision) -> JSONValue {
        let reason: JSONValue = ["type": "string", "maxLength": .number(TextLimit.medium)]
        let body: JSONValue = decision == .refuse
            ? ["type": "object", "additionalProperties": false, "required": ["reason"], "properties": ["reason": reason]]
            : ["type": "object", "additionalProperties": false, "properties": ["reason": reason]]
        return [
            "post": [
                "summary": decision == .merge ? "确认迁入：原有档案迁到新登记的辖区并采用新登记的信息，新登记并入原有档案" : "不予登记：删除新登记（须说明理由，告知登记的辖区）",
                "tags": tag, "parameters": [APIDocument.path("id", "待核实的新登记的记录 id")],
                "requestBody": ["required": true, "content": ["application/json": ["schema": body]]],
                "responses": [
                    "200": APIDocument.json(["type": "object", "required": ["id", "decision", "elder"],
                                             "properties": ["id": ["type": "string"], "decision": ["type": "string"], "elder": ["type": ["string", "null"]]]],
                                            "核实结果（elder 为迁入后的档案）"),
                    "403": APIDocument.error("角色无权核实"), "404": APIDocument.error("不是待核实的重复登记，或两处不都在管辖范围内"),
                    "409": APIDocument.error("已由他人核实处理"), "422": APIDocument.error("未说明理由或字段有误"),
                ],
            ],
        ]
    }

    /// The register's own words and schemas; its list, record, registration, change and import
    /// operations follow from `EldersAPI.registry`.
    static var documentation: RegistryAPIDocumentation {
        let schema = ElderFields.schema
        let person: OrderedDictionary<String, JSONSchema> = [
            "regionName": APIParts.nullableString(), "facilityName": APIParts.nullableString(), "age": .integer(nullable: true),
            "categoriesToday": .array(items: .string(allowedValues: ElderCategory.allCases.map { AnyCodable($0.rawValue) })),
            "levelName": APIParts.nullableString(), "careTier": APIParts.nullableString(),
            "counted": .boolean(description: "今日是否计入（在世且未迁出）"),
        ]
        var detail = person
        detail["residences"] = .array(items: APIParts.object([
            "regionCode": .string, "regionName": APIParts.nullableString(), "since": .string(format: .date, nullable: true),
            "until": .string(format: .date, nullable: true),
        ]))
        detail["hospitalStays"] = ElderFields.stays.answerSchema
        detail["assessments"] = .array(items: APIParts.ref("Assessment"))
        var words = RegistryAPIDocumentation(
            tag: "老年人", noun: "老年人", name: "Elder",
            summaries: .init(
                list: "老年人名册（按调用者管辖范围与筛选条件；身份证号码、电话、地址脱敏）",
                listDescription: "idNumber、phone 须为完整号码，按密文索引查找；部分号码查不到。",
                create: "登记老年人（民政管理员、村（社区）助老员；居住区划须在本辖区内）",
                one: "一位老年人，含居住记录、住院记录和能力评估",
                update: "修改老年人信息（身份证号码登记后不能修改；迁居保留居住记录）",
                importFile: "导入老年人名册（CSV：UTF-8 或 GB18030；或 XLSX；可达数十万行）",
                importDescription: "必填列：姓名、身份证号码、居住区划代码；其余列同导入模板。按身份证号码匹配已登记的人员：有变化的更新，没有变化的不动。任何一行有误则不写入任何数据（errors 列出前 200 处）；重复导入同一文件不产生变化。",
                template: "下载老年人名册导入模板"),
            templateName: "老年人导入模板",
            item: schema.recordSchema(extra: person), detail: schema.recordSchema(extra: detail),
            input: schema.inputSchema(extra: ["hospitalStays": ElderFields.stays.inputSchema]),
            patch: schema.inputSchema(extra: ["hospitalStays": ElderFields.stays.inputSchema], requireFields: false))
        words.listRefusals = [(429, "按完整身份证号码或电话查找过于频繁（每账户每小时限额，含查看完整信息）")]
        return words
    }

    static var schemas: JSONValue {
        let nullableString: JSONValue = ["type": ["string", "null"]]
        let date: JSONValue = ["type": "string", "format": "date"]
        var items: [String: JSONValue] = [:]
        for item in AbilityAssessment.items {
            items[item.code] = ["type": "integer", "minimum": 0, "maximum": .number(item.maximum), "description": .string(item.name)]
        }
        let levelNumber: JSONValue = ["type": "integer", "minimum": 0, "maximum": 4]
        let rate: (String) -> JSONValue = { list in
            ["type": "object", "required": ["counted", "of", "rate", .string(list)], "properties": [
                "counted": ["type": "integer"], "of": ["type": "integer"], "rate": ["type": ["number", "null"]],
                .init(stringLiteral: list): ["type": "array", "items": ["type": "object", "properties": [
                    "id": ["type": "string"], "name": ["type": "string"], "regionCode": ["type": "string"]]]],
            ]]
        }
        return [
            "AssessmentInput": [
                "type": "object", "required": ["items", "reason", "assessors", "assessedOn"],
                "properties": [
                    "items": ["type": "object", "properties": .object(items), "required": .array(AbilityAssessment.items.map { .string($0.code) })],
                    "reason": ["type": "string", "enum": .array(AssessmentSubmission.Reason.allCases.map { .string($0.rawValue) })],
                    "assessors": ["type": "array", "items": ["type": "string", "maxLength": 40], "minItems": 2, "maxItems": 2],
                    "assessedOn": date,
                    "diagnoses": ["type": "array", "items": ["type": "string", "pattern": "^[A-Za-z][0-9]{2}(\\.[0-9]{1,3})?$"], "maxItems": 20],
                    "riskEvents30d": ["type": "integer", "minimum": 0, "maximum": .number(AssessmentSubmission.maximumRiskEvents)],
                    "coma": ["type": "boolean"],
                ],
            ],
            "Assessment": [
                "type": "object",
                "required": ["id", "elderId", "assessedOn", "reason", "assessors", "items", "total", "preliminaryLevel", "level", "levelName", "nextDueOn"],
                "properties": [
                    "id": ["type": "string"], "elderId": ["type": "string"], "assessedOn": date, "reason": ["type": "string"],
                    "assessors": ["type": "array", "items": ["type": "string"]], "items": ["type": "object", "additionalProperties": ["type": "integer"]],
                    "dimensionTotals": ["type": "object", "additionalProperties": ["type": "integer"]],
                    "total": ["type": "integer", "minimum": 0, "maximum": 90], "preliminaryLevel": levelNumber, "preliminaryLevelName": ["type": "string"],
                    "level": levelNumber, "levelName": ["type": "string"], "adjustments": ["type": "array", "items": ["type": "string"]],
                    "diagnoses": ["type": "array", "items": ["type": "string"]], "riskEvents30d": ["type": "integer"], "coma": ["type": "boolean"],
                    "nextDueOn": date, "recordedBy": nullableString, "recordedAt": ["type": "string"],
                ],
            ],
            "ElderIndicators": [
                "type": "object",
                "required": ["regionCode", "date", "unableSpecialHardshipInCare", "willingSpecialHardshipInCare"],
                "properties": [
                    "regionCode": ["type": "string"], "date": date, "counted": ["type": "integer"],
                    "byCategory": ["type": "object", "additionalProperties": ["type": "integer"]],
                    "byLevel": ["type": "object", "additionalProperties": ["type": "integer"]],
                    "bySupportMode": ["type": "object", "additionalProperties": ["type": "integer"]],
                    "reassessment": ["type": "object", "properties": ["overdue": ["type": "integer"], "never": ["type": "integer"]]],
                    "unableSpecialHardshipInCare": rate("notInCare"), "willingSpecialHardshipInCare": rate("waiting"),
                ],
            ],
        ]
    }
}
