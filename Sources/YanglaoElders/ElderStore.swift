import Foundation
import SQLKit
import YanglaoCore
import YanglaoPlatform

/// The elders registry's tables, read and written in SQL: persons through the field table, and
/// their residences, assessments and hospital stays.
struct ElderStore: Sendable {
    let sql: any SQLDatabase
    let cipher: PersonalDataCipher
    var schema: RegistrySchema<ElderRecord> { ElderFields.schema }

    func find(id: String) async throws -> ElderRecord? {
        try await sql.select().column("*").from("elders").where("id", .equal, id).first().map(schema.decode)
    }

    /// The id of the person registered with this ID number (by its keyed hash), if any.
    func id(idNumberHash hash: String) async throws -> String? {
        try await sql.select().column("id").from("elders").where("id_number_hash", .equal, hash).first()?.decode(column: "id", as: String.self)
    }

    // MARK: Side tables

    /// Where the person lived, the current residence last (still open).
    func residences(of record: ElderRecord) async throws -> [Residence] {
        try await pastResidences(of: record.id) + [Residence(regionCode: record.regionCode, since: record.residentSince, until: nil)]
    }

    func pastResidences(of id: String) async throws -> [Residence] {
        try await sql.select().columns("region_code", "since", "until").from("elder_residences").where("elder_id", .equal, id)
            .orderBy(SQLRaw("COALESCE(since, '')")).all().map { row in
                Residence(regionCode: try row.decode(column: "region_code", as: String.self),
                          since: try row.decode(column: "since", as: String?.self).flatMap(LocalDate.init(parsing:)),
                          until: try row.decode(column: "until", as: String?.self).flatMap(LocalDate.init(parsing:)))
            }
    }

    func hospitalStays(of id: String) async throws -> [HospitalStay] {
        try await ElderFields.stays.load(of: id, sql: sql)
    }

    func assessments(of id: String) async throws -> [StoredAssessment] {
        try await sql.select().column("*").from("elder_assessments").where("elder_id", .equal, id)
            .orderBy("assessed_on", .descending).orderBy("recorded_at", .descending).all().map(StoredAssessment.init(row:))
    }

    // MARK: Writes (inside the writer's transaction)

    /// Saves a person; a change of region keeps where the person lived before, and until when
    /// (the current residence is the person's own region and `residentSince`).
    func save(_ record: ElderRecord, previous: ElderRecord?, stays: [HospitalStay]?, today: LocalDate) async throws {
        if let previous {
            try await schema.update(record, on: sql, cipher: cipher)
            if previous.regionCode != record.regionCode {
                try await sql.insert(into: "elder_residences").columns("id", "elder_id", "region_code", "since", "until")
                    .values(SQLBind(UUID().uuidString.lowercased()), SQLBind(record.id), SQLBind(previous.regionCode),
                            SQLBind(previous.residentSince?.description), SQLBind((record.residentSince ?? today).description)).run()
            }
        } else {
            try await schema.insert([record], on: sql, cipher: cipher)
        }
        if let stays { try await ElderFields.stays.replace(of: record.id, with: stays, sql: sql) }
    }

    /// Records an assessment and makes it the person's current level when it is the latest.
    func insert(_ assessment: StoredAssessment) async throws {
        try await sql.insert(into: "elder_assessments").columns(StoredAssessment.columns).values(assessment.values).run()
        try await refreshLevel(of: assessment.elderID)
    }

    /// The person's current level, date and next due date from their latest assessment (if any).
    func refreshLevel(of id: String) async throws {
        guard let latest = try await assessments(of: id).first else { return }
        try await sql.update("elders").set("ability_level", to: latest.result.level.rawValue).set("assessed_on", to: latest.assessedOn.description)
            .set("next_assessment_on", to: latest.result.nextDueOn.description).set("updated_at", to: Clock.timestamp())
            .where("id", .equal, id).run()
    }
}

