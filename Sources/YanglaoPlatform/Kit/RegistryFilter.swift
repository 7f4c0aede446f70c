import Foundation
import SQLKit
import YanglaoCore

/// Who is asking and on what day: what a filter needs to resolve a value (a region in scope, a
/// date-dependent rule) without HTTP.
package struct Caller: Sendable {
    package var user: CurrentUser
    /// Who the audit log names (the account and the client address).
    package var actor: AuditActor
    /// The deployment's personal-data cipher, for filters that look up by keyed hash.
    package var personalData: PersonalDataCipher?
    /// The day asked about (the platform's clock): date-dependent filters (高龄, due for reassessment) read it.
    package var today: LocalDate
    /// What the capabilities offer one another, for a listing whose scope reads another registry
    /// (an operator's residents: the persons at the facility of their organisation).
    package var interfaces = CapabilityInterfaces()
    /// The operator at the server's command line (seeds, imports): sees everything, audited as such.
    package static func commandLine(today: LocalDate) -> Caller {
        let account = Account(id: "", username: AuditActor.commandLine.username ?? "", displayName: nil, passwordHash: "", role: .admin, regionCode: "",
                              organisationId: nil, disabled: false, failedLogins: 0, lockedUntil: nil, createdAt: "", updatedAt: "")
        return Caller(user: CurrentUser(account: account, scope: .unrestricted), actor: .commandLine, today: today)
    }

    package init(user: CurrentUser, actor: AuditActor, personalData: PersonalDataCipher? = nil, today: LocalDate = .shanghaiDate(of: Date())) {
        self.user = user
        self.actor = actor
        self.personalData = personalData
        self.today = today
    }
}

