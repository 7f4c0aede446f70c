import SQLKit
import YanglaoCore

/// What a caller may see: a region subtree (and, for institution, provider and caregiver accounts,
/// one organisation). Every capability filters through it; out of scope answers 404.
public enum AccessScope: Sendable, Equatable {
    /// The operator at the server's command line.
    case unrestricted
    case region(code: String, level: RegionLevel, organisation: String?)
    /// An account whose region no longer exists.
    case nothing

    /// Whether a stored region (by its ancestor columns) lies inside the scope.
    package func contains(_ region: StoredRegion) -> Bool {
        contains(ancestry: { region.ancestorCode(at: $0) })
    }

    package func contains(ancestry: (RegionLevel) -> String?) -> Bool {
        switch self {
        case .unrestricted: true
        case let .region(code, level, _): ancestry(level) == code
        case .nothing: false
        }
    }

    package var rootCode: String? {
        if case let .region(code, _, _) = self { code } else { nil }
    }
}

extension AccessScope {
    /// `column IN (codes of the scope's subtree)`, for tables that record a region code: one indexed
    /// equality inside, whatever levels the tree skips.
    package func regionFilter(_ column: String) -> any SQLExpression {
        switch self {
        case .unrestricted:
            return SQLLiteral.boolean(true)
        case .nothing:
            return SQLLiteral.boolean(false)
        case let .region(code, level, _):
            return SQLQueryString("\(ident: column) IN (SELECT code FROM regions WHERE \(ident: StoredRegion.ancestorColumn(level)) = \(bind: code))")
        }
    }
}
