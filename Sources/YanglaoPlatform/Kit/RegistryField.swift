import Foundation
import Spreadsheet
import SQLKit
import YanglaoCore

/// A record a registry keeps. Fields declared without a Swift property (a plain fact no rule
/// reads) live in `custom`, by key.
package protocol RegistryRecord: Sendable {
    var id: String { get }
    var custom: [String: FieldValue] { get set }
}

/// One field of a registry, declared once: from it come the JSON in and out, the form's input and
/// section, the record page's row, the spreadsheet column, the import template and the OpenAPI
/// schema, and the column it is stored in.
package struct RegistryField<Record: RegistryRecord>: Sendable {
    /// Who may set the field.
    package enum Access: Sendable {
        /// Set on registration and by changes.
        case editable
        /// Given (or assigned) on registration; never changed afterwards (a record's code).
        case fixedAfterCreation
        /// Kept by the registry itself (id, timestamps): shown, never accepted.
        case system
    }

    package let key: String
    package let label: String
    /// The heading the field stands under in the form and on the record page.
    package let section: String
    package let kind: FieldKind
    package let required: Bool
    /// Its column in the registry's table; nil when the registry keeps it elsewhere (a side table).
    package let column: String?
    package var access: Access = .editable
    /// A line under the input (what to enter, in which unit).
    package var hint: String? = nil
    /// Required in the record, but the registry fills it in when a registration leaves it out.
    package var defaultedOnInput = false
    /// Read off a personal field (a birth date off an ID number), so as personal as it: kept for the
    /// rules and accepted on registration, never shown — not in answers, pages, exports or the audit
    /// log — where the personal field is masked (`Masking`).
    package var derivedFromPersonal = false
    /// Must be sent with a registration.
    package var requiredOnInput: Bool { required && !defaultedOnInput && access != .system }
    package let get: @Sendable (Record) -> FieldValue
    package let set: @Sendable (inout Record, FieldValue) -> Void

    package func value(of record: Record) -> FieldValue { get(record) }
    /// A region field's column in spreadsheets holds its code: "所在区划代码", "主管部门区划代码".
    package var codeHeader: String { label.hasSuffix("区划") ? label + "代码" : label + "区划代码" }
    package func display(_ record: Record) -> String { kind.display(get(record)) }
    package func cell(_ record: Record) -> Cell { kind.cell(get(record)) }
    package func json(_ record: Record) -> JSONValue { kind.json(get(record)) }
    /// The column header of exports and the import template: required columns marked with *.
    package var templateHeader: String { requiredOnInput ? label + "*" : label }

    /// Reads the field's JSON value into the record; a refusal names the field.
    package func apply(_ input: InputValue, to record: inout Record) -> FieldError? {
        switch kind.parse(input, label: label) {
        case let .success(value):
            if value.isNull, required { return FieldError("\(label)不能为空") }
            set(&record, value)
            return nil
        case let .failure(error):
            return error
        }
    }
}

extension RegistryField {
    /// A field kept in the record's `custom` values: declared here and in a migration, nothing else.
    package static func custom(
        _ key: String, _ label: String, section: String, kind: FieldKind, required: Bool = false, column: String
    ) -> Self {
        Self(key: key, label: label, section: section, kind: kind, required: required, column: column,
             get: { $0.custom[key] ?? .null }, set: { $0.custom[key] = $1 })
    }

    package static func text(
        _ key: String, _ label: String, section: String, _ path: WritableKeyPath<Record, String?> & Sendable,
        limit: Int = TextLimit.short, column: String? = nil
    ) -> Self {
        Self(key: key, label: label, section: section, kind: .text(limit: limit), required: false, column: column ?? key.snakeCased,
             get: { $0[keyPath: path].map(FieldValue.text) ?? .null },
             set: { record, value in if case let .text(text) = value { record[keyPath: path] = text } else { record[keyPath: path] = nil } })
    }

    package static func requiredText(
        _ key: String, _ label: String, section: String, _ path: WritableKeyPath<Record, String> & Sendable,
        limit: Int = TextLimit.short, kind: FieldKind? = nil, access: Access = .editable
    ) -> Self {
        Self(key: key, label: label, section: section, kind: kind ?? .text(limit: limit), required: true, column: key.snakeCased, access: access,
             get: { $0[keyPath: path].isEmpty ? .null : FieldValue.text($0[keyPath: path]) },
             set: { record, value in if case let .text(text) = value { record[keyPath: path] = text } })
    }

    package static func count(
        _ key: String, _ label: String, section: String, _ path: WritableKeyPath<Record, Int?> & Sendable, kind: NumberKind = .count
    ) -> Self {
        Self(key: key, label: label, section: section, kind: .integer(kind), required: false, column: key.snakeCased,
             get: { $0[keyPath: path].map(FieldValue.integer) ?? .null },
             set: { record, value in if case let .integer(number) = value { record[keyPath: path] = number } else { record[keyPath: path] = nil } })
    }

    package static func decimal(
        _ key: String, _ label: String, section: String, _ path: WritableKeyPath<Record, Double?> & Sendable, kind: NumberKind
    ) -> Self {
        Self(key: key, label: label, section: section, kind: .decimal(kind), required: false, column: key.snakeCased,
             get: { $0[keyPath: path].map(FieldValue.decimal) ?? .null },
             set: { record, value in if case let .decimal(number) = value { record[keyPath: path] = number } else { record[keyPath: path] = nil } })
    }

