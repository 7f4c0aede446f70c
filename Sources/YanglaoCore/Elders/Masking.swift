/// How personal data shows on pages, in answers and exports unless the viewer may and asks to see it.
///
/// The rule for an ID number: a masked reader may see the address code (the first six digits), the
/// sex and the age in whole years — never the birth date, the sequence or the check character.
/// An ID number holds little beyond its birth date: the address code follows from where a person
/// lives, the sex halves the three sequence digits and the check character follows from the rest,
/// so a birth date shown beside any mask that keeps a digit of the sequence gives the number back
/// in a few hundred tries at most. With the age alone some 180,000 numbers remain possible for
/// every person (365 birth dates × 500 sequences), and the lookup that would test them is audited
/// and limited per account. The birth date is therefore itself personal data: kept for the rules,
/// shown only with the number, after an audited reveal.
public enum Masking {
    /// The address code and twelve stars: 320685************.
    public static func residentID(_ value: String) -> String {
        let characters = Array(value)
        guard characters.count == 18 else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(6)) + String(repeating: "*", count: 12)
    }

    /// 13912344321 → 139****4321; a landline or short number keeps its first 3 and last 2.
    public static func phone(_ text: String) -> String {
        let digits = Array(text.filter(\.isNumber))
        if digits.count == 11 { return String(digits.prefix(3)) + "****" + String(digits.suffix(4)) }
        guard digits.count > 5 else { return String(repeating: "*", count: digits.count) }
        return String(digits.prefix(3)) + String(repeating: "*", count: digits.count - 5) + String(digits.suffix(2))
    }

    /// An address keeps its first 6 characters (the town, roughly) and hides the rest.
    public static func address(_ text: String) -> String {
        let characters = Array(text)
        guard characters.count > 6 else { return String(repeating: "*", count: characters.count) }
        return String(characters.prefix(6)) + String(repeating: "*", count: min(characters.count - 6, 10))
    }

    /// The digits of a phone number, as it is looked up (spaces, dashes and +86 dropped).
    public static func phoneDigits(_ text: String) -> String {
        var digits = text.filter(\.isNumber)
        if digits.count == 13, digits.hasPrefix("86") { digits.removeFirst(2) }
        return digits
    }
}

/// The check of the masking rule: what a reader sees of one person beside an ID number's mask, and
/// how many valid numbers agree with all of it — the tries left to someone rebuilding the number.
public struct MaskedIdentity: Sendable, Hashable {
    public var mask: String
    public var sex: ResidentID.Sex?
    public var age: Int?
    /// The day the age was given on.
    public var on: LocalDate
    public var birthDate: LocalDate?

    public init(mask: String, sex: ResidentID.Sex?, age: Int?, on: LocalDate, birthDate: LocalDate? = nil) {
        self.mask = mask
        self.sex = sex
        self.age = age
        self.on = on
        self.birthDate = birthDate
    }

    /// Valid numbers agreeing with every shown digit, the sex, the age and the birth date, counted
    /// up to `limit` (the count stops there).
    public func candidates(limit: Int) -> Int {
        let shown: [Character?] = Array(mask).map { $0 == "*" ? nil : $0 }
        // Without the address code or any hint of the birth date, the tries are beyond counting.
        guard shown.count == 18, shown.prefix(6).allSatisfy({ $0 != nil }), age != nil || birthDate != nil else { return limit }
        var count = 0
        for birth in birthDates() {
            let digits = Self.padded(birth.year, 4) + Self.padded(birth.month, 2) + Self.padded(birth.day, 2)
            guard zip(digits, shown[6..<14]).allSatisfy({ $1 == nil || $0 == $1 }) else { continue }
            let first14 = shown.prefix(6).map { $0! } + Array(digits)
            for sequence in 0..<1000 {
                let tail = Array(Self.padded(sequence, 3))
                if let sex, ((tail[2].wholeNumberValue ?? 0) % 2 == 1) != (sex == .male) { continue }
                guard zip(tail, shown[14..<17]).allSatisfy({ $1 == nil || $0 == $1 }) else { continue }
                let check = ResidentID.checkCharacter(first14 + tail)
                if let shownCheck = shown[17], shownCheck != check { continue }
                count += 1
                if count >= limit { return count }
            }
        }
        return count
    }

    /// The birth dates the shown facts allow, latest first.
    private func birthDates() -> [LocalDate] {
        if let birthDate { return [birthDate] }
        guard let age else { return [] }
        var dates: [LocalDate] = []
        var day = on.adding(months: -12 * age).adding(days: 2)
        let earliest = on.adding(months: -12 * (age + 1)).adding(days: -2)
        while day >= earliest {
            if day.age(on: on) == age { dates.append(day) }
            day = day.adding(days: -1)
        }
        return dates
    }

    private static func padded(_ number: Int, _ width: Int) -> String {
        let text = String(number)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
