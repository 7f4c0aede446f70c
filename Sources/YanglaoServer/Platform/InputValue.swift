/// A JSON value as a client sent it, for inputs whose fields are checked one by one (so that a
/// wrong value gets a message at its field rather than a decoding error for the whole body).
enum InputValue: Decodable, Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([InputValue])
    case object([String: InputValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([InputValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: InputValue].self)) }
    }

    /// The value as text: what a spreadsheet cell would hold.
    var text: String {
        switch self {
        case .null: ""
        case let .bool(value): value ? "true" : "false"
        case let .number(value): value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case let .string(value): value.trimmingWhitespace()
        case let .array(values): values.map(\.text).joined(separator: "、")
        case .object: ""
        }
    }
}
