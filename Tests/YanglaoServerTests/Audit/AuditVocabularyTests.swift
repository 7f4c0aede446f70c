import Foundation
import SQLKit
import Testing
import YanglaoCore
@testable import YanglaoPlatform
@testable import YanglaoElders
@testable import YanglaoFacilities
@testable import YanglaoPlans
@testable import YanglaoServer

/// The audit page's words come from the capability that writes the entries: a ledger's approval reads
/// 审核通过台账 about 2021年12月 角斜镇台账, never a code or an id.
@Suite struct AuditVocabularyTests {
    @Test func eachCapabilityNamesItsActionsAndRecords() async throws {
        try await withTestApp(.sqlite, demo: true) { _, platform in
            let vocabulary = AuditVocabulary(platform.capabilities)
            #expect(vocabulary.action("ledger.approve") == "审核通过台账" && vocabulary.entity("ledger") == "台账")
            #expect(vocabulary.action("elder.duplicate.refuse") == "重复登记不予登记" && vocabulary.action("login.success") == "登录成功")
            let row = try #require(try await platform.sql.select().columns("id", "period").from("ledgers").where("region_code", .equal, "320685101")
                .first())
            let id = try row.decode(column: "id", as: String.self)
            let month = try #require(YearMonth(parsing: try row.decode(column: "period", as: String.self)))
            let names = try await PlansCapability.entityNames("ledger", ids: [id], platform: platform)
            #expect(names[id] == "\(month.label) 角斜镇台账")
        }
    }

    /// Every action a route asks for is declared by the floor or a capability, so a refusal is named
    /// in the log (越权操作 · 操作 登记和修改老年人信息), never by its code.
    @Test func everyActionARouteAsksForIsDeclaredWithItsWords() async throws {
        try await withTestApp(.sqlite) { app, platform in
            let vocabulary = AuditVocabulary(platform.capabilities)
            for route in app.routes.all {
                guard case let .may(action)? = route.declaration?.access else { continue }
                #expect(vocabulary.permissions[action.code] == action.label, "\(route.path): \(action.code) is declared")
            }
            let codes = (Action.floor + platform.capabilities.flatMap { $0.actions }).map(\.code)
            #expect(Set(codes).count == codes.count, "no two capabilities declare the same action")
            #expect(vocabulary.permissions["editElders"] == "登记和修改老年人信息")
        }
    }
}
