/// What the rules need to know of a facility, as plain values. A fact nobody entered is nil: the
/// rules neither count it as a breach nor as compliance, but name it as missing.
public struct FacilityFacts: Sendable, Equatable {
    public var category: FacilityCategory
    public var institutionKind: InstitutionKind?
    public var functions: Set<FacilityFunction>
    public var status: FacilityStatus

    public var beds: Int?
    public var nursingBeds: Int?
    public var occupiedBeds: Int?
    /// Residents in total, and among them 特困 persons (for the 30-resident rule).
    public var residents: Int?
    public var specialHardshipResidents: Int?

    public var openedOn: LocalDate?
    public var filingStatus: FilingStatus
    public var filedOn: LocalDate?

    public var internalClinic: Bool?
    public var nursingStation: Bool?
    public var agreements: [MedicalAgreement]

    public var fireAcceptance: Bool?
    public var fireCompliant: Bool?
    public var foodCompliant: Bool?
    public var electricalAlarmRequired: Bool?
    public var electricalAlarmInstalled: Bool?
    public var gasAlarmRequired: Bool?
    public var gasAlarmInstalled: Bool?
    public var fumeTreated: Bool?
    public var sewageConnected: Bool?
    /// 四有: what the community facility lacks on the date judged (computed by `CommunityRules`).
    public var missingFourHaves: [CommunityRules.FourHave]
    /// The residents the elders registry holds for the facility on the date judged (集中供养 there,
    /// alive, not moved away), and the 特困 among them; nil where the registry holds none.
    public var registeredResidents: Int? = nil
    public var registeredSpecialHardshipResidents: Int? = nil

    /// Residents as the rules count them: the registry's where it holds the facility's residents,
    /// the entered figure otherwise.
    public var countedResidents: Int? { registeredResidents ?? residents }
    public var countedSpecialHardshipResidents: Int? { registeredResidents == nil ? specialHardshipResidents : registeredSpecialHardshipResidents }

    public init(
        category: FacilityCategory, institutionKind: InstitutionKind? = nil, functions: Set<FacilityFunction> = [],
        status: FacilityStatus = .operating, beds: Int? = 0, nursingBeds: Int? = 0, occupiedBeds: Int? = 0,
        residents: Int? = 0, specialHardshipResidents: Int? = 0, openedOn: LocalDate? = nil,
        filingStatus: FilingStatus = .notFiled, filedOn: LocalDate? = nil, internalClinic: Bool? = false,
        nursingStation: Bool? = false, agreements: [MedicalAgreement] = [], fireAcceptance: Bool? = false,
        fireCompliant: Bool? = false, foodCompliant: Bool? = false, electricalAlarmRequired: Bool? = false,
        electricalAlarmInstalled: Bool? = false, gasAlarmRequired: Bool? = false, gasAlarmInstalled: Bool? = false,
        fumeTreated: Bool? = false, sewageConnected: Bool? = false, missingFourHaves: [CommunityRules.FourHave] = []
    ) {
        self.missingFourHaves = missingFourHaves
        self.category = category
        self.institutionKind = institutionKind
        self.functions = functions
        self.status = status
        self.beds = beds
        self.nursingBeds = nursingBeds
        self.occupiedBeds = occupiedBeds
        self.residents = residents
        self.specialHardshipResidents = specialHardshipResidents
        self.openedOn = openedOn
        self.filingStatus = filingStatus
        self.filedOn = filedOn
        self.internalClinic = internalClinic
        self.nursingStation = nursingStation
        self.agreements = agreements
        self.fireAcceptance = fireAcceptance
        self.fireCompliant = fireCompliant
        self.foodCompliant = foodCompliant
        self.electricalAlarmRequired = electricalAlarmRequired
        self.electricalAlarmInstalled = electricalAlarmInstalled
        self.gasAlarmRequired = gasAlarmRequired
        self.gasAlarmInstalled = gasAlarmInstalled
        self.fumeTreated = fumeTreated
        self.sewageConnected = sewageConnected
    }

    public var isInstitution: Bool { category == .institution }
    public var isSpecialHardship: Bool { isInstitution && institutionKind == .specialHardship }
}

/// A co-operation agreement with a medical institution (医养签约).
public struct MedicalAgreement: Sendable, Equatable, Codable {
    public var partner: String
    public var startsOn: LocalDate
    public var endsOn: LocalDate?

    public init(partner: String, startsOn: LocalDate, endsOn: LocalDate?) {
        self.partner = partner
        self.startsOn = startsOn
        self.endsOn = endsOn
    }

    /// In force on a date: from its start to its end, both inclusive.
    public func isValid(on date: LocalDate) -> Bool {
        startsOn <= date && (endsOn.map { date <= $0 } ?? true)
    }
}
