/// The rules the seeds and 养老机构管理办法 set for facilities. `validate` refuses impossible input
/// (nothing is saved); `problems` names what a saved facility breaks, for the problems view and
/// the indicators.
public enum FacilityRules {
    /// 养老机构管理办法: an institution provides full-day residential care with 10 or more beds.
    public static let minimumInstitutionBeds = 10
    /// 通辽 2021: 100张以上床位的养老机构 … 必须内设医务室或护理站.
    public static let clinicBedThreshold = 100
    /// 通辽 2021: 入住30人以上的特困人员供养服务机构 … 必须内设医务室或护理站.
    public static let clinicSpecialHardshipResidentThreshold = 30

    /// The kinds of problem, each with its identifier (for filters and exports) and Chinese label.
    public enum Problem: String, CaseIterable, Sendable, Codable {
        case tooFewBedsForInstitution = "beds_below_minimum"
        case notFiled = "not_filed"
        case noFireAcceptance = "no_fire_acceptance"
        case fireNonCompliant = "fire_non_compliant"
        case foodNonCompliant = "food_non_compliant"
        case electricalAlarmMissing = "electrical_alarm_missing"
        case gasAlarmMissing = "gas_alarm_missing"
        case fumeUntreated = "fume_untreated"
        case sewageUnconnected = "sewage_unconnected"
        case clinicRequired = "clinic_required"
        case noMedicalService = "no_medical_service"
        case fourHavesIncomplete = "four_haves_incomplete"
        case factsMissing = "facts_missing"
        case residentsDisagree = "residents_disagree"

        public var label: String {
            switch self {
            case .tooFewBedsForInstitution: "床位不足\(FacilityRules.minimumInstitutionBeds)张，不符合养老机构条件"
            case .notFiled: "运营中的养老机构未完成备案"
            case .noFireAcceptance: "建筑未通过消防审验（验收）"
            case .fireNonCompliant: "消防安全未达标"
            case .foodNonCompliant: "食品安全未达标"
            case .electricalAlarmMissing: "按标准需安装电气火灾报警装置但未安装"
            case .gasAlarmMissing: "按标准需安装燃气泄漏报警装置但未安装"
            case .fumeUntreated: "未完成油烟治理"
            case .sewageUnconnected: "未完成污水接管"
            case .clinicRequired: "床位≥\(FacilityRules.clinicBedThreshold)张的养老机构或入住特困人员≥\(FacilityRules.clinicSpecialHardshipResidentThreshold)人的特困供养机构须内设医务室或护理站"
            case .noMedicalService: "未以任何形式提供医疗卫生服务（无内设医疗、无有效签约）"
            case .fourHavesIncomplete: "社区养老服务设施未达到“四有”（有场地、有牌子、有活动、有记录）"
            case .factsMissing: "必查事项未填报"
            case .residentsDisagree: "老年人名册登记的在院人数与填报不一致"
            }
        }
    }

