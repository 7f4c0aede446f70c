import Foundation
import Testing
import Vapor
import VaporTesting
@testable import YanglaoServer

@Suite struct RegionTreeAPITests {
    @Test(arguments: TestDatabase.available)
    func theDemoTerritoryHasBothCities(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, _ in
            let response = try await app.testing().sendRequest(.GET, "api/v1/regions")
            #expect(response.status == .ok)
            let tree = try response.json(RegionNode.self)
            #expect(tree.children.map(\.name) == ["通辽市", "南通市"])
            let haian = try #require(tree.children[1].children.first { $0.code == "320685" })
            #expect(haian.children.count == 15)
            #expect(Set(haian.children.map(\.name)).isSuperset(of: ["角斜镇", "李堡镇", "洋蛮河街道", "白甸镇"]))
            let pilots = haian.children.flatMap(\.children).map(\.name)
            #expect(Set(pilots).isSuperset(of: ["贲巷社区", "星海社区", "新雅社区"]))
            // 海安县 was merged into 海安市 in 2018: gone today, kept in history.
            #expect(!tree.children[1].children.contains { $0.code == "320621" })
            let tongliao = tree.children[0]
            #expect(tongliao.children.count == 8)
            let towns = tongliao.children.flatMap(\.children).map(\.name)
            #expect(Set(towns).isSuperset(of: ["敖力布皋镇", "舍伯吐镇", "保康镇", "八仙筒镇"]))
        }
    }

    @Test(arguments: TestDatabase.available)
    func aSubtreeAndHistory(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, _ in
            let haian = try await app.testing().sendRequest(.GET, "api/v1/regions?region=320685").json(RegionNode.self)
            #expect(haian.name == "海安市")
            #expect(haian.level == "县")
            #expect(haian.kind == "县级市")

            let current = try await app.testing().sendRequest(.GET, "api/v1/regions?region=320600").json(RegionNode.self)
            #expect(!current.children.contains { $0.code == "320621" })
            let history = try await app.testing().sendRequest(.GET, "api/v1/regions?region=320600&includeHistory=true").json(RegionNode.self)
            let old = try #require(history.children.first { $0.code == "320621" })
            #expect(old.mergedInto == "320685")
            #expect(old.effectiveTo == "2018-05-11")
            let in2017 = try await app.testing().sendRequest(.GET, "api/v1/regions?region=320600&date=2017-12-31").json(RegionNode.self)
            #expect(in2017.children.contains { $0.code == "320621" })
            #expect(!in2017.children.contains { $0.code == "320685" })

            let bad = try await app.testing().sendRequest(.GET, "api/v1/regions?date=明天")
            #expect(bad.status == .unprocessableEntity)
            #expect(try bad.json(APIError.Envelope.self).error.fields?["date"] == "日期“明天”无法识别")
        }
    }

    @Test(arguments: TestDatabase.available)
    func oneRegionWithItsPathAndChildren(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, _ in
            let response = try await app.testing().sendRequest(.GET, "api/v1/regions/320685101")
            #expect(response.status == .ok)
            let town = try response.json(RegionsAPI.RegionDetail.self)
            #expect(town.name == "角斜镇")
            #expect(town.path.map(\.name) == ["南通市", "海安市"])
            #expect(town.children.map(\.name) == ["角斜社区", "老坝港村", "沿口村"])

            let missing = try await app.testing().sendRequest(.GET, "api/v1/regions/320685199")
            #expect(missing.status == .notFound)
            #expect(try missing.json(APIError.Envelope.self).error.message == "区划不存在或不在您的管辖范围内")
            let unknownRoot = try await app.testing().sendRequest(.GET, "api/v1/regions?region=999999")
            #expect(unknownRoot.status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.available)
    func theExportReimportsWithoutChange(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, _ in
            let export = try await app.testing().sendRequest(.GET, "api/v1/regions?region=320685&format=csv&includeHistory=true")
            #expect(export.status == .ok)
            #expect(export.headers.contentType?.subType == "csv")
            let reimport = try await app.testing().sendRequest(.POST, "api/v1/regions/import", body: export.body)
            let report = try reimport.json(ImportReport.self)
            #expect(report.accepted == 1 + 15 + 35)
            #expect(report.unchanged == report.accepted)
            #expect(report.created + report.updated == 0)
        }
    }
}
