import YanglaoPlatform
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

    /// The fields this editor checks itself (the rest go through the field table).
    static let handledKeys: Set<String> = ["code", "regionCode", "supervisingRegionCode", "agreements"]

    /// Applies `fields` to `record` (a registration when `isNew`) and checks the result.
    func apply(_ fields: [String: InputValue], to record: FacilityRecord, isNew: Bool) async throws -> FacilityRecord {
        var record = record
        var errors = FacilityFields.schema.apply(fields, to: &record, isNew: isNew, handled: Self.handledKeys)
        errors.merge(InputValue.typeProblems(fields, keys: ["code", "regionCode", "supervisingRegionCode"])) { $1 }
        if let code = fields["code"], errors["code"] == nil {
            let text = code.text
            if isNew, !text.isEmpty {
                if let problem = FacilityRules.codeProblem(text) { errors["code"] = problem } else { record.facility.code = text }
            } else if !isNew, text != record.facility.code {
                errors["code"] = "设施编码登记后不能修改"
            }
        }
        if let agreements = fields["agreements"] {
            let parsed = FacilityFields.agreements.parse(agreements)
            record.agreements = parsed.children.compactMap(\.agreement)
            errors.merge(parsed.errors) { first, _ in first }
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
        if let raw = fields["regionCode"], !raw.text.isEmpty {
            let code = raw.text
            if let region = try await regions.find(code), user.scope.contains(region) {
                record.facility.regionCode = region.code
                if (fields["supervisingRegionCode"]?.text ?? "").isEmpty, isNew {
                    record.facility.supervisingRegionCode = region.townCode ?? region.code
                }
            } else {
                errors["regionCode"] = "所在区划“\(code)”不存在或不在您的管辖范围内"
            }
        } else if isNew {
            errors["regionCode"] = "所在区划不能为空"
        }
        if let raw = fields["supervisingRegionCode"], !raw.text.isEmpty {
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
}