/// An assessment as kept: what was handed in and what the standard made of it.
struct StoredAssessment: Sendable, Equatable {
    var id: String
    var elderID: String
    var assessedOn: LocalDate
    var reason: String
    var assessors: [String]
    var scores: [String: Int]
    var circumstances: AbilityAssessment.Circumstances
    var result: AbilityAssessment.Result
    var recordedBy: String?
    var recordedAt: String

    static let columns = [
        "id", "elder_id", "assessed_on", "reason", "assessors", "items", "total", "preliminary_level", "level", "adjustments",
        "diagnoses", "risk_events_30d", "coma", "next_due_on", "recorded_by", "recorded_at",
    ]

    var values: [any SQLExpression] {
        let items = AbilityAssessment.items.map { "\"\($0.code)\":\(scores[$0.code] ?? 0)" }.joined(separator: ",")
        return [
            SQLBind(id), SQLBind(elderID), SQLBind(assessedOn.description), SQLBind(reason), SQLBind(assessors.joined(separator: "、")),
            SQLBind("{" + items + "}"), SQLBind(result.total), SQLBind(result.preliminaryLevel.rawValue), SQLBind(result.level.rawValue),
            SQLBind(result.adjustments.map(\.rawValue).joined(separator: "；")), SQLBind(circumstances.diagnoses.joined(separator: ",")),
            SQLBind(circumstances.riskEventsIn30Days), SQLBind(circumstances.coma), SQLBind(result.nextDueOn.description),
            SQLBind(recordedBy), SQLBind(recordedAt),
        ]
    }

    init(id: String, elderID: String, assessedOn: LocalDate, reason: String, assessors: [String], scores: [String: Int],
         circumstances: AbilityAssessment.Circumstances, result: AbilityAssessment.Result, recordedBy: String?, recordedAt: String) {
        self.id = id
        self.elderID = elderID
        self.assessedOn = assessedOn
        self.reason = reason
        self.assessors = assessors
        self.scores = scores
        self.circumstances = circumstances
        self.result = result
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }

    /// Read back; the result is the stored one (what was decided then, under that day's settings).
    init(row: any SQLRow) throws {
        let itemsText = try row.decode(column: "items", as: String.self)
        let scores = (try? JSONDecoder().decode([String: Int].self, from: Data(itemsText.utf8))) ?? [:]
        let assessedOn = LocalDate(parsing: try row.decode(column: "assessed_on", as: String.self)) ?? LocalDate(year: 1900, month: 1, day: 1)!
        let circumstances = AbilityAssessment.Circumstances(
            diagnoses: try row.decode(column: "diagnoses", as: String.self).split(separator: ",").map(String.init),
            riskEventsIn30Days: try row.decode(column: "risk_events_30d", as: Int.self), coma: try row.decode(column: "coma", as: Bool.self))
        var dimensionTotals: [AbilityAssessment.Dimension: Int] = [:]
        for item in AbilityAssessment.items { dimensionTotals[item.dimension, default: 0] += scores[item.code] ?? 0 }
        let level = { (value: Int) in AbilityAssessment.Level(rawValue: value) ?? .complete }
        let result = AbilityAssessment.Result(
            total: try row.decode(column: "total", as: Int.self), dimensionTotals: dimensionTotals,
            preliminaryLevel: level(try row.decode(column: "preliminary_level", as: Int.self)), level: level(try row.decode(column: "level", as: Int.self)),
            adjustments: try row.decode(column: "adjustments", as: String.self).split(separator: "；").compactMap { AbilityAssessment.Adjustment(rawValue: String($0)) },
            nextDueOn: LocalDate(parsing: try row.decode(column: "next_due_on", as: String.self)) ?? assessedOn)
        self.init(id: try row.decode(column: "id", as: String.self), elderID: try row.decode(column: "elder_id", as: String.self),
                  assessedOn: assessedOn, reason: try row.decode(column: "reason", as: String.self),
                  assessors: try row.decode(column: "assessors", as: String.self).split(separator: "、").map(String.init), scores: scores,
                  circumstances: circumstances, result: result, recordedBy: try row.decode(column: "recorded_by", as: String?.self),
                  recordedAt: try row.decode(column: "recorded_at", as: String.self))
    }
}
