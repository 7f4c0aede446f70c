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

@Suite struct AuthAPITests {
    func login(_ app: Application, _ username: String, _ password: String) async throws -> TestingHTTPResponse {
        try await app.testing().sendRequest(
            .POST, "api/v1/auth/token", headers: ["Content-Type": "application/json"],
            body: ByteBuffer(string: #"{"username":"\#(username)","password":"\#(password)"}"#)
        )
    }

    @Test(arguments: TestDatabase.available)
    func tokensAreIssuedStoredHashedAndRevocable(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let response = try await login(app, "demo-town", DemoCity.password)
            #expect(response.status == .ok)
            let issued = try response.json(TokenStore.Issued.self)
            #expect(issued.token.count >= 43)
            #expect(issued.expiresAt.hasSuffix("Z"))
            let digests = try await platform.sql.select().column("token_digest").from("api_tokens").all(decodingColumn: "token_digest", as: String.self)
            #expect(digests == [PlatformCrypto.tokenDigest(issued.token)])
            #expect(!digests.contains(issued.token))

            #expect(try await app.send(.GET, "api/v1/regions", as: issued.token).status == .ok)
            #expect(try await app.send(.DELETE, "api/v1/auth/token", as: issued.token).status == .noContent)
            let revoked = try await app.send(.GET, "api/v1/regions", as: issued.token)
            #expect(revoked.status == .unauthorized)
            #expect(try revoked.json(APIError.Envelope.self).error.message == "访问令牌无效、已过期或已被撤销，请重新登录")
        }
    }

    @Test(arguments: TestDatabase.available)
    func expiredMissingAndWrongTokensAnswer401(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let token = try await app.token("demo-city")
            try await platform.sql.update("api_tokens").set("expires_at", to: Clock.unixNow() - 1).run()
            #expect(try await app.send(.GET, "api/v1/regions", as: token).status == .unauthorized)
            #expect(try await app.send(.GET, "api/v1/regions", as: "not-a-token").status == .unauthorized)
            let missing = try await app.testing().sendRequest(.GET, "api/v1/regions")
            #expect(missing.status == .unauthorized)
            #expect(try missing.json(APIError.Envelope.self).error.code == "unauthorized")
            let denials = try await auditEntries(platform).filter { $0.action == "access.unauthenticated" }
            #expect(denials.map(\.outcome) == ["invalid_token", "invalid_token", "missing_token"])
        }
    }

    @Test(arguments: TestDatabase.available)
    func wrongPasswordsAndUnknownUsersGetTheSameAnswer(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let wrong = try await login(app, "demo-town", "not-the-password")
            let unknown = try await login(app, "nobody", "whatever-1")
            #expect(wrong.status == .unauthorized)
            #expect(unknown.status == .unauthorized)
            #expect(try wrong.json(APIError.Envelope.self).error.message == "用户名或密码错误")
            #expect(try unknown.json(APIError.Envelope.self).error.message == "用户名或密码错误")
            let failures = try await auditEntries(platform).filter { $0.action == "login.failure" }
            #expect(failures.map(\.outcome) == ["wrong_password", "unknown_user"])
            #expect(failures.map(\.username) == ["demo-town", "nobody"])
            let empty = try await login(app, "", "")
            #expect(empty.status == .unprocessableEntity)
        }
    }

    @Test(arguments: TestDatabase.available)
    func fiveFailuresLockTheAccountForFifteenMinutes(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            for attempt in 1...5 {
                let response = try await login(app, "demo-town2", "wrong-\(attempt)")
                let code = try response.json(APIError.Envelope.self).error.code
                #expect(code == (attempt < 5 ? "wrong_credentials" : "account_locked"))
            }
            // Even the right password is refused while locked.
            let locked = try await login(app, "demo-town2", DemoCity.password)
            #expect(locked.status == .unauthorized)
            let message = try locked.json(APIError.Envelope.self).error.message
            #expect(message.hasPrefix("连续5次密码错误，账户已锁定，请于"))
            let account = try #require(try await AccountStore(sql: platform.sql).find(username: "demo-town2"))
            let lockedFor = try #require(account.lockedUntil) - Clock.unixNow()
            #expect((14 * 60...15 * 60).contains(lockedFor))
            #expect(try await auditEntries(platform).filter { $0.outcome == "locked" }.count == 1)

            // After the lock runs out the right password works and the count starts again.
            try await platform.sql.update("accounts").set("locked_until", to: Clock.unixNow() - 1).where("username", .equal, "demo-town2").run()
            #expect(try await login(app, "demo-town2", DemoCity.password).status == .ok)
            #expect(try await AccountStore(sql: platform.sql).find(username: "demo-town2")?.failedLogins == 0)
        }
    }

    @Test(arguments: TestDatabase.available)
    func accountsAreCheckedFieldByField(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { _, platform in
            let service = AccountService(platform: platform)
            do {
                _ = try await service.create(.init(username: "demo-town", password: "short", role: "mayor", regionCode: "999999"), by: .commandLine)
                Issue.record("the account should be refused")
            } catch let error as APIError {
                #expect(error.status == .unprocessableEntity)
                #expect(error.fields["username"] == "用户名“demo-town”已被使用")
                #expect(error.fields["role"]?.hasPrefix("角色“mayor”不存在") == true)
                #expect(error.fields["region"] == "区划“999999”不存在")
                #expect(error.fields["password"] == "密码至少8位；密码须包含字母、数字、符号中的至少两类")
            }
            do {
                _ = try await service.create(.init(username: "carer", password: "care-2021x", role: "caregiver", regionCode: "320685101"), by: .commandLine)
                Issue.record("a caregiver needs an organisation")
            } catch let error as APIError {
                #expect(error.fields == ["organisation": "护理员账户须指定所属机构"])
            }
            let before = try await auditEntries(platform).count
            let created = try await service.create(
                .init(username: "carer", password: "care-2021x", role: "caregiver", regionCode: "320685101", organisationID: "org-1"), by: .commandLine
            )
            #expect(created.passwordHash.hasPrefix("$2"))
            let entries = try await auditEntries(platform)
            #expect(entries.count == before + 1)
            #expect(entries.last?.action == "account.create")
            #expect(entries.last?.after?.contains("passwordHash") == false)
            #expect(entries.last?.after?.contains("$2") == false)
        }
    }
}
