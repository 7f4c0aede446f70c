import Foundation
import Spreadsheet
import Vapor
import YanglaoCore

/// The file formats every list exports to: the same header and rows, as XLSX or CSV.
package enum ExportFormat: String {
    case csv, xlsx

    /// `format=csv|xlsx` on a list URL; nil when the list is asked for as JSON or a page.
    package static func requested(_ request: Request) throws -> ExportFormat? {
        guard let raw = request.query[String.self, at: "format"], !raw.isEmpty else { return nil }
        guard let format = ExportFormat(rawValue: raw) else {
            throw APIError.invalid("导出格式无效", fields: ["format": "应为 csv 或 xlsx"])
        }
        return format
    }

    /// The whole table as a download named `name` (without extension).
    package func response(sheet: Sheet, name: String) throws -> Response {
        try response(sheets: [sheet], name: name)
    }

    /// Several sheets in one workbook (a template with its 说明); CSV holds the first.
    package func response(sheets: [Sheet], name: String) throws -> Response {
        let bytes = switch self {
        case .csv: CSV.write(header: sheets[0].header, rows: sheets[0].rows.map { $0.map(\.text) })
        case .xlsx: try XLSXWriter.write(sheets)
        }
        let response = Response(status: .ok, body: .init(data: Data(bytes)))
        describeDownload(response, name: name)
        return response
    }

    /// A file kept on disk (a problems list), streamed as a download named `name`.
    package func fileResponse(path: String, name: String, for request: Request) async throws -> Response {
        let response = try await request.fileio.asyncStreamFile(at: path)
        response.headers.remove(name: .eTag)
        response.headers.remove(name: .lastModified)
        describeDownload(response, name: name)
        return response
    }

    /// The content type and the file name (in Chinese, with an ASCII stand-in) of a download.
    func describeDownload(_ response: Response, name: String) {
        response.headers.contentType = self == .xlsx
            ? HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            : HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        let fileName = "\(name).\(rawValue)"
        let encoded = fileName.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "export"
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"export.\(rawValue)\"; filename*=UTF-8''\(encoded)")
    }
}

/// A Word document as a download named `name` (without extension).
package enum WordExport {
    package static func response(_ document: WordDocument, name: String) throws -> Response {
        let response = Response(status: .ok, body: .init(data: Data(try DOCXWriter.write(document))))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.wordprocessingml.document")
        let encoded = "\(name).docx".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "document"
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"document.docx\"; filename*=UTF-8''\(encoded)")
        return response
    }
}

extension Cell {
    package static func date(_ date: LocalDate?) -> Cell {
        date.map { .date(year: $0.year, month: $0.month, day: $0.day) } ?? .empty
    }
}

/// An export written to a temporary file batch by batch and sent from disk: memory holds one
/// batch whatever the number of rows. The file is removed once sent.
package final class ExportFile: @unchecked Sendable {
    package let format: ExportFormat
    private let directory: URL
    private var xlsx: XLSXStreamWriter?
    private var csv: FileHandle?
    private let csvURL: URL

    package init(format: ExportFormat, sheetName: String, header: [String]) throws {
        self.format = format
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("yanglao-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        csvURL = directory.appendingPathComponent("export.csv")
        switch format {
        case .xlsx:
            xlsx = try XLSXStreamWriter(directory: directory, sheetName: sheetName, header: header)
        case .csv:
            FileManager.default.createFile(atPath: csvURL.path, contents: Data(CSV.byteOrderMark))
            csv = try FileHandle(forWritingTo: csvURL)
            try csv?.seekToEnd()
            try csv?.write(contentsOf: Data(CSV.line(header).utf8))
        }
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    package func append(_ rows: [[Cell]]) throws {
        if let xlsx { try xlsx.append(rows) }
        if let csv { try csv.write(contentsOf: Data(rows.map { CSV.line($0.map(\.text)) }.joined().utf8)) }
    }

    /// The finished file as a download named `name` (without extension), streamed from disk.
    package func response(name: String, for request: Request) async throws -> Response {
        let url: URL
        switch format {
        case .xlsx:
            url = directory.appendingPathComponent("export.xlsx")
            try xlsx?.finish(to: url)
            xlsx = nil
        case .csv:
            try csv?.close()
            csv = nil
            url = csvURL
        }
        let response = try await request.fileio.asyncStreamFile(at: url.path) { _ in
            try? FileManager.default.removeItem(at: self.directory)
        }
        response.headers.remove(name: .eTag)
        response.headers.remove(name: .lastModified)
        format.describeDownload(response, name: name)
        return response
    }
}
