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

    public static func read(_ bytes: [UInt8]) throws(XLSXError) -> Table {
        let archive: Archive
        do { archive = try Archive(data: Data(bytes), accessMode: .read) } catch { throw .notAnArchive }
        let strings = try sharedStrings(archive)
        let dateStyles = try dateStyleIndexes(archive)
        let sheetPath = try firstSheetPath(archive)
        let handler = SheetHandler(strings: strings, dateStyles: dateStyles)
        let parser = XMLParser(data: try extract(archive, sheetPath))
        parser.delegate = handler
        guard parser.parse() else { throw .malformed(parser.parserError.map { "\($0)" } ?? "工作表无法解析") }
        var rows = handler.rows.filter { !$0.cells.allSatisfy { $0.trimmedCell().isEmpty } }
        guard !rows.isEmpty else { return Table(header: [], rows: []) }
        let header = rows.removeFirst().cells.map { $0.trimmedCell() }
        // Empty cells at the end of a row are not written: give every row the header's width, as CSV does.
        let padded = rows.map { row in
            Table.Row(number: row.number, cells: row.cells + Array(repeating: "", count: max(0, header.count - row.cells.count)))
        }
        return Table(header: header, rows: padded)
    }

    static func extract(_ archive: Archive, _ path: String) throws(XLSXError) -> Data {
        guard let entry = archive[path] else { throw .missingPart(path) }
        var data = Data()
        do { _ = try archive.extract(entry) { data.append($0) } } catch { throw .malformed("\(path) 解压失败") }
        return data
    }

    static func sharedStrings(_ archive: Archive) throws(XLSXError) -> [String] {
        guard archive["xl/sharedStrings.xml"] != nil else { return [] }
        let handler = SharedStringsHandler()
        let parser = XMLParser(data: try extract(archive, "xl/sharedStrings.xml"))
        parser.delegate = handler
        guard parser.parse() else { throw .malformed("共享字符串无法解析") }
        return handler.strings
    }

    /// The cell formats (by index) that show a date: the built-in date formats and any custom
    /// format with a day, month or year in it.
    static func dateStyleIndexes(_ archive: Archive) throws(XLSXError) -> Set<Int> {
        guard archive["xl/styles.xml"] != nil else { return [] }
        let handler = StylesHandler()
        let parser = XMLParser(data: try extract(archive, "xl/styles.xml"))
        parser.delegate = handler
        _ = parser.parse()
        return handler.dateStyles
    }

    /// The target of the workbook's first sheet (usually xl/worksheets/sheet1.xml).
    static func firstSheetPath(_ archive: Archive) throws(XLSXError) -> String {
        guard archive["xl/workbook.xml"] != nil else { throw .missingPart("xl/workbook.xml") }
        let workbook = AttributeCollector(element: "sheet")
        let parser = XMLParser(data: try extract(archive, "xl/workbook.xml"))
        parser.delegate = workbook
        _ = parser.parse()
        guard let first = workbook.found.first, let id = first["r:id"] ?? first.first(where: { $0.key.hasSuffix(":id") })?.value else {
            return "xl/worksheets/sheet1.xml"
        }
        let relations = AttributeCollector(element: "Relationship")
        let relParser = XMLParser(data: try extract(archive, "xl/_rels/workbook.xml.rels"))
        relParser.delegate = relations
        _ = relParser.parse()
        guard let target = relations.found.first(where: { $0["Id"] == id })?["Target"] else { return "xl/worksheets/sheet1.xml" }
        return target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
    }
}

final class SharedStringsHandler: NSObject, XMLParserDelegate {
    var strings: [String] = []
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
    let strings: [String]
    let dateStyles: Set<Int>
    var rows: [Table.Row] = []

    private var rowNumber = 0
    private var cells: [String] = []
    private var cellColumn = 0
    private var cellType = "n"
    private var cellStyle = 0
    private var text = ""
    private var collecting = false

    init(strings: [String], dateStyles: Set<Int>) {
        self.strings = strings
        self.dateStyles = dateStyles
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch name {
        case "row":
            rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
            cells = []
        case "c":
            cellColumn = attributes["r"].map(Self.column) ?? cells.count
            cellType = attributes["t"] ?? "n"
            cellStyle = attributes["s"].flatMap(Int.init) ?? 0
            text = ""
        case "v", "t":
            collecting = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if collecting { text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "v", "t": collecting = false
        case "c":
            while cells.count < cellColumn { cells.append("") }
            cells.append(value())
        case "row":
            rows.append(Table.Row(number: rowNumber, cells: cells))
        default: break
        }
    }

    private func value() -> String {
        switch cellType {
        case "s": return Int(text).flatMap { strings.indices.contains($0) ? strings[$0] : nil } ?? ""
        case "b": return text == "1" ? "TRUE" : "FALSE"
        case "inlineStr", "str", "e": return text
        default:
            guard let number = Double(text) else { return text }
            if dateStyles.contains(cellStyle) { return Self.date(fromSerial: number) }
            return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        }
    }

    /// "C5" → 2.
    static func column(_ reference: String) -> Int {
        reference.unicodeScalars.prefix { $0.properties.isAlphabetic }.reduce(0) { $0 * 26 + Int($1.value) - 64 } - 1
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
