/// Small helpers every capability uses.
extension Optional {
    package func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

import SQLKit

extension SQLRowDecoder.KeyDecodingStrategy {
    /// `regionCode` → `region_code` for ASCII property names, without the Unicode property lookups
    /// of SQLKit's own strategy (which showed as a tenth of a list request's time).
    package static let fromSnakeCase = SQLRowDecoder.KeyDecodingStrategy.custom { path in
        SnakeCaseKey(path.last!.stringValue)
    }
}

private struct SnakeCaseKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ camel: String) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(camel.utf8.count + 4)
        for byte in camel.utf8 {
            if byte >= 65 && byte <= 90 {
                bytes.append(95)
                bytes.append(byte + 32)
            } else {
                bytes.append(byte)
            }
        }
        stringValue = String(decoding: bytes, as: UTF8.self)
    }

    init?(stringValue: String) { self.init(stringValue) }
    init?(intValue: Int) { nil }
}

extension Sequence {
    /// `reduce` whose step may wait.
    package func asyncReduce<Result>(_ initial: Result, _ next: (Result, Element) async throws -> Result) async rethrows -> Result {
        var result = initial
        for element in self { result = try await next(result, element) }
        return result
    }
}
