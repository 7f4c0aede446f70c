import Foundation
import ZIPFoundation

/// One cell of a written sheet. Text stays text: an 18-digit ID number or a region code is never
/// turned into a number.
public enum Cell: Equatable, Sendable {
    case text(String)
    case number(Double)
    case integer(Int)
    /// A calendar date, written as a date serial with a date format so that Excel sorts and filters it.
    case date(year: Int, month: Int, day: Int)
    case empty
}

/// A worksheet: a name, a header row (bold, shaded, frozen) and the data rows.
public struct Sheet: Sendable {
    public var name: String
    public var header: [String]
    public var rows: [[Cell]]
    /// Drop-downs: the cells of a column below the header accept only the values of a list.
    public var validations: [ListValidation] = []
    /// Lines above the header (a report's title, its unit and date), each merged across the table;
    /// the first is set large and bold.
    public var preamble: [String] = []

    public init(name: String, header: [String], rows: [[Cell]], validations: [ListValidation] = []) {
        self.name = name
        self.header = header
        self.rows = rows
        self.validations = validations
    }
}

/// A column whose cells (rows 2 to `lastRow`) take one value of a list, offered as a drop-down:
/// the list is a range of another sheet (`'选项'!$A$2:$A$8`), which has no length limit.
public struct ListValidation: Sendable, Equatable {
    public var column: Int
    public var lastRow: Int
    public var source: String

    public init(column: Int, lastRow: Int = 1000, source: String) {
        self.column = column
        self.lastRow = lastRow
        self.source = source
    }
}

public enum XLSXError: Error, Equatable, Sendable {
    case notAnArchive
    case missingPart(String)
    case malformed(String)
    case tooLarge(ReadLimits.Exceeded)

    public var message: String {
        switch self {
        case let .tooLarge(exceeded): exceeded.message
        case .notAnArchive: "文件不是有效的 XLSX（Excel 工作簿）"
        case let .missingPart(part): "XLSX 文件不完整：缺少 \(part)"
        case let .malformed(detail): "XLSX 文件无法读取：\(detail)"
        }
    }
}

