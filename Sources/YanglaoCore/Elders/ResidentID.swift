/// A resident identity number (居民身份证号码, GB 11643-1999): 6-digit address code, birth date
/// YYYYMMDD, 3-digit sequence (odd: male, even: female) and a check character. A legacy 15-digit
/// number (2-digit year, no check character) is accepted and upgraded. The address code may be a
/// retired one: it is never checked against today's region list.
public struct ResidentID: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The 18 characters, the check character upper-case.
    public let value: String

    public enum Sex: String, Sendable, Equatable, CaseIterable {
        case male = "男"
        case female = "女"
    }

    public enum Problem: Error, Sendable, Equatable {
        case length(Int)
        case characters
        case birthDate(String)
        case checkCharacter(expected: Character)

        public var message: String {
            switch self {
            case let .length(count): "身份证号码应为 18 位（或旧版 15 位），实际为 \(count) 位"
            case .characters: "身份证号码只能由数字组成，第 18 位可为 X"
            case let .birthDate(text): "身份证号码中的出生日期“\(text)”不是有效日期"
            case let .checkCharacter(expected): "身份证号码校验位有误（按 GB 11643 应为 \(expected)），请核对"
            }
        }
    }

    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters = Array("10X98765432")

    /// The check character of the first 17 digits.
    public static func checkCharacter(_ first17: some Sequence<Character>) -> Character {
        let sum = zip(first17, weights).reduce(0) { $0 + ($1.0.asciiDigit ?? 0) * $1.1 }
        return checkCharacters[sum % 11]
    }

    public static func parse(_ raw: String) -> Result<ResidentID, Problem> {
        let text = raw.trimmingWhitespace().uppercased()
        let characters = Array(text)
        switch characters.count {
        case 18:
            guard characters.prefix(17).allSatisfy(\.isASCIIDigit), characters[17].isASCIIDigit || characters[17] == "X" else {
                return .failure(.characters)
            }
            if let problem = birthProblem(String(characters[6..<14])) { return .failure(problem) }
            let expected = checkCharacter(characters.prefix(17))
            guard characters[17] == expected else { return .failure(.checkCharacter(expected: expected)) }
            return .success(ResidentID(value: text))
        case 15:
            guard characters.allSatisfy(\.isASCIIDigit) else { return .failure(.characters) }
            // 15-digit numbers were issued to people born in the 1900s: the year gains "19".
            let first17 = Array(characters[0..<6]) + Array("19") + Array(characters[6..<15])
            if let problem = birthProblem(String(first17[6..<14])) { return .failure(problem) }
            return .success(ResidentID(value: String(first17) + String(checkCharacter(first17))))
        default:
            return .failure(.length(characters.count))
        }
    }

    private static func birthProblem(_ digits: String) -> Problem? {
        let year = Int(digits.prefix(4)) ?? 0, month = Int(digits.dropFirst(4).prefix(2)) ?? 0, day = Int(digits.suffix(2)) ?? 0
        guard year >= 1850, LocalDate(year: year, month: month, day: day) != nil else { return .birthDate(digits) }
        return nil
    }

    private init(value: String) { self.value = value }

    public var description: String { value }

    /// The address code the number was issued under (possibly retired).
    public var addressCode: String { String(value.prefix(6)) }

    public var birthDate: LocalDate {
        let digits = Array(value)[6..<14].map { $0.asciiDigit ?? 0 }
        let year = digits[0...3].reduce(0) { $0 * 10 + $1 }
        return LocalDate(year: year, month: digits[4] * 10 + digits[5], day: digits[6] * 10 + digits[7])!
    }

    public var sex: Sex { (Array(value)[16].asciiDigit ?? 0) % 2 == 1 ? .male : .female }

    /// Shown on screen and in exports unless the viewer may and asks to see it: 320685************.
    /// See `Masking.residentID` for why nothing after the address code is shown.
    public var masked: String { Masking.residentID(value) }

    /// Age in whole years on a date (0 before the first birthday; a 29 February birthday counts on 1 March).
    public func age(on date: LocalDate) -> Int { birthDate.age(on: date) }

    /// A birth date or sex given beside the number that disagrees with it, as messages by field.
    public func contradictions(birthDate given: LocalDate?, sex givenSex: Sex?) -> [String: String] {
        var problems: [String: String] = [:]
        if let given, given != birthDate { problems["birthDate"] = "出生日期（\(given)）与身份证号码中的（\(birthDate)）不一致" }
        if let givenSex, givenSex != sex { problems["sex"] = "性别（\(givenSex.rawValue)）与身份证号码（\(sex.rawValue)）不一致" }
        return problems
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { asciiDigit != nil }

    /// 0–9 for an ASCII digit (without the Unicode property tables `wholeNumberValue` reads).
    fileprivate var asciiDigit: Int? {
        guard let byte = asciiValue, byte >= 48, byte <= 57 else { return nil }
        return Int(byte - 48)
    }
}
