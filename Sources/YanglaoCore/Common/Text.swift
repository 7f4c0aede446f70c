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
