/// How much of an uploaded spreadsheet the readers accept, each refused early with a Chinese
/// message: a zip bomb stops at the ratio or the inflated size long before it fills memory.
public struct ReadLimits: Sendable, Equatable {
    /// The most bytes the parts of an XLSX may inflate to, all together.
    public var maximumInflatedBytes: Int
    /// The most entries (files) an XLSX archive may hold.
    public var maximumEntries: Int
    /// The most an XLSX part may inflate relative to its compressed size.
    public var maximumCompressionRatio: Int
    /// The most data rows (after the header).
    public var maximumRows: Int
    /// The most columns of a row.
    public var maximumColumns: Int
    /// The most characters of one cell (Excel's own limit is 32,767).
    public var maximumCellLength: Int
    /// After this many empty rows one after another a sheet's data has ended: a sheet formatted
    /// down to its last row (a million empty rows) is not read to the end.
    public var maximumBlankRun = 10_000

    public init(
        maximumInflatedBytes: Int = 64 * 1024 * 1024, maximumEntries: Int = 200, maximumCompressionRatio: Int = 100,
        maximumRows: Int = 100_000, maximumColumns: Int = 200, maximumCellLength: Int = 32_767
    ) {
        self.maximumInflatedBytes = maximumInflatedBytes
        self.maximumEntries = maximumEntries
        self.maximumCompressionRatio = maximumCompressionRatio
        self.maximumRows = maximumRows
        self.maximumColumns = maximumColumns
        self.maximumCellLength = maximumCellLength
    }

    public static let standard = ReadLimits()

    /// For imports streamed from disk (a city's registry): millions of rows, a sheet inflated to a
    /// temporary file rather than memory; the ratio and cell bounds stay.
    public static let bulk = ReadLimits(maximumInflatedBytes: 4 * 1024 * 1024 * 1024, maximumRows: 5_000_000)

    public enum Exceeded: Error, Equatable, Sendable {
        case inflatedSize(limit: Int)
        case entries(limit: Int)
        case compressionRatio(limit: Int)
        case rows(limit: Int)
        case columns(row: Int, limit: Int)
        case cellLength(row: Int, limit: Int)

        public var message: String {
            switch self {
            case let .inflatedSize(limit): "文件解压后超过 \(limit / 1024 / 1024) MB，已拒绝：请拆分后分批导入"
            case let .entries(limit): "XLSX 文件内部条目超过 \(limit) 个，不像是普通的工作簿，已拒绝"
            case let .compressionRatio(limit): "XLSX 文件的压缩比超过 \(limit) 倍，疑似恶意压缩文件，已拒绝"
            case let .rows(limit): "数据行超过 \(limit) 行，已拒绝：请拆分后分批导入"
            case let .columns(row, limit): "第\(row)行超过 \(limit) 列，已拒绝"
            case let .cellLength(row, limit): "第\(row)行有单元格超过 \(limit) 个字符，已拒绝"
            }
        }
    }

    /// Checks a table read by either reader against the row, column and cell bounds.
    func check(_ rows: [Table.Row]) throws(Exceeded) {
        guard rows.count <= maximumRows + 1 else { throw .rows(limit: maximumRows) }
        for row in rows {
            try check(row)
        }
    }

    func check(_ row: Table.Row) throws(Exceeded) {
        guard row.cells.count <= maximumColumns else { throw .columns(row: row.number, limit: maximumColumns) }
        if row.cells.contains(where: { $0.utf8.count > maximumCellLength && $0.count > maximumCellLength }) {
            throw .cellLength(row: row.number, limit: maximumCellLength)
        }
    }
}

/// Where a streamed sheet's data ends: after `ReadLimits.maximumBlankRun` empty rows in a row.
struct BlankRun {
    let limit: Int
    private var run = 0
    private(set) var ended = false

    init(limit: Int) { self.limit = limit }

    /// Takes the next row's cells; true when the row is empty (and is skipped).
    mutating func skips(_ cells: [String]) -> Bool {
        guard cells.allSatisfy({ $0.trimmedCell().isEmpty }) else {
            run = 0
            return false
        }
        run += 1
        if run > limit { ended = true }
        return true
    }
}
