/// Text as the XML parts of an office file carry it (XLSX and DOCX): the markup characters as
/// entities, and every character XML 1.0 cannot carry — C0 controls but tab and line breaks, lone
/// surrogates' code points, U+FFFE and U+FFFF — or that office programs stumble over (the other
/// noncharacters) left out, so that a file always opens with all its rows. (Input refuses them at
/// the field; this is for what was stored before, or came from elsewhere.)
public enum XMLText {
    public static func escape(_ text: String, apostrophe: Bool = false) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'" where apostrophe: out += "&apos;"
            default: if isCarried(scalar) { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// Whether XML 1.0 carries the character and it is no noncharacter.
    public static func isCarried(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 { return value == 0x09 || value == 0x0A || value == 0x0D }
        if value == 0x7F { return false }
        if (0xFDD0...0xFDEF).contains(value) || value & 0xFFFE == 0xFFFE { return false }
        return true
    }
}
