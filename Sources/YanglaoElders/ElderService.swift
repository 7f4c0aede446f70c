import Foundation
import SQLKit
import YanglaoCore
import YanglaoPlatform

/// The elders registry without HTTP: lists, finds (scope decided once), registers and changes
/// persons, records assessments and reveals personal data, each change with its audit entry in
/// the same transaction. The API, the pages and the import call it.
struct ElderService: Sendable {
    let platform: Platform
    let caller: Caller

    var user: CurrentUser { caller.user }
    var today: LocalDate { platform.clock.today }
    var store: ElderStore { ElderStore(sql: platform.sql, cipher: platform.personalData) }

    // MARK: Lists

    struct Page: Sendable {
        var records: [ElderRecord]
        var names: [String: String]
        var next: String?
        var total: ListCount
        var descriptions: [String]
    }

    func list(_ parameters: ListParameters) async throws -> Page {
        let page = try await platform.loadPage(ElderList.listing, parameters, caller: caller)
        let records = try page.rows.map(ElderFields.schema.decode)
        return Page(records: records, names: try await names(records), next: page.next, total: page.total, descriptions: page.descriptions)
    }

    /// Every person of the list, in batches (exports): memory holds one batch.
    func forEachBatch(_ parameters: ListParameters, _ body: ([ElderRecord], [String: String]) async throws -> Void) async throws {
        let list = try await platform.resolve(ElderList.listing, parameters, caller: caller)
        try await platform.pager().forEachBatch(list, caller: caller, batchSize: 1000) { rows in
            let records = try rows.map(ElderFields.schema.decode)
            try await body(records, try await names(records))
        }
    }

    /// Region and facility names of the records.
    func names(_ records: [ElderRecord]) async throws -> [String: String] {
        let regions = try await RegionStore(sql: platform.sql).names(of: Set(records.map(\.regionCode)))
        return regions.merging(try await platform.interfaces.facilities.names(of: records.compactMap(\.facilityId), platform: platform)) { $1 }
    }

    // MARK: One person

    /// The person, if the caller sees them: one query loads the row and decides the scope; missing
    /// and out of scope both answer 404, the second audited.
    func find(_ id: String) async throws -> ElderRecord {
        try ElderFields.schema.decode(try await platform.visibleRow(in: "elders", id: id, visible: ElderList.visibleFilter(user, facilities: platform.interfaces.facilities), entityType: "elder",
                                                                     what: "老年人", caller: caller))
    }

    func editor(_ sql: (any SQLDatabase)? = nil) -> ElderEditor {
        let database = sql ?? platform.sql
        let facilities = platform.interfaces.facilities
        return ElderEditor(scope: user.scope, today: today, cipher: platform.personalData, regions: RegionStore(sql: database)) { given in
            try await facilities.facilityID(identifiedBy: given, sql: database)
        }
    }

    // MARK: Changes

    /// Registers a person. A number the caller sees registered is refused; one registered only
    /// outside the caller's region answers as a new person does and is held for review
    /// (`DuplicateRegistration`).
    func create(_ fields: [String: InputValue]) async throws -> ElderRecord {
        try requireAction(.editElders)
        let now = Clock.timestamp()
        var draft = ElderRecord(id: UUID().uuidString.lowercased())
        draft.createdAt = now
        draft.updatedAt = now
        let checked = try await editor().apply(fields, to: draft, isNew: true)
        var early = checked.record
        _ = try await place(&early, sql: platform.sql)
        return try await platform.writer.write { sql in
            var record = checked.record
            let placement = try await place(&record, sql: sql)
            try await ElderStore(sql: sql, cipher: platform.personalData).save(record, previous: nil, stays: checked.stays ?? [], today: today)
            try await settle(placement, record: record, sql: sql)
            try await platform.interfaces.facilities.refreshProblems(ofFacilities: Set([record.facilityId].compactMap { $0 }), platform: platform, sql: sql)
            try await AuditLog.record(on: sql, actor: caller.actor, action: "elder.create", entityType: "elder", entityID: record.id,
                                      after: Self.auditJSON(record))
            return record
        }
    }

