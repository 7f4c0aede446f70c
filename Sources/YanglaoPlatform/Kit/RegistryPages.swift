import Foundation
import Plot
import Vapor

/// The pieces every registry's pages share, drawn from the declarations: the filter form, the
/// pager of a keyset list, the inputs of the form and the rows of the record page.
package enum RegistryPageComponents {
    /// The list's filters and orders as a GET form, each control chosen by its declaration.
    /// `values`: the filters in force (the query's, and the working region where the query names none).
    package static func filterForm(
        _ listing: RegistryListing, action: String, request: Request, regions: [(String, String)], values: [String: String] = [:]
    ) -> Node<HTML.BodyContext> {
        var all = values
        for name in listing.filters.map(\.name) + ["sort"] where all[name] == nil {
            if let value = request.query[String.self, at: name] { all[name] = value }
        }
        return filterForm(listing, action: action, values: all, regions: regions)
    }

    /// The form from the values alone (a page's model holds them).
    package static func filterForm(
        _ listing: RegistryListing, action: String, values: [String: String], regions: [(String, String)]
    ) -> Node<HTML.BodyContext> {
        let current = { (name: String) in values[name] ?? "" }
        let chosen = listing.filters.filter { !(values[$0.name] ?? "").isEmpty }.count
        return .element(named: "details", nodes: [
            .class("filter-panel"), .attribute(named: "open", value: "open"),
            .element(named: "summary", text: chosen > 0 ? "筛选（已选 \(chosen) 项）" : "筛选"),
            form(listing, action: action, current: current, regions: regions),
        ])
    }

    private static func form(
        _ listing: RegistryListing, action: String, current: (String) -> String, regions: [(String, String)]
    ) -> Node<HTML.BodyContext> {
        .form(
            .class("filters"), .action(escaping: action), .method(.get),
            .forEach(listing.filters) { filter -> Node<HTML.FormContext> in
                switch filter.control {
                case let .choice(options):
                    Components.select(filter.label, name: filter.name, options: [("", "全部")] + options, selected: current(filter.name))
                case .region:
                    Components.select(filter.label, name: filter.name, options: [("", "全部")] + regions, selected: current(filter.name))
                case .search:
                    Components.field(filter.label, name: filter.name, value: current(filter.name))
                }
            },
            Components.select("排序", name: "sort", options: listing.sorts.map { ($0.name, $0.label) }, selected: current("sort")),
            .button(.type(.submit), .text("筛选"))
        )
    }

    /// "第 51–100 条，共 420 条" with links to the first and the next page (keyset lists go forward).
    package static func pager(_ request: Request, next: String?, from: Int, shown: Int, total: ListCount) -> Node<HTML.BodyContext> {
        pager(Pager(request, next: next, from: from, shown: shown, total: total))
    }

    /// Where a keyset list is and the links to its first and next pages.
    package struct Pager: Sendable, Equatable {
        package var from: Int
        package var shown: Int
        package var total: ListCount
        package var firstHref: String?
        package var nextHref: String?

        package init(from: Int, shown: Int, total: ListCount, firstHref: String?, nextHref: String?) {
            self.from = from
            self.shown = shown
            self.total = total
            self.firstHref = firstHref
            self.nextHref = nextHref
        }

        package init(_ request: Request, next: String?, from: Int, shown: Int, total: ListCount) {
            let base = request.url.path + "?"
            self.init(from: from, shown: shown, total: total,
                      firstHref: from > 1 ? base + request.query(setting: ["cursor": nil, "from": nil]) : nil,
                      nextHref: next.map { base + request.query(setting: ["cursor": $0, "from": String(from + shown)]) })
        }
    }

    package static func pager(_ pager: Pager) -> Node<HTML.BodyContext> {
        guard pager.total.exceeds(pager.shown) || pager.from > 1 else { return .empty }
        let last = pager.from + max(pager.shown, 1) - 1
        return .p(
            .class("pager"),
            .unwrap(pager.firstHref) { .a(.class("button secondary"), .href(escaping: $0), .text("第一页")) },
            .span(.text(" 第 \(pager.from)–\(last) 条，\(pager.total.text()) ")),
            .unwrap(pager.nextHref) { .a(.class("button secondary"), .href(escaping: $0), .text("下一页")) }
        )
    }

    /// The input for one field, by its kind: a drop-down for one-of and yes/no (with （未填）),
    /// check boxes for several-of, a region drop-down, a date or text box otherwise.
    package static func input<Record>(
        _ field: RegistryField<Record>, value: String, selected: Set<String> = [], error: String?, regions: [(String, String)]
    ) -> Node<HTML.FormContext> {
        let required = field.requiredOnInput
        switch field.kind {
        case let .oneOf(options):
            let blank: [(String, String)] = field.required ? [] : [("", "（未填）")]
            return Components.select(field.label, name: field.key, options: blank + options.map { ($0, $0) }, selected: value, error: error)
        case .flag:
            return Components.select(field.label, name: field.key, options: [("", "（未填）"), ("是", "是"), ("否", "否")], selected: value, error: error)
        case .region:
            let blank: [(String, String)] = required ? [] : [("", "（默认）")]
            return Components.select(field.label, name: field.key, options: blank + regions, selected: value, error: error)
        case let .severalOf(options):
            return .fieldset(
                .element(named: "legend", text: field.label),
                .forEach(options) { option in
                    .label(.class("check"), .input(.type(.checkbox), .name(field.key), .value(escaping: option),
                                                    .attribute(named: "checked", escaping: selected.contains(option) ? "checked" : nil)),
                           .text(option))
                },
                .unwrap(error) { .p(.class("error"), .text($0)) }
            )
        case .date:
            return Components.field(field.label, name: field.key, value: value, type: .date, required: required, error: error, hint: field.hint)
        default:
            return Components.field(field.label, name: field.key, value: value, required: required, error: error, hint: field.hint)
        }
    }

    /// The form's inputs, section by section: the values sent back (after an error) win over the
    /// record's; a registration starts from `defaults`.
    package static func formSections<Record>(
        _ schema: RegistrySchema<Record>, fields: [RegistryField<Record>], record: Record?, values: [String: [String]],
        errors: [String: String], regions: [(String, String)], defaults: [String: String] = [:]
    ) -> Node<HTML.FormContext> {
        // A stored record's fields read off personal data are not put back into its form (they
        // follow from the personal field and are never shown).
        let fields = record == nil ? fields : fields.filter { !$0.derivedFromPersonal }
        return .forEach(schema.sections(fields)) { section in
            .fieldset(.element(named: "legend", text: section.title), .forEach(section.fields) { field in
                let selected: Set<String> = values[field.key].map(Set.init) ?? {
                    if let record, case let .several(items) = field.get(record) { return Set(items) }
                    return []
                }()
                // A stored personal value is never put back into a form: its mask is shown as a hint,
                // and an empty box leaves it as it is.
                if let record, case let .personal(text) = field.get(record) {
                    return input(field.withHint("现为 \(text.mask)，留空则不变"), value: values[field.key]?.last ?? "", error: errors[field.key], regions: regions)
                }
                let stored = record.map { field.kind.text(field.get($0)) } ?? defaults[field.key] ?? ""
                return input(field, value: values[field.key]?.last ?? stored, selected: selected, error: errors[field.key], regions: regions)
            })
        }
    }

    /// The record page's sections: every field with its value, regions by name; `extra` adds
    /// rows a registry computes (a ratio) at the end of a section.
    package static func recordSections<Record>(
        _ schema: RegistrySchema<Record>, record: Record, names: [String: String], extra: [String: [(String, String)]] = [:]
    ) -> Node<HTML.BodyContext> {
        .forEach(schema.sections(schema.shownFields)) { section in
            RegistryPageComponents.section(section.title, section.fields.map { field in
                // Regions and referenced records by name (their code or id where no name is known).
                if case let .text(code) = field.get(record) {
                    if field.kind == .region { return (field.label, names[code] ?? code) }
                    if case .reference = field.kind { return (field.label, names[code] ?? code) }
                }
                return (field.label, field.display(record))
            } + (extra[section.title] ?? []))
        }
    }

    /// A section of the record page: each field's label and its value ("—" where not filled in).
    package static func section(_ title: String, _ rows: [(String, String)]) -> Node<HTML.BodyContext> {
        .section(.class("card"), .h2(.text(title)), .dl(.forEach(rows) { label, value in
            .group(.dt(.text(label)), .dd(.text(value.isEmpty ? "—" : value)))
        }))
    }
}
