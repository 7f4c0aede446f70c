import Foundation
import Testing
import Vapor
import VaporTesting
@testable import YanglaoPlatform
@testable import YanglaoElders
@testable import YanglaoFacilities
@testable import YanglaoPlans
@testable import YanglaoServer

@Suite struct RegionImportAPITests {
    func importFile(_ app: Application, as token: String, _ body: ByteBuffer, dryRun: Bool = false) async throws -> (HTTPStatus, ImportReport) {
        let response = try await app.send(.POST, "api/v1/regions/import?dryRun=\(dryRun)", as: token, body: body)
        return (response.status, try response.json(ImportReport.self))
    }

    func regionCount(_ platform: Platform) async throws -> Int {
        try await RegionStore(sql: platform.sql).count()
    }

    /// `yanglao regions import` runs exactly this.
    @Test(arguments: TestDatabase.available)
    func aPrefecturesCountyListImportsTwiceWithTheSameResult(_ database: TestDatabase) async throws {
        try await withTestApp(database) { app, platform in
            let file = try Fixture.bytes("tongliao-counties.csv")
            let first = try await YanglaoApplication.importRegions(file: file, dryRun: false, platform: platform)
            #expect(first.committed)
            #expect((first.accepted, first.rejected, first.created, first.unchanged) == (9, 0, 9, 0))
            let afterFirst = try await RegionStore(sql: platform.sql).all().sorted { $0.code < $1.code }

            let second = try await YanglaoApplication.importRegions(file: file, dryRun: false, platform: platform)
            #expect((second.accepted, second.created, second.updated, second.unchanged) == (9, 0, 0, 9))
            #expect(try await RegionStore(sql: platform.sql).all().sorted { $0.code < $1.code } == afterFirst)

            // The same list saved as GB18030 by Excel on Chinese Windows reads the same.
            let gbk = try await YanglaoApplication.importRegions(file: try Fixture.bytes("tongliao-counties-gb18030.csv"), dryRun: false, platform: platform)
            #expect((gbk.accepted, gbk.unchanged, gbk.created, gbk.updated) == (9, 9, 0, 0))

            let horqin = try #require(try await RegionStore(sql: platform.sql).find("150581"))
            #expect(horqin.name == "霍林郭勒市")
            #expect(horqin.kind == "县级市")
            #expect(horqin.prefectureCode == "150500")
            // Each commit is one audit entry; a commit that changes nothing too.
            #expect(try await auditEntries(platform).filter { $0.action == "region.import" }.count == 3)
        }
    }

