import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import Spreadsheet

/// The streamed readers give the same rows as the in-memory ones, however the file is cut into
/// chunks: a record split between chunks, a quoted cell with line breaks, a Chinese character cut
/// in the middle of its bytes.
@Suite struct RowReaderTests {
    static let text = "姓名,身份证号码,备注\r\n张桂英,320685193803150024,\"独居，\"\"五保\"\"\n老坝港村\"\r\n\r\n李秀兰,320685194205120022,'=1+1\n王五,,\n"

    func file(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rows-\(UUID().uuidString)").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func rows(_ reader: some RowReader) throws -> [Table.Row] {
        var rows: [Table.Row] = []
        while let row = try reader.next() { rows.append(row) }
        return rows
    }

    /// A sheet formatted down to its last row: the data ends after a run of empty rows, so a file of
    /// a million empty rows costs what ten thousand do.
    @Test func aLongRunOfEmptyRowsEndsTheData() throws {
        let csv = "姓名,人数\n张桂英,1\n" + String(repeating: ",\n", count: 20_000) + "李秀兰,2\n"
        let csvPath = try file(Array(csv.utf8))
        defer { try? FileManager.default.removeItem(atPath: csvPath) }
        #expect(try rows(try CSVFileReader(path: csvPath, limits: .bulk)).map { $0.cells[0] } == ["张桂英"])

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("blank-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let writer = try XLSXStreamWriter(directory: directory, sheetName: "名册", header: ["姓名", "人数"])
        try writer.append([[.text("张桂英"), .integer(1)]] + Array(repeating: [Cell.empty, .empty], count: 20_000) + [[.text("李秀兰"), .integer(2)]])
        let url = directory.appendingPathComponent("blank.xlsx")
        try writer.finish(to: url)
        #expect(try rows(try XLSXFileReader(path: url.path, limits: .bulk)).map { $0.cells[0] } == ["张桂英"])
    }

    /// A cell past the bound is refused while its text is read, not after all of it.
    @Test func anOverlongCellIsRefusedWhileStreaming() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("long-cell-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let writer = try XLSXStreamWriter(directory: directory, sheetName: "名册", header: ["姓名"])
        // Varied text, so that the file does not trip the compression-ratio bound first.
        var seed: UInt32 = 12_349
        let long = String(String.UnicodeScalarView((0..<200_000).map { _ in
            seed = seed &* 1_103_515_245 &+ 12_345
            return Unicode.Scalar(0x4E00 + (seed >> 8) % 0x5000)!
        }))
        try writer.append([[.text(long)]])
        let url = directory.appendingPathComponent("long.xlsx")
        try writer.finish(to: url)
        let reader = try XLSXFileReader(path: url.path, limits: .bulk)
        #expect(throws: SpreadsheetFile.Failure.tooLarge(.cellLength(row: 2, limit: 32_767))) { _ = try reader.next() }
    }

    @Test(arguments: [4, 5, 7, 13, 64, 1 << 20])
    func csvInChunksReadsAsAWhole(chunk: Int) throws {
        let expected = try CSV.read(Array(Self.text.utf8))
        let path = try file(Array(Self.text.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try CSVFileReader(path: path, limits: .standard, chunkSize: chunk)
        #expect(reader.header == expected.header)
        #expect(try rows(reader) == expected.rows)
        #expect(reader.bytesRead == reader.totalBytes)
    }

    @Test(arguments: [4, 5, 9, 1 << 20])
    func gb18030AndUTF16AreReadInChunks(chunk: Int) throws {
        let expected = try CSV.read(Array(Self.text.utf8))
        for bytes in [try Self.encode(Self.text, "GB18030"), [0xFF, 0xFE] + (try Self.encode(Self.text, "UTF-16LE"))] {
            let path = try file(bytes)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let reader = try CSVFileReader(path: path, limits: .standard, chunkSize: chunk)
            #expect(reader.header == expected.header)
            #expect(try rows(reader) == expected.rows)
        }
    }

    @Test func aFileThatIsNotGB18030NorUTF8IsRefused() throws {
        let path = try file([0xEF, 0xBB, 0xBF] + Array("姓名\n".utf8) + [0xFF, 0xFE, 0xFD, 0x0A])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try CSVFileReader(path: path, limits: .standard)
        #expect(throws: SpreadsheetFile.Failure.self) { try rows(reader) }
    }

    @Test func rowsBeyondTheLimitAreRefused() throws {
        let path = try file(Array(("a\n" + String(repeating: "1\n", count: 11)).utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try CSVFileReader(path: path, limits: ReadLimits(maximumRows: 10))
        #expect(throws: SpreadsheetFile.Failure.tooLarge(.rows(limit: 10))) { try rows(reader) }
    }

    @Test func xlsxStreamsTheSameRowsAsTheWholeReader() throws {
        let sheet = Sheet(name: "名册", header: ["姓名", "身份证号码", "出生日期", "人数"], rows: [
            [.text("张桂英"), .text("320685193803150024"), .date(year: 1938, month: 3, day: 15), .integer(3)],
            [.text("A & <B>"), .empty, .empty, .number(2.5)],
            [.text("李秀兰"), .text("320685194205120022"), .empty, .empty],
        ])
        let bytes = try XLSXWriter.write([sheet])
        let expected = try XLSXReader.read(bytes)
        let path = try file(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try SpreadsheetFile.rows(at: path, limits: .standard)
        #expect(reader.header == expected.header)
        #expect(try rows(reader) == expected.rows)
    }

    static func encode(_ text: String, _ encoding: String) throws -> [UInt8] {
        let descriptor = iconv_open(encoding, "UTF-8")
        defer { iconv_close(descriptor) }
        var input = Array(text.utf8).map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: input.count * 4 + 16)
        var inputLeft = input.count, outputLeft = output.count
        _ = input.withUnsafeMutableBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                var inputPointer = inputBuffer.baseAddress, outputPointer = outputBuffer.baseAddress
                return iconv(descriptor, &inputPointer, &inputLeft, &outputPointer, &outputLeft)
            }
        }
        return output.prefix(output.count - outputLeft).map { UInt8(bitPattern: $0) }
    }
}
