import Foundation
import YanglaoCore
import YanglaoPlatform

/// One older resident as the registry holds them. ID number, phones and address are
/// `PersonalText`: masked unless revealed, sealed at rest.
struct ElderRecord: RegistryRecord, Equatable {
    var id: String
    var custom: [String: FieldValue] = [:]
    var name = ""
    var idNumber: PersonalText?
    /// From the ID number (a given one must agree).
    var sex: ResidentID.Sex?
    var birthDate: LocalDate?
    var phone: PersonalText?
    var address: PersonalText?
    var regionCode = ""
    /// Since when the person lives at `regionCode`.
    var residentSince: LocalDate?
    /// The categories entered (高龄 follows from the age, see `ElderFacts.categories(on:)`).
    var categories: Set<ElderCategory> = []
    var supportMode: SupportMode?
    /// The institution of 集中供养, and the admission date.
    var facilityId: String?
    var admittedOn: LocalDate?
    var willingForCentralised: Bool?
    var willingRecordedOn: LocalDate?
    /// The 特困 self-care check: when, and the items the person cannot do on their own.
    var selfCareCheckedOn: LocalDate?
    var selfCareUnable: Set<SelfCareCheck.Item> = []
    /// Its result (kept beside the items so that lists and indicators read one column).
    var selfCare: SelfCareCheck.Result?
    var deathDate: LocalDate?
    var movedAwayOn: LocalDate?
    /// Why a person under 60 is registered (some programmes start earlier).
    var under60Reason: String?
    var emergencyContact: String?
    var emergencyPhone: PersonalText?
    /// The current ability level (0–4) from the latest assessment, its date and the next due date.
    var abilityLevel: Int?
    var assessedOn: LocalDate?
    var nextAssessmentOn: LocalDate?
    var createdAt = ""
    var updatedAt = ""

    init(id: String) { self.id = id }

    /// What the indicators read of the person (Core's rules take it from here).
    var facts: ElderFacts? {
        guard let birthDate else { return nil }
        return ElderFacts(birthDate: birthDate, categories: categories, supportMode: supportMode, supportSince: admittedOn,
                          willingForCentralised: willingForCentralised, selfCare: selfCare, deathDate: deathDate, movedAwayOn: movedAwayOn)
    }
}

/// A hospital stay (from–to; an open stay has no end yet): a child record of the person
/// (`ElderFields.stays`). Every stored stay has its admission date.
struct HospitalStay: RegistryRecord, Equatable {
    var id: String
    var custom: [String: FieldValue] = [:]
    var hospital: String?
    var from: LocalDate?
    var to: LocalDate?

    init(id: String) { self.id = id }
}

/// Where a person lived and since when (the current residence has no end).
struct Residence: Sendable, Equatable {
    var regionCode: String
    var since: LocalDate?
    var until: LocalDate?
}

extension ElderCategory {
    /// The categories a person is registered with (高龄 is never entered).
    static let entered = allCases.filter { $0 != .veryOld }
}
