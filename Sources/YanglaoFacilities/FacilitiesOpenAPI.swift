import OpenAPIKit
import YanglaoCore
import YanglaoPlatform

extension FacilitiesAPI {
    static var openAPIPaths: JSONValue {
        return [
            "/api/v1/facilities/{id}/activities": [
                "get": [
                    "summary": "社区设施的活动记录（“四有”中有活动、有记录的依据）",
                    "tags": ["设施"],
                    "parameters": [APIDocument.path("id", "设施 id")],
                    "responses": ["200": APIDocument.json(["type": "array", "items": APIDocument.ref("FacilityActivity")], "活动记录，新的在前"),
                                  "404": APIDocument.error("不存在或不在管辖范围内")],
                ],
                "post": [
                    "summary": "添加活动记录（设施主管部门及其上级的民政管理员）",
                    "tags": ["设施"],
                    "parameters": [APIDocument.path("id", "设施 id")],
                    "requestBody": ["required": true, "content": ["application/json": ["schema": APIDocument.ref("FacilityActivity")]]],
                    "responses": ["201": APIDocument.json(APIDocument.ref("FacilityActivity"), "已保存的活动记录"),
                                  "403": APIDocument.error("无权修改该设施"), "404": APIDocument.error("不存在或不在管辖范围内"),
                                  "422": APIDocument.error("字段有误，或不是社区养老服务设施")],
                ],
            ],
            "/api/v1/facilities/{id}/attachments": [
                "get": [
                    "summary": "设施的证明材料",
                    "tags": ["设施"],
                    "parameters": [APIDocument.path("id", "设施 id")],
                    "responses": ["200": APIDocument.json(["type": "array", "items": APIDocument.ref("Attachment")], "材料列表"),
                                  "404": APIDocument.error("不存在或不在管辖范围内")],
                ],
                "post": [
                    "summary": "上传证明材料（文件为请求体；按内容校验类型，与扩展名不符则拒收）",
                    "tags": ["设施"],
                    "parameters": [APIDocument.path("id", "设施 id"), APIDocument.query("name", "文件名（含扩展名）"),
                                   APIDocument.query("kind", "材料类别：\(FacilityAttachments.evidenceKinds.joined(separator: "、"))")],
                    "requestBody": ["required": true, "content": ["application/octet-stream": ["schema": ["type": "string", "format": "binary"]]]],
                    "responses": ["201": APIDocument.json(APIDocument.ref("Attachment"), "已保存的材料"),
                                  "403": APIDocument.error("无权修改该设施"), "404": APIDocument.error("不存在或不在管辖范围内"),
                                  "422": APIDocument.error("文件与名称不符、类型不受支持、超过大小或类别无效")],
                ],
            ],
            "/api/v1/attachments/{id}": [
                "get": [
                    "summary": "下载材料（须能查看其所属设施）",
                    "tags": ["设施"],
                    "parameters": [APIDocument.path("id", "材料 id")],
                    "responses": ["200": ["description": "文件"], "404": APIDocument.error("不存在或不在管辖范围内")],
                ],
            ],
        ]
    }

    static var openAPISchemas: JSONValue {
        [
            "FacilityActivity": [
                "type": "object", "required": ["heldOn", "kind", "participants"],
                "properties": [
                    "id": ["type": "string"], "facilityId": ["type": "string"], "heldOn": ["type": "string", "format": "date"],
                    "kind": ["type": "string", "description": "活动内容"], "participants": ["type": "integer", "minimum": 0],
                    "record": ["type": "string", "description": "记录（签到、照片等）"], "createdAt": ["type": "string"],
                ],
            ],
            "Attachment": [
                "type": "object",
                "properties": [
                    "id": ["type": "string"], "entityType": ["type": "string"], "entityId": ["type": "string"], "kind": ["type": "string"],
                    "fileName": ["type": "string"], "contentType": ["type": "string"], "size": ["type": "integer"],
                    "sha256": ["type": "string"], "uploadedBy": ["type": "string"], "uploadedAt": ["type": "string"],
                ],
            ],
        ]
    }
}

/// The registry's own words and schemas in the OpenAPI document; its operations follow from `FacilitiesAPI.registry`.
enum FacilitiesOpenAPI {
    static var documentation: RegistryAPIDocumentation {
        let schema = FacilityFields.schema
        let problem = APIParts.object(["code": .string, "message": .string])
        var words = RegistryAPIDocumentation(
            tag: "设施", noun: "设施", name: "Facility",
            summaries: .init(
                list: "设施名录（按调用者管辖范围与筛选条件）", create: "登记设施（民政管理员；主管部门须在本辖区内）",
                one: "一个设施，含其违反的规则（problems）", update: "修改设施（主管部门及其上级的民政管理员）",
                importFile: "导入设施（XLSX 或 CSV）",
                importDescription: "必填列：名称、类别、所在区划代码；其余列同导出。按设施编码、统一社会信用代码、所在区划+名称依次匹配已有设施。任何一行有误则不写入任何数据；重复导入同一文件不产生变化。",
                template: "下载设施导入模板"),
            templateName: "设施导入模板",
            item: schema.recordSchema(extra: [
                "agreements": FacilityFields.agreements.answerSchema, "problems": .array(items: problem),
                "regionName": APIParts.nullableString(), "supervisingRegionName": APIParts.nullableString(),
                "missingFacts": .array(description: "必查事项中未填报的字段", items: .string),
                "registeredResidents": .integer(nullable: true, description: "老年人名册登记的在院人数（名册中没有该设施的入住人员时为 null）"),
                "registeredSpecialHardshipResidents": .integer(nullable: true, description: "其中特困人员"),
            ]),
            input: schema.inputSchema(extra: ["agreements": FacilityFields.agreements.inputSchema]))
        words.updateRefusal = "可以查看但无权修改（非主管部门）"
        words.listMembers = ["summary": APIParts.ref("FacilitySummary")]
        words.schemas = [
            "FacilitySummary": APIParts.object(
                ["facilities": .integer, "beds": .integer, "nursingBeds": .integer, "nursingBedRatio": .number(nullable: true),
                 "occupiedBeds": .integer, "withProblems": .integer], required: []),
        ]
        return words
    }
}

