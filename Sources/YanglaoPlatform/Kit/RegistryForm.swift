import Foundation
import Plot
import Vapor
import YanglaoCore

/// A registry's registration and change forms, declared once. The kit registers both pages (the
/// form, and its submission), draws the form from the field table section by section, reads what
/// was sent into the same input the API takes, saves it through the registry's own save (the same
/// editor as the API and the import), and then goes to the saved record, or shows the form again
/// with every wrong field at the field (422, nothing saved).
package struct RegistryForm<Record: RegistryRecord>: Sendable {
    /// Child records entered one a line in a text box (签约医疗机构, 住院记录).
    package struct Lines: Sendable {
        /// The key of the input the lines become (`agreements`).
        package var key: String
        package var legend: String
        /// How a line is written ("每行一份：医疗机构,起始日,到期日").
        package var label: String
        package var parse: @Sendable (String) -> InputValue
        /// The stored children as lines (the form of a change starts from them).
        package var text: @Sendable (Request, Record) async throws -> String

        package init(key: String, legend: String, label: String, parse: @escaping @Sendable (String) -> InputValue,
                     text: @escaping @Sendable (Request, Record) async throws -> String) {
            self.key = key
            self.legend = legend
            self.label = label
            self.parse = parse
            self.text = text
        }

        var textKey: String { key + "Text" }
    }

    package var schema: RegistrySchema<Record>
    package var edit: Action
    package var resolver: RecordResolver
    package var newPage: any Resourceable
    package var editPage: @Sendable (String) -> any Resourceable
    package var recordPage: @Sendable (String) -> any Resourceable
    /// The form's class ("facility-form"), for its layout.
    package var cssClass: String
    /// "登记设施", or "修改：角斜镇敬老院".
    package var title: @Sendable (Record?) -> String
    /// What a change cannot alter, said above the form ("设施编码 … （登记后不能修改）").
    package var fixedNote: @Sendable (Record) -> String
    package var lines: Lines?
    /// The regions a record may be placed in (the working scope's, unless given).
    package var regionOptions: (@Sendable (Request, PageContext) async throws -> [(String, String)])?
    /// Refuses a change to someone who may see the record but not change it (403).
    package var mayChange: @Sendable (Request, Record) async throws -> Void
    /// Saves a registration (nil) or a change and answers the saved record's id.
    package var save: @Sendable (Request, Record?, [String: InputValue]) async throws -> String

    package init(
        schema: RegistrySchema<Record>, edit: Action, resolver: RecordResolver, newPage: any Resourceable,
        editPage: @escaping @Sendable (String) -> any Resourceable, recordPage: @escaping @Sendable (String) -> any Resourceable,
        cssClass: String, title: @escaping @Sendable (Record?) -> String, fixedNote: @escaping @Sendable (Record) -> String, lines: Lines? = nil,
        regionOptions: (@Sendable (Request, PageContext) async throws -> [(String, String)])? = nil,
        mayChange: @escaping @Sendable (Request, Record) async throws -> Void = { _, _ in },
        save: @escaping @Sendable (Request, Record?, [String: InputValue]) async throws -> String
    ) {
        self.schema = schema
        self.edit = edit
        self.resolver = resolver
        self.newPage = newPage
        self.editPage = editPage
        self.recordPage = recordPage
        self.cssClass = cssClass
        self.title = title
        self.fixedNote = fixedNote
        self.lines = lines
        self.regionOptions = regionOptions
        self.mayChange = mayChange
        self.save = save
    }

    package func register(on pages: any RoutesBuilder) {
        pages.on(.GET, newPage.pathComponents, access: .may(edit)) { request in try await form(request, record: nil, values: [:], errors: [:]) }
        pages.on(.POST, newPage.pathComponents, access: .may(edit)) { request in try await submit(request, existing: nil) }
        let editPath = editPage(.idKey).pathComponents
        pages.on(.GET, editPath, access: .may(edit), record: resolver) { request -> Response in
            let record = try request.resolved(Record.self)
            try await mayChange(request, record)
            return try await form(request, record: record, values: [:], errors: [:])
        }
        pages.on(.POST, editPath, access: .may(edit), record: resolver) { request -> Response in
            let record = try request.resolved(Record.self)
            try await mayChange(request, record)
            return try await submit(request, existing: record)
        }
    }

    /// The fields a form shows: every field a caller may send, and of a stored record those that may still change.
    package func shownFields(isNew: Bool) -> [RegistryField<Record>] {
        schema.inputFields.filter { isNew || $0.access == .editable }
    }

    /// What was sent, as the API's input: several-of fields as lists, the lines as their children.
    /// An empty box leaves a stored personal value as it is.
    package func input(_ values: [String: [String]], isNew: Bool) -> [String: InputValue] {
        var fields: [String: InputValue] = [:]
        for field in shownFields(isNew: isNew) {
            if case .severalOf = field.kind {
                fields[field.key] = .array((values[field.key] ?? []).map { .string($0) })
            } else if let value = values[field.key]?.last {
                if case .personal = field.kind, !isNew, value.trimmingWhitespace().isEmpty { continue }
                fields[field.key] = .string(value)
            }
        }
        if let lines { fields[lines.key] = lines.parse(values[lines.textKey]?.last ?? "") }
        return fields
    }

    func submit(_ request: Request, existing: Record?) async throws -> Response {
        let values = FormBody.parse(request)
        do {
            let id = try await save(request, existing, input(values, isNew: existing == nil))
            return request.redirect(toPath: recordPage(id).path)
        } catch let error as APIError where error.status == .unprocessableEntity {
            return try await form(request, record: existing, values: values, errors: error.fields)
        }
    }

    func form(_ request: Request, record: Record?, values: [String: [String]], errors: [String: String]) async throws -> Response {
        let platform = request.platform
        let regionField = schema.fields.first { $0.kind == .region }
        let regionCode: String? = record.flatMap { record in regionField.flatMap { if case let .text(code) = $0.get(record) { code } else { nil } } }
        let context = try await PageContext.make(request, platform, currentRegion: regionCode)
        let regions = try await regionOptions?(request, context) ?? context.regions.map { ($0.code, String(repeating: "　", count: $0.depth) + $0.name) }
        var linesText = values[lines?.textKey ?? ""]?.last ?? ""
        if let lines, values.isEmpty, let record { linesText = try await lines.text(request, record) }
        let linesError = lines.flatMap { lines in errors.first { $0.key.hasPrefix(lines.key) }?.value }
        let sections = RegistryPageComponents.formSections(
            schema, fields: shownFields(isNew: record == nil), record: record, values: values, errors: errors, regions: regions,
            defaults: regionField.map { [$0.key: context.currentRegion ?? ""] } ?? [:])
        let content: Node<HTML.BodyContext> = .form(
            .class("card " + cssClass), .action(escaping: record.map { editPage($0.id).path } ?? newPage.path), .method(.post),
            Layout.csrfField(context.csrf),
            .if(!errors.isEmpty, .p(.class("notice error"), .attribute(named: "role", value: "alert"),
                                    .text("有 \(errors.count) 处填写有误，未保存：请修改标红的项目后重新提交"))),
            .unwrap(record) { .p(.class("muted"), .text(fixedNote($0))) },
            sections,
            .unwrap(lines) { lines in
                .fieldset(
                    .element(named: "legend", text: lines.legend),
                    .div(
                        .class(linesError == nil ? "field" : "field invalid"),
                        .label(.for("f-\(lines.key)"), .text(lines.label)),
                        .textarea(.id("f-\(lines.key)"), .name(lines.textKey), .attribute(named: "rows", value: "3"), .text(linesText)),
                        .unwrap(linesError) { .p(.class("error"), .text($0)) }
                    )
                )
            },
            .button(.type(.submit), .text(record == nil ? "登记" : "保存"))
        )
        return Layout.response(Layout.document(title: title(record), context: context, content), status: errors.isEmpty ? .ok : .unprocessableEntity)
    }
}
