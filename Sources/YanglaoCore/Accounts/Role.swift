/// The roles of DESIGN.md. A role says what a person does; the level comes from the region of the
/// account's scope, never from the role.
public enum Role: String, CaseIterable, Codable, Sendable {
    case admin
    case villageStaff = "village_staff"
    case institutionOperator = "institution_operator"
    case providerOperator = "provider_operator"
    case caregiver
    case hotlineOperator = "hotline_operator"
    case inspector
    case assessor
    case viewer
    case securityAdmin = "security_admin"
    case auditor

    public var label: String {
        switch self {
        case .admin: "民政管理员"
        case .villageStaff: "村（社区）助老员"
        case .institutionOperator: "机构管理员"
        case .providerOperator: "服务商管理员"
        case .caregiver: "护理员"
        case .hotlineOperator: "坐席"
        case .inspector: "检查员"
        case .assessor: "评估员"
        case .viewer: "领导查看"
        case .securityAdmin: "安全管理员"
        case .auditor: "审计员"
        }
    }

    /// Institution, provider and caregiver accounts act for one organisation as well as a region.
    public var requiresOrganisation: Bool {
        switch self {
        case .institutionOperator, .providerOperator, .caregiver: true
        default: false
        }
    }

    /// 三员分立: the security admin and the auditor see no business data.
    public var seesBusinessData: Bool {
        self != .securityAdmin && self != .auditor
    }
}

/// What a role may do: a route asks one question (`Action.isAllowed`). The floor declares its own
/// actions here; each capability declares its own beside its rules (`YanglaoCore/<Capability>/`),
/// so adding one touches only that capability.
public struct Action: Sendable, Hashable, CustomStringConvertible {
    /// The action's name in code and in the audit log's records ("editElders").
    public let code: String
    /// What it lets one do, in Chinese (the audit log shows this, never the code).
    public let label: String
    let roles: Set<Role>

    public init(_ code: String, label: String, roles: Set<Role>) {
        self.code = code
        self.label = label
        self.roles = roles
    }

    public func isAllowed(for role: Role) -> Bool { roles.contains(role) }

    public var description: String { code }

    public static func == (lhs: Action, rhs: Action) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// Read the region tree of one's scope (everyone: it is the map every page is drawn on).
    public static let readRegions = Action("readRegions", label: "查看行政区划", roles: Set(Role.allCases))
    /// Import or change the region tree below one's own region.
    public static let manageRegions = Action("manageRegions", label: "管理行政区划", roles: [.admin])
    /// Create, disable and reset accounts in one's region.
    public static let manageAccounts = Action("manageAccounts", label: "管理账户", roles: [.securityAdmin])
    /// Review the audit log of one's region.
    public static let reviewAudit = Action("reviewAudit", label: "查阅审计日志", roles: [.auditor])
    /// See an ID number, phone or address in full, with a reason (audited).
    public static let revealPersonalData = Action("revealPersonalData", label: "查看完整个人信息", roles: [.admin, .villageStaff, .assessor])

    /// The floor's own actions.
    public static let floor: [Action] = [.readRegions, .manageRegions, .manageAccounts, .reviewAudit, .revealPersonalData]
}
