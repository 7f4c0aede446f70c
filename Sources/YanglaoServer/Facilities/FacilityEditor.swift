import Foundation
import SQLKit
import Vapor
import YanglaoCore

/// Turns a JSON object (a POST, a PATCH, or an import row) into a checked facility. Every wrong
/// field is named in Chinese; nothing is saved unless all are right.
struct FacilityEditor: Sendable {
    let platform: Platform
    let user: CurrentUser
    /// The database to read regions from: inside a transaction, its own (SQLite has one connection
    /// per event loop, and a second request for one would wait for ever).
    var sql: (any SQLDatabase)? = nil
    /// Where regions are looked up: the table, or an import's cache.
    var regionLookup: (any RegionLookup)? = nil

    /// The fields set by structure rather than by the plain field table.
    static let structuralKeys: Set<String> = ["code", "name", "category", "functions", "regionCode", "supervisingRegionCode", "agreements"]

    /// Applies `fields` to `record` (a new one when `existing` is nil) and checks the result.
    func apply(_ fields: [String: InputValue], to record: FacilityRecord, isNew: Bool) async throws -> FacilityRecord {
        var record = record
        var errors: [String: String] = [:]
        for (key, value) in fields where !Self.structuralKeys.contains(key) {
            guard let field = FacilityField.byKey[key] else {
                errors[key] = "未知字段“\(key)”"
                continue
            }
            guard let text = value.text(as: field.input) else {
                errors[key] = "\(field.label)应为\(InputValue.typeName(field.input))"
                continue
            }
            if let message = field.write(&record.facility, text) { errors[key] = message }
        }
        errors.merge(InputValue.typeProblems(fields, keys: ["code", "name", "category", "regionCode", "supervisingRegionCode"])) { $1 }
        if let name = fields["name"], errors["name"] == nil {
            let text = name.text.trimmingWhitespace()
            if text.isEmpty { errors["name"] = "名称不能为空" }
            else if let problem = TextLimit.problem(text, limit: TextLimit.short) { errors["name"] = "名称" + problem }
            else { record.facility.name = text }
        } else if isNew, errors["name"] == nil {
            errors["name"] = "名称不能为空"
        }
        if let category = fields["category"], errors["category"] == nil {
            if let value = FacilityCategory(rawValue: category.text) { record.facility.category = value } else {
                errors["category"] = "类别“\(category.text)”无效，应为 \(FacilityCategory.allowedList) 之一"
            }
        } else if isNew, errors["category"] == nil {
            errors["category"] = "类别不能为空"
        }
        if let functions = fields["functions"] {
            let names: [String] = if case let .array(items) = functions { items.map(\.text) } else {
                functions.text.split(whereSeparator: { "、,，;；".contains($0) }).map(String.init)
            }
            let parsed = names.map { ($0.trimmingWhitespace(), FacilityFunction(rawValue: $0.trimmingWhitespace())) }
            if let wrong = parsed.first(where: { $0.1 == nil && !$0.0.isEmpty }) {
                errors["functions"] = "功能“\(wrong.0.prefix(40))”无效，应为 \(FacilityFunction.allowedList) 中的若干项"
            } else {
                record.functions = Set(parsed.compactMap(\.1))
            }
        }
        if let agreements = fields["agreements"] {
            switch Self.agreements(agreements) {
            case let .success(list): record.agreements = list
            case let .failure(message): errors["agreements"] = message.text
            }
        }
        try await place(&record, fields: fields, isNew: isNew, errors: &errors)
        for problem in FacilityRules.validate(record.facts) where errors[problem.field] == nil {
            errors[problem.field] = problem.message
        }
        guard errors.isEmpty else { throw APIError.invalid("设施信息有误，未保存", fields: errors) }
        return record
    }

    /// Where the facility is and which bureau supervises it; both must lie in the caller's scope.
    private func place(_ record: inout FacilityRecord, fields: [String: InputValue], isNew: Bool, errors: inout [String: String]) async throws {
        let regions: any RegionLookup = regionLookup ?? RegionStore(sql: sql ?? platform.sql)
        if errors["regionCode"] != nil || errors["supervisingRegionCode"] != nil { return }
        if let raw = fields["regionCode"] {
            let code = raw.text
            if let region = try await regions.find(code), user.scope.contains(region) {
                record.facility.regionCode = region.code
                if fields["supervisingRegionCode"] == nil, isNew {
                    record.facility.supervisingRegionCode = region.townCode ?? region.code
                }
            } else {
                errors["regionCode"] = "所在区划“\(code)”不存在或不在您的管辖范围内"
            }
        } else if isNew {
            errors["regionCode"] = "所在区划不能为空"
        }
        if let raw = fields["supervisingRegionCode"] {
            record.facility.supervisingRegionCode = raw.text
        }
        guard errors["regionCode"] == nil, let location = try await regions.find(record.facility.regionCode) else { return }
        let supervising = record.facility.supervisingRegionCode
        let chain = Set(location.ancestorCodes + [location.code])
        if !chain.contains(supervising) {
            errors["supervisingRegionCode"] = "主管部门所在区划须为设施所在区划或其上级"
        } else if let bureau = try await regions.find(supervising), !user.scope.contains(bureau) {
            errors["supervisingRegionCode"] = "主管部门（\(bureau.name)）不在您的管辖范围内：您只能登记由本级或下级主管的设施"
        }
    }

    struct Message: Error { var text: String }

    static func agreements(_ value: InputValue) -> Result<[MedicalAgreement], Message> {
        guard case let .array(values) = value, values.count <= 50 else { return .failure(Message(text: "签约协议应为列表：[{partner, startsOn, endsOn}]")) }
        var list: [MedicalAgreement] = []
        for (index, value) in values.enumerated() {
            guard case let .object(item) = value else { return .failure(Message(text: "第\(index + 1)份协议格式有误")) }
            let partner = item["partner"]?.text ?? ""
            guard !partner.isEmpty else { return .failure(Message(text: "第\(index + 1)份协议缺少签约医疗机构")) }
            if let problem = TextLimit.problem(partner, limit: TextLimit.short) { return .failure(Message(text: "第\(index + 1)份协议的签约医疗机构" + problem)) }
            guard let start = LocalDate(parsing: item["startsOn"]?.text ?? "") else { return .failure(Message(text: "第\(index + 1)份协议的起始日无法识别")) }
            let endText = item["endsOn"]?.text ?? ""
            let end = LocalDate(parsing: endText)
            if !endText.isEmpty, end == nil { return .failure(Message(text: "第\(index + 1)份协议的到期日无法识别")) }
            list.append(MedicalAgreement(partner: partner, startsOn: start, endsOn: end))
        }
        return .success(list)
    }
}
