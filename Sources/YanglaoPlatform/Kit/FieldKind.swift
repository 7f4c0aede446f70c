import Foundation
import Spreadsheet
import SQLKit
import YanglaoCore

/// A field's value as the kit carries it between JSON, forms, spreadsheets and the database.
/// `null` is a fact nobody entered: "—" on pages and in exports, `null` in JSON, never 否 or 0.
package enum FieldValue: Sendable, Equatable {
    case null
    case text(String)
    case integer(Int)
    case decimal(Double)
    case date(LocalDate)
    case flag(Bool)
    case several([String])
    /// Personal data: masked wherever it is shown (see `PersonalText`).
    case personal(PersonalText)

    package var isNull: Bool { self == .null }
}

/// What a field holds, which decides how it is read, checked, shown, stored and described.
package enum FieldKind: Sendable, Equatable {
    case text(limit: Int)
    /// A whole number within its kind's bounds (counts, years).
    case integer(NumberKind)
    case decimal(NumberKind)
    case date
    case flag
    /// One of the listed values (the Chinese terms of the standards, as stored).
    case oneOf([String])
    /// Several of the listed values.
    case severalOf([String])
    /// A region code (where the record is); the registry checks it lies in the caller's scope.
    case region
    /// The id of another record, of the named entity.
    case reference(String)
    /// Personal data sealed at rest, found by a keyed hash, masked when shown.
    case personal(PersonalKind)

    /// How the value is written in text: a form field, a spreadsheet cell, a CSV column.
    package func text(_ value: FieldValue) -> String {
        switch value {
        case .null: ""
        case let .text(text): text
        case let .integer(number): String(number)
        case let .decimal(number): Self.decimalText(number)
        case let .date(date): date.description
        case let .flag(flag): flag ? "是" : "否"
        case let .several(items): items.joined(separator: "、")
        case let .personal(text): text.mask
        }
    }

    /// How the value reads on a page: as text, with "—" for a fact nobody entered.
    /// The value as a page shows it: "—" where not filled in, a date as people write it (2021年5月1日).
    package func display(_ value: FieldValue) -> String {
        if case let .date(date) = value { return date.label }
        let text = text(value)
        return text.isEmpty ? "—" : text
    }

    package static func decimalText(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }

    /// Reads text (a form field or a spreadsheet cell); empty text is `null`.
    package func parse(_ raw: String, label: String) -> Result<FieldValue, FieldError> {
        let text = raw.trimmingWhitespace()
        if text.isEmpty { return .success(.null) }
        let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
        switch self {
        case let .text(limit):
            if let problem = TextLimit.problem(text, limit: limit) { return .failure(FieldError(label + problem)) }
            return .success(.text(text))
        case .region, .reference:
            if let problem = TextLimit.problem(text, limit: 64) { return .failure(FieldError(label + problem)) }
            return .success(.text(text))
        case let .integer(kind):
            return kind.parseInteger(text).map(FieldValue.integer).mapError { FieldError($0.message(label, text)) }
        case let .decimal(kind):
            return kind.parse(text).map(FieldValue.decimal).mapError { FieldError($0.message(label, text)) }
        case let .personal(kind):
            return kind.normalise(text).map { .personal(.entered($0, kind: kind, cipher: nil)) }.mapError { FieldError(label + "：" + $0.message) }
        case .date:
            guard let date = LocalDate(parsing: text) else { return .failure(FieldError("\(label)“\(shown)”无法识别，应为 YYYY-MM-DD")) }
            return .success(.date(date))
        case .flag:
            guard let flag = Self.parseFlag(text) else { return .failure(FieldError("\(label)应为“是”或“否”，实际为“\(shown)”")) }
            return .success(.flag(flag))
        case let .oneOf(options):
            guard options.contains(text) else { return .failure(FieldError("\(label)“\(shown)”无效，应为 \(options.joined(separator: "、")) 之一")) }
            return .success(.text(text))
        case let .severalOf(options):
            let items = text.split(whereSeparator: { "、,，;；".contains($0) }).map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
            return parseSeveral(items, options: options, label: label)
        }
    }

    /// Reads a JSON value, refusing the wrong JSON type at the field; `null` is "not filled in".
    package func parse(_ input: InputValue, label: String) -> Result<FieldValue, FieldError> {
        if case .null = input { return .success(.null) }
        switch self {
        case let .severalOf(options):
            guard case let .array(items) = input, items.count <= options.count * 2 else {
                if case .string = input { return parse(input.text, label: label) }
                return .failure(FieldError("\(label)应为列表"))
            }
            var texts: [String] = []
            for item in items {
                guard case let .string(text) = item else { return .failure(FieldError("\(label)的每一项应为文本（字符串）")) }
                texts.append(text.trimmingWhitespace())
            }
            return parseSeveral(texts.filter { !$0.isEmpty }, options: options, label: label)
        default:
            guard let text = input.text(as: inputKind) else { return .failure(FieldError("\(label)应为\(InputValue.typeName(inputKind))")) }
            return parse(text, label: label)
        }
    }

    private func parseSeveral(_ items: [String], options: [String], label: String) -> Result<FieldValue, FieldError> {
        if let wrong = items.first(where: { !options.contains($0) }) {
            return .failure(FieldError("\(label)“\(wrong.prefix(40))”无效，应为 \(options.joined(separator: "、")) 中的若干项"))
        }
        // Stored and shown in the declared order, each once.
        return .success(.several(options.filter(items.contains)))
    }

    /// The JSON type a field of this kind accepts.
    package var inputKind: InputValue.Kind {
        switch self {
        case .integer, .decimal: .number
        case .flag: .flag
        default: .text
        }
    }

    /// 是/否 as spreadsheets write them, and JSON's true/false.
    package static func parseFlag(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "是", "有", "已", "true", "1", "y", "yes", "√": true
        case "否", "无", "未", "false", "0", "n", "no": false
        default: nil
        }
    }

    /// The allowed values of a one-of or several-of field (the template's drop-downs and 说明).
    package var options: [String]? {
        switch self {
        case let .oneOf(options), let .severalOf(options): options
        case .flag: ["是", "否"]
        default: nil
        }
    }

    package func json(_ value: FieldValue) -> JSONValue {
        switch value {
        case .null: .null
        case let .text(text): .string(text)
        case let .integer(number): .number(number)
        case let .decimal(number): .double(number)
        case let .date(date): .string(date.description)
        case let .flag(flag): .bool(flag)
        case let .several(items): .array(items.map(JSONValue.string))
        case let .personal(text): .string(text.mask)
        }
    }

    package func cell(_ value: FieldValue) -> Cell {
        switch value {
        case .null: .empty
        case let .integer(number): .integer(number)
        case let .decimal(number): .number(number)
        case let .date(date): .date(date)
        default: .text(text(value))
        }
    }

    /// The value as a bound SQL parameter; several-of values are stored as text joined by 、.
    package func bind(_ value: FieldValue) -> any SQLExpression {
        switch value {
        case .null: SQLLiteral.null
        case let .text(text): SQLBind(text)
        case let .integer(number): SQLBind(number)
        case let .decimal(number): SQLBind(number)
        case let .date(date): SQLBind(date.description)
        case let .flag(flag): SQLBind(flag)
        case let .several(items): SQLBind(items.joined(separator: "、"))
        case let .personal(text): SQLBind(text.mask)
        }
    }

    /// Reads the column of a row (one lookup of the column: its value as an optional); a value the
    /// kind cannot hold reads as `null`.
    package func decode(_ row: any SQLRow, column: String) throws -> FieldValue {
        switch self {
        case .text, .oneOf, .region, .reference:
            return try row.decode(column: column, as: String?.self).map(FieldValue.text) ?? .null
        case .integer:
            return try row.decode(column: column, as: Int?.self).map(FieldValue.integer) ?? .null
        case .decimal:
            return try row.decode(column: column, as: Double?.self).map(FieldValue.decimal) ?? .null
        case .date:
            return try row.decode(column: column, as: String?.self).flatMap(LocalDate.init(parsing:)).map(FieldValue.date) ?? .null
        case .flag:
            return try row.decode(column: column, as: Bool?.self).map(FieldValue.flag) ?? .null
        case .severalOf:
            return try row.decode(column: column, as: String?.self).map { .several($0.split(separator: "、").map(String.init)) } ?? .null
        case .personal:
            let columns = PersonalKind.columns(column)
            guard let mask = try row.decode(column: columns.mask, as: String?.self) else { return .null }
            return .personal(PersonalText(plain: nil, sealed: try row.decode(column: columns.sealed, as: String?.self),
                                          hash: try row.decode(column: columns.hash, as: String?.self), mask: mask))
        }
    }
}

/// A field's refusal, in Chinese, naming the field.
package struct FieldError: Error, Sendable, Equatable {
    package var message: String
    package init(_ message: String) { self.message = message }
}
