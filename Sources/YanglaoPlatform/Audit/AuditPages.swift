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
            .p(.text("\(page.count.text())（按时间倒序）。")),
            table(page.items, names: try await Names.of(page.items, platform: platform)),
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

    /// Names for what the entries identify: accounts, regions and records, read in a few batched queries.
    package struct Names: Sendable {
        package var accounts: [String: String] = [:]
        package var regions: [String: String] = [:]
        package var entities: [String: String] = [:]
        package var vocabulary = AuditVocabulary([])

        package init() {}

        package static func of(_ items: [StoredAuditEntry], platform: Platform) async throws -> Names {
            var names = Names()
            names.vocabulary = AuditVocabulary(platform.capabilities)
            let regionCodes = Set(items.compactMap(\.regionCode) + items.filter { $0.entityType == "region" }.compactMap(\.entityId))
            names.regions = try await RegionStore(sql: platform.sql).names(of: regionCodes)
            let accountIDs = Set(items.compactMap(\.accountId) + items.filter { $0.entityType == "account" }.compactMap(\.entityId))
            for account in try await AccountStore(sql: platform.sql).find(ids: accountIDs) {
                names.accounts[account.id] = account.displayName ?? account.username
            }
            for (type, entries) in Dictionary(grouping: items.filter { $0.entityId != nil }, by: { $0.entityType ?? "" }) {
                let ids = Array(Set(entries.compactMap(\.entityId)))
                let found: [String: String] = switch type {
                case "region": names.regions.filter { ids.contains($0.key) }
                case "account": names.accounts.filter { ids.contains($0.key) }
                case "action": names.vocabulary.permissions.filter { ids.contains($0.key) }
                default: try await platform.capabilities.asyncReduce([:]) { $0.merging(try await $1.entityNames(type, ids: ids, platform: platform)) { a, _ in a } }
                }
                for (id, name) in found { names.entities["\(type)|\(id)"] = name }
            }
            return names
        }
    }

    package static func table(_ items: [StoredAuditEntry], names: Names = Names()) -> Node<HTML.BodyContext> {
        Components.table(["时间", "用户", "角色", "区划", "操作", "对象", "说明", "结果", "封存"], items.map { item in
            let who = item.accountId.flatMap { names.accounts[$0] }.map { "\($0)（\(item.username ?? "")）" } ?? item.username ?? ""
            let region = item.regionCode.map { names.regions[$0] ?? $0 } ?? ""
            let entity = item.entityType.map { type in
                let name = item.entityId.flatMap { names.entities["\(type)|\($0)"] }
                return names.vocabulary.entity(type) + (name.map { "：\($0)" } ?? "")
            } ?? ""
            return [
                .text(displayTime(item.occurredAt)), .text(who), .text(item.role.flatMap(Role.init(rawValue:))?.label ?? item.role ?? ""),
                .text(region), .text(names.vocabulary.action(item.action)), .text(entity), .text(detail(item)),
                .text(item.outcome), .text(item.sequence.map { "#\($0)" } ?? "待封存"),
            ]
        }, empty: "没有符合条件的审计条目")
    }

    /// What an entry says beyond its action, where it gives a reason: a reveal names the field and why.
    static func detail(_ item: StoredAuditEntry) -> String {
        guard let after = item.after, after.contains("\"reason\""),
              let object = try? JSONSerialization.jsonObject(with: Data(after.utf8)) as? [String: Any], let reason = object["reason"] as? String else { return "" }
        let field = (object["label"] as? String).map { "查看：\($0)；" } ?? ""
        return field + "理由：" + reason
    }

    /// UTC timestamps shown in Beijing time, as people write them: 2026年12月2日 14:35:07.
    package static func displayTime(_ stamp: String) -> String {
        let parser = ISO8601DateFormatter()
        parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = parser.date(from: stamp) else { return stamp }
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy年M月d日 HH:mm:ss"
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        return formatter.string(from: date)
    }

}

/// The audit log's words: the floor's actions and entity types and each capability's own, in Chinese.
package struct AuditVocabulary: Sendable {
    package var actions: [String: String]
    package var entities: [String: String]
    /// What the actions a route asks for let one do (a refused one is named so), by code.
    package var permissions: [String: String]

    package init(_ capabilities: [any Capability.Type]) {
        actions = Self.floorActions
        entities = Self.floorEntities
        permissions = Dictionary(uniqueKeysWithValues: Action.floor.map { ($0.code, $0.label) })
        for capability in capabilities {
            actions.merge(capability.auditActions) { $1 }
            entities.merge(capability.auditEntities) { $1 }
            permissions.merge(capability.actions.map { ($0.code, $0.label) }) { $1 }
        }
    }

    /// An action in Chinese (an unknown one as written: an entry from a version that named it so).
    package func action(_ code: String) -> String { actions[code] ?? code }
    package func entity(_ type: String) -> String { entities[type] ?? type }

    static let floorActions: [String: String] = [
        "login.success": "登录成功", "login.failure": "登录失败", "logout": "退出登录", "token.revoke": "撤销令牌",
        "access.unauthenticated": "未登录访问", "access.forbidden": "越权操作", "access.out_of_scope": "越界访问", "access.denied": "越级操作",
        "access.csrf_rejected": "表单校验失败", "region.import": "导入区划", "account.create": "创建账户",
        "account.disable": "停用账户", "account.enable": "启用账户", "account.unlock": "解锁账户",
        "account.password": "重置密码", "account.password_reset_requested": "申请重置密码", "account.password_change": "修改密码",
        "audit.verify": "校验审计链", "personal_data.rotate": "更换个人信息密钥",
    ]

    static let floorEntities: [String: String] = [
        "region": "区划", "account": "账户", "attachment": "附件", "audit_chain": "审计链", "route": "页面", "action": "操作",
        "token": "令牌", "api_token": "令牌", "personal_data": "个人信息", "import_job": "导入任务",
    ]
}