    func update(_ current: ElderRecord, with given: [String: InputValue]) async throws -> ElderRecord {
        try requireAction(.editElders)
        var fields = given
        // A held registration answers to its own number as any record does (it is fixed once registered).
        if let text = fields["idNumber"]?.text, let heldHash = try await store.heldHash(of: current.id),
           let number = try? PersonalKind.idNumber.normalise(text).get(), platform.personalData.lookupHash(number) == heldHash {
            fields["idNumber"] = nil
        }
        // The number is fixed once registered (the editor refuses another): nothing to place again.
        var checked = try await editor().apply(fields, to: current, isNew: false)
        checked.record.updatedAt = Clock.timestamp()
        let result = checked
        return try await platform.writer.write { sql in
            let record = result.record
            try await ElderStore(sql: sql, cipher: platform.personalData).save(record, previous: current, stays: result.stays, today: today)
            try await platform.interfaces.facilities.refreshProblems(ofFacilities: Set([record.facilityId, current.facilityId].compactMap { $0 }), platform: platform, sql: sql)
            try await AuditLog.record(on: sql, actor: caller.actor, action: "elder.update", entityType: "elder", entityID: current.id,
                                      before: Self.auditJSON(current), after: Self.auditJSON(record))
            return record
        }
    }

    /// Scores an assessment by GB/T 42195 and records it; the latest one is the person's level.
    func assess(_ person: ElderRecord, _ submission: AssessmentSubmission, inputErrors: [String: String] = [:]) async throws -> StoredAssessment {
        try requireAction(.assessElders)
        // What the body's shape got wrong wins at its key over the standard's own message.
        let problems = submission.problems(birthDate: person.birthDate, today: today).merging(inputErrors) { $1 }
        guard problems.isEmpty, let assessedOn = submission.assessedOn, let reason = submission.reason else {
            throw APIError.invalid("评估信息有误，未保存", fields: problems)
        }
        let settings = platform.assessmentSettings
        let result = AbilityAssessment.score(submission.scores, circumstances: submission.circumstances, assessedOn: assessedOn, settings: settings)
        let assessment = StoredAssessment(
            id: UUID().uuidString.lowercased(), elderID: person.id, assessedOn: assessedOn, reason: reason.rawValue,
            assessors: submission.assessors.map { $0.trimmingWhitespace() }, scores: submission.scores, circumstances: submission.circumstances,
            result: result, recordedBy: user.account.username, recordedAt: Clock.timestamp())
        try await platform.writer.write { sql in
            try await ElderStore(sql: sql, cipher: platform.personalData).insert(assessment)
            try await AuditLog.record(on: sql, actor: caller.actor, action: "elder.assess", entityType: "elder", entityID: person.id,
                                      after: auditJSONString(["assessment": assessment.id, "total": "\(result.total)", "level": "\(result.level.rawValue)",
                                                              "assessedOn": assessedOn.description]))
        }
        return assessment
    }

    func reveal(_ person: ElderRecord, field: String, reason: String) async throws -> String {
        try await platform.reveal(ElderFields.schema, record: person, field: field, reason: reason, entityType: "elder", caller: caller)
    }

    func requireAction(_ action: Action) throws {
        guard action.isAllowed(for: user.account.role) else {
            throw APIError(.forbidden, code: "forbidden", message: "您的角色（\(user.account.role.label)）无权执行此操作")
        }
    }

    /// What the audit log keeps of a person: every field as the API answers it (personal data masked).
    static func auditJSON(_ record: ElderRecord) -> String {
        auditJSONString(JSONValue.object(ElderFields.schema.json(record)))
    }
}

extension Platform {
    /// The local settings of the assessment standard.
    var assessmentSettings: AbilityAssessment.Settings {
        let settings = configuration[settings: ElderSettings.self]
        return AbilityAssessment.Settings(comaLevel: AbilityAssessment.Level(rawValue: settings.comaLevel) ?? .complete,
                                          reassessmentMonths: settings.reassessmentMonths)
    }

    /// 生活不能自理 as the local rule counts it.
    var unableSelfCare: Set<SelfCareCheck.Result> {
        configuration[settings: ElderSettings.self].unableIncludesPartlyLost ? [.partlyLost, .fullyLost] : [.fullyLost]
    }
}
