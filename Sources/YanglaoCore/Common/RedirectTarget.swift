/// The one check for every redirect the platform makes to an address it was given (`next=` after
/// login, a form's return address): a path on this site, nothing else.
public enum RedirectTarget {
    /// `candidate` when it is a relative path on this site; `fallback` otherwise. Refused: empty text,
    /// anything not starting with a single `/` (schemes, `//host`), backslashes (browsers read `/\host`
    /// as `//host`), and any control or whitespace character (CR/LF split the response header; a tab
    /// or space is dropped by browsers, so `/\t/evil` becomes `//evil`). At most 2,000 characters.
    public static func safe(_ candidate: String?, fallback: String = "/") -> String {
        guard let candidate, isSafe(candidate) else { return fallback }
        return candidate
    }

    public static func isSafe(_ path: String) -> Bool {
        guard path.hasPrefix("/"), !path.hasPrefix("//"), path.utf8.count <= 2_000 else { return false }
        for scalar in path.unicodeScalars {
            if scalar == "\\" || scalar.value < 0x21 || scalar.value == 0x7F { return false }
            if scalar.properties.isWhitespace || (0x80...0x9F).contains(scalar.value) { return false }
            // Invisible formatting (bidi overrides, zero-width) has no place in a path of ours.
            if scalar.properties.generalCategory == .format { return false }
        }
        return true
    }
}