    /// The id of a record of another registry (`entity`), which the registry checks.
    package static func reference(
        _ key: String, _ label: String, section: String, _ path: WritableKeyPath<Record, String?> & Sendable, entity: String
    ) -> Self {
        Self(key: key, label: label, section: section, kind: .reference(entity), required: false, column: key.snakeCased,
             get: { $0[keyPath: path].map(FieldValue.text) ?? .null },
             set: { record, value in if case let .text(text) = value { record[keyPath: path] = text } else { record[keyPath: path] = nil } })
    }

    package static func flag(_ key: String, _ label: String, section: String, _ path: WritableKeyPath<Record, Bool?> & Sendable) -> Self {
        Self(key: key, label: label, section: section, kind: .flag, required: false, column: key.snakeCased,
             get: { $0[keyPath: path].map(FieldValue.flag) ?? .null },
             set: { record, value in if case let .flag(flag) = value { record[keyPath: path] = flag } else { record[keyPath: path] = nil } })
    }

    package static func date(
        _ key: String, _ label: String, section: String, _ path: WritableKeyPath<Record, LocalDate?> & Sendable, required: Bool = false, column: String? = nil
    ) -> Self {
        Self(key: key, label: label, section: section, kind: .date, required: required, column: column ?? key.snakeCased,
             get: { $0[keyPath: path].map(FieldValue.date) ?? .null },
             set: { record, value in if case let .date(date) = value { record[keyPath: path] = date } else { record[keyPath: path] = nil } })
    }

    package static func oneOf<E: RawRepresentable & CaseIterable & Sendable>(
        _ key: String, _ label: String, section: String, _ path: WritableKeyPath<Record, E?> & Sendable
    ) -> Self where E.RawValue == String {
        Self(key: key, label: label, section: section, kind: .oneOf(E.allCases.map(\.rawValue)), required: false, column: key.snakeCased,
             get: { $0[keyPath: path].map { FieldValue.text($0.rawValue) } ?? .null },
             set: { record, value in if case let .text(text) = value { record[keyPath: path] = E(rawValue: text) } else { record[keyPath: path] = nil } })
    }

    package static func requiredOneOf<E: RawRepresentable & CaseIterable & Sendable>(
        _ key: String, _ label: String, section: String, _ path: WritableKeyPath<Record, E> & Sendable
    ) -> Self where E.RawValue == String {
        Self(key: key, label: label, section: section, kind: .oneOf(E.allCases.map(\.rawValue)), required: true, column: key.snakeCased,
             get: { FieldValue.text($0[keyPath: path].rawValue) },
             set: { record, value in if case let .text(text) = value, let choice = E(rawValue: text) { record[keyPath: path] = choice } })
    }

    /// Several of an enumeration's values, kept by the registry in a side table (no column) or in a
    /// column as text joined by 、.
    package static func severalOf<E: RawRepresentable & CaseIterable & Sendable & Hashable>(
        _ key: String, _ label: String, section: String, _ path: WritableKeyPath<Record, Set<E>> & Sendable, column: String? = nil,
        options: [E] = Array(E.allCases)
    ) -> Self where E.RawValue == String {
        Self(key: key, label: label, section: section, kind: .severalOf(options.map(\.rawValue)), required: false, column: column,
             get: { record in .several(E.allCases.filter(record[keyPath: path].contains).map(\.rawValue)) },
             set: { record, value in
                 if case let .several(items) = value { record[keyPath: path] = Set(items.compactMap(E.init(rawValue:))) } else { record[keyPath: path] = [] }
             })
    }
}

extension String {
    /// "nursingBeds" → "nursing_beds": a field's column when the declaration names none.
    package var snakeCased: String {
        var result = ""
        for character in self {
            if character.isUppercase { result += "_" + character.lowercased() } else { result.append(character) }
        }
        return result
    }
}

extension RegistryField {
    /// Kept by the registry itself (derived from other fields): shown, never accepted.
    package func system() -> Self {
        var field = self
        field.access = .system
        return field
    }

    package func withHint(_ text: String) -> Self {
        var field = self
        field.hint = text
        return field
    }

    /// Read off a personal field: never shown where that field is masked.
    package func derivedFromPersonalData() -> Self {
        var field = self
        field.derivedFromPersonal = true
        return field
    }

    /// Required in the record, but a registration may leave it out (the registry fills it in).
    package func optionalOnInput() -> Self {
        var field = self
        field.defaultedOnInput = true
        return field
    }
}

extension RegistryField {
    /// The field's columns in an export: a region as its code and, beside it, the region's name.
    package var exportHeaders: [String] { kind == .region ? [codeHeader, label] : [label] }

    /// The field's cells in an export: a region's code and name, a referenced record by its name.
    package func exportCells(_ record: Record, names: [String: String]) -> [Cell] {
        guard case let .text(code) = get(record) else { return [cell(record)] }
        switch kind {
        case .region: return [cell(record), .text(names[code] ?? "")]
        case .reference: return [.text(names[code] ?? code)]
        default: return [cell(record)]
        }
    }
}
