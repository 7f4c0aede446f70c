import Foundation
import Vapor
import YanglaoCore

/// A facility as the API answers it: every field of the registry, its functions and agreements,
/// the names of its regions, and the rules it breaks today.
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

    init(_ record: FacilityRecord, names: [String: String], on date: LocalDate) {
        facility = record.facility
        functions = FacilityFunction.allCases.filter(record.functions.contains)
        agreements = record.agreements
        regionName = names[record.facility.regionCode]
        supervisingRegionName = names[record.facility.supervisingRegionCode]
        problems = record.problems(on: date).map { ProblemJSON(code: $0.rawValue, message: $0.label) }
    }

    enum ExtraKeys: String, CodingKey {
        case functions, agreements, regionName, supervisingRegionName, problems
    }

    /// The facility's own keys and the extras side by side in one object.
    func encode(to encoder: any Encoder) throws {
        try facility.encode(to: encoder)
        var extra = encoder.container(keyedBy: ExtraKeys.self)
        try extra.encode(functions, forKey: .functions)
        try extra.encode(agreements, forKey: .agreements)
        try extra.encodeIfPresent(regionName, forKey: .regionName)
        try extra.encodeIfPresent(supervisingRegionName, forKey: .supervisingRegionName)
        try extra.encode(problems, forKey: .problems)
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
