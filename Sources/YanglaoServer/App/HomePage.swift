import Foundation
import YanglaoPlatform
import Plot
import SQLKit
import Vapor
import YanglaoCore

/// `/`: what a role needs first. Business roles see their region at a glance; the security admin
/// sees the accounts of the region; the auditor sees the latest entries of the log.
enum HomePage {
    struct Model {
        struct KindCount {
            var kind: String
            var count: Int
        }

        var region: StoredRegion?
        var unitCounts: [KindCount] = []
        var children: [StoredRegion] = []
        var accounts: [Account] = []
        var recentAudit: [StoredAuditEntry] = []
        var auditNames = AuditPages.Names()
        var auditTotal = ListCount(value: 0)
        /// The capabilities' cards for a business role, in their order.
        var cards: [HomeCard] = []
        /// Accounts refused for too many reveals or full-number lookups in the last 7 days.
        var personalDataBursts: [(username: String, refusals: Int, last: String)] = []
    }

    static func register(on pages: any RoutesBuilder, platform: Platform) {
        pages.get(SiteURL.home, access: .signedIn("every account's own start page")) { try await show($0, platform) }
    }

    static func show(_ request: Request, _ platform: Platform) async throws -> Response {
        let user = try platform.user(of: request)
        let model = try await model(for: user, request: request, platform: platform)
        let context = try await PageContext.make(request, platform)
        let done: Node<HTML.BodyContext> = Components.notice(request.query[String.self, at: "done"] == "password" ? "密码已修改" : nil)
        return Layout.response(Layout.document(title: title(user.account.role), context: context, .group(done, view(model, user: user))))
    }

    static func title(_ role: Role) -> String {
        switch role {
        case .securityAdmin: "账户与权限"
        case .auditor: "审计概览"
        default: "辖区概况"
        }
    }

    static func model(for user: CurrentUser, request: Request, platform: Platform) async throws -> Model {
        let store = RegionStore(sql: platform.sql)
        // The region the user works in (the switcher's choice), else the account's own.
        var model = Model(region: try await (request.workingRegion ?? user.scope.rootCode).asyncMap { try await store.find($0) } ?? nil)
        switch user.account.role {
        case .securityAdmin:
            model.accounts = try await AccountStore(sql: platform.sql).list(in: user.scope)
            model.personalDataBursts = try await PersonalDataUse.bursts(on: platform.sql, scope: user.scope, since: Date().addingTimeInterval(-7 * 86_400))
        case .auditor:
            let page = try await AuditList.page(ListParameters(limit: 10), caller: Caller(user: user, actor: AuditActor(user.account, ip: request.clientIP)), platform: platform)
            model.recentAudit = page.items
            model.auditNames = try await AuditPages.Names.of(page.items, platform: platform)
            model.auditTotal = page.count
        default:
            let home = HomeRequest(caller: try platform.caller(request), region: model.region, request: request)
            for capability in platform.capabilities { model.cards += try await capability.homeCards(home, platform: platform) }
            model.cards.sort { $0.order < $1.order }
            guard let region = model.region else { break }
            let today = platform.clock.today
            model.unitCounts = Self.unitCounts(try await store.unitCounts(below: region, on: today))
            model.children = try await store.children(of: region.code).filter { $0.entry.isEffective(on: today) }
        }
        return model
    }

    /// Units by kind (a unit without one by its level's name), by level (towns before villages),
    /// then by how many there are.
    static func unitCounts(_ counted: [(level: RegionLevel, kind: String?, count: Int)]) -> [Model.KindCount] {
        var byKind: [String: (level: RegionLevel, count: Int)] = [:]
        for unit in counted {
            let kind = unit.kind ?? unit.level.label
            let known = byKind[kind]
            byKind[kind] = (min(known?.level ?? unit.level, unit.level), (known?.count ?? 0) + unit.count)
        }
        return byKind.sorted { ($0.value.level, -$0.value.count, $0.key) < ($1.value.level, -$1.value.count, $1.key) }
            .map { Model.KindCount(kind: $0.key, count: $0.value.count) }
    }

    static func view(_ model: Model, user: CurrentUser) -> Node<HTML.BodyContext> {
        .group(
            .section(
                .class("card"),
                .h2(.text("我的账户")),
                .dl(
                    .dt(.text("角色")), .dd(.text(user.account.role.label)),
                    .dt(.text("辖区")), .dd(.text(model.region.map { "\($0.name)（\($0.level.label)级）" } ?? "（区划已不存在）"))
                )
            ),
            body(model, role: user.account.role)
        )
    }

    private static func body(_ model: Model, role: Role) -> Node<HTML.BodyContext> {
        switch role {
        case .securityAdmin:
            let locked = model.accounts.filter { $0.throttle.isLocked(at: Clock.unixNow()) }
            let accountIDs = Dictionary(model.accounts.map { ($0.username, $0.id) }) { first, _ in first }
            return .group(.section(
                .class("card"),
                .h2(.text("个人信息查询预警（近 7 天）")),
                .p(.class("muted"), .text("查看完整个人信息或按完整身份证号码、电话查找超过每小时限额而被拒绝的账户。")),
                Components.table(["用户名", "被拒次数", "最近一次"], model.personalDataBursts.map { burst in
                    [accountIDs[burst.username].map { .a(.href(escaping: SiteURL.account($0).path), .text(burst.username)) } ?? .text(burst.username),
                     .span(.class("num"), .text("\(burst.refusals)")), .text(AuditPages.displayTime(burst.last))]
                }, empty: "近 7 天没有账户超过限额")
            ), .section(
                .class("card"),
                .h2(.text("本辖区账户")),
                .p(.text("共 \(model.accounts.count) 个账户，停用 \(model.accounts.filter(\.disabled).count) 个，锁定 \(locked.count) 个。")),
                Components.table(["用户名", "角色", "锁定至"], locked.map { account in
                    [.a(.href(escaping: SiteURL.account(account.id).path), .text(account.username)), .text(account.role.label),
                     .text(account.lockedUntil.map(Clock.shanghaiTime) ?? "")]
                }, empty: "当前没有被锁定的账户"),
                .p(.a(.class("button"), .href(escaping: SiteURL.accounts.path), .text("账户管理")))
            ))
        case .auditor:
            return .section(
                .class("card"),
                .h2(.text("最近的审计条目")),
                .p(.text("本辖区\(model.auditTotal.text())。")),
                AuditPages.table(model.recentAudit, names: model.auditNames),
                .p(.a(.class("button"), .href(escaping: SiteURL.audit.path), .text("查看全部审计日志")))
            )
        default:
            return .group(
                .forEach(model.cards) { $0.content },
                .section(
                    .class("card"),
                    .h2(.text("下辖区划")),
                    Components.table(["类型", "数量"], model.unitCounts.map { [.text($0.kind), .text("\($0.count)")] }, empty: "本辖区没有下级区划"),
                ),
                .section(
                    .class("card"),
                    .h2(.text("直属下级")),
                    .ul(.class("links"), .forEach(model.children) { child in
                        .li(.a(.href(escaping: SiteURL.region(child.code).path), .text(child.name)), .span(.class("muted"), .text(" \(child.kind ?? child.level.label)")))
                    })
                )
            )
        }
    }
}
