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

/// What a role may do. Capabilities add their actions here, so that a route asks one question.
public enum Action: String, CaseIterable, Sendable {
    /// Read the region tree of one's scope (everyone: it is the map every page is drawn on).
    case readRegions
    /// Import or change the region tree below one's own region.
    case manageRegions
    /// Create, disable and reset accounts in one's region.
    case manageAccounts
    /// Review the audit log of one's region.
    case reviewAudit
    /// See the facilities of one's region (an institution operator: their own facility only).
    case readFacilities
    /// Register facilities and change those one's bureau supervises, with their projects.
    case editFacilities
    /// See the older residents of one's region (an institution operator: the residents of their own facility), masked.
    case readElders
    /// Register and change older residents, import the registry, record the 特困 self-care check.
    case editElders
    /// Record ability assessments (GB/T 42195).
    case assessElders
    /// See an ID number, phone or address in full, with a reason (audited).
    case revealPersonalData
    /// Read the plans of one's region and above, with the progress of one's own region.
    case readPlans
    /// Set a plan's targets and its breakdown across the regions below (the plan's own bureau).
    case editPlans
    /// Fill in and submit one's region's monthly ledger (督查台账).
    case reportProgress
    /// Approve, return or unlock the ledgers of the regions below; send them urgings (督办).
    case reviewLedgers

    public func isAllowed(for role: Role) -> Bool {
        switch self {
        case .readRegions: true
        case .manageRegions: role == .admin
        case .manageAccounts: role == .securityAdmin
        case .reviewAudit: role == .auditor
        case .readFacilities:
            [.admin, .viewer, .villageStaff, .inspector, .assessor, .hotlineOperator, .institutionOperator].contains(role)
        case .editFacilities: role == .admin
        case .readElders:
            [.admin, .viewer, .villageStaff, .assessor, .hotlineOperator, .institutionOperator].contains(role)
        case .editElders: [.admin, .villageStaff].contains(role)
        case .assessElders: [.admin, .assessor].contains(role)
        case .revealPersonalData: [.admin, .villageStaff, .assessor].contains(role)
        case .readPlans: [.admin, .viewer].contains(role)
        case .editPlans, .reportProgress, .reviewLedgers: role == .admin
        }
    }
}
