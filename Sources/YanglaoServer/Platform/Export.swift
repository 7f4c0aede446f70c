import Foundation
import Spreadsheet
import Vapor
import YanglaoCore

/// The file formats every list exports to: the same header and rows, as XLSX or CSV.
enum ExportFormat: String {
    case csv, xlsx

    /// `format=csv|xlsx` on a list URL; nil when the list is asked for as JSON or a page.
    static func requested(_ request: Request) throws -> ExportFormat? {
        guard let raw = request.query[String.self, at: "format"], !raw.isEmpty else { return nil }
        guard let format = ExportFormat(rawValue: raw) else {
            throw APIError.invalid("导出格式无效", fields: ["format": "应为 csv 或 xlsx"])
        }
        return format
    }

    /// The whole table as a download named `name` (without extension).
    func response(sheet: Sheet, name: String) throws -> Response {
        switch self {
        case .csv:
            return fileResponse(CSV.write(header: sheet.header, rows: sheet.rows.map { $0.map(\.text) }), name: "\(name).csv")
        case .xlsx:
            let response = fileResponse(try XLSXWriter.write([sheet]), name: "\(name).xlsx")
            response.headers.contentType = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            return response
        }
    }
}

extension Cell {
    static func date(_ date: LocalDate?) -> Cell {
        date.map { .date(year: $0.year, month: $0.month, day: $0.day) } ?? .empty
    }
}

func fileResponse(_ bytes: [UInt8], name: String) -> Response {
    let response = Response(status: .ok, body: .init(data: Data(bytes)))
    response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
    let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "export"
    let ascii = name.hasSuffix(".xlsx") ? "export.xlsx" : "export.csv"
    response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)")
    return response
}
