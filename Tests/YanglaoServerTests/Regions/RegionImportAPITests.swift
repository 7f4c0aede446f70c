import Foundation
import Testing
import Vapor
import VaporTesting
@testable import YanglaoServer

@Suite struct RegionImportAPITests {
    func importFile(_ app: Application, _ fixture: String, dryRun: Bool = false) async throws -> (HTTPStatus, ImportReport) {
        let response = try await app.testing().sendRequest(
            .POST, "api/v1/regions/import?dryRun=\(dryRun)", headers: ["Content-Type": "text/csv"], body: try Fixture.buffer(fixture)
        )
        return (response.status, try response.json(ImportReport.self))
    }

    func regionCount(_ platform: Platform) async throws -> Int {
        try await RegionStore(sql: platform.sql).count()
    }

    @Test(arguments: TestDatabase.available)
    func aPrefecturesCountyListImportsTwiceWithTheSameResult(_ database: TestDatabase) async throws {
        try await withTestApp(database) { app, platform in
            let (firstStatus, first) = try await importFile(app, "tongliao-counties.csv")
            #expect(firstStatus == .ok)
            #expect(first.committed)
            #expect((first.accepted, first.rejected, first.created, first.unchanged) == (9, 0, 9, 0))
            let afterFirst = try await RegionStore(sql: platform.sql).all()

            let (_, second) = try await importFile(app, "tongliao-counties.csv")
            #expect((second.accepted, second.created, second.updated, second.unchanged) == (9, 0, 0, 9))
            #expect(try await RegionStore(sql: platform.sql).all().sorted { $0.code < $1.code } == afterFirst.sorted { $0.code < $1.code })

            // The same list saved as GB18030 by Excel on Chinese Windows reads the same.
            let (_, gbk) = try await importFile(app, "tongliao-counties-gb18030.csv")
            #expect((gbk.accepted, gbk.unchanged, gbk.created, gbk.updated) == (9, 9, 0, 0))

            let horqin = try #require(try await RegionStore(sql: platform.sql).find("150581"))
            #expect(horqin.name == "霍林郭勒市")
            #expect(horqin.kind == "县级市")
            #expect(horqin.prefectureCode == "150500")
        }
    }

    @Test(arguments: TestDatabase.available)
    func aFileWithBadRowsWritesNothingAndNamesEachRow(_ database: TestDatabase) async throws {
        try await withTestApp(database) { app, platform in
            let (status, report) = try await importFile(app, "bad-regions.csv")
            #expect(status == .unprocessableEntity)
            #expect(!report.committed)
            #expect(report.rejected == 3)
            #expect(report.errors.map(\.row) == [4, 5, 6])
            #expect(report.errors[0].field == "区划代码")
            #expect(report.errors[1].message == "上级区划代码 159900 不存在（文件和系统中都没有）")
            #expect(report.errors[2].message == "区划代码 150502 与第3行重复")
            #expect(try await regionCount(platform) == 0)
        }
    }

    @Test(arguments: TestDatabase.available)
    func aDryRunReportsButWritesNothing(_ database: TestDatabase) async throws {
        try await withTestApp(database) { app, platform in
            let (status, report) = try await importFile(app, "tongliao-counties.csv", dryRun: true)
            #expect(status == .ok)
            #expect(report.dryRun && !report.committed)
            #expect(report.created == 9)
            #expect(try await regionCount(platform) == 0)
        }
    }

    @Test(arguments: TestDatabase.available)
    func unreadableFilesAreRefusedAsAWhole(_ database: TestDatabase) async throws {
        try await withTestApp(database) { app, platform in
            let cases: [([UInt8], String)] = [
                ([0x41, 0x81, 0x20, 0x42, 0x0A], "无法识别文件编码：请以 UTF-8 或 GB18030（GBK）编码保存后重新上传"),
                (Array("名称,层级\n海安市,县\n".utf8), "缺少必填列：区划代码、上级区划代码（表头应为：区划代码,名称,层级,上级区划代码,类型,生效日期,失效日期,并入区划代码）"),
                (Array("区划代码,名称,层级,上级区划代码\n".utf8), "文件只有表头，没有数据行"),
            ]
            for (bytes, message) in cases {
                let response = try await app.testing().sendRequest(.POST, "api/v1/regions/import", body: ByteBuffer(bytes: bytes))
                #expect(response.status == .unprocessableEntity)
                let envelope = try response.json(APIError.Envelope.self)
                #expect(envelope.error.code == "invalid_file")
                #expect(envelope.error.message == message)
            }
            let empty = try await app.testing().sendRequest(.POST, "api/v1/regions/import")
            #expect(empty.status == .unprocessableEntity)
            #expect(try empty.json(APIError.Envelope.self).error.message == "请上传文件：文件为空")
            #expect(try await regionCount(platform) == 0)
        }
    }

    @Test func theTemplateIsTheHeaderRowInUTF8WithBOM() async throws {
        try await withTestApp(.sqlite) { app, _ in
            let response = try await app.testing().sendRequest(.GET, "api/v1/regions/import/template")
            #expect(response.status == .ok)
            let bytes = Array(buffer: response.body)
            #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
            #expect(String(decoding: bytes.dropFirst(3), as: UTF8.self) == "区划代码,名称,层级,上级区划代码,类型,生效日期,失效日期,并入区划代码\r\n")
        }
    }

    @Test(arguments: TestDatabase.available)
    func movingATownTakesItsVillagesAlong(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            // 角斜镇 moves from 海安市 to 如东县 (a test of the mechanism, not of history).
            let file = "区划代码,名称,层级,上级区划代码\n320685101,角斜镇,乡,320623\n"
            let response = try await app.testing().sendRequest(.POST, "api/v1/regions/import", body: ByteBuffer(string: file))
            #expect(response.status == .ok)
            let report = try response.json(ImportReport.self)
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
                    group.addTask { try await ImportFlow.run(RegionImport(), file: file, dryRun: false, writer: platform.writer) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(reports.allSatisfy { $0.committed })
            #expect(reports.map(\.created).reduce(0, +) == 9)
            #expect(try await regionCount(platform) == 9)
        }
    }
}
