import Foundation
import SQLKit
import Spreadsheet
import Testing
import Vapor
import ZIPFoundation
import VaporTesting
@testable import YanglaoPlatform
@testable import YanglaoElders
@testable import YanglaoFacilities
@testable import YanglaoPlans
@testable import YanglaoServer

@Suite struct FacilityImportTests {
    func importFile(_ app: Application, _ token: String, _ bytes: [UInt8], dryRun: Bool = false) async throws -> (HTTPStatus, ImportReport) {
        let response = try await app.send(.POST, "api/v1/facilities/import?dryRun=\(dryRun)", as: token, body: ByteBuffer(bytes: bytes))
        try #require(response.body.string.contains("accepted"), "\(response.status): \(response.body.string)")
        return (response.status, try response.json(ImportReport.self))
    }

    func count(_ platform: Platform) async throws -> Int {
        try await platform.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("facilities")
            .first(decodingColumn: "n", as: Int.self) ?? 0
    }

    /// An export is an import that changes nothing: the list round-trips through XLSX and CSV.
    @Test(arguments: TestDatabase.available)
    func theExportImportsAgainUnchanged(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let city = try await app.token("demo-city")
            for format in ["xlsx", "csv"] {
                let export = try await app.send(.GET, "api/v1/facilities?format=\(format)", as: city)
                let (status, report) = try await importFile(app, city, Array(buffer: export.body))
                #expect(status == .ok, "\(format): \(report.errors.prefix(3))")
                #expect(report.rejected == 0)
                #expect(report.unchanged == report.accepted, "\(format)")
                #expect(report.created + report.updated == 0, "\(format)")
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func aTemplateFilledInCreatesThenMatches(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let town = try await app.token("demo-town")
            let template = try XLSXReader.read(Array(buffer: try await app.send(.GET, "api/v1/facilities/import/template", as: town).body))
            #expect(template.header.prefix(6) == ["设施编码", "名称*", "类别*", "功能", "所在区划代码*", "主管部门区划代码"], "required columns are marked")
            let header = ["名称", "类别", "功能", "所在区划代码", "床位数", "护理型床位数", "消防安全达标", "开业（首次收住）日期", "统一社会信用代码"]
            let rows: [[Cell]] = [
                [.text("沿口村助餐点"), .text("助餐点"), .empty, .text("320685101202"), .integer(0), .integer(0), .text("是"), .date(year: 2021, month: 3, day: 1), .empty],
                [.text("角斜镇康养中心"), .text("养老机构"), .text("护理型、普惠"), .text("320685101"), .integer(60), .integer(40), .text("否"), .empty, .text("52320685MJ1234567X")],
            ]
            let file = try XLSXWriter.write([Sheet(name: "设施", header: header, rows: rows)])
            let before = try await count(platform)
            let (status, first) = try await importFile(app, town, file)
            #expect(status == .ok)
            #expect((first.created, first.updated, first.unchanged) == (2, 0, 0))
            #expect(try await count(platform) == before + 2)
            let (_, again) = try await importFile(app, town, file)
            #expect((again.created, again.updated, again.unchanged) == (0, 0, 2))

            // A change in one row updates that facility only, matched on its credit code.
            var changed = rows
            changed[1][4] = .integer(70)
            let (_, third) = try await importFile(app, town, try XLSXWriter.write([Sheet(name: "设施", header: header, rows: changed)]))
            #expect((third.created, third.updated, third.unchanged) == (0, 1, 1))
            #expect(try await count(platform) == before + 2)
        }
    }

    @Test(arguments: TestDatabase.available)
    func badRowsAreNamedByRowAndColumnAndNothingIsWritten(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let town = try await app.token("demo-town")
            let csv = """
                名称,类别,功能,所在区划代码,床位数,护理型床位数
                角斜新院,养老机构,,320685101,30,20
                错区划,助餐点,,320685999,,
                错类别,敬老院,托育,320685101,,
                床位不对,养老机构,,320685101,10,20
                角斜新院,养老机构,,320685101,30,20
                李堡的,助餐点,,320685102001,,
                """
            let before = try await count(platform)
            let (status, report) = try await importFile(app, town, Array(csv.utf8))
            #expect(status == .unprocessableEntity)
            #expect(!report.committed)
            #expect(report.accepted == 1)
            let byRow = Dictionary(grouping: report.errors, by: \.row)
            #expect(byRow[3]?.map(\.field) == ["所在区划代码"])
            #expect(Set(byRow[4]?.compactMap(\.field) ?? []) == ["类别", "功能"])
            #expect(byRow[5]?.first?.field == "护理型床位数")
            #expect(byRow[5]?.first?.message == "护理型床位（20）不能多于床位总数（10）")
            #expect(byRow[6]?.first?.message == "与第2行是同一设施（所在区划与名称相同）")
            #expect(byRow[7]?.first?.message == "所在区划“320685102001”不存在或不在您的管辖范围内")
            #expect(try await count(platform) == before)

            // A town cannot change a facility the city supervises.
            let export = try await app.send(.GET, "api/v1/facilities?format=csv&q=角斜镇敬老院", as: town)
            var table = try CSV.read(Array(buffer: export.body))
            let supervising = try #require(table.header.firstIndex(of: "主管部门区划代码"))
            table.rows[0].cells[supervising] = "320685"
            let (_, upward) = try await importFile(app, town, CSV.write(header: table.header, rows: table.rows.map(\.cells)))
            #expect(upward.errors.first?.field == "主管部门区划代码")
        }
    }
}