/// An Office Open XML package (a workbook, a document): its XML parts, deflated into one ZIP.
enum OfficePackage {
    static func zip(_ parts: [(path: String, xml: String)]) throws -> [UInt8] {
        let archive = try Archive(accessMode: .create)
        for (path, xml) in parts {
            let data = Data(xml.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw XLSXError.malformed("写入失败") }
        return Array(data)
    }
}

/// SpreadsheetML written by hand: shared strings, numbers, dates, several sheets, a styled and
/// frozen header row, and a `cellStyles` part so that readers do not warn.
public enum XLSXWriter {
    public static func write(_ sheets: [Sheet]) throws -> [UInt8] {
        var strings = SharedStrings()
        let sheetXML = sheets.map { worksheet($0, strings: &strings) }
        var parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes(sheetCount: sheets.count)),
            ("_rels/.rels", rootRelationships),
            ("xl/workbook.xml", workbook(sheets)),
            ("xl/_rels/workbook.xml.rels", workbookRelationships(sheetCount: sheets.count)),
            ("xl/styles.xml", styles),
            ("xl/sharedStrings.xml", strings.xml),
        ]
        for (index, xml) in sheetXML.enumerated() { parts.append(("xl/worksheets/sheet\(index + 1).xml", xml)) }
        return try OfficePackage.zip(parts)
    }

    struct SharedStrings {
        var index: [String: Int] = [:]
        var list: [String] = []
        var count = 0

        mutating func id(_ text: String) -> Int {
            count += 1
            if let known = index[text] { return known }
            index[text] = list.count
            list.append(text)
            return list.count - 1
        }

        var xml: String {
            var out = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
            out += #"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="\#(count)" uniqueCount="\#(list.count)">"#
            for text in list { out += #"<si><t xml:space="preserve">\#(escape(text))</t></si>"# }
            return out + "</sst>"
        }
    }

    /// Styles: 0 plain, 1 header (bold on grey, bordered), 2 date (yyyy-mm-dd), 3 title (large, bold, centred).
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
        <numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>
        <fonts count="3"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="16"/><name val="Calibri"/></font></fonts>
        <fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>\
        <fill><patternFill patternType="solid"><fgColor rgb="FFDCE6F1"/><bgColor indexed="64"/></patternFill></fill></fills>
        <borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>\
        <border><left/><right/><top/><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
        <cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1"/>\
        <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center"/></xf></cellXfs>
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
        </styleSheet>
        """

    static func worksheet(_ sheet: Sheet, strings: inout SharedStrings) -> String {
        var out = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        out += #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
        let top = sheet.preamble.count
        // Fit to the page's width when printed: A4 landscape, nothing cut off.
        out += #"<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>"#
        out += #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="\#(top + 1)" topLeftCell="A\#(top + 2)" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#
        let widths = columnWidths(sheet)
        if !widths.isEmpty {
            out += "<cols>" + widths.enumerated().map { #"<col min="\#($0.offset + 1)" max="\#($0.offset + 1)" width="\#($0.element)" customWidth="1"/>"# }.joined() + "</cols>"
        }
        out += "<sheetData>"
        for (index, line) in sheet.preamble.enumerated() { out += row(index + 1, [.text(line)], style: index == 0 ? 3 : 0, strings: &strings) }
        out += row(top + 1, sheet.header.map { .text($0) }, style: 1, strings: &strings)
        for (index, cells) in sheet.rows.enumerated() { out += row(top + index + 2, cells, style: nil, strings: &strings) }
        out += "</sheetData>"
        if !sheet.header.isEmpty, top == 0 {
            out += #"<autoFilter ref="A1:\#(columnName(sheet.header.count - 1))\#(sheet.rows.count + 1)"/>"#
        }
        if top > 0, sheet.header.count > 1 {
            let last = columnName(sheet.header.count - 1)
            out += #"<mergeCells count="\#(top)">"# + (1...top).map { #"<mergeCell ref="A\#($0):\#(last)\#($0)"/>"# }.joined() + "</mergeCells>"
        }
        if !sheet.validations.isEmpty {
            out += #"<dataValidations count="\#(sheet.validations.count)">"#
            for validation in sheet.validations {
                let column = columnName(validation.column)
                out += #"<dataValidation type="list" allowBlank="1" showErrorMessage="1" errorTitle="值无效" error="请从下拉列表中选择" sqref="\#(column)2:\#(column)\#(validation.lastRow)">"#
                out += "<formula1>\(escape(validation.source))</formula1></dataValidation>"
            }
            out += "</dataValidations>"
        }
        out += #"<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>"#
        out += #"<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>"#
        return out + "</worksheet>"
    }

    static func row(_ number: Int, _ cells: [Cell], style: Int?, strings: inout SharedStrings) -> String {
        var out = #"<row r="\#(number)">"#
        for (column, cell) in cells.enumerated() {
            let ref = "\(columnName(column))\(number)"
            let s = style.map { #" s="\#($0)""# } ?? ""
            switch cell {
            case let .text(text) where !text.isEmpty: out += #"<c r="\#(ref)" t="s"\#(s)><v>\#(strings.id(text))</v></c>"#
            case let .number(value): out += #"<c r="\#(ref)"\#(s)><v>\#(numberText(value))</v></c>"#
            case let .integer(value): out += #"<c r="\#(ref)"\#(s)><v>\#(value)</v></c>"#
            case let .date(year, month, day): out += #"<c r="\#(ref)" s="2"><v>\#(dateSerial(year: year, month: month, day: day))</v></c>"#
            case .text, .empty: continue
            }
        }
        return out + "</row>"
    }

    /// Characters a column needs, capped: CJK characters count double.
    static func columnWidths(_ sheet: Sheet) -> [Int] {
        sheet.header.indices.map { column in
            let texts = [sheet.header[column]] + sheet.rows.prefix(200).compactMap { row -> String? in
                guard column < row.count else { return nil }
                switch row[column] {
                case let .text(text): return text
                case let .number(value): return numberText(value)
                case let .integer(value): return String(value)
                case .date: return "2021-01-01"
                case .empty: return nil
                }
            }
            let widest = texts.map { $0.unicodeScalars.reduce(0) { $0 + ($1.value > 0x2E80 ? 2 : 1) } }.max() ?? 8
            return min(max(widest + 2, 8), 60)
        }
    }

    /// A, B, … Z, AA, AB, …
    public static func columnName(_ index: Int) -> String {
        var name = ""
        var value = index + 1
        while value > 0 {
            let remainder = (value - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            value = (value - 1) / 26
        }
        return name
    }

    /// Days since 1899-12-30, the serial Excel and LibreOffice use for dates.
    public static func dateSerial(year: Int, month: Int, day: Int) -> Int {
        // Days from civil (Howard Hinnant's algorithm), then shifted to the spreadsheet epoch.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let daysSince1970 = era * 146_097 + doe - 719_468
        return daysSince1970 + 25_569
    }

    static func numberText(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    static func escape(_ text: String) -> String { XMLText.escape(text) }

    static func contentTypes(sheetCount: Int, sharedStrings: Bool = true) -> String {
        var out = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        out += #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
        out += #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
        out += #"<Default Extension="xml" ContentType="application/xml"/>"#
        out += #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
        for index in 1...max(sheetCount, 1) {
            out += #"<Override PartName="/xl/worksheets/sheet\#(index).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        }
        out += #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
        if sharedStrings {
            out += #"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#
        }
        return out + "</Types>"
    }

    static let rootRelationships = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#
        + "</Relationships>"

    static func workbook(_ sheets: [Sheet]) -> String {
        var out = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        out += #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#
        for (index, sheet) in sheets.enumerated() {
            out += #"<sheet name="\#(escape(sheetName(sheet.name, index: index)))" sheetId="\#(index + 1)" r:id="rId\#(index + 1)"/>"#
        }
        return out + "</sheets></workbook>"
    }

    /// Excel allows 31 characters and none of []:*?/\ in a sheet name.
    static func sheetName(_ name: String, index: Int) -> String {
        let cleaned = String(name.filter { !"[]:*?/\\".contains($0) }.prefix(31))
        return cleaned.isEmpty ? "Sheet\(index + 1)" : cleaned
    }

    static func workbookRelationships(sheetCount: Int, sharedStrings: Bool = true) -> String {
        var out = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        out += #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for index in 1...max(sheetCount, 1) {
            out += #"<Relationship Id="rId\#(index)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet\#(index).xml"/>"#
        }
        let next = max(sheetCount, 1) + 1
        out += #"<Relationship Id="rId\#(next)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#
        if sharedStrings {
            out += #"<Relationship Id="rId\#(next + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#
        }
        return out + "</Relationships>"
    }
}

extension Cell {
    /// The cell as CSV holds it.
    public var text: String {
        switch self {
        case let .text(text): text
        case let .number(value): XLSXWriter.numberText(value)
        case let .integer(value): String(value)
        case let .date(year, month, day): String(format: "%04d-%02d-%02d", year, month, day)
        case .empty: ""
        }
    }
}
