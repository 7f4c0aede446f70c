import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The rows of a spreadsheet file read one at a time, for imports of any size: memory holds a
/// chunk of the file, never the file.
public protocol RowReader: AnyObject {
    /// The header row, trimmed.
    var header: [String] { get }
    /// The bytes of the file read so far and its size, for a progress bar.
    var bytesRead: Int { get }
    var totalBytes: Int { get }
    /// The next non-empty data row, or nil at the end.
    func next() throws(SpreadsheetFile.Failure) -> Table.Row?
}

extension SpreadsheetFile {
    /// A reader of the file at `path`: XLSX by its ZIP signature, CSV (UTF-8, GB18030, UTF-16) otherwise.
    public static func rows(at path: String, limits: ReadLimits) throws(Failure) -> any RowReader {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .csv(.decoding(.empty)) }
        let head = (try? handle.read(upToCount: 1024)).map { [UInt8]($0) } ?? []
        try? handle.close()
        if XLSXReader.isXLSX(head) {
            do { return try XLSXFileReader(path: path, limits: limits) } catch {
                if case let .tooLarge(exceeded) = error { throw .tooLarge(exceeded) }
                throw .xlsx(error)
            }
        }
        if looksBinary(head) { throw .xlsx(.notAnArchive) }
        do { return try CSVFileReader(path: path, limits: limits) } catch {
            if case let .tooLarge(exceeded) = error { throw .tooLarge(exceeded) }
            throw .csv(error)
        }
    }
}

/// CSV read from a file chunk by chunk. The encoding is decided on the first chunk (a BOM, else
/// valid UTF-8, else GB18030) and every chunk is converted to UTF-8 with iconv, which keeps a
/// multi-byte character cut at a chunk's end for the next. The structural bytes (quote, comma,
/// tab, CR, LF) are ASCII and never occur inside a character of UTF-8 or GB18030, so records are
/// split on the bytes.
public final class CSVFileReader: RowReader {
    public private(set) var header: [String] = []
    public private(set) var bytesRead = 0
    public let totalBytes: Int

    private let handle: FileHandle
    private let limits: ReadLimits
    private var converter: Converter?
    private var buffer: [UInt8] = []
    private var position = 0
    private var endOfFile = false
    private var separator = UInt8(ascii: ",")
    private var line = 1
    private var rowsRead = 0
    /// Empty rows since the last row with data, and whether their run ended the data.
    private lazy var blanks = BlankRun(limit: limits.maximumBlankRun)
    private let chunkSize: Int

