import YanglaoPlatform
import Foundation
import SQLKit
import Vapor
import YanglaoCore

/// A row of `facilities`. The JSON of the API uses the same names in lowerCamelCase.
struct Facility: Codable, Sendable, Equatable {
    var id: String
    var code: String
    var name: String
    var category: FacilityCategory
    var institutionKind: InstitutionKind?
    var regionCode: String
    var supervisingRegionCode: String
    var address: String?
    var latitude: Double?
    var longitude: Double?

    var operatorName: String?
    var creditCode: String?
    var profitType: ProfitType?
    var registrationType: RegistrationType?
    var legalRepresentative: String?
    var contactPerson: String?
    var contactPhone: String?
    var buildingArea: Double?

    var filingStatus: FilingStatus
    var filingNumber: String?
    var filingBureau: String?
    var filedOn: LocalDate?
    var filingMissing: String?
    var openedOn: LocalDate?

    var status: FacilityStatus
    var statusChangedOn: LocalDate?

    var beds: Int?
    var nursingBeds: Int?
    var occupiedBeds: Int?
    var residents: Int?
    var specialHardshipResidents: Int?
    var fosterResidents: Int?
    var staffCount: Int?

    var operationMode: OperationMode?
    var socialised: Bool?
    var chainOperator: String?

    var internalClinic: Bool?
    var nursingStation: Bool?
    var standardClinicYear: Int?
    var medicalInsurance: Bool?
    var longTermCareInsurance: Bool?

    var fireAcceptance: Bool?
    var fireAcceptanceOn: LocalDate?
    var fireCompliant: Bool?
    var fireCheckedOn: LocalDate?
    var foodCompliant: Bool?
    var foodCheckedOn: LocalDate?
    var electricalAlarmRequired: Bool?
    var electricalAlarmInstalled: Bool?
    var gasAlarmRequired: Bool?
    var gasAlarmInstalled: Bool?
    var fumeTreated: Bool?
    var sewageConnected: Bool?

    var hasSite: Bool?
    var hasSign: Bool?

    var createdAt: String
    var updatedAt: String

    /// A facility with nothing but its identity: every fact not filled in (nil), 运营 and 未备案.
    static func empty(id: String, code: String = "", name: String = "", category: FacilityCategory = .institution, regionCode: String = "", now: String = "") -> Facility {
        Facility(
            id: id, code: code, name: name, category: category, institutionKind: nil, regionCode: regionCode,
            supervisingRegionCode: regionCode, address: nil, latitude: nil, longitude: nil, operatorName: nil, creditCode: nil,
            profitType: nil, registrationType: nil, legalRepresentative: nil, contactPerson: nil, contactPhone: nil,
            buildingArea: nil, filingStatus: .notFiled, filingNumber: nil, filingBureau: nil, filedOn: nil, filingMissing: nil,
            openedOn: nil, status: .operating, statusChangedOn: nil, beds: nil, nursingBeds: nil, occupiedBeds: nil, residents: nil,
            specialHardshipResidents: nil, fosterResidents: nil, staffCount: nil, operationMode: nil, socialised: nil,
            chainOperator: nil, internalClinic: nil, nursingStation: nil, standardClinicYear: nil, medicalInsurance: nil,
            longTermCareInsurance: nil, fireAcceptance: nil, fireAcceptanceOn: nil, fireCompliant: nil, fireCheckedOn: nil,
            foodCompliant: nil, foodCheckedOn: nil, electricalAlarmRequired: nil, electricalAlarmInstalled: nil,
            gasAlarmRequired: nil, gasAlarmInstalled: nil, fumeTreated: nil, sewageConnected: nil,
            hasSite: nil, hasSign: nil, createdAt: now, updatedAt: now
        )
    }

    func facts(functions: Set<FacilityFunction>, agreements: [MedicalAgreement]) -> FacilityFacts {
        FacilityFacts(
            category: category, institutionKind: institutionKind, functions: functions, status: status, beds: beds,
            nursingBeds: nursingBeds, occupiedBeds: occupiedBeds, residents: residents,
            specialHardshipResidents: specialHardshipResidents, openedOn: openedOn, filingStatus: filingStatus, filedOn: filedOn,
            internalClinic: internalClinic, nursingStation: nursingStation, agreements: agreements,
            fireAcceptance: fireAcceptance, fireCompliant: fireCompliant, foodCompliant: foodCompliant,
            electricalAlarmRequired: electricalAlarmRequired, electricalAlarmInstalled: electricalAlarmInstalled,
            gasAlarmRequired: gasAlarmRequired, gasAlarmInstalled: gasAlarmInstalled, fumeTreated: fumeTreated,
            sewageConnected: sewageConnected
        )
    }
}

/// A facility with what hangs on it, as the API and the pages show it.
struct FacilityRecord: RegistryRecord {
    var facility: Facility
    var functions: Set<FacilityFunction>
    var agreements: [MedicalAgreement]
    /// Fields declared without a property of their own.
    var custom: [String: FieldValue] = [:]

    var id: String { facility.id }
    /// Activities within the 四有 window (only community facilities have them).
    var recentActivities: [CommunityRules.Activity] = []
    var activityWindowDays = CommunityRules.defaultActivityWindowDays
    /// Its residents in the elders registry today (nil: the registry holds none).
    var registered: RegisteredResidents?

    func facts(on date: LocalDate) -> FacilityFacts {
        var facts = facility.facts(functions: functions, agreements: agreements)
        facts.registeredResidents = registered?.residents
        facts.registeredSpecialHardshipResidents = registered?.specialHardship
        if facility.category.isCommunityFacility {
            facts.missingFourHaves = CommunityRules.missingFourHaves(
                hasSite: facility.hasSite == true, hasSign: facility.hasSign == true, activities: recentActivities, on: date, windowDays: activityWindowDays
            )
        }
        return facts
    }

    /// Facts for the checks that do not depend on the date (validation of input): any date serves.
    var facts: FacilityFacts { facts(on: LocalDate(year: 2000, month: 1, day: 1)!) }

    func problems(on date: LocalDate) -> [FacilityRules.Problem] {
        FacilityRules.problems(facts(on: date), on: date)
    }

    /// A problem in words, with the figures where the rule has them ("登记在院 28 人，填报 30 人").
    func describe(_ problem: FacilityRules.Problem) -> String {
        guard problem == .residentsDisagree else { return problem.label }
        let details = FacilityRules.residentDiscrepancies(facts)
        return details.isEmpty ? problem.label : problem.label + "：" + details.joined(separator: "；")
    }
}
