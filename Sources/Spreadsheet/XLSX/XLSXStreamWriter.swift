import Foundation
import ZIPFoundation

/// A one-sheet workbook written row batch by row batch to a file on disk, for exports of any size:
/// strings are written inline (no shared-string table to hold), the sheet goes to a temporary file
/// and is compressed into the archive from there, so memory holds one batch of rows.
public final class XLSXStreamWriter {
    private let sheetURL: URL
    private let handle: FileHandle
    private let sheetName: String
    private let columnCount: Int
    private var rowCount = 0

    /// Starts the sheet in `directory` with its header row (bold, shaded, frozen, filterable).
    public init(directory: URL, sheetName: String, header: [String]) throws {
        sheetURL = directory.appendingPathComponent("sheet-\(UUID().uuidString).xml")
        guard FileManager.default.createFile(atPath: sheetURL.path, contents: nil) else {
            throw XLSXError.malformed("无法创建临时文件")
        }
        handle = try FileHandle(forWritingTo: sheetURL)
        self.sheetName = sheetName
        columnCount = header.count
        var out = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        out += #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
        out += #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#
        let widths = XLSXWriter.columnWidths(Sheet(name: sheetName, header: header, rows: []))
        if !widths.isEmpty {
            out += "<cols>" + widths.enumerated().map { #"<col min="\#($0.offset + 1)" max="\#($0.offset + 1)" width="\#(max($0.element, 12))" customWidth="1"/>"# }.joined() + "</cols>"
        }
        out += "<sheetData>"
        try write(out)
        try append([header.map(Cell.text)], style: 1)
    }

    deinit {
        try? handle.close()
        try? FileManager.default.removeItem(at: sheetURL)
    }

    /// Writes rows after those already written.
    public func append(_ rows: [[Cell]]) throws {
        try append(rows, style: nil)
    }

    private func append(_ rows: [[Cell]], style: Int?) throws {
        var out = ""
        for cells in rows {
            rowCount += 1
            out += #"<row r="\#(rowCount)">"#
            let s = style.map { #" s="\#($0)""# } ?? ""
            for (column, cell) in cells.enumerated() {
                let ref = "\(XLSXWriter.columnName(column))\(rowCount)"
                switch cell {
                case let .text(text) where !text.isEmpty:
                    out += #"<c r="\#(ref)" t="inlineStr"\#(s)><is><t xml:space="preserve">\#(XLSXWriter.escape(text))</t></is></c>"#
                case let .number(value): out += #"<c r="\#(ref)"\#(s)><v>\#(XLSXWriter.numberText(value))</v></c>"#
                case let .integer(value): out += #"<c r="\#(ref)"\#(s)><v>\#(value)</v></c>"#
                case let .date(year, month, day): out += #"<c r="\#(ref)" s="2"><v>\#(XLSXWriter.dateSerial(year: year, month: month, day: day))</v></c>"#
                case .text, .empty: continue
                }
            }
            out += "</row>"
        }
        try write(out)
    }

    /// Closes the sheet and writes the workbook to `url`.
    public func finish(to url: URL) throws {
        var out = "</sheetData>"
        if columnCount > 0 { out += #"<autoFilter ref="A1:\#(XLSXWriter.columnName(columnCount - 1))\#(max(rowCount, 1))"/>"# }
        out += #"<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>"#
        out += #"<pageSetup orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>"#
        try write(out)
        try handle.close()
        let archive = try Archive(url: url, accessMode: .create)
        let sheet = Sheet(name: sheetName, header: [], rows: [])
        for (path, xml) in [
            ("[Content_Types].xml", XLSXWriter.contentTypes(sheetCount: 1, sharedStrings: false)),
            ("_rels/.rels", XLSXWriter.rootRelationships),
            ("xl/workbook.xml", XLSXWriter.workbook([sheet])),
            ("xl/_rels/workbook.xml.rels", XLSXWriter.workbookRelationships(sheetCount: 1, sharedStrings: false)),
            ("xl/styles.xml", XLSXWriter.styles),
        ] {
            let data = Data(xml.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        try archive.addEntry(with: "xl/worksheets/sheet1.xml", fileURL: sheetURL, compressionMethod: .deflate)
    }

    private func write(_ text: String) throws {
        try handle.write(contentsOf: Data(text.utf8))
    }
}
