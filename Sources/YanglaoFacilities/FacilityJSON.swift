import YanglaoPlatform
import Foundation
import Vapor
import YanglaoCore

/// A facility as the API answers it: every field of the field table (`null` where not filled in),
/// its agreements, the names of its regions, and the rules it breaks today.
struct FacilityJSON: Content {
    struct ProblemJSON: Codable, Equatable {
        var code: String
        var message: String
    }

    var facility: Facility
    var functions: [FacilityFunction]
    var agreements: [MedicalAgreement]
    var regionName: String?
    var supervisingRegionName: String?
    var problems: [ProblemJSON]
    /// The record as read, so that every declared field is answered (custom ones too).
    private var fields: [String: JSONValue] = [:]

    init(_ record: FacilityRecord, names: [String: String], problems: [FacilityRules.Problem]) {
        facility = record.facility
        functions = FacilityFunction.allCases.filter(record.functions.contains)
        agreements = record.agreements
        regionName = names[record.facility.regionCode]
        supervisingRegionName = names[record.facility.supervisingRegionCode]
        self.problems = problems.map { ProblemJSON(code: $0.rawValue, message: record.describe($0)) }
        fields = FacilityFields.schema.json(record)
        fields["registeredResidents"] = record.registered.map { .number($0.residents) } ?? .null
        fields["registeredSpecialHardshipResidents"] = record.registered.map { .number($0.specialHardship) } ?? .null
        fields["missingFacts"] = .array(FacilityRules.missingFacts(record.facts).map(JSONValue.string))
    }

    init(_ record: FacilityRecord, names: [String: String], on date: LocalDate) {
        self.init(record, names: names, problems: record.problems(on: date))
    }

    enum ExtraKeys: String, CodingKey {
        case functions, agreements, regionName, supervisingRegionName, problems
    }

    /// The fields and the extras side by side in one object.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(jsonValue)
    }

    var jsonValue: JSONValue {
        var object = fields
        object["agreements"] = .array(agreements.map { agreement in
            ["partner": .string(agreement.partner), "startsOn": .string(agreement.startsOn.description),
             "endsOn": agreement.endsOn.map { .string($0.description) } ?? .null]
        })
        object["regionName"] = regionName.map(JSONValue.string) ?? .null
        object["supervisingRegionName"] = supervisingRegionName.map(JSONValue.string) ?? .null
        object["problems"] = .array(problems.map { ["code": .string($0.code), "message": .string($0.message)] })
        return .object(object)
    }

    init(from decoder: any Decoder) throws {
        facility = try Facility(from: decoder)
        let extra = try decoder.container(keyedBy: ExtraKeys.self)
        functions = try extra.decode([FacilityFunction].self, forKey: .functions)
        agreements = try extra.decode([MedicalAgreement].self, forKey: .agreements)
        regionName = try extra.decodeIfPresent(String.self, forKey: .regionName)
        supervisingRegionName = try extra.decodeIfPresent(String.self, forKey: .supervisingRegionName)
        problems = try extra.decode([ProblemJSON].self, forKey: .problems)
    }
}
