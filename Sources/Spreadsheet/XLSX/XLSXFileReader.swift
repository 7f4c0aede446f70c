import Foundation
import ZIPFoundation

/// The first worksheet of an XLSX file read row by row: the sheet's XML is inflated to a temporary
/// file (under the same limits as `XLSXReader`), then scanned in chunks. Shared strings are held
/// compactly; nothing else grows with the file.
public final class XLSXFileReader: RowReader {
    public private(set) var header: [String] = []
    public var bytesRead: Int { scanner.consumed }
    public var totalBytes: Int { scanner.total }

    private let strings: CompactStrings
    private let dateStyles: Set<Int>
    private let limits: ReadLimits
    private let scanner: XMLScanner
    private let sheetFile: URL
    private var rowsRead = 0

    public init(path: String, limits: ReadLimits) throws(XLSXError) {
        let archive: Archive
        do { archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read) } catch { throw .notAnArchive }
        let parts = try XLSXReader.Parts(archive: archive, limits: limits)
        strings = try XLSXReader.sharedStrings(parts)
        dateStyles = try XLSXReader.dateStyleIndexes(parts)
        self.limits = limits
        sheetFile = FileManager.default.temporaryDirectory.appendingPathComponent("yanglao-sheet-\(UUID().uuidString).xml")
        try parts.extract(try XLSXReader.firstSheetPath(parts), to: sheetFile)
        guard let scanner = XMLScanner(path: sheetFile.path) else { throw .malformed("无法读取工作表") }
        self.scanner = scanner
        do {
            while let row = try nextRow() {
                if row.cells.allSatisfy({ $0.trimmedCell().isEmpty }) { continue }
                header = row.cells.map { $0.trimmedCell() }
                break
            }
        } catch let error as XLSXError {
            throw error
        } catch {
            throw .malformed("工作表内容不是有效的 XML")
        }
    }

    deinit { try? FileManager.default.removeItem(at: sheetFile) }

    public func next() throws(SpreadsheetFile.Failure) -> Table.Row? {
        do {
            while !blanks.ended, let row = try nextRow() {
                if blanks.skips(row.cells) { continue }
                rowsRead += 1
                guard rowsRead <= limits.maximumRows else { throw XLSXError.tooLarge(.rows(limit: limits.maximumRows)) }
                // Empty cells at the end of a row are not written: give every row the header's width, as CSV does.
                let padded = row.cells + Array(repeating: "", count: max(0, header.count - row.cells.count))
                return Table.Row(number: row.number, cells: padded)
            }
            return nil
        } catch let error as XLSXError {
            if case let .tooLarge(exceeded) = error { throw .tooLarge(exceeded) }
            throw .xlsx(error)
        } catch {
            throw .xlsx(.malformed("工作表内容不是有效的 XML"))
        }
    }

    private var lastRowNumber = 0
    /// Empty rows since the last row with data, and whether their run ended the data.
    private lazy var blanks = BlankRun(limit: limits.maximumBlankRun)

    /// The next `<row>`, its cells placed by their references (skipped empty cells keep columns aligned).
    private func nextRow() throws -> Table.Row? {
        while let tag = try scanner.nextTag() {
            guard tag.name == "row", !tag.closing else { continue }
            lastRowNumber = tag.attributes["r"].flatMap(Int.init).map { min(max($0, 1), 1_048_576) } ?? lastRowNumber + 1
            var cells: [String] = []
            if tag.selfClosing { return Table.Row(number: lastRowNumber, cells: []) }
            while let inner = try scanner.nextTag() {
                if inner.name == "row", inner.closing { return Table.Row(number: lastRowNumber, cells: cells) }
                guard inner.name == "c", !inner.closing else { continue }
                let column = inner.attributes["r"].flatMap(SheetHandler.column) ?? cells.count
                guard column < limits.maximumColumns else { throw XLSXError.tooLarge(.columns(row: lastRowNumber, limit: limits.maximumColumns)) }
                let text = inner.selfClosing ? "" : try cellText()
                guard text.utf8.count <= limits.maximumCellLength * 4 else {
                    throw XLSXError.tooLarge(.cellLength(row: lastRowNumber, limit: limits.maximumCellLength))
                }
                while cells.count < column { cells.append("") }
                let value = SheetHandler.value(type: inner.attributes["t"] ?? "n", style: inner.attributes["s"].flatMap(Int.init) ?? 0,
                                               text: text, strings: strings, dateStyles: dateStyles)
                if cells.count == column { cells.append(value) } else { cells[column] = value }
            }
            throw XLSXError.malformed("工作表在第 \(lastRowNumber) 行处意外结束")
        }
        return nil
    }

    /// The text of a cell up to `</c>`: its `<v>`, or the `<t>` runs of an inline string (phonetic runs skipped).
    private func cellText() throws -> String {
        var text = ""
        var phonetic = false
        while let tag = try scanner.nextTag() {
            switch (tag.name, tag.closing) {
            case ("c", true): return text
            case ("rPh", false): phonetic = !tag.selfClosing
            case ("rPh", true): phonetic = false
            case ("v", false), ("t", false):
                if !tag.selfClosing, !phonetic {
                    // A cell longer than the bound is refused as soon as its text passes it, not after reading it all.
                    guard let run = try scanner.text(until: tag.name, maximumBytes: limits.maximumCellLength * 4 - text.utf8.count) else {
                        throw XLSXError.tooLarge(.cellLength(row: lastRowNumber, limit: limits.maximumCellLength))
                    }
                    text += run
                }
            default: break
            }
        }
        throw XLSXError.malformed("单元格未结束")
    }
}

