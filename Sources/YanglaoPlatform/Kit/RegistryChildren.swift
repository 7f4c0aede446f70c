import Foundation
import OpenAPIKit
import Plot
import Spreadsheet
import SQLKit
import Vapor
import YanglaoCore

/// A registry's child records, declared once: a field table of their own, kept in a table of their
/// own beside their parent's id (a facility's 签约医疗机构, a person's 住院记录; next an order's
/// visits, an inspection's items, a session's attendees). From the declaration the kit reads them
/// from the parent's JSON (each wrong field named at `key[i].field`), answers them, loads them for a
/// page of parents in one query per 500, replaces them in the parent's save, writes them one a line
/// in the parent's form, shows them as a table on the parent's page, exports them as a sheet of
/// their own with the parent's key, and describes them in the OpenAPI document.
package struct RegistryChildren<Child: RegistryRecord>: Sendable {
    /// The key of the children in the parent's JSON and input ("hospitalStays").
    package var key: String
    /// What one child is called ("住院记录"); the parent page's section and the sheet are named so.
    package var noun: String
    /// Their table and fields (an `id` field of the system's, the rest in the order of a line).
    package var schema: RegistrySchema<Child>
    /// The column holding the parent's id.
    package var parentColumn: String
    /// The order children are listed in: SQL over the child table's columns, written in the declaration.
    package var order: String
    package var maximum: Int

    package init(key: String, noun: String, schema: RegistrySchema<Child>, parentColumn: String, order: String, maximum: Int = 100) {
        self.key = key
        self.noun = noun
        self.schema = schema
        self.parentColumn = parentColumn
        self.order = order
        self.maximum = maximum
    }

    /// The fields a caller enters, in the order of a line, a table's columns and a sheet's.
    package var enteredFields: [RegistryField<Child>] { schema.inputFields }

    // MARK: Input

    /// The children sent with the parent: a list of objects, each read through the child's field
    /// table (new ids); every problem at `key[i].field` (or at `key` when it is not a list).
    package func parse(_ value: InputValue) -> (children: [Child], errors: [String: String]) {
        guard case let .array(items) = value, items.count <= maximum else {
            let example = enteredFields.map(\.key).joined(separator: ", ")
            return ([], [key: "\(noun)应为列表：[{\(example)}]，最多 \(maximum) 条"])
        }
        var children: [Child] = []
        var errors: [String: String] = [:]
        for (index, item) in items.enumerated() {
            guard case let .object(fields) = item else { errors["\(key)[\(index)]"] = "第\(index + 1)条\(noun)应为对象"; continue }
            var child = schema.blank(UUID().uuidString.lowercased())
            for (field, message) in schema.apply(fields, to: &child, isNew: true) {
                errors["\(key)[\(index)].\(field)"] = "第\(index + 1)条\(noun)：\(message)"
            }
            children.append(child)
        }
        return (children, errors)
    }

    // MARK: Answers and the document

    package func json(_ children: [Child]) -> JSONValue {
        .array(children.map { child in .object(schema.json(child).filter { $0.key != "id" }) })
    }

    /// A child as answered (every key present) and as sent (the required ones required).
    package var answerSchema: JSONSchema { .array(items: APIParts.object(fieldSchemas)) }
    package var inputSchema: JSONSchema {
        .array(maxItems: maximum, items: APIParts.object(fieldSchemas, required: Set(enteredFields.filter(\.requiredOnInput).map(\.key))))
    }

    private var fieldSchemas: OrderedDictionary<String, JSONSchema> {
        var schemas = OrderedDictionary<String, JSONSchema>()
        for field in enteredFields { schemas[field.key] = field.jsonSchema }
        return schemas
    }

    // MARK: Database

    /// The children of the given parents, by parent id, in the declared order.
    package func load(of parents: [String], sql: any SQLDatabase) async throws -> [String: [Child]] {
        var children: [String: [Child]] = [:]
        for batch in Array(Set(parents)).sorted().chunked(into: 500) {
            let rows = try await sql.select().column(SQLIdentifier(parentColumn)).columns(schema.columns.map { SQLIdentifier($0) })
                .from(schema.table).where(SQLIdentifier(parentColumn), .in, SQLBind.group(Array(batch)))
                .orderBy(SQLRaw(order)).all()
            for row in rows { children[try row.decode(column: parentColumn, as: String.self), default: []].append(try schema.decode(row)) }
        }
        return children
    }

    package func load(of parent: String, sql: any SQLDatabase) async throws -> [Child] {
        try await load(of: [parent], sql: sql)[parent] ?? []
    }

    /// Replaces a parent's children (inside the parent's save).
    package func replace(of parent: String, with children: [Child], sql: any SQLDatabase) async throws {
        try await sql.delete(from: schema.table).where(SQLIdentifier(parentColumn), .equal, SQLBind(parent)).run()
        try await insert(children.map { (parent, $0) }, sql: sql)
    }

    /// Writes children of new parents, in statements of a few hundred rows.
    package func insert(_ children: [(parent: String, child: Child)], sql: any SQLDatabase) async throws {
        let columns = [parentColumn] + schema.columns
        for batch in children.chunked(into: max(1, 30_000 / columns.count / 2)) where !batch.isEmpty {
            try await sql.insert(into: schema.table).columns(columns)
                .rows(try batch.map { [SQLBind($0.parent)] + (try schema.values($0.child)) }).run()
        }
    }

    // MARK: Forms, pages and sheets

    /// One child a line, its entered fields by position, separated by commas ("医疗机构,起始日,到期日").
    package func lines(parse text: String) -> InputValue {
        let fields = enteredFields
        return .array(text.split(whereSeparator: \.isNewline).prefix(maximum + 1).compactMap { line in
            let parts = line.split(separator: ",", omittingEmptySubsequences: false).flatMap { $0.split(separator: "，", omittingEmptySubsequences: false) }
                .map { String($0).trimmingWhitespace() }
            guard parts.contains(where: { !$0.isEmpty }) else { return nil }
            var object: [String: InputValue] = [:]
            for (field, part) in zip(fields, parts) where !part.isEmpty { object[field.key] = .string(part) }
            return .object(object)
        })
    }

    package func lines(_ children: [Child]) -> String {
        children.map { child in enteredFields.map { $0.kind.text($0.get(child)) }.joined(separator: ",") }.joined(separator: "\n")
    }

    /// The form's text box of the children, for `RegistryForm`.
    package func formLines<Parent: RegistryRecord>(hint: String? = nil, stored: @escaping @Sendable (Request, Parent) async throws -> [Child]) -> RegistryForm<Parent>.Lines {
        let label = "每行一条：" + enteredFields.map(\.label).joined(separator: ",") + (hint.map { "（\($0)）" } ?? "")
        return .init(key: key, legend: noun, label: label, parse: { lines(parse: $0) }, text: { request, parent in lines(try await stored(request, parent)) })
    }

    /// The children as a section of the parent's page: a table of their fields ("—" where not filled in).
    package func section(_ children: [Child], empty: String? = nil) -> Node<HTML.BodyContext> {
        .section(.class("card"), .h2(.text(noun)), Components.table(enteredFields.map(\.label), children.map { child in
            enteredFields.map { field -> Node<HTML.BodyContext> in
                let text = field.display(child)
                return field.kind == .date ? .span(.class("date"), .text(text)) : .text(text)
            }
        }, empty: empty ?? "没有\(noun)"))
    }

    /// The children of exported parents as a sheet of their own: the parent's key columns, then theirs.
    package func sheet(parentHeader: [String], rows: [(parent: [Cell], child: Child)]) -> Sheet {
        Sheet(name: noun, header: parentHeader + enteredFields.map(\.label), rows: rows.map { $0.parent + schema.cells($0.child, enteredFields) })
    }
}
