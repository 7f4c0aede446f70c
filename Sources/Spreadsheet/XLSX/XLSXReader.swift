import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Reads the first worksheet of an XLSX into a `Table`, streaming the sheet's XML. Numbers come
/// back as written (no ".0" on whole numbers), dates as YYYY-MM-DD, text as text.
public enum XLSXReader {
    public static func isXLSX(_ bytes: [UInt8]) -> Bool {
        bytes.starts(with: [0x50, 0x4B, 0x03, 0x04])
    }

    public static func read(_ bytes: [UInt8], limits: ReadLimits = .standard) throws(XLSXError) -> Table {
        let archive: Archive
        do { archive = try Archive(data: Data(bytes), accessMode: .read) } catch { throw .notAnArchive }
        let parts = try Parts(archive: archive, limits: limits)
        let strings = try sharedStrings(parts)
        let dateStyles = try dateStyleIndexes(parts)
        let sheetPath = try firstSheetPath(parts)
        let handler = SheetHandler(strings: strings, dateStyles: dateStyles, limits: limits)
        let parser = XMLParser(data: try parts.extract(sheetPath))
        parser.delegate = handler
        let parsed = parser.parse()
        if let exceeded = handler.exceeded { throw .tooLarge(exceeded) }
        // On Linux, parse() can answer true with an error set (a tag left open or closed wrongly).
        guard parsed, parser.parserError == nil else { throw .malformed("工作表内容不是有效的 XML（第 \(parser.lineNumber) 行附近）") }
        var rows = handler.rows.filter { !$0.cells.allSatisfy { $0.trimmedCell().isEmpty } }
        guard !rows.isEmpty else { return Table(header: [], rows: []) }
        let header = rows.removeFirst().cells.map { $0.trimmedCell() }
        // Empty cells at the end of a row are not written: give every row the header's width, as CSV does.
        let padded = rows.map { row in
            Table.Row(number: row.number, cells: row.cells + Array(repeating: "", count: max(0, header.count - row.cells.count)))
        }
        return Table(header: header, rows: padded)
    }

    /// The archive's parts, extracted under the limits: the entry count is checked up front, and every
    /// extraction counts what it inflates (the sizes an archive declares can lie) against the total
    /// and against the part's compressed size.
    final class Parts {
        let archive: Archive
        let limits: ReadLimits
        private var inflated = 0

        init(archive: Archive, limits: ReadLimits) throws(XLSXError) {
            self.archive = archive
            self.limits = limits
            var count = 0
            for entry in archive {
                count += 1
                guard count <= limits.maximumEntries else { throw .tooLarge(.entries(limit: limits.maximumEntries)) }
                let declared = Int(clamping: entry.uncompressedSize)
                guard declared <= limits.maximumInflatedBytes else { throw .tooLarge(.inflatedSize(limit: limits.maximumInflatedBytes)) }
                guard declared <= ratioBound(entry) else { throw .tooLarge(.compressionRatio(limit: limits.maximumCompressionRatio)) }
            }
        }

        /// The most a part may inflate to: its compressed size times the ratio (small parts get 64 KB of slack).
        private func ratioBound(_ entry: Entry) -> Int {
            max(Int(clamping: entry.compressedSize), 1) &* limits.maximumCompressionRatio &+ 64 * 1024
        }

        func contains(_ path: String) -> Bool { archive[path] != nil }

        /// Extracts a part into a file, chunk by chunk, under the same limits (a big sheet never sits in memory).
        func extract(_ path: String, to file: URL) throws(XLSXError) {
            guard FileManager.default.createFile(atPath: file.path, contents: nil),
                  let output = try? FileHandle(forWritingTo: file) else { throw .malformed("无法写入临时文件") }
            defer { try? output.close() }
            try inflate(path) { try output.write(contentsOf: $0) }
        }

        func extract(_ path: String) throws(XLSXError) -> Data {
            var data = Data()
            try inflate(path) { data.append($0) }
            return data
        }

