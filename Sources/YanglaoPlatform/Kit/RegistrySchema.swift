import Foundation
import Spreadsheet
import SQLKit
import YanglaoCore

/// A registry's entity: its table and its fields, in the order of the form, the record page, the
/// exports and the template. Everything that reads or writes a record's plain facts goes through it.
package struct RegistrySchema<Record: RegistryRecord>: Sendable {
    package let table: String
    /// What the audit log and messages call one record ("设施").
    package let noun: String
    package let fields: [RegistryField<Record>]
    /// A record with nothing filled in, for a registration and for reading a row.
    package let blank: @Sendable (_ id: String) -> Record

    package init(table: String, noun: String, fields: [RegistryField<Record>], blank: @escaping @Sendable (String) -> Record) {
        self.table = table
        self.noun = noun
        self.fields = fields
        self.blank = blank
        byKey = Dictionary(uniqueKeysWithValues: fields.map { ($0.key, $0) })
        inputFields = fields.filter { $0.access != .system }
        storedFields = fields.filter { $0.column != nil }
        columns = storedFields.flatMap { field -> [String] in
            guard case .personal = field.kind else { return [field.column!] }
            let columns = PersonalKind.columns(field.column!)
            return [columns.sealed, columns.hash, columns.mask]
        }
        personalFields = fields.filter { if case .personal = $0.kind { true } else { false } }
        shownFields = fields.filter { !$0.derivedFromPersonal }
    }

    /// Fields shown in answers, on pages, in exports and in the audit log: all but those read off
    /// personal data (`RegistryField.derivedFromPersonal`).
    package let shownFields: [RegistryField<Record>]

    /// Fields holding personal data (sealed at rest, masked when shown).
    package let personalFields: [RegistryField<Record>]

    package let byKey: [String: RegistryField<Record>]

    /// Fields a caller may send (not the system's own).
    package let inputFields: [RegistryField<Record>]
    /// Fields kept in the table's own columns.
    package let storedFields: [RegistryField<Record>]
    /// The table's columns the fields are stored in (a personal field takes three).
    package let columns: [String]

    /// The sections in the order their first field is declared, each with its fields.
    package func sections(_ fields: [RegistryField<Record>]) -> [(title: String, fields: [RegistryField<Record>])] {
        var order: [String] = []
        var grouped: [String: [RegistryField<Record>]] = [:]
        for field in fields {
            if grouped[field.section] == nil { order.append(field.section) }
            grouped[field.section, default: []].append(field)
        }
        return order.map { ($0, grouped[$0] ?? []) }
    }

    // MARK: Database

    /// A record from a row of the table (the fields with a column; the rest stay blank).
    package func decode(_ row: any SQLRow) throws -> Record {
        var record = blank(try row.decode(column: "id", as: String.self))
        for field in storedFields { field.set(&record, try field.kind.decode(row, column: field.column!)) }
        return record
    }

    /// The stored fields' values as bound parameters, in the order of `columns`. Personal values
    /// entered in plain are sealed here, with the cipher (the one place plaintext meets a row).
    package func values(_ record: Record, cipher: PersonalDataCipher? = nil) throws -> [any SQLExpression] {
        try storedFields.flatMap { field -> [any SQLExpression] in
            guard case .personal = field.kind else { return [field.kind.bind(field.get(record))] }
            return try Self.personalValues(field.get(record), cipher: cipher)
        }
    }

    /// A personal value's sealed text, hash and mask (all NULL when not filled in).
    static func personalValues(_ value: FieldValue, cipher: PersonalDataCipher?) throws -> [any SQLExpression] {
        guard case var .personal(text) = value else { return [SQLLiteral.null, SQLLiteral.null, SQLLiteral.null] }
        if text.sealed == nil || text.hash == nil {
            guard let cipher, let plain = text.plain else { throw PersonalDataCipher.Failure(description: "personal value written without a cipher") }
            text = text.hashed(with: cipher)
            if text.sealed == nil { text.sealed = try cipher.seal(plain) }
        }
        return [SQLBind(text.sealed), SQLBind(text.hash), SQLBind(text.mask)]
    }

    /// Fills in the lookup hash of every personal value just entered (to compare and look up).
    package func hashPersonal(_ record: inout Record, cipher: PersonalDataCipher) {
        for field in personalFields {
            if case let .personal(text) = field.get(record) { field.set(&record, .personal(text.hashed(with: cipher))) }
        }
    }

    /// Seals every personal value entered in plain (and hashes it): done ahead of a write, where
    /// the work can be spread over cores, so that the write only binds.
    package func sealPersonal(_ record: inout Record, cipher: PersonalDataCipher) throws {
        for field in personalFields {
            guard case var .personal(text) = field.get(record), text.sealed == nil, let plain = text.plain else { continue }
            text = text.hashed(with: cipher)
            text.sealed = try cipher.seal(plain)
            field.set(&record, .personal(text))
        }
    }

    /// Inserts records in statements of `batchSize` rows.
    package func insert(_ records: [Record], on sql: any SQLDatabase, cipher: PersonalDataCipher? = nil, batchSize: Int = 200) async throws {
        // SQLite allows 32,766 bound parameters a statement: keep well under it.
        let size = max(1, min(batchSize, 30_000 / max(columns.count, 1)))
        for batch in records.chunked(into: size) {
            try await sql.insert(into: table).columns(columns).rows(try batch.map { try values($0, cipher: cipher) }).run()
        }
    }

    package func update(_ record: Record, on sql: any SQLDatabase, cipher: PersonalDataCipher? = nil) async throws {
        var query = sql.update(table)
        for (column, value) in zip(columns, try values(record, cipher: cipher)) where column != "id" {
            query = query.set(SQLIdentifier(column), to: value)
        }
        try await query.where("id", .equal, record.id).run()
    }

    // MARK: JSON

    /// The record's shown fields as a JSON object, every key present (`null` where not filled in).
    package func json(_ record: Record) -> [String: JSONValue] {
        var object: [String: JSONValue] = [:]
        object.reserveCapacity(fields.count + 8)
        for field in shownFields { object[field.key] = field.kind.json(field.get(record)) }
        return object
    }

    /// Applies the sent fields to a record. Unknown keys, wrong types, values out of bounds and
    /// missing required fields are named at their key, in Chinese; `handled` keys are the
    /// registry's own (checked by it).
    /// With a cipher, personal values are hashed as they are read (compared and looked up by hash).
    package func apply(
        _ input: [String: InputValue], to record: inout Record, isNew: Bool, handled: Set<String> = [], cipher: PersonalDataCipher? = nil
    ) -> [String: String] {
        var errors: [String: String] = [:]
        for (key, value) in input where !handled.contains(key) {
            guard let field = byKey[key] else { errors[key] = "未知字段“\(key.prefix(40))”"; continue }
            switch field.access {
            case .system:
                errors[key] = "\(field.label)由系统填写，不能修改"; continue
            case .fixedAfterCreation where !isNew:
                var parsed = field.kind.parse(value, label: field.label)
                if let cipher, case let .success(.personal(text)) = parsed { parsed = .success(.personal(text.hashed(with: cipher))) }
                if parsed != .success(field.get(record)) { errors[key] = "\(field.label)登记后不能修改" }
                continue
            default: break
            }
            if let error = field.apply(value, to: &record) { errors[key] = error.message }
        }
        if isNew {
            for field in inputFields where field.requiredOnInput && !handled.contains(field.key)
                && input[field.key] == nil && errors[field.key] == nil && field.get(record).isNull {
                errors[field.key] = "\(field.label)不能为空"
            }
        }
        if let cipher { hashPersonal(&record, cipher: cipher) }
        return errors
    }

    // MARK: Spreadsheets

    package func header(_ fields: [RegistryField<Record>]) -> [String] { fields.map(\.label) }
    package func cells(_ record: Record, _ fields: [RegistryField<Record>]) -> [Cell] { fields.map { $0.cell(record) } }
}
