import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
import YanglaoCore
@testable import YanglaoPlatform
@testable import YanglaoElders
@testable import YanglaoFacilities
@testable import YanglaoPlans
@testable import YanglaoServer

/// Lookups by a full number are audited (who, the hash searched for, how many found); lookups and
/// reveals together are limited per account and hour, and a refusal reaches the security admin.
@Suite struct PersonalDataUseTests {
    static let zhang = "320685193803150024"

    @Test(arguments: TestDatabase.available)
    func lookupsAreAuditedAndLimitedWithReveals(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true, configure: { $0.personalDataUsesPerHour = 4 }) { app, platform in
            _ = try await AccountService(platform: platform).create(
                .init(username: "hotline-limit", password: "Hotline-2026", role: "hotline_operator", regionCode: "320685"), by: .commandLine)
            let hotline = try await app.token("hotline-limit", password: "Hotline-2026")
            // A 坐席 trying candidates of a phone number: each try is audited, the fifth refused.
            for candidate in 0..<4 {
                let response = try await app.send(.GET, "api/v1/elders?phone=1510000\(String(format: "%04d", candidate))", as: hotline)
                #expect(response.status == .ok, "\(response.body.string.prefix(200))")
            }
            let refused = try await app.send(.GET, "api/v1/elders?phone=15100009999", as: hotline)
            #expect(refused.status == .tooManyRequests)
            #expect(refused.body.string.contains("每小时最多 4 次") && refused.body.string.contains("后再试"))
            // The export is the same lookup.
            #expect(try await app.send(.GET, "api/v1/elders?phone=15100009998&format=csv", as: hotline).status == .tooManyRequests)
            // A name search is no lookup of personal data.
            #expect(try await app.send(.GET, "api/v1/elders?name=张", as: hotline).status == .ok)

            let entries = try await auditEntries(platform)
            let lookups = entries.filter { $0.action == "elder.lookup" && $0.username == "hotline-limit" }
            #expect(lookups.filter { $0.outcome == "ok" }.count == 4)
            #expect(lookups.filter { $0.outcome == PersonalDataUse.limitedOutcome }.count == 2)
            let first = try #require(lookups.first?.after)
            #expect(first.contains("phone=") && first.contains("\"found\":\"0\"") && !first.contains("15100000000"))

            // A town admin: a lookup that finds someone says so; reveals count with lookups.
            let town = try await app.token("demo-town")
            let found = try await app.send(.GET, "api/v1/elders?idNumber=\(Self.zhang)", as: town)
            struct Page: Decodable { struct Row: Decodable { var id: String }; var items: [Row] }
            let zhang = try #require(try found.json(Page.self).items.first).id
            let lookup = try #require(try await auditEntries(platform).last { $0.action == "elder.lookup" && $0.username == "demo-town" })
            #expect(lookup.after?.contains("\"found\":\"1\"") == true && lookup.after?.contains(Self.zhang) == false)
            for _ in 0..<3 {
                let reveal = try await app.send(.POST, "api/v1/elders/\(zhang)/reveal", as: town, body: ByteBuffer(string: #"{"field":"phone","reason":"电话回访核对"}"#))
                #expect(reveal.status == .ok, "\(reveal.body.string.prefix(200))")
            }
            let fifth = try await app.send(.POST, "api/v1/elders/\(zhang)/reveal", as: town, body: ByteBuffer(string: #"{"field":"phone","reason":"电话回访核对"}"#))
            #expect(fifth.status == .tooManyRequests)
            #expect(!fifth.body.string.contains("139"), "a refused reveal shows nothing")

            // The security administrator sees both accounts on the home page.
            var security = try await WebClient.signedIn(app, "demo-security")
            let home = try await security.get("/").body.string
            #expect(home.contains("个人信息查询预警") && home.contains("hotline-limit") && home.contains("demo-town"))
        }
    }
}
