import YanglaoCore
import YanglaoPlatform

/// `/api/v1/plans` in the OpenAPI document.
enum PlansOpenAPI {
    static let tag: JSONValue = ["计划指标"]
    static let id = APIDocument.path("id", "计划 id")

    static var paths: JSONValue {
        let notFound = APIDocument.error("计划不存在或不在管辖范围内")
        var importOperation = APIDocument.importOperation(
            "导入指标分解表（CSV 或 XLSX，格式同 haian-2021-breakdown.csv）",
            description: "第一列为区镇名称或区划代码，其后每列为本计划分解表的一项指标，空白为无目标，合计行须等于各区镇之和（不一致时须给出 reason）。与现行分解表不同时形成新版本。",
            tags: tag)
        if case var .object(operation) = importOperation {
            operation["parameters"] = [id, APIDocument.query("dryRun", "为 true 时只校验不写入", type: "boolean"),
                                       APIDocument.query("reason", "各区镇之和与合计不一致的理由")]
            if case var .object(responses) = operation["responses"] { responses["404"] = notFound; operation["responses"] = .object(responses) }
            importOperation = .object(operation)
        }
        return [
            "/api/v1/plans": [
                "get": [
                    "summary": "调用者可见的工作计划（本区划及上级区划的计划）",
                    "tags": tag, "parameters": [APIDocument.query("year", "年度")],
                    "responses": [
                        "200": APIDocument.json([
                            "type": "object", "required": ["items", "next", "total"],
                            "properties": ["items": ["type": "array", "items": APIDocument.ref("Plan")], "next": ["type": "null"], "total": ["type": "integer"]],
                        ], "计划列表"),
                        "403": APIDocument.error("角色无权查看计划"), "422": APIDocument.error("筛选条件有误"),
                    ],
                ],
            ],
            "/api/v1/plans/{id}": [
                "get": [
                    "summary": "一个计划：任务、指标及目标、现行分解表",
                    "tags": tag, "parameters": [id],
                    "responses": ["200": APIDocument.json(APIDocument.ref("PlanDetail"), "计划"), "403": APIDocument.error("角色无权查看"), "404": notFound],
                ],
            ],
            "/api/v1/plans/{id}/progress": [
                "get": [
                    "summary": "区划某月的指标完成情况（items 为该区划合计；rows 为下级区划、本级与合计）",
                    "tags": tag,
                    "parameters": [id, APIDocument.query("region", "区划代码（默认为计划所属区划或调用者的管辖区划）"),
                                   APIDocument.query("month", "月份 YYYY-MM（计划年度内，默认当月或年末）")],
                    "responses": [
                        "200": APIDocument.json(APIDocument.ref("PlanProgress"), "完成情况"), "403": APIDocument.error("角色无权查看"),
                        "404": APIDocument.error("计划或区划不存在或不在管辖范围内"), "422": APIDocument.error("月份有误"),
                    ],
                ],
            ],
            "/api/v1/plans/{id}/breakdowns": [
                "get": [
                    "summary": "分解表的全部版本（新版本在前）",
                    "tags": tag, "parameters": [id],
                    "responses": [
                        "200": APIDocument.json([
                            "type": "object", "required": ["items", "next", "total"],
                            "properties": ["items": ["type": "array", "items": APIDocument.ref("Breakdown")], "next": ["type": "null"], "total": ["type": "integer"]],
                        ], "分解表版本"),
                        "403": APIDocument.error("角色无权查看"), "404": notFound,
                    ],
                ],
            ],
            "/api/v1/plans/{id}/breakdowns/import": ["post": importOperation],
        ]
    }

    static let nullableNumber: JSONValue = ["type": ["number", "null"]]
    static let nullableString: JSONValue = ["type": ["string", "null"]]

    static var schemas: JSONValue {
        let planProperties: [String: JSONValue] = [
            "id": ["type": "string"], "year": ["type": "integer"], "title": ["type": "string"], "documentNumber": ["type": "string"],
            "regionCode": ["type": "string"], "issuingBody": ["type": "string"], "issuedOn": nullableString, "reportDue": ["type": "string"],
        ]
        var detail = planProperties
        detail["tasks"] = ["type": "array", "items": [
            "type": "object", "required": ["id", "section", "number", "title", "body", "responsible", "deadline"],
            "properties": ["id": ["type": "string"], "section": ["type": "string"], "number": ["type": "string"], "title": ["type": "string"],
                           "body": ["type": "string"], "responsible": ["type": "string"], "deadline": nullableString],
        ]]
        detail["indicators"] = ["type": "array", "items": [
            "type": "object", "required": ["indicatorCode", "label", "name", "unit", "direction", "measure", "target", "taskId", "inBreakdown"],
            "properties": ["indicatorCode": ["type": "string"], "label": ["type": "string"], "name": ["type": "string"], "unit": ["type": "string"],
                           "direction": ["type": "string", "enum": .array(IndicatorDirection.allCases.map { .string($0.rawValue) })],
                           "measure": ["type": "string", "enum": ["computed", "reported"]], "target": nullableNumber, "taskId": nullableString,
                           "inBreakdown": ["type": "boolean"]],
        ]]
        detail["breakdown"] = ["oneOf": [APIDocument.ref("Breakdown"), ["type": "null"]]]
        let item: JSONValue = [
            "type": "object", "required": ["indicatorCode", "name", "unit", "value", "target", "completion", "status", "numerator", "denominator"],
            "properties": [
                "indicatorCode": ["type": "string"], "name": ["type": "string"], "unit": ["type": "string"], "value": nullableNumber,
                "target": nullableNumber, "completion": ["type": ["number", "null"], "description": "完成率（%）"],
                "status": ["type": ["string", "null"], "enum": .array(ProgressStatus.allCases.map { .string($0.rawValue) } + [.null])],
                "numerator": nullableNumber, "denominator": nullableNumber,
            ],
        ]
        return [
            "Plan": ["type": "object", "required": .array(planProperties.keys.sorted().map { .string($0) }), "properties": .object(planProperties)],
            "PlanDetail": ["type": "object", "required": .array(detail.keys.sorted().map { .string($0) }), "properties": .object(detail)],
            "Breakdown": [
                "type": "object", "required": ["version", "source", "reason", "createdBy", "createdAt", "rows"],
                "properties": [
                    "version": ["type": "integer"], "source": ["type": "string"], "reason": nullableString, "createdBy": ["type": "string"],
                    "createdAt": ["type": "string"],
                    "rows": ["type": "array", "items": [
                        "type": "object", "required": ["regionCode", "targets"],
                        "properties": ["regionCode": ["type": "string"], "targets": ["type": "object", "additionalProperties": ["type": "number"]]],
                    ]],
                ],
            ],
            "PlanProgress": [
                "type": "object", "required": ["planId", "regionCode", "regionName", "month", "date", "items", "rows"],
                "properties": [
                    "planId": ["type": "string"], "regionCode": ["type": "string"], "regionName": ["type": "string"], "month": ["type": "string"],
                    "date": nullableString, "items": ["type": "array", "items": item],
                    "rows": ["type": "array", "items": [
                        "type": "object", "required": ["regionCode", "name", "kind", "items"],
                        "properties": ["regionCode": ["type": "string"], "name": ["type": "string"],
                                       "kind": ["type": "string", "enum": ["child", "own", "total"]], "items": ["type": "array", "items": item]],
                    ]],
                ],
            ],
        ]
    }
}
