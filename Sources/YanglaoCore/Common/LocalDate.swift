/// A calendar date without time or zone (effective dates, filing dates, deadlines). Stored and sent as
/// "YYYY-MM-DD", which sorts the same as the date on every database.
public struct LocalDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1900...2999).contains(year), (1...12).contains(month),
              (1...LocalDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads the spellings found in Chinese spreadsheets: 2021-05-11, 2021/5/11, 2021.5.11, 2021年5月11日, 20210511.
    public init?(parsing raw: String) {
        // The form the database and the API write (YYYY-MM-DD), read from its bytes.
        let bytes = raw.utf8
        if bytes.count == 10 {
            var digits: [Int] = []
            digits.reserveCapacity(8)
            var wellFormed = true
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 7 { wellFormed = wellFormed && byte == UInt8(ascii: "-"); continue }
                guard byte >= 48, byte <= 57 else { wellFormed = false; break }
                digits.append(Int(byte - 48))
            }
            if wellFormed, digits.count == 8 {
                self.init(year: digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3], month: digits[4] * 10 + digits[5],
                          day: digits[6] * 10 + digits[7])
                return
            }
        }
        let text = raw.trimmingWhitespace()
        let pieces: [Substring]
        if text.count == 8, text.allSatisfy({ $0.isASCII && $0.isNumber }) {
            pieces = [text.prefix(4), text.dropFirst(4).prefix(2), text.suffix(2)]
        } else {
            let separators: Set<Character> = ["-", "/", ".", "年", "月", "日"]
            pieces = text.split(whereSeparator: { separators.contains($0) })
        }
        let parts = pieces.compactMap { piece in piece.allSatisfy({ $0.isASCII && $0.isNumber }) ? Int(piece) : nil }
        guard pieces.count == 3, parts.count == 3 else { return nil }
        self.init(year: parts[0], month: parts[1], day: parts[2])
    }

    public var description: String {
        "\(year)-\(Self.pad(month))-\(Self.pad(day))"
    }

    /// The date as a page writes it: 2021年11月30日 (the API keeps `description`, ISO 8601).
    public var label: String { "\(year)年\(month)月\(day)日" }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = LocalDate(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "日期格式应为 YYYY-MM-DD"))
        }
        self = date
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Days since 1970-01-01 (the proleptic Gregorian calendar).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = y / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// How many days from this date to `other` (negative when `other` is earlier).
    public func days(to other: LocalDate) -> Int { other.dayNumber - dayNumber }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
