/// What a formula sums over records: a numerator and, for a share, a denominator. Inputs of rows
/// add up to the inputs of their total, so every table's rows add up to its 合计.
public struct IndicatorInputs: Sendable, Equatable {
    public var numerator: Double
    public var denominator: Double?

    public init(numerator: Double, denominator: Double? = nil) {
        self.numerator = numerator
        self.denominator = denominator
    }

    public static let zero = IndicatorInputs(numerator: 0)

    public static func + (lhs: IndicatorInputs, rhs: IndicatorInputs) -> IndicatorInputs {
        let denominator: Double? = lhs.denominator == nil && rhs.denominator == nil ? nil : (lhs.denominator ?? 0) + (rhs.denominator ?? 0)
        return IndicatorInputs(numerator: lhs.numerator + rhs.numerator, denominator: denominator)
    }

    /// The figure in the indicator's unit: a share in per cent (nil with nothing to count), a count as is.
    public func figure(in unit: IndicatorUnit) -> Double? {
        guard unit.isShare else { return numerator }
        guard let denominator, denominator > 0 else { return nil }
        return numerator / denominator * 100
    }
}

/// What a facility check asks of one facility, for the shares of facilities that meet it.
public enum FacilityCheck: String, CaseIterable, Sendable {
    /// 消防安全达标: every 养老服务机构 in use.
    case fireCompliant
    /// 食品安全达标: every 养老服务机构 in use.
    case foodCompliant
    /// 消防、食品安全达标 (通辽 2021): 养老机构 in use, both.
    case fireAndFoodCompliant
    /// 内设医务室或护理站 where the rule requires one (≥ 100 beds, or a 敬老院 with ≥ 30 特困 residents).
    case clinicWhereRequired
    /// 医养签约: 养老机构 in use with an agreement in force with a medical institution.
    case medicalAgreement
    /// 以不同形式提供医疗卫生服务 (海安 2021): internal clinic or station, or an agreement in force.
    case medicalService
    /// 四有: operating community facilities with site, sign, activities and records.
    case fourHaves

    /// Whether the facility is in the denominator, and whether it meets the check, on a date.
    public func judge(_ facts: FacilityFacts, on date: LocalDate) -> (counted: Bool, meets: Bool) {
        let inUse = facts.status == .operating || facts.status == .built
        switch self {
        case .fireCompliant: return (inUse && facts.category.isElderlyCareService, facts.fireCompliant == true)
        case .foodCompliant: return (inUse && facts.category.isElderlyCareService, facts.foodCompliant == true)
        case .fireAndFoodCompliant: return (inUse && facts.isInstitution, facts.fireCompliant == true && facts.foodCompliant == true)
        case .clinicWhereRequired:
            return (inUse && FacilityRules.requiresInternalMedicalService(facts), facts.internalClinic == true || facts.nursingStation == true)
        case .medicalAgreement: return (inUse && facts.isInstitution, facts.agreements.contains { $0.isValid(on: date) })
        case .medicalService: return (inUse && facts.isInstitution, FacilityRules.providesMedicalService(facts, on: date))
        case .fourHaves: return (facts.status == .operating && facts.category.isCommunityFacility, facts.missingFourHaves.isEmpty)
        }
    }
}

/// The formulas computed indicators are measured by. Each says which registry it reads and what one
/// record contributes; the server sums the contributions (or their SQL aggregates) by region.
public enum IndicatorFormula: Sendable, Equatable, Hashable {
    /// 护理型床位占比: nursing-type beds among the beds of 养老机构 in use.
    case nursingBedShare
    /// The share of facilities that meet a check.
    case facilityShare(FacilityCheck)
    /// 电气火灾、燃气泄漏报警装置安装率: alarms installed among those the standard requires.
    case alarmsInstalled
    /// The year's completed projects that count in a column of the breakdown table.
    case completedProjects(BreakdownColumn)
    /// The year's completed 新建 or 改扩建 of 特困人员供养服务机构 (the 敬老院 a plan names).
    case completedHardshipHomeWorks
    /// The year's completed 提升改造 of one kind (标准化卫生室, 油烟治理 …).
    case completedUpgrades(UpgradeKind)
    /// 新增护理型床位: nursing-type beds at the date less those at the end of the year before.
    case nursingBedsAdded
    /// 生活不能自理特困人员集中供养率 (`ElderIndicators.unableSpecialHardshipInCare`).
    case unableSpecialHardshipInCare
    /// 有集中供养意愿的特困老年人集中供养率 (`ElderIndicators.willingSpecialHardshipInCare`).
    case willingSpecialHardshipInCare