/// New facilities of an import are written in batched statements: the same rows as one by one.
@Suite struct FacilityBatchImportTests {
    @Test(arguments: TestDatabase.available)
    func importedFacilitiesHaveTheirFunctionsSnapshotAndStatusHistory(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let town = try await app.token("demo-town")
            let rows = (1...450).map { ["批量院\($0)", "养老机构", "320685101", "护理型、普惠", "\($0 % 50 + 10)", "运营"] }
            let file = CSV.write(header: ["名称", "类别", "所在区划代码", "功能", "床位数", "状态"], rows: rows)
            let response = try await app.send(.POST, "api/v1/facilities/import?dryRun=false", as: town, body: ByteBuffer(bytes: file))
            #expect(response.status == .ok, "\(response.body.string.prefix(300))")
            #expect(try response.json(ImportReport.self).created == 450)
            let store = FacilityStore(sql: platform.sql, activityWindowDays: 90)
            let account = try #require(try await AccountStore(sql: platform.sql).find(username: "demo-town"))
            let user = CurrentUser(account: account, tokenID: nil, scope: try await platform.scope(of: account))
            let imported = try await store.visibleRecords(for: user).filter { $0.facility.name.hasPrefix("批量院") }
            #expect(imported.count == 450)
            #expect(Set(imported.map(\.facility.code)).count == 450, "every new facility got a code of its own")
            #expect(imported.allSatisfy { $0.functions == [.nursing, .inclusive] })
            let sample = try #require(imported.first { $0.facility.name == "批量院7" })
            #expect(try await store.snapshots(of: sample.facility.id).map(\.beds) == [17])
            #expect(try await store.statusHistory(of: sample.facility.id).map(\.status) == [.operating])
        }
    }
}

/// The template explains itself: required columns marked, an example row the import skips, a
/// drop-down on every one-of column, and a 说明 sheet with every column.
@Suite struct FacilityTemplateTests {
    @Test(arguments: TestDatabase.available)
    func theTemplateHasAnExampleDropDownsAndAGuide(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, _ in
            let town = try await app.token("demo-town")
            let bytes = Array(buffer: try await app.send(.GET, "api/v1/facilities/import/template", as: town).body)
            let template = try XLSXReader.read(bytes)
            #expect(template.rows.count == 1, "one example row")
            #expect(template.rows[0].cells.first { !$0.isEmpty }?.hasPrefix(RegistryTemplate.exampleMark) == true, "marked as the example")
            let archive = try Archive(data: Data(bytes), accessMode: .read)
            func part(_ path: String) throws -> String {
                var data = Data()
                _ = try archive.extract(try #require(archive[path])) { data.append($0) }
                return String(decoding: data, as: UTF8.self)
            }
            let sheet = try part("xl/worksheets/sheet1.xml")
            let categoryColumn = XLSXWriter.columnName(try #require(template.header.firstIndex(of: "类别*")))
            #expect(sheet.contains(#"sqref="\#(categoryColumn)2:\#(categoryColumn)1000""#), "类别 has a drop-down")
            let workbook = try part("xl/workbook.xml")
            #expect(workbook.contains("说明") && workbook.contains("选项"))
            #expect(try part("xl/worksheets/sheet2.xml").contains("<row r=\"\(FacilityFields.schema.inputFields.count + 2)\""), "说明 has a row a column")
            let strings = try part("xl/sharedStrings.xml")
            for field in FacilityFields.schema.inputFields { #expect(strings.contains(FacilityImport.header(field)), "\(field.label) in 说明") }
            #expect(strings.contains("必填") && strings.contains("选填"))
            // The template as downloaded imports nothing: its only row is the example.
            let response = try await app.send(.POST, "api/v1/facilities/import?dryRun=true", as: town, body: ByteBuffer(bytes: bytes))
            #expect(response.status == .unprocessableEntity)
            #expect(try response.json(APIError.Envelope.self).error.message.contains("示例行"))
            // The import page names every required column (the old hint named three of more).
            var client = try await WebClient.signedIn(app, "demo-town")
            let page = try await client.get(FacilityURL.importPage.path).body.string
            for field in FacilityFields.schema.inputFields where field.requiredOnInput {
                #expect(page.contains(FacilityImport.header(field)), "\(field.label) named as required")
            }
        }
    }
}

/// A commit keeps the plan made outside the write lock only while what it read is unchanged.
@Suite struct ImportPlanVersionTests {
    @Test(arguments: TestDatabase.available)
    func theFingerprintMovesWithAnyChangeTheImportReads(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let account = try #require(try await AccountStore(sql: platform.sql).find(username: "demo-town"))
            let user = CurrentUser(account: account, tokenID: nil, scope: try await platform.scope(of: account))
            let importer = FacilityImport(platform: platform, user: user)
            let before = try await importer.planVersion(on: platform.sql)
            #expect(try await importer.planVersion(on: platform.sql) == before, "nothing changed, the same fingerprint")
            let town = try await app.token("demo-town")
            let created = try await app.send(.POST, "api/v1/facilities", as: town, body: ByteBuffer(string:
                #"{"name":"指纹测试院","category":"助餐点","regionCode":"320685101"}"#))
            #expect(created.status == .created)
            let afterCreate = try await importer.planVersion(on: platform.sql)
            #expect(afterCreate != before)
            let id = try created.json(FacilityJSON.self).facility.id
            try await Task.sleep(for: .milliseconds(5))
            #expect(try await app.send(.PATCH, "api/v1/facilities/\(id)", as: town, body: ByteBuffer(string: #"{"beds":12}"#)).status == .ok)
            #expect(try await importer.planVersion(on: platform.sql) != afterCreate, "an update moves it too")
        }
    }
}
