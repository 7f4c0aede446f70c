import Foundation

public enum CSVError: Error, Equatable, Sendable {
    case decoding(TextDecodingError)
    case noHeader
    case unterminatedQuote(row: Int)
    case tooLarge(ReadLimits.Exceeded)

    public var message: String {
        switch self {
        case let .decoding(error): error.message
        case .noHeader: "文件没有表头行"
        case let .unterminatedQuote(row): "第\(row)行的引号没有闭合"
        case let .tooLarge(exceeded): exceeded.message
        }
    }
}

/// CSV as RFC 4180 describes it and Excel writes it: quoted fields with doubled quotes, line breaks
/// inside quotes, CRLF or LF. A header that holds tabs and no commas marks a tab-separated file.
public enum CSV {
    public static func read(_ bytes: [UInt8], limits: ReadLimits = .standard) throws(CSVError) -> Table {
        let text: String
        do { text = try TextDecoder.decode(bytes).text } catch { throw .decoding(error) }
        return try parse(text, limits: limits)
    }

    public static func parse(_ text: String, limits: ReadLimits = .standard) throws(CSVError) -> Table {
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r\n" }
        let separator: Character = firstLine.contains("\t") && !firstLine.contains(",") ? "\t" : ","
        var records = try records(of: text, separator: separator, limits: limits)
        records.removeAll { $0.cells.allSatisfy { $0.trimmedCell().isEmpty } }
        do { try limits.check(records) } catch { throw .tooLarge(error) }
        guard let headerRecord = records.first else { throw .noHeader }
        let header = headerRecord.cells.map { $0.trimmedCell() }
        let rows = records.dropFirst().map { Table.Row(number: $0.number, cells: $0.cells.map(unneutralised)) }
        return Table(header: header, rows: rows)
    }

    /// The characters a spreadsheet reads as the start of a formula (or of a DDE payload).
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// A cell as `write` neutralised it ("'=SUM(A1)") read back as it was, so that an export re-imports unchanged.
    static func unneutralised(_ cell: String) -> String {
        guard cell.first == "'", let second = cell.dropFirst().first, formulaStarts.contains(second) || second == "'" else { return cell }
        return String(cell.dropFirst())
    }

    /// Splits text into records, numbering each by the line on which it starts.
    private static func records(of text: String, separator: Character, limits: ReadLimits) throws(CSVError) -> [Table.Row] {
        var rows: [Table.Row] = []
        var cells: [String] = []
        var cell = ""
        var inQuotes = false
        var line = 1
        var rowStart = 1
        var iterator = text.makeIterator()
        var pending: Character? = iterator.next()
        while let character = pending {
            pending = iterator.next()
            if inQuotes {
                if character == "\"" {
                    if pending == "\"" { cell.append("\""); pending = iterator.next() } else { inQuotes = false }
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    cell.append(character)
                }
                continue
            }
            switch character {
            case "\"" where cell.isEmpty:
                inQuotes = true
            case separator:
                cells.append(cell)
                cell = ""
            case "\n", "\r\n", "\r":
                cells.append(cell)
                let row = Table.Row(number: rowStart, cells: cells)
                do { try limits.check(row) } catch { throw .tooLarge(error) }
                rows.append(row)
                guard rows.count <= limits.maximumRows + 1 else { throw .tooLarge(.rows(limit: limits.maximumRows)) }
                cells = []
                cell = ""
                line += 1
                rowStart = line
            default:
                cell.append(character)
            }
        }
        if inQuotes { throw .unterminatedQuote(row: rowStart) }
        if !cell.isEmpty || !cells.isEmpty {
            cells.append(cell)
            rows.append(Table.Row(number: rowStart, cells: cells))
        }
        return rows
    }

    /// UTF-8 with a BOM so that Excel opens it as such, CRLF line ends, quotes only where needed.
    /// A cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR) is written behind an
    /// apostrophe, unless it is a plain number ("-1.5"); `read` takes the apostrophe off again.
    public static func write(header: [String], rows: [[String]]) -> [UInt8] {
        var text = line(header)
        for row in rows { text += line(row) }
        return [0xEF, 0xBB, 0xBF] + Array(text.utf8)
    }

    /// The byte-order mark `write` starts with, for a file written line by line.
    public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// One line of cells as `write` writes it (CRLF at the end).
    public static func line(_ cells: [String]) -> String {
        cells.map(escape).joined(separator: ",") + "\r\n"
    }

    private static func escape(_ cell: String) -> String {
        var value = cell
        if let first = value.first, (formulaStarts.contains(first) && !isPlainNumber(value)) || first == "'" {
            value = "'" + value
        }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
            return value
        }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// "-1.5", "+86": digits with one optional sign and point, which no spreadsheet runs as a formula.
func isPlainNumber(_ text: String) -> Bool {
    var body = Substring(text)
    if body.first == "-" || body.first == "+" { body = body.dropFirst() }
    let parts = body.split(separator: ".", omittingEmptySubsequences: false)
    return !body.isEmpty && parts.count <= 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension String {
    func trimmedCell() -> String {
        let isSpace: (Character) -> Bool = { $0.isWhitespace || $0 == "\u{3000}" || $0 == "\u{FEFF}" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }

}
