/// A sheet as read from a file: the header row and the data rows, each with the row number a
/// spreadsheet program shows (the header is row 1).
public struct Table: Equatable, Sendable {
    public struct Row: Equatable, Sendable {
        public var number: Int
        public var cells: [String]

        public init(number: Int, cells: [String]) {
            self.number = number
            self.cells = cells
        }
    }

    public var header: [String]
    public var rows: [Row]

    public init(header: [String], rows: [Row]) {
        self.header = header
        self.rows = rows
    }

    /// The cells of a row keyed by column name; missing trailing cells read as empty.
    public func fields(of row: Row) -> [String: String] {
        var fields: [String: String] = [:]
        for (index, column) in header.enumerated() where !column.isEmpty && fields[column] == nil {
            fields[column] = index < row.cells.count ? row.cells[index] : ""
        }
        return fields
    }
}
