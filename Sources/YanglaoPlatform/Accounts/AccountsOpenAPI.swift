extension AuthAPI {
    package static var openAPIPaths: JSONValue {
        [
            "/api/v1/auth/token": [
                "post": [
                    "summary": "登录，换取访问令牌",
                    "description": "连续5次密码错误锁定账户15分钟。令牌以摘要形式保存，默认12小时后过期。",
                    "tags": ["认证"],
                    "security": [],
                    "requestBody": [
                        "required": true,
                        "content": ["application/json": ["schema": [
                            "type": "object", "required": ["username", "password"],
                            "properties": ["username": ["type": "string"], "password": ["type": "string"]],
                        ]]],
                    ],
                    "responses": [
                        "200": APIDocument.json([
                            "type": "object", "required": ["token", "expiresAt"],
                            "properties": ["token": ["type": "string"], "expiresAt": ["type": "string", "format": "date-time"]],
                        ], "访问令牌"),
                        "401": APIDocument.error("用户名或密码错误（wrong_credentials）、账户已锁定（account_locked）或已停用（account_disabled）"),
                        "422": APIDocument.error("未填写用户名或密码"),
                    ],
                ],
                "delete": [
                    "summary": "退出登录：撤销当前访问令牌",
                    "tags": ["认证"],
                    "responses": ["204": ["description": "已撤销"], "401": APIDocument.error("未登录")],
                ],
            ],
        ]
    }
}

extension AuditAPI {
    package static var openAPIPaths: JSONValue {
        [
            "/api/v1/audit": [
                "get": [
                    "summary": "审计日志（仅审计员，本辖区，按时间倒序）",
                    "tags": ["审计"],
                    "parameters": .array(AuditList.listing.openAPIParameterValues(exports: false)),
                    "responses": [
                        "200": APIDocument.json([
                            "type": "object", "required": .array(["items", "next"] + ListCount.openAPIRequired),
                            "properties": .object(ListCount.openAPIProperties.merging([
                                "items": ["type": "array", "items": ["type": "object"]],
                                "next": ["type": ["string", "null"]],
                            ]) { $1 }),
                        ], "一页审计条目"),
                        "401": APIDocument.error("未登录"),
                        "403": APIDocument.error("非审计员"),
                        "422": APIDocument.error("参数有误"),
                    ],
                ],
            ],
        ]
    }
}