        /// Hands a part's inflated bytes to `body` chunk by chunk, counting them against the total
        /// and against the part's compressed size (the sizes an archive declares can lie).
        private func inflate(_ path: String, _ body: (Data) throws -> Void) throws(XLSXError) {
            guard let entry = archive[path] else { throw .missingPart(path) }
            let bound = ratioBound(entry)
            var exceeded: ReadLimits.Exceeded?
            var partSize = 0
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    partSize += chunk.count
                    self.inflated += chunk.count
                    if self.inflated > self.limits.maximumInflatedBytes {
                        exceeded = .inflatedSize(limit: self.limits.maximumInflatedBytes)
                    } else if partSize > bound {
                        exceeded = .compressionRatio(limit: self.limits.maximumCompressionRatio)
                    }
                    if exceeded != nil { throw CancellationError() }
                    try body(chunk)
                }
            } catch {
                if let exceeded { throw .tooLarge(exceeded) }
                throw .malformed("\(path) 解压失败")
            }
        }
    }

    static func sharedStrings(_ parts: Parts) throws(XLSXError) -> CompactStrings {
        guard parts.contains("xl/sharedStrings.xml") else { return CompactStrings() }
        let handler = SharedStringsHandler()
        let parser = XMLParser(data: try parts.extract("xl/sharedStrings.xml"))
        parser.delegate = handler
        guard parser.parse(), parser.parserError == nil else { throw .malformed("共享字符串不是有效的 XML（第 \(parser.lineNumber) 行附近）") }
        return handler.strings
    }

    /// The cell formats (by index) that show a date: the built-in date formats and any custom
    /// format with a day, month or year in it.
    static func dateStyleIndexes(_ parts: Parts) throws(XLSXError) -> Set<Int> {
        guard parts.contains("xl/styles.xml") else { return [] }
        let handler = StylesHandler()
        let parser = XMLParser(data: try parts.extract("xl/styles.xml"))
        parser.delegate = handler
        _ = parser.parse()
        return handler.dateStyles
    }

    /// The target of the workbook's first sheet (usually xl/worksheets/sheet1.xml).
    static func firstSheetPath(_ parts: Parts) throws(XLSXError) -> String {
        guard parts.contains("xl/workbook.xml") else { throw .missingPart("xl/workbook.xml") }
        let workbook = AttributeCollector(element: "sheet")
        let parser = XMLParser(data: try parts.extract("xl/workbook.xml"))
        parser.delegate = workbook
        _ = parser.parse()
        guard let first = workbook.found.first, let id = first["r:id"] ?? first.first(where: { $0.key.hasSuffix(":id") })?.value else {
            return "xl/worksheets/sheet1.xml"
        }
        let relations = AttributeCollector(element: "Relationship")
        let relParser = XMLParser(data: try parts.extract("xl/_rels/workbook.xml.rels"))
        relParser.delegate = relations
        _ = relParser.parse()
        guard let target = relations.found.first(where: { $0["Id"] == id })?["Target"] else { return "xl/worksheets/sheet1.xml" }
        let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        guard parts.contains(path) else { throw .missingPart(path) }
        return path
    }
}

/// Strings kept as one UTF-8 buffer and offsets: a sheet of a million unique names and numbers
/// holds a few bytes each, not an object each.
struct CompactStrings {
    private var bytes: [UInt8] = []
    private var ends: [Int] = []

    var count: Int { ends.count }
    mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        ends.append(bytes.count)
    }

    subscript(index: Int) -> String? {
        guard index >= 0, index < ends.count else { return nil }
        let start = index == 0 ? 0 : ends[index - 1]
        return String(decoding: bytes[start..<ends[index]], as: UTF8.self)
    }
}

final class SharedStringsHandler: NSObject, XMLParserDelegate {
    var strings = CompactStrings()
    private var current = ""
    private var inItem = false
    private var inText = false
    private var inPhonetic = false

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch name {
        case "si": inItem = true; current = ""
        case "t": inText = inItem && !inPhonetic
        case "rPh": inPhonetic = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { current += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "si": strings.append(current); inItem = false
        case "t": inText = false
        case "rPh": inPhonetic = false
        default: break
        }
    }
}

final class StylesHandler: NSObject, XMLParserDelegate {
    var dateStyles: Set<Int> = []
    private var customDateFormats: Set<Int> = []
    private var inCellXfs = false
    private var xfIndex = 0
    static let builtInDateFormats: Set<Int> = Set(14...22).union(45...47)

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch name {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"]?.lowercased() {
                let stripped = code.replacingOccurrences(of: "\\[[^\\]]*\\]", with: "", options: .regularExpression)
                if stripped.contains("y") || stripped.contains("d") || (stripped.contains("m") && !stripped.contains("0")) {
                    customDateFormats.insert(id)
                }
            }
        case "cellXfs": inCellXfs = true; xfIndex = 0
        case "xf" where inCellXfs:
            if let id = attributes["numFmtId"].flatMap(Int.init), Self.builtInDateFormats.contains(id) || customDateFormats.contains(id) {
                dateStyles.insert(xfIndex)
            }
            xfIndex += 1
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "cellXfs" { inCellXfs = false }
    }
}

