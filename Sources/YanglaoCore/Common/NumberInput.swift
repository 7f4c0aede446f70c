/// Every number read from outside (a query, JSON, a form, a spreadsheet cell) is parsed by one of
/// these kinds, each with explicit bounds: nothing non-finite, nothing that overflows later sums.
public struct NumberKind: Sendable, Equatable {
    /// The smallest and largest accepted value, inclusive.
    public let range: ClosedRange<Double>
    /// Whole numbers only.
    public let integral: Bool
    /// The most digits after the decimal point (money: 2).
    public let fractionDigits: Int
    /// How the bound reads in a message ("0 至 10000000 之间的整数").
    public let described: String

    public init(range: ClosedRange<Double>, integral: Bool, fractionDigits: Int = 6, described: String) {
        self.range = range
        self.integral = integral
        self.fractionDigits = fractionDigits
        self.described = described
    }

    /// Beds, residents, staff, households, people: 0…10⁷. Ten million of anything per record, summed over
    /// a million records, still fits in Int64 many times over.
    public static let count = NumberKind(range: 0...10_000_000, integral: true, fractionDigits: 0, described: "0 至 10000000 之间的整数")
    /// Money in yuan, 0 to 10¹¹ (one hundred billion yuan), to the fen.
    public static let money = NumberKind(range: 0...100_000_000_000, integral: false, fractionDigits: 2, described: "0 至 100000000000 元之间、最多两位小数的金额")
    /// Floor area in square metres, 0 to 10⁷.
    public static let area = NumberKind(range: 0...10_000_000, integral: false, fractionDigits: 2, described: "0 至 10000000 之间、最多两位小数的数")
    /// WGS-84 latitude.
    public static let latitude = NumberKind(range: -90...90, integral: false, fractionDigits: 8, described: "-90 至 90 之间的数（WGS-84 纬度）")
    /// WGS-84 longitude.
    public static let longitude = NumberKind(range: -180...180, integral: false, fractionDigits: 8, described: "-180 至 180 之间的数（WGS-84 经度）")
    /// A calendar year as the registries use it.
    public static let year = NumberKind(range: 1900...2100, integral: true, fractionDigits: 0, described: "1900 至 2100 之间的四位年份")
    /// A percentage, 0–100.
    /// An ability level of GB/T 42195 (0 能力完好 … 4 能力完全丧失).
    public static let abilityLevel = NumberKind(range: 0...4, integral: true, fractionDigits: 0, described: "0 至 4 之间的整数（能力等级）")
    public static let percent = NumberKind(range: 0...100, integral: false, fractionDigits: 2, described: "0 至 100 之间的数")

    /// A page size or offset of a list.
    public static func paging(max: Int) -> NumberKind {
        NumberKind(range: 0...Double(max), integral: true, fractionDigits: 0, described: "0 至 \(max) 之间的整数")
    }

    public enum Problem: Error, Sendable, Equatable {
        case notANumber
        case notFinite
        case notWhole
        case tooManyDecimals(Int)
        case outOfRange(String)

        /// "床位数应为…，实际为“…”": the field's label, the problem, and (shortened) what was sent.
        public func message(_ label: String, _ text: String) -> String {
            let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
            return "\(label)\(message)，实际为“\(shown)”"
        }

        public var message: String {
            switch self {
            case .notANumber: "应为数字"
            case .notFinite: "应为有限的数字"
            case .notWhole: "应为整数"
            case let .tooManyDecimals(digits): "最多保留 \(digits) 位小数"
            case let .outOfRange(described): "应为\(described)"
            }
        }
    }

    /// Parses plain decimal notation only: digits, one optional sign and point, an optional exponent
    /// of at most two digits. "inf", "nan", "0x10", "1e400" and "1_000" are refused before any conversion.
    public func parse(_ raw: String) -> Result<Double, Problem> {
        let text = raw.trimmingWhitespace()
        guard Self.isPlainDecimal(text), let value = Double(text) else {
            let lowered = text.lowercased()
            if ["inf", "infinity", "-inf", "+inf", "-infinity", "+infinity", "nan", "-nan", "+nan"].contains(lowered) {
                return .failure(.notFinite)
            }
            return .failure(.notANumber)
        }
        guard value.isFinite else { return .failure(.notFinite) }
        if integral, value != value.rounded() { return .failure(.notWhole) }
        guard range.contains(value) else { return .failure(.outOfRange(described)) }
        if !integral, Self.decimals(in: text) > fractionDigits { return .failure(.tooManyDecimals(fractionDigits)) }
        return .success(value == 0 ? 0 : value)
    }

    /// A whole number within the bounds, as Int (safe: the bounds are far inside Int's range).
    public func parseInteger(_ raw: String) -> Result<Int, Problem> {
        parse(raw).map { Int($0) }
    }

    static func isPlainDecimal(_ text: String) -> Bool {
        var scalars = Substring(text).unicodeScalars[...]
        guard !scalars.isEmpty, text.utf8.count <= 40 else { return false }
        if scalars.first == "-" || scalars.first == "+" { scalars = scalars.dropFirst() }
        let mantissa = scalars.prefix { $0 != "e" && $0 != "E" }
        let exponent = scalars.dropFirst(mantissa.count)
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ $0.allSatisfy(isDigit) }), parts.contains(where: { !$0.isEmpty }) else { return false }
        if exponent.isEmpty { return true }
        var digits = exponent.dropFirst()
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        return (1...2).contains(digits.count) && digits.allSatisfy(isDigit)
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    /// Decimal places as written ("12.50" → 2, "1.5e1" → 0), trailing zeros ignored.
    static func decimals(in text: String) -> Int {
        let lowered = text.lowercased()
        let mantissa = lowered.split(separator: "e", maxSplits: 1).first.map(String.init) ?? lowered
        let exponent = lowered.split(separator: "e", maxSplits: 1).dropFirst().first.flatMap { Int($0) } ?? 0
        guard let point = mantissa.firstIndex(of: ".") else { return max(0, -exponent) }
        var fraction = mantissa[mantissa.index(after: point)...]
        while fraction.last == "0" { fraction = fraction.dropLast() }
        return max(0, fraction.count - exponent)
    }
}

/// A text field's bound: the most characters it accepts.
public enum TextLimit {
    /// Names, titles, people's names, codes.
    public static let short = 100
    /// Addresses, notes of one line.
    public static let medium = 500
    /// Descriptions and remarks.
    public static let long = 5_000

    /// The message when `text` is over `limit` characters; nil when it fits. `TextSafety`'s refused
    /// characters are refused too: no field needs them and they break storage, exports and logs.
    public static func problem(_ text: String, limit: Int) -> String? {
        if text.count > limit { return "不能超过 \(limit) 个字（实际 \(text.count) 个）" }
        if let refused = TextSafety.firstRefused(text) {
            return refused.value < 0x80 ? "含有不允许的控制字符（\(TextSafety.code(refused))）" : "含有不允许的字符（\(TextSafety.code(refused))，非字符）"
        }
        return nil
    }
}

extension Sequence {
    /// The sum of stored figures, saturating instead of trapping: a figure stored before the bounds
    /// existed (or written past them by hand) makes a total read as Int.max, never stops the process.
    public func saturatingSum(_ figure: (Element) -> Int) -> Int {
        reduce(0) { total, element in
            let (sum, overflow) = total.addingReportingOverflow(figure(element))
            return overflow ? (figure(element) < 0 ? Int.min : Int.max) : sum
        }
    }
}