    @Test(arguments: TestDatabase.available)
    func aFileWithBadRowsWritesNothingAndNamesEachRow(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let before = try await regionCount(platform)
            let token = try await app.token("demo-tongliao")
            let (status, report) = try await importFile(app, as: token, try Fixture.buffer("bad-regions.csv"))
            #expect(status == .unprocessableEntity)
            #expect(!report.committed)
            #expect(report.rejected == 3)
            #expect(report.errors.map(\.row) == [4, 5, 6])
            #expect(report.errors[0].field == "区划代码")
            #expect(report.errors[1].message == "上级区划代码 159900 不存在（文件和系统中都没有）")
            #expect(report.errors[2].message == "区划代码 150502 与第3行重复")
            #expect(try await regionCount(platform) == before)
        }
    }

    @Test(arguments: TestDatabase.available)
    func anAdminImportsBelowTheirRegionOnly(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let before = try await regionCount(platform)
            let token = try await app.token("demo-county") // 科尔沁左翼中旗
            let villages = "区划代码,名称,层级,上级区划代码,类型\n150521100202,乌兰嘎查,村,150521100,嘎查\n150521104202,巴彦嘎查,村,150521104,嘎查\n"
            let (dryStatus, dry) = try await importFile(app, as: token, ByteBuffer(string: villages), dryRun: true)
            #expect(dryStatus == .ok)
            #expect(dry.dryRun && !dry.committed && dry.created == 2)
            #expect(try await regionCount(platform) == before)

            let (status, report) = try await importFile(app, as: token, ByteBuffer(string: villages))
            #expect(status == .ok)
            #expect(report.committed && report.created == 2)
            #expect(try await regionCount(platform) == before + 2)

            // A village of 奈曼旗 and a change to the admin's own region are refused; nothing is written.
            let outside = "区划代码,名称,层级,上级区划代码,类型\n150521100203,新嘎查,村,150521100,嘎查\n150525101202,外旗村,村,150525101,村\n150521,科左中旗,县,150500,旗\n"
            let (refusedStatus, refused) = try await importFile(app, as: token, ByteBuffer(string: outside))
            #expect(refusedStatus == .unprocessableEntity)
            #expect(refused.errors.map(\.row) == [3, 4])
            #expect(refused.errors[0].message == "区划 150525101202（外旗村）不在您可维护的范围内（仅限本辖区以下的区划）")
            #expect(try await regionCount(platform) == before + 2)

            // The admin's own region may appear in the file unchanged (as an export holds it).
            let export = try await app.send(.GET, "api/v1/regions?format=csv&includeHistory=true", as: token)
            let (_, reimport) = try await importFile(app, as: token, export.body)
            #expect(reimport.committed && reimport.unchanged == reimport.accepted && reimport.rejected == 0)
        }
    }

    @Test(arguments: TestDatabase.available)
    func unreadableFilesAreRefusedAsAWhole(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let before = try await regionCount(platform)
            let token = try await app.token("demo-city")
            let cases: [([UInt8], String)] = [
                ([0x41, 0x81, 0x20, 0x42, 0x0A], "无法识别文件编码：请以 UTF-8 或 GB18030（GBK）编码保存后重新上传"),
                (Array("名称,层级\n海安市,县\n".utf8), "缺少必填列：区划代码、上级区划代码（表头应为：区划代码,名称,层级,上级区划代码,类型,生效日期,失效日期,并入区划代码）"),
                (Array("区划代码,名称,层级,上级区划代码\n".utf8), "文件只有表头，没有数据行"),
            ]
            for (bytes, message) in cases {
                let response = try await app.send(.POST, "api/v1/regions/import", as: token, body: ByteBuffer(bytes: bytes))
                #expect(response.status == .unprocessableEntity)
                let envelope = try response.json(APIError.Envelope.self)
                #expect(envelope.error.code == "invalid_file")
                #expect(envelope.error.message == message)
            }
            let empty = try await app.send(.POST, "api/v1/regions/import", as: token)
            #expect(empty.status == .unprocessableEntity)
            #expect(try empty.json(APIError.Envelope.self).error.message == "请上传文件：文件为空")
            #expect(try await regionCount(platform) == before)
        }
    }

    @Test func theTemplateIsTheHeaderRowInUTF8WithBOM() async throws {
        try await withTestApp(.sqlite, demo: true) { app, _ in
            let response = try await app.send(.GET, "api/v1/regions/import/template", as: try await app.token("demo-city"))
            #expect(response.status == .ok)
            let bytes = Array(buffer: response.body)
            #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
            #expect(String(decoding: bytes.dropFirst(3), as: UTF8.self) == "区划代码,名称,层级,上级区划代码,类型,生效日期,失效日期,并入区划代码\r\n")
        }
    }

    @Test(arguments: TestDatabase.available)
    func movingATownTakesItsVillagesAlong(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            // 角斜镇 moves from 海安市 to 如东县: outside demo-city's region, so only the command line may.
            let file = Array("区划代码,名称,层级,上级区划代码\n320685101,角斜镇,乡,320623\n".utf8)
            let (refusedStatus, _) = try await importFile(app, as: try await app.token("demo-city"), ByteBuffer(bytes: file))
            #expect(refusedStatus == .unprocessableEntity)

            let report = try await YanglaoApplication.importRegions(file: file, dryRun: false, platform: platform)
            #expect(report.updated == 1)
            let store = RegionStore(sql: platform.sql)
            let village = try #require(try await store.find("320685101201"))
            #expect(village.countyCode == "320623")
            #expect(village.townCode == "320685101")
            let rudong = try #require(try await store.find("320623"))
            #expect(try await store.subtree(of: rudong).map(\.code).contains("320685101201"))
            // The kind was not in the file, so it stays.
            #expect(try await store.find("320685101")?.kind == "镇")
        }
    }

    @Test func concurrentImportsOnSQLiteAreSerialisedWithoutLockErrors() async throws {
        try await withTestApp(.sqlite) { app, platform in
            let file = try Fixture.bytes("tongliao-counties.csv")
            let reports = try await withThrowingTaskGroup(of: ImportReport.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await YanglaoApplication.importRegions(file: file, dryRun: false, platform: platform) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(reports.allSatisfy { $0.committed })
            #expect(reports.map(\.created).reduce(0, +) == 9)
            #expect(try await regionCount(platform) == 9)
        }
    }
}
