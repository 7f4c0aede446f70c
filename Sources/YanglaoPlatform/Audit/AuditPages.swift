import Foundation
import Plot
import Vapor
import YanglaoCore

/// `/audit`: the auditor's page — the log of their region with filters and paging, and a check of
/// the whole chain on request.
package enum AuditPages {
    package static func register(on pages: any RoutesBuilder, platform: Platform) {
        pages.get(SiteURL.audit, access: .may(.reviewAudit)) { try await show($0, platform, verification: nil) }
        pages.post(SiteURL.auditVerify, access: .may(.reviewAudit)) { request in
            let (verdict, pending) = try await platform.sealer.verify(on: platform.sql)
            let text: String
            switch verdict {
            case let .intact(sealed):
                text = "审计链完整：\(sealed) 条已封存条目校验通过" + (pending > 0 ? "，另有 \(pending) 条待封存" : "")
            case let .broken(position, id, reason):
                text = "审计链断裂：第\(position)条" + (id.map { "（id \($0)）" } ?? "") + "：\(reason)"
            }
            try await platform.record(request, action: "audit.verify", entityType: "audit_chain", outcome: text)
            return try await show(request, platform, verification: (text, { if case .intact = verdict { true } else { false } }()))
        }
    }

    package static func show(_ request: Request, _ platform: Platform, verification: (text: String, ok: Bool)?) async throws -> Response {
        let page = try await AuditList.page(try ListParameters(request, listing: AuditList.listing), caller: try platform.caller(request), platform: platform)
        let context = try await PageContext.make(request, platform)
        let query = request.url.query.map { "?\($0)" } ?? ""
        let content: Node<HTML.BodyContext> = .group(
            .unwrap(verification) { Components.notice($0.text, kind: $0.ok ? "info" : "error") },
            filters(request),
            .p(.text("共 \(page.total) 条（按时间倒序）。")),
            table(page.items),
            .unwrap(page.next) { next in
                .p(.a(.class("button secondary"), .href(escaping: SiteURL.audit.path + "?" + request.query(setting: ["cursor": next])), .text("下一页")))
            },
            .form(
                .class("inline"), .action(escaping: SiteURL.auditVerify.path + query), .method(.post),
                Layout.csrfField(context.csrf),
                .button(.type(.submit), .text("校验审计链"))
            )
        )
        return Layout.response(Layout.document(title: "审计日志", context: context, content))
    }

    package static func filters(_ request: Request) -> Node<HTML.BodyContext> {
        let value = { (name: String) in request.query[String.self, at: name] ?? "" }
        return .form(
            .class("filters"), .action(escaping: SiteURL.audit.path), .method(.get),
            Components.field("起始日期", name: "from", value: value("from"), type: .date),
            Components.field("截止日期", name: "to", value: value("to"), type: .date),
            Components.field("用户名", name: "username", value: value("username")),
            Components.field("对象类型", name: "entityType", value: value("entityType"), hint: "如 region、account"),
            Components.field("操作", name: "action", value: value("action"), hint: "如 login.failure"),
            .button(.type(.submit), .text("筛选"))
        )
    }

    package static func table(_ items: [StoredAuditEntry]) -> Node<HTML.BodyContext> {
        Components.table(["时间", "用户", "角色", "区划", "操作", "对象", "结果", "封存"], items.map { item in
            [
                .text(displayTime(item.occurredAt)), .text(item.username ?? ""), .text(item.role.flatMap(Role.init(rawValue:))?.label ?? item.role ?? ""),
                .text(item.regionCode ?? ""), .text(actionLabel(item.action)),
                .text([item.entityType, item.entityId].compactMap { $0 }.joined(separator: " ")),
                .text(item.outcome), .text(item.sequence.map { "#\($0)" } ?? "待封存"),
            ]
        }, empty: "没有符合条件的审计条目")
    }

    /// UTC timestamps shown in Beijing time.
    package static func displayTime(_ stamp: String) -> String {
        let parser = ISO8601DateFormatter()
        parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = parser.date(from: stamp) else { return stamp }
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        return formatter.string(from: date)
    }

    package static let actionLabels: [String: String] = [
        "login.success": "登录成功", "login.failure": "登录失败", "logout": "退出登录", "token.revoke": "撤销令牌",
        "access.unauthenticated": "未登录访问", "access.forbidden": "越权操作", "access.out_of_scope": "越界访问",
        "access.csrf_rejected": "表单校验失败", "region.import": "导入区划", "account.create": "创建账户",
        "account.disable": "停用账户", "account.enable": "启用账户", "account.unlock": "解锁账户",
        "account.password": "重置密码", "audit.verify": "校验审计链",
    ]

    package static func actionLabel(_ action: String) -> String {
        actionLabels[action].map { "\($0)（\(action)）" } ?? action
    }
}
