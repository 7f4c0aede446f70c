extension String {
    /// Trims spaces, tabs, line breaks and the full-width space (U+3000) that Chinese spreadsheets carry.
    public func trimmingWhitespace() -> String {
        // Most text arrives trimmed: the first and last bytes are visible ASCII.
        if let first = utf8.first, let last = utf8.last, (0x21...0x7E).contains(first), (0x21...0x7E).contains(last) { return self }
        let isSpace: (Character) -> Bool = { $0.isWhitespace || $0 == "\u{3000}" || $0 == "\u{FEFF}" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}

/// Characters no field needs and that break what text passes through: C0 controls other than tab
/// and line breaks and DEL (PostgreSQL refuses NUL, SQLite's C strings cut at it, XML 1.0 cannot
/// carry them) and Unicode's noncharacters (U+FFFE, U+FFFF and the like in every plane, U+FDD0–FDEF),
/// which XML refuses and office programs drop rows over.
public enum TextSafety {
    public static func isRefused(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 { return value != 0x09 && value != 0x0A && value != 0x0D }
        if value == 0x7F { return true }
        if value < 0xFDD0 { return false }
        return (0xFDD0...0xFDEF).contains(value) || value & 0xFFFE == 0xFFFE
    }

    /// The first refused character of `text`, if any.
    public static func firstRefused(_ text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first(where: isRefused)
    }

    /// `text` with every refused character written as its code (`\u{0000}`), so that what is stored
    /// reads back byte for byte; text without one is returned as it is.
    public static func storable(_ text: String) -> String {
        guard firstRefused(text) != nil else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard isRefused(scalar) else { result.append(scalar); continue }
            let hex = String(scalar.value, radix: 16, uppercase: true)
            result.append(contentsOf: "\\u{\(String(repeating: "0", count: max(0, 4 - hex.count)) + hex)}".unicodeScalars)
        }
        return String(result)
    }

    /// The character as people read its code: U+0000.
    public static func code(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}

/// A reason a person gives for an act that is audited or seen by others (returning a ledger,
/// unlocking it, seeing personal data in full, a new version of a breakdown): it must say
/// something a reader can see — not only spaces, zero-width or direction marks.
public enum ReasonText {
    public static let minimumVisible = 2

    /// Characters that show nothing: white space, controls, format characters (zero-width space,
    /// joiners, direction marks and isolates, the byte order mark) and the blank fillers.
    public static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .format, .control, .spaceSeparator, .lineSeparator, .paragraphSeparator, .unassigned, .privateUse: return true
        default: return scalar.properties.isWhitespace || [0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800].contains(scalar.value)
        }
    }

    public static func visibleCount(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + (isInvisible($1) || $1.properties.generalCategory == .nonspacingMark ? 0 : 1) }
    }

    /// Whether `text` is a reason at all (at least two visible characters).
    public static func isGiven(_ text: String?) -> Bool { visibleCount(text ?? "") >= minimumVisible }
}
