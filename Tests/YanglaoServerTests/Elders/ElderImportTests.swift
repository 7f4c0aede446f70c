import Foundation
import SQLKit
import Spreadsheet
import Testing
import Vapor
import VaporTesting
import YanglaoCore
@testable import YanglaoPlatform
@testable import YanglaoElders
@testable import YanglaoFacilities
@testable import YanglaoPlans
@testable import YanglaoServer

/// The registry's streamed import: every row checked, problems by row and column, all or nothing,
/// idempotent, updates of a changed person, the template read back, XLSX and GB18030.
@Suite struct ElderImportTests {
    static let header = "姓名,身份证号码,联系电话,居住区划代码,人员类别\n"

    func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("elders-\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func run(_ platform: Platform, _ path: String, dryRun: Bool = false, scope: AccessScope = .unrestricted, problems: URL? = nil) async throws -> ImportReport {
        try await BulkImportFlow.run(ElderImport(platform: platform, scope: scope), path: path, dryRun: dryRun, writer: platform.writer,
                                     actor: .commandLine, limits: .bulk, problemsFile: problems)
    }

    func count(_ platform: Platform) async throws -> Int {
        try #require(try await platform.sql.select().column(SQLAlias(SQLRaw("COUNT(*)"), as: SQLIdentifier("n"))).from("elders").first()?
            .decode(column: "n", as: Int.self))
    }

    @Test(arguments: TestDatabase.available)
    func importsAreIdempotentAndAChangedRowUpdatesThePerson(_ database: TestDatabase) async throws {
        try await withTestApp(database, today: LocalDate(year: 2026, month: 11, day: 28)) { _, platform in
            _ = try await RegionImport.demoTerritory(platform)
            let path = try write(Self.header + "赵梅,320685193901010025,13912345678,320685101202,低保、独居\n钱老,320685194001010024,,320685101201,\n")
            let dry = try await run(platform, path, dryRun: true)
            #expect(dry.dryRun && !dry.committed && dry.created == 2, "a dry run says what a commit would do")
            #expect(try await count(platform) == 0)
            let first = try await run(platform, path)
            #expect(first.committed && first.created == 2 && first.updated == 0)
            let again = try await run(platform, path)
            #expect(again.committed && again.created == 0 && again.updated == 0 && again.unchanged == 2, "re-importing changes nothing")
            let changed = try write(Self.header + "赵梅,320685193901010025,13912349999,320685101001,低保、独居\n钱老,320685194001010024,,320685101201,\n")
            let update = try await run(platform, changed)
            #expect(update.updated == 1 && update.unchanged == 1)
            let row = try #require(try await platform.sql.select().column("*").from("elders").where("name", .equal, "赵梅").first())
            let person = try ElderFields.schema.decode(row)
            #expect(person.phone?.mask == "139****9999" && person.regionCode == "320685101001")
            let history = try await ElderStore(sql: platform.sql, cipher: platform.personalData).residences(of: person)
            #expect(history.map(\.regionCode) == ["320685101202", "320685101001"], "the move is kept")
            #expect(try await count(platform) == 2)
            // The changed person has an audit entry of its own, with what it was and what it became.
            let changes = try await auditEntries(platform).filter { $0.action == "elder.update" }
            #expect(changes.count == 1 && changes.first?.entityId == person.id)
            #expect(changes.first?.before?.contains("139****5678") == true && changes.first?.after?.contains("139****9999") == true)
            #expect(changes.first?.after?.contains("13912349999") == false, "masked, never the number")
        }
    }

    @Test(arguments: TestDatabase.available)
    func everyProblemIsNamedByRowAndColumnAndNothingIsWritten(_ database: TestDatabase) async throws {
        try await withTestApp(database, today: LocalDate(year: 2026, month: 11, day: 28)) { _, platform in
            _ = try await RegionImport.demoTerritory(platform)
            let text = Self.header
                + "赵梅,320685193901010025,13912345678,320685101202,低保\n"       // row 2: fine
                + "钱老,320685194001010023,,320685101201,\n"                      // row 3: check character
                + "孙某,320685193901010025,,320685101202,\n"                      // row 4: repeats row 2
                + "李某,320685193803150024,,320685999999,\n"                      // row 5: unknown region
                + "周某,320685193803150024,,320685101201,富裕\n"                  // row 6: unknown category (the ID repeats row 5)
            let path = try write(text)
            let problemsFile = FileManager.default.temporaryDirectory.appendingPathComponent("problems-\(UUID().uuidString).csv")
            let report = try await run(platform, path, problems: problemsFile)
            #expect(!report.committed && report.accepted == 1 && report.rejected == 4)
            let byRow = Dictionary(grouping: report.errors, by: \.row)
            #expect(byRow[3]?.first?.field == "身份证号码" && byRow[3]?.first?.message.contains("校验位") == true)
            #expect(byRow[4]?.first?.message.contains("与第2行重复") == true)
            #expect(byRow[5]?.first?.field == "居住区划代码")
            #expect(byRow[6]?.first?.message.contains("与第5行重复") == true)
            #expect(try await count(platform) == 0, "all or nothing")
            let problems = try String(contentsOf: problemsFile, encoding: .utf8)
            #expect(problems.contains("行号,列,问题") && problems.contains("3,身份证号码,"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func aTownImportsOnlyItsOwnPeople(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { _, platform in
            let region = try #require(try await RegionStore(sql: platform.sql).find("320685101"))
            let town: AccessScope = .region(code: region.code, level: region.level, organisation: nil)
            let path = try write(Self.header + "李秀兰,320685194205120022,,320685101202,\n" + "新人,320685193901010025,,320685102201,\n")
            let report = try await run(platform, path, scope: town)
            // 李秀兰 lives in 李堡镇: her number is registered as anyone new would be (held for the
            // city's review, see DuplicateRegistrationTests); only the row placed outside the town is refused.
            #expect(report.errors.map(\.row) == [3] && report.errors.first?.message.contains("不在您的管辖范围内") == true, "\(report.errors)")
            #expect(!report.errors.contains { $0.message.contains("其他辖区") || $0.message.contains("已登记") })
        }
    }

    @Test func theTemplateAndAnXLSXFileImport() async throws {
        try await withTestApp(.sqlite, today: LocalDate(year: 2026, month: 11, day: 28)) { _, platform in
            _ = try await RegionImport.demoTerritory(platform)
            var sheets = ElderImportColumns.templateSheets()
            // The example's number passes the check but is nobody's: no address code 999999 exists.
            let example = sheets[0].rows[0].map { if case let .text(text) = $0 { text } else { "" } }
            #expect(example.contains("999999194001010013") && (try? ResidentID.parse("999999194001010013").get()) != nil)
            #expect(!example.contains("320685193803150024") && !example.contains { $0.hasPrefix("139") })
            // The example row stays; a person is added below it.
            let header = sheets[0].header
            var row = [Cell](repeating: .empty, count: header.count)
            for (index, name) in header.enumerated() {
                switch ImportFlow.unmarked(name) {
                case "姓名": row[index] = .text("赵梅")
                case "身份证号码": row[index] = .text("320685193901010025")
                case "居住区划代码": row[index] = .text("320685101202")
                case "人员类别": row[index] = .text("空巢")
                default: break
                }
            }
            sheets[0].rows.append(row)
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("template-\(UUID().uuidString).xlsx").path
            try Data(try XLSXWriter.write(sheets)).write(to: URL(fileURLWithPath: path))
            let report = try await run(platform, path)
            #expect(report.committed && report.created == 1, "\(report.errors)")
            #expect(try await count(platform) == 1, "the example row is not imported")
        }
    }
}

extension RegionImport {
    /// The demo territory's regions, without the rest of the demo.
    static func demoTerritory(_ platform: Platform) async throws -> ImportReport {
        try await ImportFlow.run(RegionImport(scope: .unrestricted), file: try DemoCity.resource("regions.csv"), dryRun: false,
                                 writer: platform.writer, actor: .commandLine)
    }
}
