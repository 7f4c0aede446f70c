extension RegionsAPI {
    package static var openAPIPaths: JSONValue {
        let date = APIDocument.query("date", "按该日期有效的区划（默认今天）")
        let history = APIDocument.query("includeHistory", "为 true 时包含已撤销、已并入的区划", type: "boolean")
        return [
            "/api/v1/regions": [
                "get": [
                    "summary": "调用者管辖范围内的区划树",
                    "tags": ["区划"],
                    "parameters": [
                        APIDocument.query("region", "以该区划为根（须在管辖范围内）"), date, history,
                        APIDocument.query("format", "csv：导出为可再次导入的区划表"),
                    ],
                    "responses": [
                        "200": [
                            "description": "区划树；format=csv 时为 CSV 文件",
                            "content": [
                                "application/json": ["schema": APIDocument.ref("RegionNode")],
                                "text/csv": ["schema": ["type": "string"]],
                            ],
                        ],
                        "404": APIDocument.error("区划不存在或不在管辖范围内"),
                        "422": APIDocument.error("参数有误"),
                    ],
                ],
            ],
            "/api/v1/regions/{code}": [
                "get": [
                    "summary": "一个区划及其上级路径和下级区划",
                    "tags": ["区划"],
                    "parameters": [APIDocument.path("code", "区划代码"), date, history],
                    "responses": [
                        "200": APIDocument.json(APIDocument.ref("RegionDetail"), "区划详情"),
                        "404": APIDocument.error("区划不存在或不在管辖范围内"),
                    ],
                ],
            ],
            "/api/v1/regions/import": [
                "post": [
                    "summary": "导入区划表（CSV，UTF-8 或 GB18030）",
                    "description": "列：区划代码,名称,层级,上级区划代码；可选：类型,生效日期,失效日期,并入区划代码。层级为 省/市/县/乡/村。任何一行有误则不写入任何数据；重复导入同一文件不产生变化。",
                    "tags": ["区划"],
                    "parameters": [APIDocument.query("dryRun", "为 true 时只校验不写入", type: "boolean")],
                    "requestBody": [
                        "required": true,
                        "content": ["text/csv": ["schema": ["type": "string"]], "application/octet-stream": ["schema": ["type": "string", "format": "binary"]]],
                    ],
                    "responses": [
                        "200": APIDocument.json(APIDocument.ref("ImportReport"), "校验或导入结果"),
                        "422": APIDocument.importRefusal("有行错误，未写入任何数据；或文件无法读取（Error）"), "413": APIDocument.error("文件超过上传上限"),
                    ],
                ],
            ],
            "/api/v1/regions/import/template": [
                "get": [
                    "summary": "下载区划导入模板（CSV，UTF-8 带 BOM）",
                    "tags": ["区划"],
                    "responses": ["200": ["description": "模板文件", "content": ["text/csv": ["schema": ["type": "string"]]]]],
                ],
            ],
        ]
    }

    package static var openAPISchemas: JSONValue {
        let nodeProperties: JSONValue = [
            "code": ["type": "string"],
            "name": ["type": "string"],
            "level": ["type": "string", "enum": ["省", "市", "县", "乡", "村"]],
            "kind": ["type": "string"],
            "effectiveFrom": ["type": "string", "format": "date"],
            "effectiveTo": ["type": "string", "format": "date"],
            "mergedInto": ["type": "string"],
            "children": ["type": "array", "items": APIDocument.ref("RegionNode")],
        ]
        return [
            "RegionNode": ["type": "object", "required": ["code", "name", "level", "children"], "properties": nodeProperties],
            "RegionDetail": [
                "type": "object",
                "required": ["code", "name", "level", "path", "children"],
                "properties": JSONValue.merge([nodeProperties, [
                    "parentCode": ["type": "string"],
                    "path": [
                        "type": "array",
                        "items": ["type": "object", "properties": ["code": ["type": "string"], "name": ["type": "string"], "level": ["type": "string"]]],
                    ],
                ]]),
            ],
        ]
    }
}