    /// `chunkSize`: how much of the file is read at a time (tests make it tiny to cut characters and records).
    public init(path: String, limits: ReadLimits, chunkSize: Int = 1 << 20) throws(CSVError) {
        self.chunkSize = max(chunkSize, 4)
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .decoding(.empty) }
        self.handle = handle
        self.limits = limits
        totalBytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        var first = try readChunk()
        guard !first.isEmpty else { throw .decoding(.empty) }
        if first.starts(with: [0xEF, 0xBB, 0xBF]) {
            first.removeFirst(3)
        } else if first.starts(with: [0xFF, 0xFE]) || first.starts(with: [0xFE, 0xFF]) {
            converter = Converter(from: first[0] == 0xFF ? "UTF-16LE" : "UTF-16BE")
            first.removeFirst(2)
        } else if !Self.isUTF8Prefix(first) {
            converter = Converter(from: "GB18030")
        }
        buffer = try convert(first)
        guard let record = try record() else { throw .noHeader }
        let firstLine = record.cells.joined(separator: ",")
        header = record.cells.map { $0.trimmedCell() }
        if record.cells.count == 1, firstLine.contains("\t") {
            // A tab-separated file: read the header again with tabs.
            separator = UInt8(ascii: "\t")
            header = firstLine.split(separator: "\t", omittingEmptySubsequences: false).map { String($0).trimmedCell() }
        }
        if header.allSatisfy(\.isEmpty) { throw .noHeader }
    }

    deinit { try? handle.close() }

    public func next() throws(SpreadsheetFile.Failure) -> Table.Row? {
        do throws(CSVError) {
            while !blanks.ended, let record = try record() {
                if blanks.skips(record.cells) { continue }
                rowsRead += 1
                guard rowsRead <= limits.maximumRows else { throw CSVError.tooLarge(.rows(limit: limits.maximumRows)) }
                return Table.Row(number: record.number, cells: record.cells.map(CSV.unneutralised))
            }
            return nil
        } catch {
            if case let .tooLarge(exceeded) = error { throw .tooLarge(exceeded) }
            throw .csv(error)
        }
    }

    /// UTF-8 throughout, except perhaps a character cut at the end of the chunk.
    static func isUTF8Prefix(_ bytes: [UInt8]) -> Bool {
        for cut in 0...min(3, bytes.count) where String(validating: bytes.dropLast(cut), as: UTF8.self) != nil { return true }
        return false
    }

    private func readChunk() throws(CSVError) -> [UInt8] {
        guard !endOfFile else { return [] }
        let data: Data?
        do { data = try handle.read(upToCount: chunkSize) } catch { throw .decoding(.unknownEncoding) }
        guard let data, !data.isEmpty else { endOfFile = true; return [] }
        bytesRead += data.count
        return [UInt8](data)
    }

    private func convert(_ bytes: [UInt8]) throws(CSVError) -> [UInt8] {
        guard let converter else { return bytes }
        guard let converted = converter.convert(bytes, final: endOfFile) else {
            throw .decoding(.unknownEncoding)
        }
        return converted
    }

    /// Appends the next chunk (converted); false at the end of the file.
    private func refill() throws(CSVError) -> Bool {
        if position > 0 {
            buffer.removeFirst(position)
            position = 0
        }
        let chunk = try readChunk()
        if chunk.isEmpty {
            if let converter, !converter.isDrained { throw .decoding(.unknownEncoding) }
            return false
        }
        buffer += try convert(chunk)
        return true
    }

    /// One record (a line, or several when a quoted cell holds line breaks), numbered by the line it starts on.
    private func record() throws(CSVError) -> (number: Int, cells: [String])? {
        while true {
            if let parsed = try parse(atEnd: endOfFile) { return parsed }
            if try !refill() {
                return try parse(atEnd: true)
            }
        }
    }

    /// Parses a record from `position`; nil when the buffer ends first (more is needed), or at the end.
    private func parse(atEnd: Bool) throws(CSVError) -> (number: Int, cells: [String])? {
        let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var cells: [String] = []
        var cell: [UInt8] = []
        var index = position
        var newlines = 0
        var inQuotes = false
        var started = false
        let count = buffer.count
        guard index < count else { return nil }
        while index < count {
            let byte = buffer[index]
            if inQuotes {
                if byte == quote {
                    if index + 1 < count {
                        if buffer[index + 1] == quote { cell.append(quote); index += 2; continue }
                        inQuotes = false
                    } else if !atEnd {
                        return nil
                    } else {
                        inQuotes = false
                    }
                } else {
                    if byte == lf { newlines += 1 }
                    cell.append(byte)
                }
                index += 1
                continue
            }
            if byte == quote, cell.isEmpty, !started {
                inQuotes = true
                started = true
            } else if byte == separator {
                try append(&cells, cell)
                cell.removeAll(keepingCapacity: true)
                started = false
            } else if byte == lf || byte == cr {
                if byte == cr {
                    if index + 1 < count { if buffer[index + 1] == lf { index += 1 } } else if !atEnd { return nil }
                }
                try append(&cells, cell)
                position = index + 1
                let number = line
                line += newlines + 1
                return (number, cells)
            } else {
                cell.append(byte)
                started = true
            }
            index += 1
        }
        guard atEnd else { return nil }
        if inQuotes { throw .unterminatedQuote(row: line) }
        try append(&cells, cell)
        position = count
        let number = line
        line += newlines + 1
        return (number, cells)
    }

    private func append(_ cells: inout [String], _ bytes: [UInt8]) throws(CSVError) {
        guard cells.count < limits.maximumColumns else { throw .tooLarge(.columns(row: line, limit: limits.maximumColumns)) }
        guard bytes.count <= limits.maximumCellLength * 4 else { throw .tooLarge(.cellLength(row: line, limit: limits.maximumCellLength)) }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .decoding(.unknownEncoding) }
        cells.append(text)
    }
}

/// iconv from an encoding to UTF-8 across chunks: a character cut at a chunk's end waits for the next.
final class Converter {
    private let descriptor: iconv_t?
    private var pending: [UInt8] = []
    var isDrained: Bool { pending.isEmpty }

    init?(from encoding: String) {
        let descriptor = iconv_open("UTF-8", encoding)
        guard descriptor != iconv_t(bitPattern: -1) else { return nil }
        self.descriptor = descriptor
    }

    deinit { iconv_close(descriptor) }

    /// The UTF-8 of `bytes` (and what was pending); nil on an invalid sequence.
    func convert(_ bytes: [UInt8], final: Bool) -> [UInt8]? {
        var input = pending + bytes
        pending = []
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        var inputLeft = input.count
        var outputLeft = output.count
        let result = input.withUnsafeMutableBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                inputBuffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: inputBuffer.count) { inputBase in
                    outputBuffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: outputBuffer.count) { outputBase in
                        var inputPointer: UnsafeMutablePointer<CChar>? = inputBase
                        var outputPointer: UnsafeMutablePointer<CChar>? = outputBase
                        return iconv(descriptor, &inputPointer, &inputLeft, &outputPointer, &outputLeft)
                    }
                }
            }
        }
        if result == -1 {
            // EINVAL: an incomplete character at the end, completed by the next chunk.
            guard errno == EINVAL, !final, inputLeft <= 4 else { return nil }
            pending = Array(input.suffix(inputLeft))
        }
        return Array(output.prefix(output.count - outputLeft))
    }
}