extension ProjectsAPI {
    static var openAPIPaths: JSONValue {
        let project = APIDocument.ref("FacilityProject")
        return [
            "/api/v1/projects": [
                "get": [
                    "summary": "设施项目（新建、改扩建、提升改造），含分解表口径的完成数",
                    "tags": ["设施"],
                    "parameters": [
                        APIDocument.query("year", "年度", type: "integer"), APIDocument.query("region", "设施所在区划（含下级）"),
                        APIDocument.query("kind", "项目类型：\(ProjectKind.allowedList)"), APIDocument.query("status", "状态：\(ProjectStatus.allowedList)"),
                        APIDocument.query("category", "设施类别"), APIDocument.query("late", "true：只看逾期未完成", type: "boolean"),
                        APIDocument.query("column", "计入的分解表列（日间照料中心等）"),
                        APIDocument.query("cursor", "上一页返回的 next"), APIDocument.query("limit", "每页条数", type: "integer"),
                        APIDocument.query("format", "csv：导出"),
                    ],
                    "responses": [
                        "200": APIDocument.json([
                            "type": "object", "required": ["items", "next", "total", "completed"],
                            "properties": [
                                "items": ["type": "array", "items": project], "next": ["type": ["string", "null"]], "total": ["type": "integer"],
                                "completed": ["type": "object", "description": "按分解表列（日间照料中心 等）统计的已完成项目数", "additionalProperties": ["type": "integer"]],
                            ],
                        ], "一页项目"),
                        "403": APIDocument.error("角色无权查看"), "422": APIDocument.error("筛选条件有误"),
                    ],
                ],
                "post": [
                    "summary": "登记项目（设施主管部门及其上级的民政管理员）",
                    "tags": ["设施"],
                    "requestBody": ["required": true, "content": ["application/json": ["schema": APIDocument.ref("FacilityProjectInput")]]],
                    "responses": ["201": APIDocument.json(project, "已登记的项目"), "403": APIDocument.error("无权修改该设施"),
                                  "404": APIDocument.error("设施不在管辖范围内"), "422": APIDocument.error("字段有误，未保存")],
                ],
            ],
            "/api/v1/projects/{id}": [
                "patch": [
                    "summary": "更新项目进度",
                    "tags": ["设施"],
                    "parameters": [APIDocument.path("id", "项目 id")],
                    "requestBody": ["required": true, "content": ["application/json": ["schema": APIDocument.ref("FacilityProjectInput")]]],
                    "responses": ["200": APIDocument.json(project, "更新后的项目"), "403": APIDocument.error("无权修改该设施"),
                                  "404": APIDocument.error("不存在或不在管辖范围内"), "422": APIDocument.error("字段有误，未保存")],
                ],
            ],
        ]
    }

    static var openAPISchemas: JSONValue {
        let properties: [String: JSONValue] = [
            "facilityId": ["type": "string"], "name": ["type": "string"],
            "kind": ["type": "string", "enum": .array(ProjectKind.allCases.map { .string($0.rawValue) })],
            "upgradeKind": ["type": ["string", "null"], "enum": .array(UpgradeKind.allCases.map { .string($0.rawValue) })],
            "year": ["type": "integer"],
            "status": ["type": "string", "enum": .array(ProjectStatus.allCases.map { .string($0.rawValue) })],
            "investment": ["type": ["integer", "null"], "description": "投资额（元）"],
            "fundingSource": ["type": ["string", "null"], "enum": .array(FundingSource.allCases.map { .string($0.rawValue) })],
            "plannedCompletion": ["type": ["string", "null"], "format": "date"],
            "actualCompletion": ["type": ["string", "null"], "format": "date"],
        ]
        var output = properties
        for key in ["id", "createdAt", "updatedAt", "facilityName", "facilityCategory", "regionCode"] { output[key] = ["type": "string"] }
        output["late"] = ["type": "boolean"]
        output["breakdownColumns"] = ["type": "array", "items": ["type": "string"]]
        return [
            "FacilityProjectInput": ["type": "object", "description": "POST 时 facilityId、name、kind、status 必填", "properties": .object(properties)],
            "FacilityProject": ["type": "object", "required": ["id", "facilityId", "name", "kind", "year", "status"], "properties": .object(output)],
        ]
    }
}
