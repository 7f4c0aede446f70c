/// How personal data shows on pages, in answers and exports unless the viewer may and asks to see it.
public enum Masking {
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
