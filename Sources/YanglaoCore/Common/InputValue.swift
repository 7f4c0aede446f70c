/// A JSON value as a request sent it. Numbers keep their literal text, so that a bounded parser
/// (`NumberKind`) decides what they mean: nothing is rounded or overflowed on the way in.
public enum InputValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([InputValue])
    case object([String: InputValue])

    /// What a field expects, for the check of JSON types.
    public enum Kind: Sendable {
        case text, number, flag
    }

    /// The value as text: what a spreadsheet cell or a form field would hold.
    public var text: String {
        switch self {
        case .null: ""
        case let .bool(value): value ? "true" : "false"
        case let .number(literal): literal
        case let .string(value): value.trimmingWhitespace()
        case let .array(values): values.map(\.text).joined(separator: "、")
        case .object: ""
        }
    }

    /// The value as text for a field of `kind`, or nil when its JSON type is wrong: text wants a
    /// string, a number a number (or a string holding one), a yes/no a boolean (or 是/否); null is
    /// "not filled in" for all three.
    public func text(as kind: Kind) -> String? {
        switch (self, kind) {
        case (.null, _): ""
        case let (.string(value), _): value.trimmingWhitespace()
        case let (.number(literal), .number): literal
        case let (.bool(value), .flag): value ? "true" : "false"
        default: nil
        }
    }

    /// The fields among `keys` whose JSON type is not `kind`'s, each with its message.
    public static func typeProblems(_ fields: [String: InputValue], keys: some Sequence<String>, kind: Kind = .text) -> [String: String] {
        var problems: [String: String] = [:]
        for key in keys where fields[key].map({ $0.text(as: kind) == nil }) == true { problems[key] = "应为" + typeName(kind) }
        return problems
    }

    /// "文本", "数字", "是/否" for the message naming the wrong type.
    public static func typeName(_ kind: Kind) -> String {
        switch kind {
        case .text: "文本（字符串）"
        case .number: "数字"
        case .flag: "布尔值（true/false）"
        }
    }
}

/// A strict JSON reader for request bodies: UTF-8 only, nesting at most 32 deep, and a key given
/// twice in one object is an error rather than "first (or last) wins".
public enum StrictJSON {
    public struct Problem: Error, Sendable, Equatable {
        public var message: String
    }

    public static let maximumDepth = 32

    public static func parse(_ bytes: [UInt8]) throws(Problem) -> InputValue {
        var reader = Reader(bytes: bytes)
        reader.skipSpace()
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.atEnd else { throw reader.problem("JSON 之后还有多余内容") }
        return value
    }

    struct Reader {
        let bytes: [UInt8]
        var index = 0

        var atEnd: Bool { index >= bytes.count }

        func problem(_ text: String) -> Problem { Problem(message: "请求内容不是有效的 JSON：\(text)（第 \(index + 1) 字节）") }

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func value(depth: Int) throws(Problem) -> InputValue {
            guard depth < StrictJSON.maximumDepth else { throw problem("嵌套超过 \(StrictJSON.maximumDepth) 层") }
            guard !atEnd else { throw problem("内容不完整") }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            default: return .number(try number())
            }
        }

        mutating func literal(_ word: String) throws(Problem) {
            let expected = Array(word.utf8)
            guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else {
                throw problem("无法识别的值")
            }
            index += expected.count
        }

        mutating func object(depth: Int) throws(Problem) -> InputValue {
            index += 1
            var fields: [String: InputValue] = [:]
            skipSpace()
            if !atEnd, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(fields) }
            while true {
                skipSpace()
                guard !atEnd, bytes[index] == UInt8(ascii: "\"") else { throw problem("对象的键应为字符串") }
                let key = try string()
                skipSpace()
                guard !atEnd, bytes[index] == UInt8(ascii: ":") else { throw problem("键“\(key)”之后缺少冒号") }
                index += 1
                skipSpace()
                let item = try value(depth: depth + 1)
                guard fields[key] == nil else { throw Problem(message: "字段“\(key)”重复出现：每个字段只能给一次") }
                fields[key] = item
                skipSpace()
                guard !atEnd else { throw problem("对象未结束") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                guard bytes[index] == UInt8(ascii: "}") else { throw problem("对象中缺少逗号或右花括号") }
                index += 1
                return .object(fields)
            }
        }

        mutating func array(depth: Int) throws(Problem) -> InputValue {
            index += 1
            var items: [InputValue] = []
            skipSpace()
            if !atEnd, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            while true {
                skipSpace()
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard !atEnd else { throw problem("数组未结束") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                guard bytes[index] == UInt8(ascii: "]") else { throw problem("数组中缺少逗号或右方括号") }
                index += 1
                return .array(items)
            }
        }

        /// A number as the JSON grammar writes it, kept as its text.
        mutating func number() throws(Problem) -> String {
            let start = index
            func digits() -> Int {
                let from = index
                while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
                return index - from
            }
            if !atEnd, bytes[index] == UInt8(ascii: "-") { index += 1 }
            let whole = index
            guard digits() > 0 else { throw problem("无法识别的值") }
            if bytes[whole] == 0x30, index - whole > 1 { throw problem("数字不能以 0 开头") }
            if !atEnd, bytes[index] == UInt8(ascii: ".") {
                index += 1
                guard digits() > 0 else { throw problem("小数点后缺少数字") }
            }
            if !atEnd, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if !atEnd, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                guard digits() > 0 else { throw problem("指数缺少数字") }
            }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        mutating func string() throws(Problem) -> String {
            index += 1
            var scalars = String.UnicodeScalarView()
            var run = index
            func flush(_ reader: Reader) throws(Problem) {
                guard run < reader.index else { return }
                guard let text = String(validating: reader.bytes[run..<reader.index], as: UTF8.self) else {
                    throw reader.problem("字符串不是有效的 UTF-8")
                }
                scalars.append(contentsOf: text.unicodeScalars)
            }
            while true {
                guard !atEnd else { throw problem("字符串未结束") }
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    try flush(self)
                    index += 1
                    return String(scalars)
                }
                if byte < 0x20 { throw problem("字符串中有未转义的控制字符") }
                guard byte == UInt8(ascii: "\\") else { index += 1; continue }
                try flush(self)
                index += 1
                guard !atEnd else { throw problem("字符串未结束") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{8}")
                case UInt8(ascii: "f"): scalars.append("\u{C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"): scalars.append(try unicodeEscape())
                default: throw problem("无效的转义字符")
                }
                run = index
            }
        }

        mutating func hex4() throws(Problem) -> UInt32 {
            guard index + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16) else {
                throw problem("\\u 之后应为四位十六进制数")
            }
            index += 4
            return value
        }

        mutating func unicodeEscape() throws(Problem) -> Unicode.Scalar {
            let first = try hex4()
            if (0xD800...0xDBFF).contains(first) {
                guard index + 2 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw problem("代理对不完整")
                }
                index += 2
                let second = try hex4()
                guard (0xDC00...0xDFFF).contains(second) else { throw problem("代理对不完整") }
                return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))!
            }
            guard let scalar = Unicode.Scalar(first) else { throw problem("孤立的代理项") }
            return scalar
        }
    }
}