    /// The registry a formula reads.
    public enum Source: Sendable, Equatable {
        /// The facilities as they stand (no history of their facts is kept).
        case facilities
        /// Projects with their completion dates.
        case projects
        /// The dated capacity snapshots of facilities.
        case capacityHistory
        /// The register of older residents with its dated events.
        case elders
    }

    public var source: Source {
        switch self {
        case .nursingBedShare, .facilityShare, .alarmsInstalled: .facilities
        case .completedProjects, .completedHardshipHomeWorks, .completedUpgrades: .projects
        case .nursingBedsAdded: .capacityHistory
        case .unableSpecialHardshipInCare, .willingSpecialHardshipInCare: .elders
        }
    }

    /// Whether the registry can answer for a past date. Facility facts are kept as they stand: a past
    /// month's figure of a facility formula is the one recorded at the time (a ledger, a month's snapshot).
    public var isHistorical: Bool { source != .facilities }

    /// What one facility contributes on a date (nil: not counted).
    public func contribution(of facts: FacilityFacts, on date: LocalDate) -> IndicatorInputs? {
        let inUse = facts.status == .operating || facts.status == .built
        switch self {
        case .nursingBedShare:
            guard inUse, facts.isInstitution else { return nil }
            return IndicatorInputs(numerator: Double(facts.nursingBeds ?? 0), denominator: Double(facts.beds ?? 0))
        case let .facilityShare(check):
            let judged = check.judge(facts, on: date)
            return judged.counted ? IndicatorInputs(numerator: judged.meets ? 1 : 0, denominator: 1) : nil
        case .alarmsInstalled:
            guard inUse, facts.category.isElderlyCareService else { return nil }
            let required = [(facts.electricalAlarmRequired, facts.electricalAlarmInstalled), (facts.gasAlarmRequired, facts.gasAlarmInstalled)]
                .filter { $0.0 == true }
            guard !required.isEmpty else { return nil }
            return IndicatorInputs(numerator: Double(required.filter { $0.1 == true }.count), denominator: Double(required.count))
        default:
            return nil
        }
    }

    /// What one project contributes to the year's count on a date: completed within the year, on or
    /// before the date.
    public func contribution(
        of project: ProjectFacts, category: FacilityCategory, institutionKind: InstitutionKind?, functions: Set<FacilityFunction>,
        isTownLevel: Bool, year: Int, on date: LocalDate
    ) -> IndicatorInputs? {
        guard project.status == .completed, let completed = project.actualCompletion, completed.year == year, completed <= date else { return nil }
        let counts: Bool
        switch self {
        case let .completedProjects(column):
            counts = ProjectRules.breakdownColumns(project, category: category, functions: functions, isTownLevel: isTownLevel).contains(column)
        case .completedHardshipHomeWorks:
            counts = (project.kind == .newBuild || project.kind == .expansion) && category == .institution && institutionKind == .specialHardship
        case let .completedUpgrades(kind):
            counts = project.kind == .upgrade && project.upgradeKind == kind
        default:
            counts = false
        }
        return counts ? IndicatorInputs(numerator: 1) : nil
    }

    /// What one facility's capacity history contributes to 新增护理型床位 of a year, on a date.
    public func contribution(ofCapacity history: [CapacityHistory.Point], year: Int, on date: LocalDate) -> IndicatorInputs? {
        guard self == .nursingBedsAdded else { return nil }
        let before = LocalDate(year: year - 1, month: 12, day: 31)!
        let end = min(date, LocalDate(year: year, month: 12, day: 31)!)
        return IndicatorInputs(numerator: Double(CapacityHistory.nursingBeds(at: end, history) - CapacityHistory.nursingBeds(at: before, history)))
    }

    /// The elders registry's rate as inputs.
    public static func inputs(_ rate: CountedRate) -> IndicatorInputs {
        IndicatorInputs(numerator: Double(rate.counted), denominator: Double(rate.of))
    }
}
