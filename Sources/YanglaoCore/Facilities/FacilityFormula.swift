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

/// The formulas of the indicators measured from the facilities registry: what one facility, project
/// or capacity history contributes; the registry sums the contributions by region.
public enum FacilityFormula: Sendable, Equatable, Hashable {
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

    /// Every formula of the registry, with the name plans keep.
    public static let all: [FacilityFormula] = [.nursingBedShare, .alarmsInstalled, .completedHardshipHomeWorks, .nursingBedsAdded]
        + FacilityCheck.allCases.map(FacilityFormula.facilityShare) + BreakdownColumn.allCases.map(FacilityFormula.completedProjects)
        + UpgradeKind.allCases.map(FacilityFormula.completedUpgrades)

    public var formula: IndicatorFormula {
        switch self {
        case .nursingBedShare: IndicatorFormula("facilities.nursingBedShare")
        case let .facilityShare(check): IndicatorFormula("facilities.share.\(check.rawValue)")
        case .alarmsInstalled: IndicatorFormula("facilities.alarmsInstalled")
        case let .completedProjects(column): IndicatorFormula("facilities.completedProjects.\(column.rawValue)")
        case .completedHardshipHomeWorks: IndicatorFormula("facilities.completedHardshipHomeWorks")
        case let .completedUpgrades(kind): IndicatorFormula("facilities.completedUpgrades.\(kind.rawValue)")
        case .nursingBedsAdded: IndicatorFormula("facilities.nursingBedsAdded")
        }
    }

    /// The registry's formula a plan's formula names (nil: another registry's).
    public init?(_ formula: IndicatorFormula) {
        guard let found = Self.byFormula[formula] else { return nil }
        self = found
    }

    /// The formulas judged on each facility's facts (the shares): a facility's contribution is
    /// kept month by month, so that a past month is known from what stood at its end.
    public static let perFacility: [FacilityFormula] = [.nursingBedShare, .alarmsInstalled] + FacilityCheck.allCases.map(FacilityFormula.facilityShare)

    /// Whether the formula is judged on each facility's facts (not on projects or the capacity history).
    public var isJudgedPerFacility: Bool {
        switch self {
        case .nursingBedShare, .facilityShare, .alarmsInstalled: true
        case .completedProjects, .completedHardshipHomeWorks, .completedUpgrades, .nursingBedsAdded: false
        }
    }

    static let byFormula = Dictionary(uniqueKeysWithValues: all.map { ($0.formula, $0) })

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
}

/// The indicators the facilities registry answers, as plans name them.
extension FacilityFormula {
    public static let definitions: [IndicatorDefinition] = [
        // Shares of facilities, as they stand.
        share("nursing_bed_share", "护理型床位占比", .nursingBedShare, "养老机构（运营、建成）护理型床位数 ÷ 床位总数"),
        share("fire_compliance", "消防安全达标率", .facilityShare(.fireCompliant), "养老服务机构（运营、建成）中消防安全达标的比例"),
        share("food_compliance", "食品安全达标率", .facilityShare(.foodCompliant), "养老服务机构（运营、建成）中食品安全达标的比例"),
        share("fire_food_compliance", "消防、食品安全达标率", .facilityShare(.fireAndFoodCompliant), "养老机构（运营、建成）中消防和食品安全均达标的比例"),
        share("clinic_where_required", "内设医务室或护理站设置率", .facilityShare(.clinicWhereRequired),
              "床位≥100张的养老机构及入住特困人员≥30人的特困供养机构中，内设医务室或护理站的比例"),
        share("medical_agreement", "医养签约率", .facilityShare(.medicalAgreement), "养老机构（运营、建成）中与医疗机构签约且协议有效的比例"),
        share("medical_service", "养老机构提供医疗卫生服务比例", .facilityShare(.medicalService),
              "养老机构中内设医务室、护理站或有有效医养协议的比例"),
        share("four_haves", "社区养老服务设施“四有”达标率", .facilityShare(.fourHaves), "运营中的社区养老服务设施有场地、有牌子、有活动、有记录的比例"),
        share("alarms_installed", "报警装置安装率", .alarmsInstalled, "按标准需安装电气火灾、燃气泄漏报警装置的，已安装的比例（按装置计）"),
        // The year's completed works.
        count("day_care_centres", "日间照料中心", .units, .completedProjects(.dayCareCentres)),
        count("town_home_care_centres", "镇级居家养老服务中心", .units, .completedProjects(.townHomeCareCentres)),
        count("new_medical_care_institutions", "新建医养结合型养老机构", .institutions, .completedProjects(.newMedicalCareInstitutions)),
        count("dementia_care_centres", "失能失智集中照护中心", .units, .completedProjects(.dementiaCareCentres)),
        count("regional_centres", "区域性养老服务中心", .units, .completedProjects(.regionalCentres)),
        count("hardship_homes_completed", "特困供养机构新建、改扩建建成", .homes, .completedHardshipHomeWorks),
        count("standard_clinics", "敬老院新建标准化卫生室", .units, .completedUpgrades(.standardClinic)),
        count("nursing_beds_added", "新增护理型床位", .beds, .nursingBedsAdded, explanation: "年末（或当日）护理型床位数减去上年末数"),
    ]

    static func share(_ code: String, _ name: String, _ formula: FacilityFormula, _ explanation: String) -> IndicatorDefinition {
        IndicatorDefinition(code: code, name: name, unit: .percent, measure: .computed(formula.formula), accumulates: false, explanation: explanation)
    }

    static func count(_ code: String, _ name: String, _ unit: IndicatorUnit, _ formula: FacilityFormula,
                      explanation: String? = nil) -> IndicatorDefinition {
        IndicatorDefinition(code: code, name: name, unit: unit, measure: .computed(formula.formula), accumulates: true,
                            explanation: explanation ?? "本年度已完成（按实际完成日期）的“\(name)”项目数")
    }
}
