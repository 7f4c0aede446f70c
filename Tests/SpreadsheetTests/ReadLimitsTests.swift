import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import ZIPFoundation
@testable import Spreadsheet

@Suite struct ReadLimitsTests {
    /// A workbook whose sheet is `size` bytes of blanks inside `<sheetData>`: deflate shrinks it about
    /// a thousand times, as the zip bomb of the issue did (1.1 MB → 1.15 GB).
    static func bomb(inflating size: Int) throws -> [UInt8] {
        let archive = try Archive(accessMode: .create)
        let small: [(String, String)] = [
            ("[Content_Types].xml", #"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#),
            ("xl/workbook.xml", #"<?xml version="1.0"?><workbook><sheets><sheet name="a" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
            ("xl/_rels/workbook.xml.rels", #"<?xml version="1.0"?><Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#),
        ]
        for (path, text) in small {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, length in
                data.subdata(in: Int(position)..<Int(position) + length)
            }
        }
        let head = Data("<worksheet><sheetData>".utf8), tail = Data("</sheetData></worksheet>".utf8)
        let blanks = Data(repeating: 0x20, count: 1 << 20)
        let total = head.count + size + tail.count
        try archive.addEntry(with: "xl/worksheets/sheet1.xml", type: .file, uncompressedSize: Int64(total), compressionMethod: .deflate, bufferSize: 1 << 20) { position, length in
            if position == 0 { return head + blanks.prefix(length - head.count) }
            if Int(position) + length == total { return blanks.prefix(length - tail.count) + tail }
            return blanks.prefix(length)
        }
        return Array(archive.data!)
    }

    @Test func aZipBombIsRefusedQuicklyByItsRatio() throws {
        let bytes = try Self.bomb(inflating: 300 << 20)
        #expect(bytes.count < 1_000_000)
        let started = Date()
        #expect(throws: XLSXError.tooLarge(.inflatedSize(limit: 64 << 20))) { try XLSXReader.read(bytes) }
        #expect(Date().timeIntervalSince(started) < 1)
        // With a higher size limit the ratio stops it just the same.
        let roomy = ReadLimits(maximumInflatedBytes: 1 << 30)
        #expect(throws: XLSXError.tooLarge(.compressionRatio(limit: 100))) { try XLSXReader.read(bytes, limits: roomy) }
        #expect(SpreadsheetFile.Failure.tooLarge(.compressionRatio(limit: 100)).message == "XLSX 文件的压缩比超过 100 倍，疑似恶意压缩文件，已拒绝")
    }

    @Test func rowsColumnsAndCellsAreBoundedInBothFormats() throws {
        let limits = ReadLimits(maximumRows: 3, maximumColumns: 4, maximumCellLength: 10)
        let tooManyRows = Sheet(name: "a", header: ["x"], rows: (1...5).map { [.integer($0)] })
        #expect(throws: SpreadsheetFile.Failure.tooLarge(.rows(limit: 3))) { try SpreadsheetFile.read(try XLSXWriter.write([tooManyRows]), limits: limits) }
        #expect(throws: SpreadsheetFile.Failure.tooLarge(.rows(limit: 3))) { try SpreadsheetFile.read(CSV.write(header: ["x"], rows: (1...5).map { [String($0)] }), limits: limits) }
        let wide = Sheet(name: "a", header: ["a", "b", "c", "d", "e"], rows: [])
        #expect(throws: SpreadsheetFile.Failure.tooLarge(.columns(row: 1, limit: 4))) { try SpreadsheetFile.read(try XLSXWriter.write([wide]), limits: limits) }
        #expect(throws: SpreadsheetFile.Failure.tooLarge(.columns(row: 1, limit: 4))) { try SpreadsheetFile.read(CSV.write(header: ["a", "b", "c", "d", "e"], rows: []), limits: limits) }
        let long = Sheet(name: "a", header: ["x"], rows: [[.text(String(repeating: "长", count: 50))]])
        #expect(throws: SpreadsheetFile.Failure.tooLarge(.cellLength(row: 2, limit: 10))) { try SpreadsheetFile.read(try XLSXWriter.write([long]), limits: limits) }
        #expect(throws: SpreadsheetFile.Failure.tooLarge(.cellLength(row: 2, limit: 10))) { try SpreadsheetFile.read(CSV.write(header: ["x"], rows: [[String(repeating: "长", count: 50)]]), limits: limits) }
    }

    @Test func hostileCellReferencesAndSerialsDoNotCrash() throws {
        let handler = SheetHandler(strings: CompactStrings(), dateStyles: [1])
        #expect(SheetHandler.column("ZZZZZZZZZZZZZZZZZZZZ1") == nil)
        #expect(SheetHandler.column("XFD1") == 16_383)
        #expect(SheetHandler.column("C5") == 2)
        let xml = #"<worksheet><sheetData><row r="99999999999999999999"><c r="ZZZZZZZZZZZZZZ1"><v>1</v></c><c r="B1" s="1"><v>1e300</v></c></row></sheetData></worksheet>"#
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = handler
        _ = parser.parse()
        #expect(handler.rows.first?.cells == ["1", "1e+300"])
    }

    @Test func notAWorkbookIsNamedInChinese() {
        let pdf: [UInt8] = Array("%PDF-1.4\n".utf8) + [0, 0, 1, 2, 3]
        #expect(throws: SpreadsheetFile.Failure.xlsx(.notAnArchive)) { try SpreadsheetFile.read(pdf) }
        let brokenZip: [UInt8] = [0x50, 0x4B, 0x03, 0x04] + Array(repeating: 0x41, count: 100)
        #expect(throws: SpreadsheetFile.Failure.xlsx(.notAnArchive)) { try SpreadsheetFile.read(brokenZip) }
        #expect(SpreadsheetFile.Failure.xlsx(.notAnArchive).message == "文件不是有效的 XLSX（Excel 工作簿）")
    }

    @Test func malformedSheetXMLIsReportedWithoutParserEnglish() throws {
        let archive = try Archive(accessMode: .create)
        for (path, text) in [("xl/workbook.xml", "<workbook/>"), ("xl/worksheets/sheet1.xml", "<worksheet><sheetData><row></c></worksheet>")] {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, length in
                data.subdata(in: Int(position)..<Int(position) + length)
            }
        }
        do {
            _ = try XLSXReader.read(Array(archive.data!))
            Issue.record("a broken sheet was read")
        } catch {
            #expect(error.message.hasPrefix("XLSX 文件无法读取：工作表内容不是有效的 XML"))
            #expect(!error.message.contains("NSXML") && !error.message.contains("Error Domain"))
        }
    }
}

@Suite struct CSVNeutralisingTests {
    @Test func everyFormulaStartIsNeutralisedButNumbersAreNot() {
        let bytes = CSV.write(header: ["a"], rows: [["=1+1"], ["+86 139"], ["-cmd"], ["@SUM(A1)"], ["\tx"], ["-1.5"], ["+86"], ["'quoted"]])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text == "a\r\n'=1+1\r\n'+86 139\r\n'-cmd\r\n'@SUM(A1)\r\n'\tx\r\n-1.5\r\n+86\r\n''quoted\r\n")
    }

    @Test func anExportReadsBackUnchanged() throws {
        let rows = [["=1+1"], ["-cmd"], ["+86 139 0000 0000"], ["'quoted"], ["'=kept"], ["-1.5"], ["普通"]]
        let table = try CSV.read(CSV.write(header: ["a"], rows: rows))
        #expect(table.rows.map(\.cells) == rows)
    }
}