/// A filter of a registry's list, declared once: the query parameter, its form control, its SQL
/// predicate and how it reads in a heading ("类别：养老机构").
package struct RegistryFilter: Sendable {
    package enum Control: Sendable {
        /// A drop-down of (value, label) pairs.
        case choice([(String, String)])
        /// A drop-down of the regions the caller sees.
        case region
        /// Free text (a name or a code).
        case search
    }

    /// What a value resolves to: the predicate and the words for titles.
    package struct Resolved: Sendable {
        package var predicate: any SQLExpression
        package var description: String
        /// The predicate selects a part of the caller's region scope (a region checked to lie in
        /// it): a listing whose scope is the region alone can leave its own predicate out, which
        /// spares the database a second region test per row.
        package var withinScope = false
        /// The keyed hash a lookup by a full ID number or phone searches for (audited and limited).
        package var personalLookup: String?
        package init(predicate: any SQLExpression, description: String, withinScope: Bool = false) {
            self.predicate = predicate
            self.description = description
            self.withinScope = withinScope
        }
    }

    package let name: String
    package let label: String
    package let control: Control
    /// The OpenAPI description of the parameter.
    package let help: String
    /// The predicate for a value, or a message (in Chinese) naming what is wrong with it.
    package let resolve: @Sendable (String, any SQLDatabase, Caller) async throws -> Result<Resolved, FieldError>
    package init(name: String, label: String, control: Control, help: String, resolve: @escaping @Sendable (String, any SQLDatabase, Caller) async throws -> Result<Resolved, FieldError>) {
        self.name = name
        self.label = label
        self.control = control
        self.help = help
        self.resolve = resolve
    }

    /// The allowed values, for the OpenAPI document.
    package var options: [String]? {
        if case let .choice(pairs) = control { pairs.map(\.0) } else { nil }
    }

    /// `column = value` for one of the listed values.
    package static func equals(_ name: String, _ label: String, column: String, options: [(String, String)]) -> Self {
        Self(name: name, label: label, control: .choice(options), help: label, resolve: { value, _, _ in
            guard let option = options.first(where: { $0.0 == value }) else {
                return .failure(FieldError("\(label)“\(value.prefix(40))”无效，应为 \(options.map(\.0).joined(separator: "、")) 之一"))
            }
            return .success(Resolved(predicate: SQLBinaryExpression(SQLIdentifier(column), .equal, SQLBind(value)), description: "\(label)：\(option.1)"))
        })
    }

    /// One of an enumeration's values in `column`.
    package static func oneOf<E: RawRepresentable & CaseIterable>(_ name: String, _ label: String, column: String, _: E.Type) -> Self where E.RawValue == String {
        equals(name, label, column: column, options: E.allCases.map { ($0.rawValue, $0.rawValue) })
    }

    /// Records whose `column` lies in the subtree of a region the caller sees. A region outside the
    /// scope is answered like a missing one (and audited by the caller of `resolve`).
    /// `scopeColumn`: the column is the one the listing's scope tests (then the filter implies the scope).
    package static func region(_ name: String, _ label: String, column: String, subtree: Bool = true, scopeColumn: Bool = true) -> Self {
        Self(name: name, label: label, control: .region, help: "\(label)（区划代码\(subtree ? "，含下级" : "")）", resolve: { code, sql, caller in
            guard let region = try await RegionStore(sql: sql).find(code), caller.user.scope.contains(region) else {
                throw RegistryError.outOfScope(entityType: "region", entityID: code, what: "区划")
            }
            let predicate: any SQLExpression = subtree
                ? AccessScope.region(code: region.code, level: region.level, organisation: nil).regionFilter(column)
                : SQLBinaryExpression(SQLIdentifier(column), .equal, SQLBind(region.code))
            return .success(Resolved(predicate: predicate, description: region.name, withinScope: scopeColumn))
        })
    }

    /// `column` contains the text (LIKE with its wildcards escaped, so "%" and "_" match themselves).
    package static func containing(_ text: String, in column: String) -> SQLQueryString {
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
        return SQLQueryString("\(ident: column) LIKE \(bind: "%" + escaped + "%") ESCAPE '\\'")
    }

    /// A name containing the text, or a code equal to it.
    package static func search(_ name: String, _ label: String, nameColumn: String, codeColumn: String) -> Self {
        Self(name: name, label: label, control: .search, help: "\(label)（名称包含或编码等于）", resolve: { text, _, _ in
            if let problem = TextLimit.problem(text, limit: TextLimit.short) { return .failure(FieldError(label + problem)) }
            let predicate = SQLQueryString("(\(containing(text, in: nameColumn)) OR \(ident: codeColumn) = \(bind: text))")
            return .success(Resolved(predicate: predicate, description: "“\(text)”"))
        })
    }
}

/// An order a list may be read in: its keys, each an SQL expression over the registry's table that
/// is never NULL (COALESCE where the column may be), and a direction. The record id ends every
/// order, so that the keyset cursor names one position.
package struct RegistrySort: Sendable {
    package struct Key: Sendable {
        /// SQL over the registry's own columns, written in the declaration (never from input).
        package var expression: String
        package var descending = false
        /// Whether the key is a number (the cursor keeps its type).
        package var numeric = false

        package init(expression: String, descending: Bool = false, numeric: Bool = false) {
            self.expression = expression
            self.descending = descending
            self.numeric = numeric
        }
    }

    package let name: String
    package let label: String
    package let keys: [Key]
    package init(name: String, label: String, keys: [Key]) {
        self.name = name
        self.label = label
        self.keys = keys
    }

    package static func ascending(_ column: String) -> Key { Key(expression: column) }
    package static func descending(_ column: String, whenNull: Int = -1) -> Key {
        Key(expression: "COALESCE(\(column), \(whenNull))", descending: true, numeric: true)
    }
}

/// What a registry service refuses, without HTTP: the API and the pages turn it into their answer.
package enum RegistryError: Error, Sendable {
    /// A record or a region outside the caller's scope: answered as missing, and audited.
    case outOfScope(entityType: String, entityID: String, what: String)
}