/// A forward-only scanner of XML tags and text over a file read in chunks: just enough for the
/// SpreadsheetML of a worksheet (elements, attributes, character data and the five entities plus
/// numeric references).
final class XMLScanner {
    struct Tag {
        var name: String
        var attributes: [String: String]
        var closing: Bool
        var selfClosing: Bool
    }

    private let handle: FileHandle
    let total: Int
    private(set) var consumed = 0
    private var buffer: [UInt8] = []
    private var position = 0
    private var endOfFile = false

    init?(path: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        self.handle = handle
        total = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }

    deinit { try? handle.close() }

    private func refill() -> Bool {
        guard !endOfFile else { return false }
        if position > 0 { buffer.removeFirst(position); position = 0 }
        guard let data = try? handle.read(upToCount: 1 << 20), !data.isEmpty else { endOfFile = true; return false }
        consumed += data.count
        buffer += data
        return true
    }

    /// The next tag (declarations, comments and processing instructions skipped); text between is skipped.
    func nextTag() throws -> Tag? {
        while true {
            guard let start = indexOf(UInt8(ascii: "<")) else { return nil }
            position = start
            guard let end = indexOf(UInt8(ascii: ">"), from: 1) else { throw XLSXError.malformed("标签未闭合") }
            let body = Array(buffer[(position + 1)..<end])
            position = end + 1
            guard let first = body.first, first != UInt8(ascii: "?"), first != UInt8(ascii: "!") else { continue }
            return Self.tag(body)
        }
    }

    /// The character data up to `</name>`, entities decoded; the closing tag is consumed.
    /// The text up to the closing tag `name`; nil when it is longer than `maximumBytes` (what was
    /// read of it is not kept).
    func text(until name: String, maximumBytes: Int = .max) throws -> String? {
        guard let end = indexOf(UInt8(ascii: "<"), within: maximumBytes) else {
            if overran { return nil }
            throw XLSXError.malformed("文本未结束")
        }
        let raw = Array(buffer[position..<end])
        position = end
        guard let tag = try nextTag(), tag.closing, tag.name == name else { throw XLSXError.malformed("单元格文本中有意外的标签") }
        return Self.decodeEntities(raw)
    }

    /// Whether the last `indexOf` gave up after `within` bytes (rather than at the end of the file).
    private var overran = false

    /// The absolute index of `byte` at or after `position + from`, reading more as needed; nil at
    /// the end of the file or more than `within` bytes on.
    private func indexOf(_ byte: UInt8, from: Int = 0, within: Int = .max) -> Int? {
        var index = position + from
        overran = false
        while true {
            while index < buffer.count {
                if buffer[index] == byte { return index }
                index += 1
                if index - position > within {
                    overran = true
                    return nil
                }
            }
            let offset = index - position
            if !refill() { return nil }
            index = position + offset
        }
    }

    static func tag(_ body: [UInt8]) -> Tag {
        var bytes = body[...]
        let closing = bytes.first == UInt8(ascii: "/")
        if closing { bytes = bytes.dropFirst() }
        let selfClosing = bytes.last == UInt8(ascii: "/")
        if selfClosing { bytes = bytes.dropLast() }
        let nameEnd = bytes.firstIndex(where: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) ?? bytes.endIndex
        var name = String(decoding: bytes[bytes.startIndex..<nameEnd], as: UTF8.self)
        if let colon = name.lastIndex(of: ":") { name = String(name[name.index(after: colon)...]) }
        var attributes: [String: String] = [:]
        var index = nameEnd
        while index < bytes.endIndex {
            guard let equals = bytes[index...].firstIndex(of: UInt8(ascii: "=")) else { break }
            let key = String(decoding: bytes[index..<equals], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let open = bytes[equals...].firstIndex(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }) else { break }
            guard let close = bytes[(open + 1)...].firstIndex(of: bytes[open]) else { break }
            attributes[key] = decodeEntities(Array(bytes[(open + 1)..<close]))
            index = close + 1
        }
        return Tag(name: name, attributes: attributes, closing: closing, selfClosing: selfClosing)
    }

    static func decodeEntities(_ raw: [UInt8]) -> String {
        guard raw.contains(UInt8(ascii: "&")) else { return String(decoding: raw, as: UTF8.self) }
        let text = String(decoding: raw, as: UTF8.self)
        var result = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            result += rest[rest.startIndex..<amp]
            guard let semicolon = rest[amp...].firstIndex(of: ";"), rest.distance(from: amp, to: semicolon) <= 10 else {
                result += "&"; rest = rest[rest.index(after: amp)...]; continue
            }
            let entity = rest[rest.index(after: amp)..<semicolon]
            switch entity {
            case "amp": result += "&"
            case "lt": result += "<"
            case "gt": result += ">"
            case "quot": result += "\""
            case "apos": result += "'"
            default:
                let number = entity.hasPrefix("#x") ? UInt32(entity.dropFirst(2), radix: 16) : entity.hasPrefix("#") ? UInt32(entity.dropFirst()) : nil
                if let number, let scalar = Unicode.Scalar(number) { result.unicodeScalars.append(scalar) } else { result += "&" + entity + ";" }
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return result + rest
    }
}