    /// A facility code someone chose: 1–40 letters, digits and hyphens (the platform's own are
    /// "320685-0001"); nil when it is fine.
    public static func codeProblem(_ code: String) -> String? {
        guard (1...40).contains(code.count),
              code.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || ("A"..."Z").contains($0) || ("a"..."z").contains($0) || $0 == "-" }) else {
            return "设施编码应为 1 至 40 位字母、数字或连字符"
        }
        return nil
    }

    /// Impossible combinations, each at its field (JSON key), in Chinese. Facts not filled in are
    /// compared with nothing.
    public static func validate(_ facts: FacilityFacts) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        for (field, value) in [("beds", facts.beds), ("nursingBeds", facts.nursingBeds), ("occupiedBeds", facts.occupiedBeds),
                               ("residents", facts.residents), ("specialHardshipResidents", facts.specialHardshipResidents)]
            where (value ?? 0) < 0 {
            problems.append(FieldProblem(field: field, message: "不能为负数"))
        }
        if let nursing = facts.nursingBeds, let beds = facts.beds, nursing > beds {
            problems.append(FieldProblem(field: "nursingBeds", message: "护理型床位（\(nursing)）不能多于床位总数（\(beds)）"))
        }
        if let occupied = facts.occupiedBeds, let beds = facts.beds, occupied > beds {
            problems.append(FieldProblem(field: "occupiedBeds", message: "在用床位（\(occupied)）不能多于床位总数（\(beds)）"))
        }
        if let hardship = facts.specialHardshipResidents, let residents = facts.residents, hardship > residents {
            problems.append(FieldProblem(field: "specialHardshipResidents", message: "入住特困人员（\(hardship)）不能多于入住总人数（\(residents)）"))
        }
        if let opened = facts.openedOn, let filed = facts.filedOn, filed < opened {
            problems.append(FieldProblem(field: "filedOn", message: "备案日期（\(filed)）不能早于开业（首次收住老年人）日期（\(opened)）"))
        }
        if facts.filingStatus == .filed, facts.filedOn == nil {
            problems.append(FieldProblem(field: "filedOn", message: "已备案须填写备案日期"))
        }
        if facts.institutionKind != nil, !facts.isInstitution {
            problems.append(FieldProblem(field: "institutionKind", message: "只有养老机构才有机构类别"))
        }
        for (index, agreement) in facts.agreements.enumerated() {
            if let end = agreement.endsOn, end < agreement.startsOn {
                problems.append(FieldProblem(field: "agreements[\(index)].endsOn", message: "协议“\(agreement.partner)”的到期日（\(end)）早于起始日（\(agreement.startsOn)）"))
            }
        }
        return problems
    }

    /// Whether the facility must have an internal clinic or nursing station (通辽 2021).
    public static func requiresInternalMedicalService(_ facts: FacilityFacts) -> Bool {
        guard facts.isInstitution else { return false }
        return (facts.beds ?? 0) >= clinicBedThreshold
            || (facts.isSpecialHardship && (facts.countedSpecialHardshipResidents ?? 0) >= clinicSpecialHardshipResidentThreshold)
    }

    /// 海安 2021 "所有养老机构都能以不同形式为入住老年人提供医疗卫生服务": internal service or an
    /// agreement with a medical institution valid on the date.
    public static func providesMedicalService(_ facts: FacilityFacts, on date: LocalDate) -> Bool {
        facts.internalClinic == true || facts.nursingStation == true || facts.agreements.contains { $0.isValid(on: date) }
    }

    /// What a facility breaks on a date. Facilities that are not yet built or have closed are
    /// judged on nothing but their data. A fact the rules need that nobody entered is not taken
    /// for compliance: the facility has `factsMissing` (see `missingFacts`).
    public static func problems(_ facts: FacilityFacts, on date: LocalDate) -> [Problem] {
        guard facts.status == .operating || facts.status == .built else { return [] }
        var problems: [Problem] = []
        if facts.isInstitution {
            if let beds = facts.beds, beds < minimumInstitutionBeds { problems.append(.tooFewBedsForInstitution) }
            if facts.status == .operating, facts.filingStatus != .filed { problems.append(.notFiled) }
            let hasInternal = facts.internalClinic == true || facts.nursingStation == true
            let internalKnown = facts.internalClinic != nil && facts.nursingStation != nil
            if requiresInternalMedicalService(facts), !hasInternal, internalKnown { problems.append(.clinicRequired) }
            if !providesMedicalService(facts, on: date), internalKnown { problems.append(.noMedicalService) }
            if facts.fumeTreated == false { problems.append(.fumeUntreated) }
            if facts.sewageConnected == false { problems.append(.sewageUnconnected) }
        }
        if facts.category.isElderlyCareService {
            if facts.fireAcceptance == false { problems.append(.noFireAcceptance) }
            if facts.fireCompliant == false { problems.append(.fireNonCompliant) }
            if facts.foodCompliant == false { problems.append(.foodNonCompliant) }
            if facts.electricalAlarmRequired == true, facts.electricalAlarmInstalled == false { problems.append(.electricalAlarmMissing) }
            if facts.gasAlarmRequired == true, facts.gasAlarmInstalled == false { problems.append(.gasAlarmMissing) }
        }
        if facts.category.isCommunityFacility, facts.status == .operating, !facts.missingFourHaves.isEmpty {
            problems.append(.fourHavesIncomplete)
        }
        if !missingFacts(facts).isEmpty { problems.append(.factsMissing) }
        if !residentDiscrepancies(facts).isEmpty { problems.append(.residentsDisagree) }
        return problems
    }

    /// Where the registry and the entered figures both exist and disagree, in words:
    /// "登记在院 28 人，填报 30 人".
    public static func residentDiscrepancies(_ facts: FacilityFacts) -> [String] {
        guard let registered = facts.registeredResidents else { return [] }
        var found: [String] = []
        if let entered = facts.residents, entered != registered { found.append("登记在院 \(registered) 人，填报 \(entered) 人") }
        if let entered = facts.specialHardshipResidents, let registeredHardship = facts.registeredSpecialHardshipResidents, entered != registeredHardship {
            found.append("登记在院特困人员 \(registeredHardship) 人，填报 \(entered) 人")
        }
        return found
    }

    /// The facts (JSON keys) the rules need of a facility in use that nobody has entered.
    public static func missingFacts(_ facts: FacilityFacts) -> [String] {
        guard facts.status == .operating || facts.status == .built else { return [] }
        var missing: [(String, Bool)] = []
        if facts.isInstitution {
            missing += [("beds", facts.beds == nil), ("internalClinic", facts.internalClinic == nil), ("nursingStation", facts.nursingStation == nil),
                        ("fumeTreated", facts.fumeTreated == nil), ("sewageConnected", facts.sewageConnected == nil)]
        }
        if facts.category.isElderlyCareService {
            missing += [("fireAcceptance", facts.fireAcceptance == nil), ("fireCompliant", facts.fireCompliant == nil),
                        ("foodCompliant", facts.foodCompliant == nil),
                        ("electricalAlarmRequired", facts.electricalAlarmRequired == nil),
                        ("electricalAlarmInstalled", facts.electricalAlarmRequired == true && facts.electricalAlarmInstalled == nil),
                        ("gasAlarmRequired", facts.gasAlarmRequired == nil),
                        ("gasAlarmInstalled", facts.gasAlarmRequired == true && facts.gasAlarmInstalled == nil)]
        }
        return missing.filter(\.1).map(\.0)
    }

    /// 护理型床位占比 as a fraction (nil when there are no beds).
    public static func nursingBedRatio(beds: Int, nursingBeds: Int) -> Double? {
        beds > 0 ? Double(nursingBeds) / Double(beds) : nil
    }
}

/// Capacity over time, from the dated snapshots a facility leaves on every change.
public enum CapacityHistory {
    public struct Point: Sendable, Equatable {
        public var date: LocalDate
        public var nursingBeds: Int

        public init(date: LocalDate, nursingBeds: Int) {
            self.date = date
            self.nursingBeds = nursingBeds
        }
    }

    /// Nursing-type beds at the end of a day: the last snapshot on or before it (0 before the first).
    public static func nursingBeds(at date: LocalDate, _ points: [Point]) -> Int {
        points.filter { $0.date <= date }.max { ($0.date, 0) < ($1.date, 1) }?.nursingBeds ?? 0
    }

    /// 新增护理型床位 in a year: the end-of-year figure less the one a year before (negative when
    /// beds were taken out of use).
    public static func nursingBedsAdded(in year: Int, _ points: [Point]) -> Int {
        let end = LocalDate(year: year, month: 12, day: 31)!
        let before = LocalDate(year: year - 1, month: 12, day: 31)!
        return nursingBeds(at: end, points) - nursingBeds(at: before, points)
    }
}
