import Foundation
import Plot
import Vapor
import YanglaoCore

/// The security admin's pages: the accounts of their region, a new account, and one account with
/// its actions (disable, enable, unlock, reset password).
package enum AccountPages {
    package struct NewForm: Content {
        package var username: String?
        package var displayName: String?
        package var role: String?
        package var region: String?
        package var organisation: String?
        package var password: String?
    }

    package static func register(on pages: any RoutesBuilder, platform: Platform) {
        pages.get(SiteURL.accounts, access: .may(.manageAccounts)) { try await list($0, platform) }
        pages.get(SiteURL.accountNew, access: .may(.manageAccounts)) { request -> Response in
            try await newPage(request, platform, form: NewForm(), errors: [:])
        }
        pages.post(SiteURL.accountNew, access: .may(.manageAccounts)) { try await create($0, platform) }
        pages.get(SiteURL.account(.idKey), access: .may(.manageAccounts), record: resolver) { try await show($0, platform, notice: nil, errors: [:]) }
        for change in SiteURL.AccountAction.allCases {
            pages.post(SiteURL.accountAction(.idKey, change), access: .may(.manageAccounts), record: resolver) {
                try await act($0, platform, change)
            }
        }
    }

    /// An account of the caller's region: 404 (audited) otherwise.
    package static let resolver = RecordResolver(entity: "account") { request in
        let platform = request.application.platform!
        let user = try platform.user(of: request)
        let id = request.parameters.get("id") ?? ""
        guard let account = try await AccountStore(sql: platform.sql).find(id: id) else { throw APIError.notFound("账户") }
        guard let region = try await RegionStore(sql: platform.sql).find(account.regionCode), user.scope.contains(region) else {
            throw try await platform.outOfScope(request, entityType: "account", entityID: id, what: "账户")
        }
        return account
    }

    package static func list(_ request: Request, _ platform: Platform) async throws -> Response {
        var parameters = try ListParameters(request, listing: AccountList.listing)
        parameters.limit = 50
        let page = try await AccountList.page(parameters, caller: try platform.caller(request), platform: platform)
        let from = try request.queryInteger("from", .paging(max: PageRequest.maximumOffset), label: "起始序号") ?? 1
        let context = try await PageContext.make(request, platform)
        let regionOptions = context.regions.map { ($0.code, String(repeating: "　", count: $0.depth) + $0.name) }
        let now = Clock.unixNow()
        let content: Node<HTML.BodyContext> = .group(
            RegistryPageComponents.filterForm(AccountList.listing, action: SiteURL.accounts.path, request: request, regions: regionOptions),
            .p(.class("list-heading"), .text(([context.currentRegionName ?? "", "账户"] + page.descriptions).filter { !$0.isEmpty }.joined(separator: " · "))),
            .p(.a(.class("button"), .href(escaping: SiteURL.accountNew.path), .text("新建账户"))),
            Components.table(["序号", "用户名", "姓名", "角色", "区划", "状态"], page.accounts.enumerated().map { index, account in
                [.span(.class("num"), .text("\(from + index)")),
                 .a(.href(escaping: SiteURL.account(account.id).path), .text(account.username)), .text(account.displayName ?? "—"),
                 .text(account.role.label), .text(page.regionNames[account.regionCode] ?? account.regionCode), .text(status(account, now: now))]
            }, empty: "本辖区没有符合条件的账户"),
            RegistryPageComponents.pager(request, next: page.next, from: from, shown: page.accounts.count, total: page.total)
        )
        return Layout.response(Layout.document(title: "账户管理", context: context, content))
    }

    package static func status(_ account: Account, now: Int64) -> String {
        if account.disabled { return "已停用" }
        if account.throttle.isLocked(at: now) { return "已锁定（至\(Clock.shanghaiTime(account.lockedUntil!))）" }
        return "正常"
    }

    package static func newPage(_ request: Request, _ platform: Platform, form: NewForm, errors: [String: String]) async throws -> Response {
        let context = try await PageContext.make(request, platform)
        let roleSelect: Node<HTML.BodyContext> = .div(
            .class(errors["role"] == nil ? "field" : "field invalid"),
            .label(.for("f-role"), .text("角色")),
            .select(.id("f-role"), .attribute(named: "name", value: "role"), .forEach(Role.allCases) { role in
                Components.option(value: role.rawValue, label: role.label, selected: role.rawValue == form.role)
            }),
            .unwrap(errors["role"]) { .p(.class("error"), .text($0)) }
        )
        let regionSelect: Node<HTML.BodyContext> = .div(
            .class(errors["region"] == nil ? "field" : "field invalid"),
            .label(.for("f-region"), .text("辖区")),
            .select(.id("f-region"), .attribute(named: "name", value: "region"), .forEach(context.regions) { option in
                Components.option(value: option.code, label: String(repeating: "　", count: option.depth) + option.name,
                                  selected: option.code == (form.region ?? context.currentRegion))
            }),
            .unwrap(errors["region"]) { .p(.class("error"), .text($0)) }
        )
        let content: Node<HTML.BodyContext> = .form(
            .class("card"), .action(escaping: SiteURL.accountNew.path), .method(.post),
            Layout.csrfField(context.csrf),
            .if(!errors.isEmpty, .p(.class("notice error"), .attribute(named: "role", value: "alert"), .text("请修改标红的项目后重新提交"))),
            Components.field("用户名", name: "username", value: form.username ?? "", required: true, error: errors["username"], hint: "3–32位字母、数字或 - _ ."),
            Components.field("姓名", name: "displayName", value: form.displayName ?? ""),
            .element(named: "div", nodes: [roleSelect, regionSelect]),
            Components.field("所属机构", name: "organisation", value: form.organisation ?? "", error: errors["organisation"], hint: "机构管理员、服务商管理员、护理员必填"),
            Components.field("初始密码", name: "password", type: .password, required: true, error: errors["password"],
                             hint: "至少8位，含字母、数字、符号中的两类", autocomplete: "new-password"),
            .button(.type(.submit), .text("创建"))
        )
        return Layout.response(Layout.document(title: "新建账户", context: context, content), status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    package static func create(_ request: Request, _ platform: Platform) async throws -> Response {
        let user = try platform.user(of: request)
        let form = try request.content.decode(NewForm.self)
        let region = form.region ?? ""
        guard let stored = try await RegionStore(sql: platform.sql).find(region), user.scope.contains(stored) else {
            return try await newPage(request, platform, form: form, errors: ["region": "请选择本辖区内的区划"])
        }
        do {
            let account = try await AccountService(platform: platform).create(.init(
                username: form.username ?? "", password: form.password ?? "", role: form.role ?? "", regionCode: region,
                organisationID: form.organisation, displayName: form.displayName.flatMap { $0.isEmpty ? nil : $0 }
            ), by: AuditActor(user.account, ip: request.clientIP), oneTimePassword: true)
            return request.redirect(toPath: SiteURL.account(account.id).with(["done": "created"]))
        } catch let error as APIError where error.status == .unprocessableEntity {
            return try await newPage(request, platform, form: form, errors: error.fields)
        }
    }

    package static let doneMessages = [
        "created": "账户已创建：初始密码为一次性密码，本人首次登录时须修改", "disable": "账户已停用，其会话和令牌均已失效", "enable": "账户已启用",
        "unlock": "账户已解锁", "requested": "已申请重置密码：须由另一名安全管理员在本页确认后生效",
    ]

    /// The caller and the account the route resolved.
    package static func managedAccount(_ request: Request, _ platform: Platform) async throws -> (CurrentUser, Account) {
        (try platform.user(of: request), try request.resolved(Account.self))
    }

    package static func show(
        _ request: Request, _ platform: Platform, notice: String?, errors: [String: String], status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let (_, account) = try await managedAccount(request, platform)
        let context = try await PageContext.make(request, platform)
        let done = request.query[String.self, at: "done"].flatMap { doneMessages[$0] }
        let now = Clock.unixNow()
        func action(_ change: SiteURL.AccountAction, _ title: String, _ extra: Node<HTML.FormContext> = .empty) -> Node<HTML.BodyContext> {
            .form(
                .class("action"), .action(escaping: SiteURL.accountAction(account.id, change).path), .method(.post),
                Layout.csrfField(context.csrf), extra,
                .button(.type(.submit), .attribute(named: "data-confirm", escaping: "确定要\(title)吗？"), .text(title))
            )
        }
        let content: Node<HTML.BodyContext> = .group(
            Components.notice(notice ?? done),
            .section(
                .class("card"),
                .dl(
                    .dt(.text("用户名")), .dd(.text(account.username)),
                    .dt(.text("姓名")), .dd(.text(account.displayName ?? "—")),
                    .dt(.text("角色")), .dd(.text(account.role.label)),
                    .dt(.text("辖区")), .dd(.text(account.regionCode)),
                    .dt(.text("所属机构")), .dd(.text(account.organisationId ?? "—")),
                    .dt(.text("状态")), .dd(.text(Self.status(account, now: now))),
                    .dt(.text("连续登录失败")), .dd(.text("\(account.failedLogins) 次")),
                    .dt(.text("密码")), .dd(.text(account.mustChangePassword ? "一次性密码，待本人修改" : "本人设置"))
                )
            ),
            .section(
                .class("card actions"),
                .h2(.text("操作")),
                account.disabled ? action(.enable, "启用账户") : action(.disable, "停用账户"),
                .if(account.throttle.isLocked(at: now) || account.failedLogins > 0, action(.unlock, "解锁账户")),
                resetAction(account, action: action)
            ),
            .p(.a(.href(escaping: SiteURL.accounts.path), .text("返回账户列表")))
        )
        return Layout.response(Layout.document(title: "账户 \(account.username)", context: context, content), status: errors.isEmpty ? status : .unprocessableEntity)
    }

    /// Reset: one click for a business account; for an auditor or a security administrator, a request
    /// that another security administrator confirms here.
    package static func resetAction(
        _ account: Account, action: (SiteURL.AccountAction, String, Node<HTML.FormContext>) -> Node<HTML.BodyContext>
    ) -> Node<HTML.BodyContext> {
        guard SeparationOfDuties.isGuarded(account.role) else { return action(.password, "重置密码（生成一次性密码）", .empty) }
        guard account.resetRequestedBy != nil else {
            return .group(.p(.class("hint"), .text("\(account.role.label)账户的密码须两名安全管理员共同重置：由一人申请，另一人确认。")),
                          action(.password, "申请重置密码", .empty))
        }
        return .group(.p(.class("notice"), .text("已有安全管理员申请重置本账户密码，等待另一名安全管理员确认。")),
                      action(.password, "确认重置密码（生成一次性密码）", .empty))
    }

    package static func act(_ request: Request, _ platform: Platform, _ change: SiteURL.AccountAction) async throws -> Response {
        let (user, account) = try await managedAccount(request, platform)
        let outcome: AccountService.Outcome
        do {
            outcome = try await AccountService(platform: platform).apply(
                AccountService.Change(rawValue: change.rawValue)!, to: account, by: AuditActor(user.account, ip: request.clientIP)
            )
        } catch let error as APIError where error.code == "separation_of_duties" {
            return try await show(request, platform, notice: error.message, errors: [:], status: .forbidden)
        }
        switch outcome {
        case .done: return request.redirect(toPath: SiteURL.account(account.id).with(["done": change.rawValue]))
        case .resetRequested: return request.redirect(toPath: SiteURL.account(account.id).with(["done": "requested"]))
        case let .oneTimePassword(password):
            // Shown once, on this answer only: never in a URL, a log or the database.
            return try await show(request, platform, notice: "密码已重置，其会话和令牌均已失效。一次性密码：\(password)（仅显示这一次，请通过安全渠道交给本人；本人首次登录时须修改）",
                                  errors: [:])
        }
    }
}
