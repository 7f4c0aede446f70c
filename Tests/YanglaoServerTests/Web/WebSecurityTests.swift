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

@Suite struct WebSecurityTests {
    @Test func everyAnswerCarriesTheSecurityHeaders() async throws {
        try await withTestApp(.sqlite, demo: true) { app, _ in
            var client = WebClient(app)
            for path in ["/login", "/no-such-page", "/api/v1/regions"] {
                let response = try await client.get(path)
                let policy = try #require(response.headers.first(name: "Content-Security-Policy"))
                #expect(policy.contains("script-src 'self'"))
                #expect(!policy.contains("unsafe-inline"))
                #expect(response.headers.first(name: "X-Frame-Options") == "DENY")
                #expect(response.headers.first(name: "Referrer-Policy") == "same-origin")
                #expect(response.headers.first(name: .cacheControl) == "no-store")
            }
            let css = try await client.get("/assets/app.css")
            #expect(css.status == .ok)
            #expect(css.headers.contentType?.subType == "css")
            let page = try await client.get("/login")
            #expect(!page.body.string.contains("<script>"), "no inline script")
            #expect(!page.body.string.contains("style=\""), "no inline style")
        }
    }

    @Test(arguments: TestDatabase.available)
    func theSessionCookieIsHttpOnlySameSiteAndRotatedAtLogin(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            var client = WebClient(app)
            let loginPage = try await client.get("/login")
            let setCookie = try #require(loginPage.headers.first(name: .setCookie))
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Lax"))
            #expect(!setCookie.contains("Secure"))
            let anonymous = try #require(client.cookie)

            let signedIn = try await client.post("/login", form: ["username": "demo-town", "password": DemoCity.password])
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers.first(name: .location) == "/")
            let rotated = try #require(client.cookie)
            #expect(rotated != anonymous)
            let digests = try await platform.sql.select().column("id_digest").from("sessions").all(decodingColumn: "id_digest", as: String.self)
            #expect(digests == [PlatformCrypto.tokenDigest(rotated)], "the anonymous session is gone, only digests are stored")
            #expect(try await client.get("/").heading == "辖区概况")

            // Behind a TLS-terminating proxy the cookie is Secure.
            var secure = WebClient(app)
            let tls = try await secure.get("/login", headers: ["X-Forwarded-Proto": "https"])
            #expect(tls.headers.first(name: .setCookie)?.contains("Secure") == true)
            #expect(tls.headers.first(name: "Strict-Transport-Security") != nil)
        }
    }

    @Test(arguments: TestDatabase.available)
    func anIdleSessionExpires(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            var client = try await WebClient.signedIn(app, "demo-town")
            try await platform.sql.update("sessions").set("last_seen_at", to: Clock.unixNow() - SessionStore.idleSeconds - 1).run()
            let response = try await client.get("/regions/320685101")
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == "/login?expired=1")
            #expect(try await client.get("/login?expired=1").body.string.contains("会话已过期，请重新登录"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func formsWithoutTheirCSRFTokenAreRefusedAndChangeNothing(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            var client = try await WebClient.signedIn(app, "demo-security")
            let target = try #require(try await AccountStore(sql: platform.sql).find(username: "demo-town"))
            for token: String? in [nil, "forged"] {
                let response = try await client.post(SiteURL.accountAction(target.id, .disable).path, csrf: .some(token))
                #expect(response.status == .forbidden)
                #expect(response.heading == "无权访问")
                #expect(response.body.string.contains("CSRF 校验失败"))
            }
            #expect(try await AccountStore(sql: platform.sql).find(id: target.id)?.disabled == false)
            let logout = try await client.post("/logout", csrf: .some(nil))
            #expect(logout.status == .forbidden)
            #expect(try await client.get("/").status == .ok, "still signed in")
            #expect(try await auditEntries(platform).filter { $0.action == "access.csrf_rejected" }.count == 3)

            // The login form is protected too.
            var stranger = WebClient(app)
            let login = try await stranger.post("/login", form: ["username": "demo-town", "password": DemoCity.password], csrf: .some(nil))
            #expect(login.status == .forbidden)
        }
    }

    @Test(arguments: TestDatabase.available)
    func wrongPasswordsOnTheLoginPageLockTheAccount(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, _ in
            var client = WebClient(app)
            _ = try await client.get("/login")
            var last = ""
            for attempt in 1...5 {
                let response = try await client.post("/login", form: ["username": "demo-town2", "password": "wrong-\(attempt)"])
                #expect(response.status == .unauthorized)
                last = response.body.string
                if attempt < 5 { #expect(last.contains("用户名或密码错误")) }
            }
            #expect(last.contains("连续5次密码错误，账户已锁定"))
        }
    }

    @Test func pagesNeedASignedInAccount() async throws {
        try await withTestApp(.sqlite, demo: true) { app, _ in
            var client = WebClient(app)
            for path in ["/", "/regions/320685", "/accounts", "/audit"] {
                let response = try await client.get(path)
                #expect(response.status == .seeOther, "\(path)")
                #expect(response.headers.first(name: .location) == "/login", "\(path)")
            }
            let missing = try await client.get("/no-such-page")
            #expect(missing.status == .notFound)
            #expect(missing.heading == "页面不存在")
        }
    }

    @Test func loginRedirectsOnlyWithinTheSite() {
        #expect(LoginPages.safeTarget("/regions/320685") == "/regions/320685")
        #expect(LoginPages.safeTarget("//evil.example/") == "/")
        #expect(LoginPages.safeTarget("https://evil.example/") == "/")
        #expect(LoginPages.safeTarget("/\\evil.example") == "/")
        #expect(LoginPages.safeTarget(nil) == "/")
    }
}
