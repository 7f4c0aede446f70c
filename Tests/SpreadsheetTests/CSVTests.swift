import Foundation
import Testing
@testable import Spreadsheet

@Suite struct TextDecodingTests {
    let text = "区划代码,名称\n150500,通辽市\n"

    @Test func utf8WithAndWithoutBOM() throws {
        #expect(try TextDecoder.decode(Array(text.utf8)).text == text)
        let withBOM = try TextDecoder.decode([0xEF, 0xBB, 0xBF] + Array(text.utf8))
        #expect(withBOM.text == text)
        #expect(withBOM.encoding == .utf8)
    }

    @Test func gb18030AsExcelOnChineseWindowsWritesIt() throws {
        // "通辽市" in GBK: CD A8 C1 C9 CA D0
        let decoded = try TextDecoder.decode([0xCD, 0xA8, 0xC1, 0xC9, 0xCA, 0xD0])
        #expect(decoded.text == "通辽市")
        #expect(decoded.encoding == .gb18030)
    }

    @Test func utf16LittleEndianWithBOM() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "海安市".utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        #expect(try TextDecoder.decode(bytes).text == "海安市")
    }

    @Test func unknownAndEmpty() {
        #expect(throws: TextDecodingError.empty) { try TextDecoder.decode([]) }
        // 0x81 0x20 is no valid GB18030 sequence and no valid UTF-8.
        #expect(throws: TextDecodingError.unknownEncoding) { try TextDecoder.decode([0x41, 0x81, 0x20, 0x42]) }
    }
}

@Suite struct CSVTests {
    @Test func quotesSeparatorsAndLineBreaksInsideCells() throws {
        let table = try CSV.parse("名称,备注\r\n\"海安市, 南通\",\"第一行\r\n第二行\"\r\n\"说\"\"明\",\r\n")
        #expect(table.header == ["名称", "备注"])
        #expect(table.rows.map(\.cells) == [["海安市, 南通", "第一行\r\n第二行"], ["说\"明", ""]])
        #expect(table.rows.map(\.number) == [2, 4])
    }

    @Test func rowNumbersMatchTheSpreadsheetAndBlankRowsAreDropped() throws {
        let table = try CSV.parse("a,b\n1,2\n,\n\n3,4")
        #expect(table.rows.map(\.number) == [2, 5])
        #expect(table.fields(of: table.rows[1]) == ["a": "3", "b": "4"])
    }

    @Test func missingTrailingCellsReadAsEmpty() throws {
        let table = try CSV.parse("a,b,c\n1\n")
        #expect(table.fields(of: table.rows[0]) == ["a": "1", "b": "", "c": ""])
    }

    @Test func tabSeparatedText() throws {
        let table = try CSV.parse("区划代码\t名称\n150500\t通辽市\n")
        #expect(table.rows[0].cells == ["150500", "通辽市"])
    }

    @Test func unterminatedQuoteIsReported() {
        #expect(throws: CSVError.unterminatedQuote(row: 2)) { try CSV.parse("a\n\"open\n") }
    }

    @Test func writerAddsBOMQuotesAndGuardsFormulas() throws {
        let bytes = CSV.write(header: ["名称", "说明"], rows: [["海安市", "a,b"], ["=1+1", "x\"y"]])
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text == "名称,说明\r\n海安市,\"a,b\"\r\n'=1+1,\"x\"\"y\"\r\n")
    }

    @Test func writtenFilesReadBack() throws {
        let rows = [["320685", "海安市", "多行\n文本"], ["150500", "通辽市", "\"引号\""]]
        let table = try CSV.read(CSV.write(header: ["代码", "名称", "备注"], rows: rows))
        #expect(table.rows.map(\.cells) == rows)
    }
}
