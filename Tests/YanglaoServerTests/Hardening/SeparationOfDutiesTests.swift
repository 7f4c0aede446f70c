import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import YanglaoPlatform
@testable import YanglaoElders
@testable import YanglaoFacilities
@testable import YanglaoPlans
@testable import YanglaoServer

/// 三员分立 as DESIGN.md spells it: a reset issues a one-time password the owner must change at the
/// first sign-in (both audited); an auditor's or security administrator's password needs two
/// security administrators; nobody acts on their own account.
@Suite struct SeparationOfDutiesPageTests {
    func accountID(_ platform: Platform, _ username: String) async throws -> String {
        try #require(try await AccountStore(sql: platform.sql).find(username: username)).id
    }

    static func oneTimePassword(in html: String) -> String? {
        html.firstMatch(of: /一次性密码：([A-Za-z0-9\-_.@#%+]{12})/).map { String($0.1) }
    }

    @Test(arguments: TestDatabase.available)
    func aResetIssuesAOneTimePasswordTheOwnerMustChange(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            var admin = try await WebClient.signedIn(app, "demo-security")
            let town = try await accountID(platform, "demo-town")
            _ = try await admin.get(SiteURL.account(town).path)
            let reset = try await admin.post(SiteURL.accountAction(town, .password).path)
            #expect(reset.status == .ok)
            let password = try #require(Self.oneTimePassword(in: reset.body.string), "the page shows the one-time password once")
            #expect(try await auditEntries(platform).allSatisfy { !($0.before ?? "").contains(password) && !($0.after ?? "").contains(password) })

            // The owner signs in with it: every page leads to the password page, the API gives no token.
            var owner = try await WebClient.signedIn(app, "demo-town", password: password)
            let home = try await owner.get("/facilities")
            #expect(home.status == .seeOther && home.headers.first(name: .location) == "/password")
            let token = try await app.testing().sendRequest(.POST, "api/v1/auth/token", headers: ["Content-Type": "application/json"],
                                                             body: ByteBuffer(string: #"{"username":"demo-town","password":"\#(password)"}"#))
            #expect(token.status == .forbidden)
            #expect(try token.json(APIError.Envelope.self).error.code == "password_change_required")

            _ = try await owner.get("/password")
            let same = try await owner.post("/password", form: ["current": password, "password": password, "confirmation": password])
            #expect(same.status == .unprocessableEntity)
            let changed = try await owner.post("/password", form: ["current": password, "password": "Jiaoxie-2026!", "confirmation": "Jiaoxie-2026!"])
            #expect(changed.status == .seeOther)
            #expect(try await owner.get("/facilities").status == .ok)
            #expect(try await app.token("demo-town", password: "Jiaoxie-2026!").isEmpty == false)
            let actions = try await auditEntries(platform).filter { $0.entityId == town }.map { "\($0.action) \($0.outcome)" }
            #expect(actions.contains("account.password one_time_password_issued"))
            #expect(actions.contains("account.password_change one_time_password_replaced"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func guardedAccountsNeedTwoSecurityAdministrators(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let auditor = try await accountID(platform, "demo-auditor")
            var first = try await WebClient.signedIn(app, "demo-security")
            _ = try await first.get(SiteURL.account(auditor).path)
            let requested = try await first.post(SiteURL.accountAction(auditor, .password).path)
            #expect(requested.status == .seeOther)
            #expect(try await first.get(requested.headers.first(name: .location)!).body.string.contains("须由另一名安全管理员在本页确认后生效"))
            // The auditor's password is unchanged: the old one still works.
            #expect(try await app.token("demo-auditor").isEmpty == false)

            let again = try await first.post(SiteURL.accountAction(auditor, .password).path)
            #expect(again.status == .forbidden)
            #expect(again.body.string.contains("发起人不能自己确认"))

            var second = try await WebClient.signedIn(app, "demo-security2")
            _ = try await second.get(SiteURL.account(auditor).path)
            let confirmed = try await second.post(SiteURL.accountAction(auditor, .password).path)
            #expect(confirmed.status == .ok)
            #expect(Self.oneTimePassword(in: confirmed.body.string) != nil)
            let entries = try await auditEntries(platform).filter { $0.entityId == auditor && $0.action.hasPrefix("account.password") }
            #expect(entries.map(\.action) == ["account.password_reset_requested", "account.password", "account.password"])
            #expect(entries.map(\.outcome) == ["ok", "refused", "one_time_password_issued requested_by=\(try await accountID(platform, "demo-security"))"])
        }
    }

    @Test(arguments: TestDatabase.available)
    func nobodyActsOnTheirOwnAccount(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let me = try await accountID(platform, "demo-security")
            var admin = try await WebClient.signedIn(app, "demo-security")
            _ = try await admin.get(SiteURL.account(me).path)
            for action in SiteURL.AccountAction.allCases {
                let response = try await admin.post(SiteURL.accountAction(me, action).path)
                #expect(response.status == .forbidden, "\(action)")
                #expect(response.body.string.contains("不能对自己的账户执行此操作"), "\(action)")
            }
            let stored = try #require(try await AccountStore(sql: platform.sql).find(id: me))
            #expect(!stored.disabled && !stored.mustChangePassword && stored.resetRequestedBy == nil)
        }
    }
}
