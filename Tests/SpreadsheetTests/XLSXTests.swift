import Foundation
import Testing
@testable import Spreadsheet

@Suite struct XLSXTests {
    let sheet = Sheet(name: "设施名录", header: ["身份证号", "区划代码", "名称", "床位", "占比", "开业日期", "备注"], rows: [
        [.text("320685194506120025"), .text("320685101"), .text("角斜镇敬老院"), .integer(45), .number(0.444), .date(year: 2018, month: 3, day: 1), .text("a & b < c")],
        [.text("15052119400101003X"), .text("150521"), .text("保康中心敬老院"), .integer(120), .number(0.58), .date(year: 2021, month: 9, day: 30), .empty],
        [.text("0012"), .text("=1+1"), .text("多行\n文本"), .integer(0), .number(-1.5), .date(year: 2000, month: 2, day: 29), .text("")],
    ])

    @Test func whatIsWrittenReadsBackCellForCell() throws {
        let bytes = try XLSXWriter.write([sheet])
        #expect(XLSXReader.isXLSX(bytes))
        let table = try XLSXReader.read(bytes)
        #expect(table.header == sheet.header)
        #expect(table.rows.map(\.number) == [2, 3, 4])
        #expect(table.rows[0].cells == ["320685194506120025", "320685101", "角斜镇敬老院", "45", "0.444", "2018-03-01", "a & b < c"])
        #expect(table.rows[1].cells == ["15052119400101003X", "150521", "保康中心敬老院", "120", "0.58", "2021-09-30", ""])
        #expect(table.rows[2].cells == ["0012", "=1+1", "多行\n文本", "0", "-1.5", "2000-02-29", ""])
    }

    @Test func idNumbersAreStoredAsTextNeverAsNumbers() throws {
        let bytes = try XLSXWriter.write([sheet])
        let xml = try entry(bytes, "xl/worksheets/sheet1.xml")
        #expect(xml.contains(#"<c r="A2" t="s">"#))
        #expect(!xml.contains("<v>320685194506120025</v>"))
        let strings = try entry(bytes, "xl/sharedStrings.xml")
        #expect(strings.contains("320685194506120025"))
    }

    @Test func theHeaderIsStyledAndFrozenAndStylesHaveCellStyles() throws {
        let bytes = try XLSXWriter.write([sheet])
        let xml = try entry(bytes, "xl/worksheets/sheet1.xml")
        #expect(xml.contains(#"state="frozen""#))
        #expect(xml.contains(#"<c r="A1" t="s" s="1">"#))
        #expect(try entry(bytes, "xl/styles.xml").contains("<cellStyles"))
    }

    @Test func severalSheetsAndTheFirstIsRead() throws {
        let second = Sheet(name: "项目", header: ["项目"], rows: [[.text("新建")]])
        let bytes = try XLSXWriter.write([sheet, second])
        #expect(try entry(bytes, "xl/workbook.xml").contains(#"name="项目""#))
        #expect(try XLSXReader.read(bytes).header == sheet.header)
    }

    @Test func dateSerialsMatchTheSpreadsheetEpoch() {
        #expect(XLSXWriter.dateSerial(year: 1900, month: 3, day: 1) == 61)
        #expect(XLSXWriter.dateSerial(year: 2021, month: 1, day: 1) == 44197)
        #expect(SheetHandler.date(fromSerial: 44197) == "2021-01-01")
        #expect(SheetHandler.date(fromSerial: 36585) == "2000-02-29")
        #expect(XLSXWriter.columnName(0) == "A")
        #expect(XLSXWriter.columnName(25) == "Z")
        #expect(XLSXWriter.columnName(26) == "AA")
        #expect(SheetHandler.column("AB12") == 27)
    }

    @Test func uploadsAreRecognisedByContent() throws {
        let xlsx = try SpreadsheetFile.read(try XLSXWriter.write([sheet]))
        #expect(xlsx.header.first == "身份证号")
        let csv = try SpreadsheetFile.read(CSV.write(header: ["a"], rows: [["1"]]))
        #expect(csv.header == ["a"])
        // A ZIP that is no workbook, and a broken one.
        #expect(throws: SpreadsheetFile.Failure.self) { try SpreadsheetFile.read([0x50, 0x4B, 0x03, 0x04, 0, 0, 0]) }
    }

    /// The issue's check: LibreOffice opens what the module writes and shows the same cells.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/libreoffice"), "LibreOffice 未安装（Debian 包 libreoffice-calc-nogui）：跳过与 LibreOffice 的对照"))
    func libreOfficeReadsTheSameCells() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-lo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("book.xlsx")
        try Data(try XLSXWriter.write([sheet])).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/libreoffice")
        process.arguments = ["-env:UserInstallation=file://\(directory.path)/profile", "--headless", "--convert-to",
                             "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", directory.path, input.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let converted = try #require(FileManager.default.contents(atPath: directory.appendingPathComponent("book.csv").path))
        let table = try CSV.read(Array(converted))
        #expect(table.header == sheet.header)
        #expect(table.rows[0].cells[0...3] == ["320685194506120025", "320685101", "角斜镇敬老院", "45"])
        #expect(table.rows[0].cells[5] == "2018-03-01")
        #expect(table.rows[1].cells[0] == "15052119400101003X")
        #expect(table.rows[2].cells[0...2] == ["0012", "=1+1", "多行\n文本"])
    }

    func entry(_ bytes: [UInt8], _ path: String) throws -> String {
        let archive = try #require(try? ZIPArchive(bytes))
        return try archive.text(path)
    }
}

import ZIPFoundation

/// Reads one part of a written workbook for the assertions above.
struct ZIPArchive {
    let archive: Archive

    init(_ bytes: [UInt8]) throws {
        archive = try Archive(data: Data(bytes), accessMode: .read)
    }

    func text(_ path: String) throws -> String {
        let entry = try #require(archive[path])
        var data = Data()
        _ = try archive.extract(entry) { data.append($0) }
        return String(decoding: data, as: UTF8.self)
    }
}