final class AttributeCollector: NSObject, XMLParserDelegate {
    let element: String
    var found: [[String: String]] = []

    init(element: String) { self.element = element }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if name == element { found.append(attributes) }
    }
}

/// Streams `<row>`/`<c>` elements into rows, placing each cell by its reference (A1, C5) so that
/// skipped empty cells keep the columns aligned.
final class SheetHandler: NSObject, XMLParserDelegate {
    let strings: CompactStrings
    let dateStyles: Set<Int>
    let limits: ReadLimits
    var rows: [Table.Row] = []
    /// Set when the sheet went past a limit; parsing stops there.
    var exceeded: ReadLimits.Exceeded?

    private var rowNumber = 0
    private var cells: [String] = []
    private var cellColumn = 0
    private var cellType = "n"
    private var cellStyle = 0
    private var text = ""
    private var collecting = false

    init(strings: CompactStrings, dateStyles: Set<Int>, limits: ReadLimits = .standard) {
        self.strings = strings
        self.dateStyles = dateStyles
        self.limits = limits
    }

    private func stop(_ parser: XMLParser, _ reason: ReadLimits.Exceeded) {
        if exceeded == nil { exceeded = reason }
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch name {
        case "row":
            guard rows.count <= limits.maximumRows else { return stop(parser, .rows(limit: limits.maximumRows)) }
            rowNumber = attributes["r"].flatMap(Int.init).map { min(max($0, 1), 1_048_576) } ?? rowNumber + 1
            cells = []
        case "c":
            cellColumn = attributes["r"].flatMap(Self.column) ?? cells.count
            guard cellColumn < limits.maximumColumns else { return stop(parser, .columns(row: rowNumber, limit: limits.maximumColumns)) }
            cellType = attributes["t"] ?? "n"
            cellStyle = attributes["s"].flatMap(Int.init) ?? 0
            text = ""
        case "v", "t":
            collecting = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard collecting else { return }
        text += string
        if text.utf8.count > limits.maximumCellLength * 4 { stop(parser, .cellLength(row: rowNumber, limit: limits.maximumCellLength)) }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        guard exceeded == nil else { return }
        switch name {
        case "v", "t": collecting = false
        case "c":
            while cells.count < cellColumn { cells.append("") }
            cells.append(value())
        case "row":
            let row = Table.Row(number: rowNumber, cells: cells)
            do { try limits.check(row) } catch { return stop(parser, error) }
            rows.append(row)
        default: break
        }
    }

    private func value() -> String {
        Self.value(type: cellType, style: cellStyle, text: text, strings: strings, dateStyles: dateStyles)
    }

    /// A cell's value as text: shared strings looked up, whole numbers without ".0", dates by their style.
    static func value(type cellType: String, style cellStyle: Int, text: String, strings: CompactStrings, dateStyles: Set<Int>) -> String {
        switch cellType {
        case "s": return Int(text).flatMap { strings[$0] } ?? ""
        case "b": return text == "1" ? "TRUE" : "FALSE"
        case "inlineStr", "str", "e": return text
        default:
            guard let number = Double(text) else { return text }
            if dateStyles.contains(cellStyle), (0...2_958_465).contains(number) { return Self.date(fromSerial: number) }
            guard number.isFinite else { return text }
            return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        }
    }

    /// "C5" → 2; nil for anything but one to three letters A–Z (XFD, column 16,384, is Excel's last).
    static func column(_ reference: String) -> Int? {
        let letters = reference.unicodeScalars.prefix { ("A"..."Z").contains($0) }
        guard (1...3).contains(letters.count) else { return nil }
        return letters.reduce(0) { $0 * 26 + Int($1.value) - 64 } - 1
    }

    /// A spreadsheet date serial (days since 1899-12-30) as YYYY-MM-DD.
    static func date(fromSerial serial: Double) -> String {
        let days = Int(serial.rounded(.down)) - 25_569 + 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let doe = days - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return String(format: "%04d-%02d-%02d", year, month, day)
    }
}
