/// A table from an uploaded file, whatever it is: XLSX (recognised by its ZIP signature) or CSV.
public enum SpreadsheetFile {
    public enum Failure: Error, Equatable, Sendable {
        case csv(CSVError)
        case xlsx(XLSXError)
        case tooLarge(ReadLimits.Exceeded)

        public var message: String {
            switch self {
            case let .csv(error): error.message
            case let .xlsx(error): error.message
            case let .tooLarge(error): error.message
            }
        }
    }

    public static func read(_ bytes: [UInt8], limits: ReadLimits = .standard) throws(Failure) -> Table {
        if XLSXReader.isXLSX(bytes) {
            do { return try XLSXReader.read(bytes, limits: limits) } catch {
                if case let .tooLarge(exceeded) = error { throw .tooLarge(exceeded) }
                throw .xlsx(error)
            }
        }
        if looksBinary(bytes) { throw .xlsx(.notAnArchive) }
        do { return try CSV.read(bytes, limits: limits) } catch {
            if case let .tooLarge(exceeded) = error { throw .tooLarge(exceeded) }
            throw .csv(error)
        }
    }

    /// A file that is neither XLSX nor text (an old .xls, a picture, a PDF): NUL bytes or another
    /// archive's signature in its first kilobyte. Named as such rather than read as a CSV without columns.
    static func looksBinary(_ bytes: [UInt8]) -> Bool {
        let head = bytes.prefix(1024)
        let utf16 = head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF])
        return !utf16 && head.contains(0)
    }
}
