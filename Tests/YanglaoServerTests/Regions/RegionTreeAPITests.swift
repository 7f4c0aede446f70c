import Foundation
import Testing
import Vapor
import VaporTesting
@testable import YanglaoPlatform
@testable import YanglaoElders
@testable import YanglaoFacilities
@testable import YanglaoPlans
@testable import YanglaoServer

@Suite struct RegionTreeAPITests {
    @Test(arguments: TestDatabase.available)
    func theDemoTerritory(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let haian = try await app.send(.GET, "api/v1/regions", as: try await app.token("demo-city")).json(RegionNode.self)
            #expect(haian.code == "320685")
            #expect(haian.children.count == 15)
            #expect(Set(haian.children.map(\.name)).isSuperset(of: ["角斜镇", "李堡镇", "洋蛮河街道", "白甸镇"]))
            let pilots = haian.children.flatMap(\.children).map(\.name)
            #expect(Set(pilots).isSuperset(of: ["贲巷社区", "星海社区", "新雅社区"]))

            let tongliao = try await app.send(.GET, "api/v1/regions", as: try await app.token("demo-tongliao")).json(RegionNode.self)
            #expect(tongliao.name == "通辽市")
            #expect(tongliao.children.count == 8)
            let towns = tongliao.children.flatMap(\.children).map(\.name)
            #expect(Set(towns).isSuperset(of: ["敖力布皋镇", "舍伯吐镇", "保康镇", "八仙筒镇"]))

            let nantong = try #require(try await RegionStore(sql: platform.sql).find("320600"))
            #expect(nantong.parentCode == nil)
        }
    }

    @Test(arguments: TestDatabase.available)
    func aSubtreeAndHistory(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            // An account of 南通市 to see the merged 海安县 beside 海安市.
            _ = try await AccountService(platform: platform).create(
                .init(username: "nantong", password: "Tongzhou-2021", role: "admin", regionCode: "320600"), by: .commandLine
            )
            let token = try await app.token("nantong", password: "Tongzhou-2021")
            let haian = try await app.send(.GET, "api/v1/regions?region=320685", as: token).json(RegionNode.self)
            #expect((haian.name, haian.level, haian.kind) == ("海安市", "县", "县级市"))

            let current = try await app.send(.GET, "api/v1/regions", as: token).json(RegionNode.self)
            #expect(!current.children.contains { $0.code == "320621" })
            let history = try await app.send(.GET, "api/v1/regions?includeHistory=true", as: token).json(RegionNode.self)
            let old = try #require(history.children.first { $0.code == "320621" })
            #expect(old.mergedInto == "320685")
            #expect(old.effectiveTo == "2018-05-11")
            let in2017 = try await app.send(.GET, "api/v1/regions?date=2017-12-31", as: token).json(RegionNode.self)
            #expect(in2017.children.contains { $0.code == "320621" })
            #expect(!in2017.children.contains { $0.code == "320685" })

            let bad = try await app.send(.GET, "api/v1/regions?date=明天", as: token)
            #expect(bad.status == .unprocessableEntity)
            #expect(try bad.json(APIError.Envelope.self).error.fields?["date"] == "日期“明天”无法识别")
        }
    }

    @Test(arguments: TestDatabase.available)
    func oneRegionWithItsPathAndChildren(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, _ in
            let token = try await app.token("demo-city")
            let response = try await app.send(.GET, "api/v1/regions/320685101", as: token)
            #expect(response.status == .ok)
            let town = try response.json(RegionsAPI.RegionDetail.self)
            #expect(town.name == "角斜镇")
            // The path shows only what the caller may see: 南通市 is above demo-city's region.
            #expect(town.path.map(\.name) == ["海安市"])
            #expect(town.children.map(\.name) == ["角斜社区", "老坝港村", "沿口村"])

            let missing = try await app.send(.GET, "api/v1/regions/320685199", as: token)
            #expect(missing.status == .notFound)
            #expect(try missing.json(APIError.Envelope.self).error.message == "区划不存在或不在您的管辖范围内")
        }
    }

    /// The test: a town admin reads their town, and gets 404 for the neighbouring town;
    /// a city admin gets 404 for another city. Each denial is in the audit log.
    @Test(arguments: TestDatabase.available)
    func scopeIsTheRegionSubtree(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let town = try await app.token("demo-town")
            #expect(try await app.send(.GET, "api/v1/regions/320685101", as: town).status == .ok)
            #expect(try await app.send(.GET, "api/v1/regions/320685101201", as: town).status == .ok)
            #expect(try await app.send(.GET, "api/v1/regions/320685102", as: town).status == .notFound)
            #expect(try await app.send(.GET, "api/v1/regions/320685", as: town).status == .notFound)
            let tree = try await app.send(.GET, "api/v1/regions", as: town).json(RegionNode.self)
            #expect(tree.name == "角斜镇")

            let city = try await app.token("demo-city")
            #expect(try await app.send(.GET, "api/v1/regions/150500", as: city).status == .notFound)
            #expect(try await app.send(.GET, "api/v1/regions?region=150521", as: city).status == .notFound)

            let denials = try await auditEntries(platform).filter { $0.action == "access.out_of_scope" }
            #expect(denials.map(\.entityId) == ["320685102", "320685", "150500", "150521"])
            #expect(denials.first?.username == "demo-town")
        }
    }

    @Test(arguments: TestDatabase.available)
    func theExportReimportsWithoutChange(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, _ in
            let token = try await app.token("demo-city")
            let export = try await app.send(.GET, "api/v1/regions?format=csv&includeHistory=true", as: token)
            #expect(export.status == .ok)
            #expect(export.headers.contentType?.subType == "csv")
            let reimport = try await app.send(.POST, "api/v1/regions/import", as: token, body: export.body)
            let report = try reimport.json(ImportReport.self)
            #expect(report.accepted == 1 + 15 + 35)
            #expect(report.unchanged == report.accepted)
            #expect(report.created + report.updated == 0)
        }
    }
}
