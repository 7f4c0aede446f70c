import SQLKit
import YanglaoCore

/// What a caller may see, as a region subtree. Until accounts exist every caller is `.unrestricted`
/// (see README); the next step gives each account its region and the routes already filter by it.
public enum AccessScope: Sendable, Equatable {
    case unrestricted
    case region(code: String, level: RegionLevel)

    /// Whether a stored region (by its ancestor columns) lies inside the scope.
    func contains(_ region: StoredRegion) -> Bool {
        switch self {
        case .unrestricted: true
        case let .region(code, level): region.ancestorCode(at: level) == code
        }
    }
}
