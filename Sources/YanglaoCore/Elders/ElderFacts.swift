/// The categories an older resident may belong to. 高龄 is never entered: it follows from the age on
/// the date asked (80 or more).
public enum ElderCategory: String, Sendable, CaseIterable, Codable {
    case specialHardship = "特困"
    case minimumLiving = "低保"
    case nearMinimumLiving = "低保边缘"
    case lowIncome = "经济困难"
    case veryOld = "高龄"
    case livingAlone = "独居"
    case emptyNest = "空巢"
    case bereavedOfOnlyChild = "失独"
    case severeDisability = "重度残疾"
    case familyPlanningSupport = "计生特扶"

    /// 高龄 from 80.
    public static let veryOldAge = 80
}

/// How a person is supported: in an institution, at home on the 特困 allowance, or at home.
public enum SupportMode: String, Sendable, CaseIterable, Codable {
    case centralised = "集中供养"
    case dispersed = "分散供养"
    case atHome = "居家"
}

/// What the indicators need to know of a person, as plain values, with the dates things happened.
public struct ElderFacts: Sendable, Equatable {
    public var birthDate: LocalDate
    /// The categories entered (高龄 is derived, see `categories(on:)`).
    public var categories: Set<ElderCategory>
    public var supportMode: SupportMode?
    /// Since when the support mode holds (the admission date for 集中供养).
    public var supportSince: LocalDate?
    /// Whether the person wishes to live in an institution (nil: not asked).
    public var willingForCentralised: Bool?
    public var selfCare: SelfCareCheck.Result?
    public var deathDate: LocalDate?
    /// The day the person moved out of the territory.
    public var movedAwayOn: LocalDate?

    public init(
        birthDate: LocalDate, categories: Set<ElderCategory> = [], supportMode: SupportMode? = nil, supportSince: LocalDate? = nil,
        willingForCentralised: Bool? = nil, selfCare: SelfCareCheck.Result? = nil, deathDate: LocalDate? = nil, movedAwayOn: LocalDate? = nil
    ) {
        self.birthDate = birthDate
        self.categories = categories
        self.supportMode = supportMode
        self.supportSince = supportSince
        self.willingForCentralised = willingForCentralised
        self.selfCare = selfCare
        self.deathDate = deathDate
        self.movedAwayOn = movedAwayOn
    }

    /// Counted on a date: alive and living here. A person who died or moved away stops counting from
    /// that day and still counts for the days before.
    public func isCounted(on date: LocalDate) -> Bool {
        (deathDate.map { date < $0 } ?? true) && (movedAwayOn.map { date < $0 } ?? true) && birthDate <= date
    }

    public func age(on date: LocalDate) -> Int { birthDate.age(on: date) }

    /// The categories on a date, 高龄 included when the person is 80 or more.
    public func categories(on date: LocalDate) -> Set<ElderCategory> {
        var result = categories.subtracting([.veryOld])
        if age(on: date) >= ElderCategory.veryOldAge { result.insert(.veryOld) }
        return result
    }

    /// Living in an institution (集中供养) on the date.
    public func isCentralised(on date: LocalDate) -> Bool {
        supportMode == .centralised && (supportSince.map { $0 <= date } ?? true)
    }
}

/// A share with what it counts: the numerator among the denominator, and the denominator's members
/// left out (the persons an indicator's figure links to).
public struct CountedRate: Sendable, Equatable {
    public var counted: Int
    public var of: Int
    /// Indexes (into the persons given) of those in the denominator but not counted.
    public var leftOut: [Int]

    /// The share, 0…1; nil with an empty denominator.
    public var value: Double? { of > 0 ? Double(counted) / Double(of) : nil }

    public init(counted: Int, of: Int, leftOut: [Int] = []) {
        self.counted = counted
        self.of = of
        self.leftOut = leftOut
    }
}

/// The formulas of the indicators measured from the register of older residents.
public enum ElderFormula: String, CaseIterable, Sendable {
    /// `ElderIndicators.unableSpecialHardshipInCare`.
    case unableSpecialHardshipInCare
    /// `ElderIndicators.willingSpecialHardshipInCare`.
    case willingSpecialHardshipInCare

    public var formula: IndicatorFormula { IndicatorFormula("elders.\(rawValue)") }

    public init?(_ formula: IndicatorFormula) {
        guard let found = Self.allCases.first(where: { $0.formula == formula }) else { return nil }
        self = found
    }

    /// The indicators the register answers, as plans name them.
    public static let definitions: [IndicatorDefinition] = [
        IndicatorDefinition(code: "hardship_unable_in_care", name: "生活不能自理特困人员集中供养率", unit: .percent,
                            measure: .computed(ElderFormula.unableSpecialHardshipInCare.formula), accumulates: false,
                            explanation: "生活不能自理的特困人员中集中供养的比例"),
        IndicatorDefinition(code: "hardship_willing_in_care", name: "有意愿特困老年人集中供养率", unit: .percent,
                            measure: .computed(ElderFormula.willingSpecialHardshipInCare.formula), accumulates: false,
                            explanation: "有集中供养意愿的特困老年人中集中供养的比例"),
    ]
}

/// The elder indicators of the seeds, for the persons of a region on a date.
public enum ElderIndicators {
    /// 生活不能自理特困人员集中供养率: of the 特困 persons whose self-care check says they cannot look
    /// after themselves (by default 部分丧失 or 完全丧失; a local setting), those in an institution.
    /// `leftOut` is the list of those not in care.
    public static func unableSpecialHardshipInCare(
        _ persons: [ElderFacts], on date: LocalDate, unable: Set<SelfCareCheck.Result> = [.partlyLost, .fullyLost]
    ) -> CountedRate {
        // 特困 is an entered category (only 高龄 depends on the date).
        rate(persons, on: date) { person in
            person.categories.contains(.specialHardship) && person.selfCare.map(unable.contains) == true
        }
    }

    /// 有集中供养意愿的特困老年人集中供养率: of the 特困 persons aged 60 or more who wish to, those in an
    /// institution. `leftOut` is the list of those waiting.
    public static func willingSpecialHardshipInCare(_ persons: [ElderFacts], on date: LocalDate) -> CountedRate {
        rate(persons, on: date) { person in
            person.categories.contains(.specialHardship) && person.willingForCentralised == true && person.age(on: date) >= 60
        }
    }

    static func rate(_ persons: [ElderFacts], on date: LocalDate, among: (ElderFacts) -> Bool) -> CountedRate {
        var counted = 0, of = 0
        var leftOut: [Int] = []
        for (index, person) in persons.enumerated() where person.isCounted(on: date) && among(person) {
            of += 1
            if person.isCentralised(on: date) { counted += 1 } else { leftOut.append(index) }
        }
        return CountedRate(counted: counted, of: of, leftOut: leftOut)
    }
}
