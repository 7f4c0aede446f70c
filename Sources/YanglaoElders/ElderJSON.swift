import Foundation
import YanglaoCore
import YanglaoPlatform

/// A person as the API answers: every field of the field table (personal data masked, `null` where
/// not filled in) and what follows from them on the day asked.
enum ElderJSON {
    static func object(_ record: ElderRecord, names: [String: String], today: LocalDate) -> JSONValue {
        var fields = ElderFields.schema.json(record)
        fields["regionName"] = names[record.regionCode].map(JSONValue.string) ?? .null
        fields["facilityName"] = record.facilityId.flatMap { names[$0] }.map(JSONValue.string) ?? .null
        fields["age"] = record.birthDate.map { .number($0.age(on: today)) } ?? .null
        let categories = record.facts?.categories(on: today) ?? record.categories
        fields["categoriesToday"] = .array(ElderCategory.allCases.filter(categories.contains).map { .string($0.rawValue) })
        fields["levelName"] = record.abilityLevel.flatMap(AbilityAssessment.Level.init(rawValue:)).map { .string($0.name) } ?? .null
        fields["careTier"] = record.selfCare.map { .string($0.careTier) } ?? .null
        fields["counted"] = .bool(record.facts?.isCounted(on: today) ?? false)
        return .object(fields)
    }

    /// One person with the history the registry keeps: residences, hospital stays, assessments.
    static func full(_ record: ElderRecord, service: ElderService) async throws -> JSONValue {
        let store = service.store
        let residences = try await store.residences(of: record)
        var names = try await service.names([record])
        names.merge(try await RegionStore(sql: service.platform.sql).names(of: residences.map(\.regionCode))) { $1 }
        guard case var .object(fields) = object(record, names: names, today: service.today) else { return .null }
        fields["residences"] = .array(residences.map { residence in
            ["regionCode": .string(residence.regionCode), "regionName": names[residence.regionCode].map(JSONValue.string) ?? .null,
             "since": residence.since.map { .string($0.description) } ?? .null, "until": residence.until.map { .string($0.description) } ?? .null]
        })
        fields["hospitalStays"] = ElderFields.stays.json(try await store.hospitalStays(of: record.id))
        fields["assessments"] = .array(try await store.assessments(of: record.id).map(assessment))
        return .object(fields)
    }

    static func assessment(_ stored: StoredAssessment) -> JSONValue {
        let result = stored.result
        var items: [String: JSONValue] = [:]
        for (code, score) in stored.scores { items[code] = .number(score) }
        var dimensions: [String: JSONValue] = [:]
        for (dimension, total) in result.dimensionTotals { dimensions[dimension.rawValue] = .number(total) }
        return [
            "id": .string(stored.id), "elderId": .string(stored.elderID), "assessedOn": .string(stored.assessedOn.description),
            "reason": .string(stored.reason), "assessors": .array(stored.assessors.map(JSONValue.string)), "items": .object(items),
            "dimensionTotals": .object(dimensions), "total": .number(result.total), "preliminaryLevel": .number(result.preliminaryLevel.rawValue),
            "preliminaryLevelName": .string(result.preliminaryLevel.name), "level": .number(result.level.rawValue), "levelName": .string(result.level.name),
            "adjustments": .array(result.adjustments.map { .string($0.rawValue) }), "diagnoses": .array(stored.circumstances.diagnoses.map(JSONValue.string)),
            "riskEvents30d": .number(stored.circumstances.riskEventsIn30Days), "coma": .bool(stored.circumstances.coma),
            "nextDueOn": .string(result.nextDueOn.description), "recordedBy": stored.recordedBy.map(JSONValue.string) ?? .null,
            "recordedAt": .string(stored.recordedAt),
        ]
    }
}
