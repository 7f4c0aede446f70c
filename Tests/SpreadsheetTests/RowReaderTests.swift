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
