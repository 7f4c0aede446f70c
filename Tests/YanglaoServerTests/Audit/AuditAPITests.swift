import Foundation
import Testing
import Vapor
import VaporTesting
import YanglaoCore
@testable import YanglaoPlatform
@testable import YanglaoElders
@testable import YanglaoFacilities
@testable import YanglaoPlans
@testable import YanglaoServer

@Suite struct AuditAPITests {
    @Test(arguments: TestDatabase.available)
    func theAuditorReviewsTheirRegionWithFilters(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let town = try await app.token("demo-town")
            _ = try await app.send(.GET, "api/v1/regions/320685102", as: town)  // a denial in 角斜镇
            _ = try await app.token("demo-tongliao")  // a login in 通辽市
            let auditor = try await app.token("demo-auditor")  // 海安市

            let all = try await app.send(.GET, "api/v1/audit?limit=500", as: auditor).json(AuditAPI.Page.self)
            #expect(all.items.contains { $0.username == "demo-town" && $0.action == "access.out_of_scope" })
            #expect(!all.items.contains { $0.username == "demo-tongliao" })
            // Command-line entries have no region: 海安市 is not the top of the territory (南通市 is).
            #expect(!all.items.contains { $0.username == "（命令行）" })
            #expect(all.total == all.items.count)

            let byUser = try await app.send(.GET, "api/v1/audit?username=demo-town", as: auditor).json(AuditAPI.Page.self)
            #expect(Set(byUser.items.map(\.action)) == ["login.success", "access.out_of_scope"])
            let byEntity = try await app.send(.GET, "api/v1/audit?entityType=region&entityId=320685102", as: auditor).json(AuditAPI.Page.self)
            #expect(byEntity.items.map(\.username) == ["demo-town"])
            let today = try await app.send(.GET, "api/v1/audit?from=\(PlatformClock.system.today)&to=\(PlatformClock.system.today)&username=demo-town", as: auditor).json(AuditAPI.Page.self)
            #expect(today.total == 2)
            let yesterday = try await app.send(.GET, "api/v1/audit?to=2020-01-01", as: auditor).json(AuditAPI.Page.self)
            #expect(yesterday.total == 0)
            #expect(try await app.send(.GET, "api/v1/audit?from=someday", as: auditor).status == .unprocessableEntity)

            // Paging walks every entry once, newest first.
            var seen: [String] = []
            var cursor: String?
            repeat {
                let path = "api/v1/audit?limit=2" + (cursor.map { "&cursor=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" } ?? "")
                let page = try await app.send(.GET, path, as: auditor).json(AuditAPI.Page.self)
                seen += page.items.map(\.id)
                cursor = page.next
            } while cursor != nil
            #expect(seen == all.items.map(\.id))

            // Business admins do not review the log: 403, itself audited.
            let admin = try await app.send(.GET, "api/v1/audit", as: try await app.token("demo-city"))
            #expect(admin.status == .forbidden)
            #expect(try await auditEntries(platform).contains { $0.username == "demo-city" && $0.action == "access.forbidden" })
        }
    }
}
