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
