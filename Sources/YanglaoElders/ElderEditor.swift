import Foundation
import SQLKit
import YanglaoCore
import YanglaoPlatform

/// Turns a JSON object (a POST, a PATCH, a form or an import row) into a checked person. Every
/// wrong field is named in Chinese; nothing is saved unless all are right. Birth date and sex come
/// from the ID number; the registry's own rules (age, support, self-care) are checked here, and
/// an ID number registered twice by the service or the import (which look it up in batches).
struct ElderEditor: Sendable {
    /// Where the editor may place persons: the caller's scope (unrestricted at the command line).
    let scope: AccessScope
    let today: LocalDate
    let cipher: PersonalDataCipher
    /// Regions: the table, or an import's cache.
    let regions: any RegionLookup
    /// The id of the facility a code or an id names (集中供养 needs one); nil when none does.
    let facility: @Sendable (String) async throws -> String?

    static let handledKeys: Set<String> = ["hospitalStays"]

    struct Checked: Sendable {
        var record: ElderRecord
        /// The hospital stays sent (nil: not sent, unchanged).
        var stays: [HospitalStay]?
    }

    func apply(_ fields: [String: InputValue], to current: ElderRecord, isNew: Bool) async throws -> Checked {
        let checked = try await check(fields, to: current, isNew: isNew)
        guard checked.errors.isEmpty else { throw APIError.invalid("老年人信息有误，未保存", fields: checked.errors) }
        return Checked(record: checked.record, stays: checked.stays)
    }

    /// The checked record and every problem by field (an import reports them by row).
    func check(_ fields: [String: InputValue], to current: ElderRecord, isNew: Bool) async throws -> (record: ElderRecord, stays: [HospitalStay]?, errors: [String: String]) {
        var record = current
        var errors = ElderFields.schema.apply(fields, to: &record, isNew: isNew, handled: Self.handledKeys, cipher: cipher)
        var stays: [HospitalStay]?
        if let value = fields["hospitalStays"] {
            let parsed = ElderFields.stays.parse(value)
            stays = parsed.children
            errors.merge(parsed.errors) { first, _ in first }
            errors.merge(Self.stayProblems(parsed.children, today: today)) { first, _ in first }
        }
        identity(&record, previous: isNew ? nil : current, errors: &errors)
        try await place(&record, previous: isNew ? nil : current, errors: &errors)
        try await support(&record, errors: &errors)
        dates(record, errors: &errors)
        return (record, stays, errors)
    }

    /// Birth date and sex from the ID number; given ones must agree. A person under 60 needs a reason.
    private func identity(_ record: inout ElderRecord, previous: ElderRecord?, errors: inout [String: String]) {
        guard errors["idNumber"] == nil else { return }
        if let plain = record.idNumber?.plain, let id = try? ResidentID.parse(plain).get() {
            for (key, message) in id.contradictions(birthDate: previous == nil ? record.birthDate : nil, sex: previous == nil ? record.sex : nil) {
                errors[key] = message
            }
            record.birthDate = id.birthDate
            record.sex = id.sex
        } else if let previous {
            if record.birthDate != previous.birthDate { errors["birthDate"] = "出生日期由身份证号码得出，不能单独修改" }
            if record.sex != previous.sex { errors["sex"] = "性别由身份证号码得出，不能单独修改" }
            record.birthDate = previous.birthDate
            record.sex = previous.sex
        }
        guard let birthDate = record.birthDate,
              let problem = ElderRules.birthProblem(birthDate: birthDate, under60Reason: record.under60Reason, today: today) else { return }
        if errors[problem.field] == nil { errors[problem.field] = problem.message }
    }

    /// The region must exist, lie in the caller's scope and be a town or a village (community);
    /// a move without a date moves today.
    private func place(_ record: inout ElderRecord, previous: ElderRecord?, errors: inout [String: String]) async throws {
        guard errors["regionCode"] == nil, !record.regionCode.isEmpty else { return }
        guard let region = try await regions.find(record.regionCode), scope.contains(region) else {
            errors["regionCode"] = "居住区划“\(record.regionCode.prefix(20))”不存在或不在您的管辖范围内"
            return
        }
        if region.level < .town { errors["regionCode"] = "居住区划应为村（社区）或乡镇（街道），“\(region.name)”是\(region.level.label)级" }
        guard let previous, previous.regionCode != record.regionCode else { return }
        if record.residentSince == previous.residentSince { record.residentSince = today }
        if let since = record.residentSince, let before = previous.residentSince, since < before {
            errors["residentSince"] = "迁入日期（\(since)）早于上一居住地的起始日期（\(before)）"
        }
    }

    /// 集中供养 names an institution that exists (by code or id); the self-care result follows from the items.
    private func support(_ record: inout ElderRecord, errors: inout [String: String]) async throws {
        if let problem = ElderRules.supportProblem(mode: record.supportMode, hasFacility: record.facilityId != nil) {
            if errors[problem.field] == nil { errors[problem.field] = problem.message }
        } else if let given = record.facilityId, errors["facilityId"] == nil {
            if let id = try await facility(given) { record.facilityId = id } else { errors["facilityId"] = "集中供养机构“\(given.prefix(40))”不存在（填写设施编码或记录标识）" }
        }
        switch ElderRules.selfCare(checkedOn: record.selfCareCheckedOn, unable: record.selfCareUnable) {
        case let .success(result): record.selfCare = result
        case let .failure(problem): errors[problem.field] = problem.message
        }
    }

    /// Dates that cannot be in the future or before birth.
    private func dates(_ record: ElderRecord, errors: inout [String: String]) {
        let events = [
            ElderRules.Event(field: "deathDate", label: "死亡日期", date: record.deathDate),
            ElderRules.Event(field: "movedAwayOn", label: "迁出日期", date: record.movedAwayOn),
            ElderRules.Event(field: "admittedOn", label: "入住日期", date: record.admittedOn),
            ElderRules.Event(field: "willingRecordedOn", label: "意愿登记日期", date: record.willingRecordedOn),
            ElderRules.Event(field: "selfCareCheckedOn", label: "认定日期", date: record.selfCareCheckedOn),
            ElderRules.Event(field: "residentSince", label: "迁入日期", date: record.residentSince, mayPrecedeBirth: true),
        ]
        for problem in ElderRules.dateProblems(events, birthDate: record.birthDate, today: today) where errors[problem.field] == nil {
            errors[problem.field] = problem.message
        }
    }

    /// What the stays' own fields cannot say: an admission after today, a discharge before the admission.
    static func stayProblems(_ stays: [HospitalStay], today: LocalDate) -> [String: String] {
        var errors: [String: String] = [:]
        for (index, stay) in stays.enumerated() {
            guard let from = stay.from else { continue }
            if from > today { errors["hospitalStays[\(index)].from"] = "第\(index + 1)条住院记录的入院日期晚于今天" }
            if let to = stay.to, to < from { errors["hospitalStays[\(index)].to"] = "第\(index + 1)条住院记录的出院日期早于入院日期" }
        }
        return errors
    }
}
