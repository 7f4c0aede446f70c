/// Region codes by GB/T 2260 (six digits: province, prefecture, county), GB/T 10114 (three more for
/// the township level) and the statistics bureau's twelve-digit codes (three more for villages).
public enum RegionCode {
    public enum Problem: Error, Equatable, Sendable {
        case notDigits
        case wrongLength(level: RegionLevel, length: Int)
        case wrongSuffix(level: RegionLevel)

        /// A message in Chinese for the field or row that holds the code.
        public var message: String {
            switch self {
            case .notDigits:
                "区划代码只能由数字组成"
            case let .wrongLength(level, length):
                "\(level.label)级区划代码应为\(RegionCode.expectedLengths(level))位，实际为\(length)位"
            case let .wrongSuffix(level):
                switch level {
                case .province: "省级区划代码应以0000结尾"
                case .prefecture: "市级区划代码应以00结尾且不能以0000结尾"
                case .county: "县级区划代码不能以00结尾"
                case .town: "乡级区划代码的后三位不能为000"
                case .village: "村级区划代码的后三位不能为000"
                }
            }
        }
    }

    static func expectedLengths(_ level: RegionLevel) -> String {
        switch level {
        case .province, .prefecture, .county: "6（或以000000结尾的12）"
        case .town: "9（或以000结尾的12）"
        case .village: "12"
        }
    }

    /// The stored form of a code at a level: six digits down to the county, nine for the township
    /// level, twelve for villages. A twelve-digit statistics code is trimmed to that length when the
    /// trimmed part is all zeros, so one unit never has two spellings in the database.
    public static func normalized(_ raw: String, level: RegionLevel) throws(Problem) -> String {
        let code = raw.trimmingWhitespace()
        guard !code.isEmpty, code.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .notDigits }
        let length = storedLength(level)
        var trimmed = code
        if code.count == 12, length < 12, code.hasSuffix(String(repeating: "0", count: 12 - length)) {
            trimmed = String(code.prefix(length))
        }
        guard trimmed.count == length else { throw .wrongLength(level: level, length: code.count) }
        try checkSuffix(trimmed, level: level)
        return trimmed
    }

    /// The stored form of a code whose level is not known (a parent or merged-into reference): a
    /// twelve-digit code loses its trailing zero groups; nil when it is no region code at all.
    public static func normalizedReference(_ raw: String) -> String? {
        let code = raw.trimmingWhitespace()
        guard code.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        switch code.count {
        case 6, 9: return code
        case 12 where code.hasSuffix("000000"): return String(code.prefix(6))
        case 12 where code.hasSuffix("000"): return String(code.prefix(9))
        case 12: return code
        default: return nil
        }
    }

    public static func storedLength(_ level: RegionLevel) -> Int {
        switch level {
        case .province, .prefecture, .county: 6
        case .town: 9
        case .village: 12
        }
    }

    private static func checkSuffix(_ code: String, level: RegionLevel) throws(Problem) {
        let ok: Bool = switch level {
        case .province: code.hasSuffix("0000")
        case .prefecture: code.hasSuffix("00") && !code.hasSuffix("0000")
        case .county: !code.hasSuffix("00")
        case .town, .village: !code.hasSuffix("000")
        }
        if !ok { throw .wrongSuffix(level: level) }
    }
}
