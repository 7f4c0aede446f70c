import Foundation
import Testing

/// Plot writes attribute values as given. The view layer's own helpers escape them
/// (`Web/SafeAttributes.swift`); this test keeps Plot's unescaped forms out of the sources, so that
/// a new page cannot bring the bug back by using them.
@Suite struct ViewEscapingTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")

    @Test func noPageUsesPlotsUnescapedAttributeForms() throws {
        let files = try #require(FileManager.default.enumerator(at: Self.sources, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" && $0.lastPathComponent != "SafeAttributes.swift" }
        #expect(files.count > 100, "every target's sources are read")
        var offences: [String] = []
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            guard text.contains("import Plot") else { continue }
            let lines = text.components(separatedBy: "\n")
            for (number, line) in lines.enumerated() {
                let place = "\(file.lastPathComponent):\(number + 1)"
                // value/href/action with data: only through `escaping:`.
                if line.contains(/(^|[^\w)\]])\.(value|href|action)\((?!escaping:)/) { offences.append(place) }
                // Other attributes: a literal without interpolation, or `escaping:`.
                if line.contains(/\.attribute\(named: "[^"]*", value: (?!"[^"\\]*"\))/) { offences.append(place) }
                // A hand-made attribute must escape its value.
                if line.contains(/Attribute<[^>]*>\(name: "[^"]*", value: (?![^,]*escapedForAttribute)/) { offences.append(place) }
            }
        }
        #expect(offences.isEmpty, "unescaped attribute values: \(offences)")
    }
}
