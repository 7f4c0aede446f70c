/// A table from an uploaded file, whatever it is: XLSX (recognised by its ZIP signature) or CSV.
public enum SpreadsheetFile {
    public enum Failure: Error, Equatable, Sendable {
        case csv(CSVError)
        case xlsx(XLSXError)

        public var message: String {
            switch self {
            case let .csv(error): error.message
            case let .xlsx(error): error.message
            }
        }
    }

    public static func read(_ bytes: [UInt8]) throws(Failure) -> Table {
        if XLSXReader.isXLSX(bytes) {
            do { return try XLSXReader.read(bytes) } catch { throw .xlsx(error) }
        }
        do { return try CSV.read(bytes) } catch { throw .csv(error) }
    }
}
