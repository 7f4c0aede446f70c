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
        return JSONValue.merge([[
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
                "post": [
                    "summary": "录入工作计划：文件头、部分与任务、指标与目标（民政管理员；所属区划须在本辖区内）", "tags": tag,
                    "requestBody": ["required": true, "content": ["application/json": ["schema": APIDocument.ref("PlanInput")]]],
                    "responses": ["201": APIDocument.created(APIDocument.ref("Plan"), "已录入的计划", read: "getPlan", update: "updatePlan"), "403": APIDocument.error("角色无权录入"),
                                  "422": APIDocument.error("字段有误（fields 逐项说明），未保存")],
                ],
            ],
            "/api/v1/plans/{id}": [
                "get": [
                    "operationId": "getPlan",
                    "summary": "一个计划：任务、指标及目标、现行分解表",
                    "tags": tag, "parameters": [id],
                    "responses": ["200": APIDocument.json(APIDocument.ref("PlanDetail"), "计划"), "403": APIDocument.error("角色无权查看"), "404": notFound],
                ],
                "patch": [
                    "operationId": "updatePlan",
                    "summary": "修改计划的文件头与全区目标（计划所属区划的民政管理员）", "tags": tag, "parameters": [id],
                    "requestBody": ["required": true, "content": ["application/json": ["schema": [
                        "type": "object",
                        "properties": ["title": ["type": "string"], "documentNumber": ["type": "string"], "issuingBody": ["type": "string"],
                                       "issuedOn": ["type": "string"], "reportDue": ["type": "string", "format": "date"],
                                       "targets": ["type": "object", "description": "以指标代码为键；null 为以分解表合计为目标", "additionalProperties": nullableNumber]],
                    ]]]],
                    "responses": ["200": APIDocument.json(APIDocument.ref("Plan"), "修改后的计划"), "403": APIDocument.error("不是计划所属区划"), "404": notFound,
                                  "422": APIDocument.error("字段有误，未保存")],
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
        ], ledgerPaths, reportPaths])
    }

    static var reportPaths: JSONValue {
        let region = APIDocument.query("region", "区划代码（计划所属区划或其直接下级；默认为调用者的区划）")
        let parameters: JSONValue = [id, region]
        let report = APIDocument.json(APIDocument.ref("YearReport"), "年度总结报告")
        let notFound = APIDocument.error("计划或区划不存在或不在管辖范围内")
        return [
            "/api/v1/plans/{id}/report": [
                "get": [
                    "summary": "年度总结报告（未保存前为按数据生成的初稿）；format=docx 为 Word 公文，format=xlsx 为附表", "tags": tag,
                    "parameters": [id, region, APIDocument.query("format", "docx 或 xlsx（默认 JSON）")],
                    "responses": ["200": report, "403": APIDocument.error("角色无权查看"), "404": notFound, "422": APIDocument.error("格式有误")],
                ],
                "patch": [
                    "summary": "编辑总结报告（本级，报送前）", "tags": tag, "parameters": parameters,
                    "requestBody": ["required": true, "content": ["application/json": ["schema": [
                        "type": "object",
                        "properties": ["issuingBody": ["type": "string"], "documentNumber": ["type": "string"], "title": ["type": "string"],
                                       "achievements": ["type": "string"], "problems": ["type": "string"], "suggestions": ["type": "string"],
                                       "nextSteps": ["type": "string"]],
                    ]]]],
                    "responses": ["200": report, "403": APIDocument.error("不是本级"), "404": notFound, "409": APIDocument.error("已报送"),
                                  "422": APIDocument.error("字段有误，未保存")],
                ],
            ],
            "/api/v1/plans/{id}/report/submit": [
                "post": [
                    "summary": "报送总结报告（本级；本年台账有被退回未重新报送的，不能报送）", "tags": tag, "parameters": parameters,
                    "responses": ["200": report, "403": APIDocument.error("不是本级"), "404": notFound,
                                  "409": APIDocument.error("已报送，或台账被退回未重新报送"), "422": APIDocument.error("报告内容有误")],
                ],
            ],
        ]
    }

    static var ledgerPaths: JSONValue {
        let place: JSONValue = [id, APIDocument.path("region", "报送区划代码（计划所属区划的直接下级）"), APIDocument.path("month", "月份 YYYY-MM")]
        let ledger = APIDocument.json(APIDocument.ref("Ledger"), "台账")
        let notFound = APIDocument.error("计划、区划不存在或不在管辖范围内")
        func action(_ summary: String, reason: Bool) -> JSONValue {
            var operation: [String: JSONValue] = [
                "summary": .string(summary), "tags": tag, "parameters": place,
                "responses": ["200": ledger, "403": APIDocument.error("不是可以办理的一级（本级不能审核本级）"), "404": notFound,
                              "409": APIDocument.error("台账状态不允许（已锁定、未报送等）"), "422": APIDocument.error("理由或内容有误")],
            ]
            if reason {
                operation["requestBody"] = ["required": true, "content": ["application/json": ["schema": [
                    "type": "object", "required": ["reason"], "properties": ["reason": ["type": "string"]],
                ]]]]
            }
            return .object(operation)
        }
        return [
            "/api/v1/plans/{id}/ledgers": [
                "get": [
                    "summary": "某月各下级区划的督查台账（状态、是否逾期）", "tags": tag,
                    "parameters": [id, APIDocument.query("month", "月份 YYYY-MM（默认当月）")],
                    "responses": [
                        "200": APIDocument.json([
                            "type": "object", "required": ["items", "next", "total"],
                            "properties": ["items": ["type": "array", "items": [
                                "type": "object", "required": ["regionCode", "regionName", "period", "state", "late", "deadline", "submittedAt"],
                                "properties": ["regionCode": ["type": "string"], "regionName": ["type": "string"], "period": ["type": "string"],
                                               "state": ["type": "string"], "late": ["type": "boolean"], "deadline": ["type": "string"],
                                               "submittedAt": nullableString],
                            ]], "next": ["type": "null"], "total": ["type": "integer"]],
                        ], "台账列表"),
                        "403": APIDocument.error("角色无权查看"), "404": notFound, "422": APIDocument.error("月份有误"),
                    ],
                ],
            ],
            "/api/v1/plans/{id}/ledgers/{region}/{month}": [
                "get": ["summary": "一份督查台账（报送前为实时数据，报送后为报送时数据）", "tags": tag, "parameters": place,
                        "responses": ["200": ledger, "403": APIDocument.error("角色无权查看"), "404": notFound, "422": APIDocument.error("月份有误")]],
                "patch": [
                    "summary": "填写台账：任务进展、填报指标、督办答复（仅本级，草稿或退回状态）", "tags": tag, "parameters": place,
                    "requestBody": ["required": true, "content": ["application/json": ["schema": APIDocument.ref("LedgerInput")]]],
                    "responses": ["200": ledger, "403": APIDocument.error("不是本级"), "404": notFound,
                                  "409": APIDocument.error("已报送或已锁定"), "422": APIDocument.error("字段有误（fields 逐项说明），未保存")],
                ],
            ],
            "/api/v1/plans/{id}/ledgers/{region}/{month}/submit": ["post": action("报送台账（本级；有未答复的督办时须先答复）", reason: false)],
            "/api/v1/plans/{id}/ledgers/{region}/{month}/approve": ["post": action("审核通过并锁定（上级；不能审核本级或自己报送的）", reason: false)],
            "/api/v1/plans/{id}/ledgers/{region}/{month}/return": ["post": action("退回（上级，须注明理由）", reason: true)],
            "/api/v1/plans/{id}/ledgers/{region}/{month}/unlock": ["post": action("解锁已审核的月份（上级，须注明理由）", reason: true)],
            "/api/v1/plans/{id}/urgings": [
                "post": [
                    "summary": "向下级发出督办（在其下一次报送的台账中答复）", "tags": tag, "parameters": [id],
                    "requestBody": ["required": true, "content": ["application/json": ["schema": [
                        "type": "object", "required": ["regionCode", "message", "deadline"],
                        "properties": ["regionCode": ["type": "string"], "message": ["type": "string"], "deadline": ["type": "string", "format": "date"]],
                    ]]]],
                    "responses": ["201": APIDocument.json(APIDocument.ref("Urging"), "督办"), "403": APIDocument.error("不是上级"), "404": notFound,
                                  "422": APIDocument.error("督办内容有误")],
                ],
            ],
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
        let urging: JSONValue = [
            "type": "object", "required": ["id", "regionCode", "message", "deadline", "createdBy", "createdAt", "answered"],
            "properties": ["id": ["type": "string"], "regionCode": ["type": "string"], "message": ["type": "string"], "deadline": ["type": "string"],
                           "createdBy": ["type": "string"], "createdAt": ["type": "string"], "answered": ["type": "boolean"]],
        ]
        let figure: JSONValue = [
            "type": "object", "required": ["indicatorCode", "name", "unit", "value", "target", "status", "numerator", "denominator", "measure"],
            "properties": ["indicatorCode": ["type": "string"], "name": ["type": "string"], "unit": ["type": "string"], "value": nullableNumber,
                           "target": nullableNumber, "status": nullableString, "numerator": nullableNumber, "denominator": nullableNumber,
                           "measure": ["type": "string", "enum": ["computed", "reported"]]],
        ]
        var sectionProperties: [String: JSONValue] = [:]
        for section in YearReportSection.allCases { sectionProperties[section.rawValue] = ["type": "string", "description": .string(section.heading)] }
        let planInput: JSONValue = [
            "type": "object", "required": ["regionCode", "year", "title", "issuingBody"],
            "properties": [
                "regionCode": ["type": "string"], "year": ["type": "integer"], "title": ["type": "string"], "documentNumber": ["type": "string"],
                "issuingBody": ["type": "string"], "issuedOn": ["type": "string", "format": "date"], "reportDue": ["type": "string", "format": "date"],
                "tasks": ["type": "array", "items": [
                    "type": "object", "required": ["number", "title"],
                    "properties": ["section": ["type": "string"], "number": ["type": "string"], "title": ["type": "string"], "body": ["type": "string"],
                                   "responsible": ["type": "string"], "deadline": ["type": "string", "format": "date"]],
                ]],
                "indicators": ["type": "array", "items": [
                    "type": "object", "required": ["indicatorCode"],
                    "properties": ["indicatorCode": ["type": "string", "maxLength": 40, "description": "指标目录中的代码（各业务模块声明的指标及填报指标）"],
                                   "label": ["type": "string"], "target": nullableNumber, "task": ["type": "string"], "inBreakdown": ["type": "boolean"]],
                ]],
            ],
        ]
        return [
            "PlanInput": planInput,
            "YearReport": [
                "type": "object",
                "required": ["regionCode", "state", "due", "late", "issuingBody", "documentNumber", "title", "sections", "submittedAt"],
                "properties": [
                    "regionCode": ["type": "string"], "state": ["type": "string", "enum": .array(YearReportState.allCases.map { .string($0.rawValue) })],
                    "due": ["type": "string"], "late": ["type": "boolean"], "issuingBody": ["type": "string"], "documentNumber": ["type": "string"],
                    "title": ["type": "string"], "submittedAt": nullableString,
                    "sections": ["type": "object", "required": .array(YearReportSection.allCases.map { .string($0.rawValue) }), "properties": .object(sectionProperties)],
                ],
            ],
            "Urging": urging,
            "Ledger": [
                "type": "object",
                "required": ["regionCode", "regionName", "period", "state", "late", "deadline", "frozen", "reason", "answer", "submittedAt", "figures", "notes", "events", "urgings"],
                "properties": [
                    "regionCode": ["type": "string"], "regionName": ["type": "string"], "period": ["type": "string"],
                    "state": ["type": "string", "enum": .array(LedgerState.allCases.map { .string($0.rawValue) })], "late": ["type": "boolean"],
                    "deadline": ["type": "string"], "frozen": ["type": "boolean"], "reason": nullableString, "answer": nullableString, "submittedAt": nullableString,
                    "figures": ["type": "array", "items": figure],
                    "notes": ["type": "array", "items": [
                        "type": "object", "required": ["taskId", "progress", "problems", "nextSteps"],
                        "properties": ["taskId": ["type": "string"], "progress": ["type": "string"], "problems": ["type": "string"], "nextSteps": ["type": "string"]],
                    ]],
                    "events": ["type": "array", "items": [
                        "type": "object", "required": ["action", "state", "reason", "actor", "at"],
                        "properties": ["action": ["type": "string"], "state": ["type": "string"], "reason": nullableString, "actor": ["type": "string"], "at": ["type": "string"]],
                    ]],
                    "urgings": ["type": "array", "items": urging],
                ],
            ],
            "LedgerInput": [
                "type": "object",
                "properties": [
                    "notes": ["type": "object", "description": "以任务 id 为键", "additionalProperties": [
                        "type": "object", "properties": ["progress": ["type": "string"], "problems": ["type": "string"], "nextSteps": ["type": "string"]],
                    ]],
                    "reported": ["type": "object", "description": "以指标代码为键；null 清除本月填报", "additionalProperties": ["oneOf": [
                        ["type": "object", "required": ["value"], "properties": ["value": ["type": "number"], "denominator": nullableNumber]], ["type": "null"],
                    ]]],
                    "answer": ["type": "string"],
                ],
            ],
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
