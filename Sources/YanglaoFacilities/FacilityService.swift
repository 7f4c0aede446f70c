import YanglaoPlatform
import Foundation
import Spreadsheet
import SQLKit
import YanglaoCore

/// The facilities registry without HTTP: lists, finds (loading the record and deciding scope
/// once), registers and changes facilities (checks, save, problems and audit in one transaction).
/// The API, the pages and the import all call it.
struct FacilityService: Sendable {
    let platform: Platform
    let caller: Caller

    var store: FacilityStore { platform.facilityStore() }
    var user: CurrentUser { caller.user }

    // MARK: Lists

    struct Page: Sendable {
        var records: [FacilityRecord]
        /// Each record's stored problems (what the list filters on).
        var problems: [String: [FacilityRules.Problem]]
        var names: [String: String]
        var next: String?
        var total: ListCount
        var summary: FacilityList.Summary
        /// The filters in words, for headings: "存在问题", "类别：养老机构".
        var descriptions: [String]
    }

    func resolve(_ parameters: ListParameters) async throws -> ResolvedList {
        try await platform.resolve(FacilityList.listing, parameters, caller: caller)
    }

    func list(_ parameters: ListParameters) async throws -> Page {
        let page = try await platform.loadPage(FacilityList.listing, parameters, caller: caller, aggregates: FacilityList.aggregates)
        let records = try await store.records(try page.rows.map(FacilityFields.schema.decode))
        guard let totals = page.totals else { throw APIError(.internalServerError, code: "internal", message: "设施列表没有汇总") }
        let summary = try FacilityList.summary(totals)
        return Page(
            records: records, problems: try await store.storedProblems(of: records.map(\.id)),
            names: try await RegionStore(sql: platform.sql).names(of: records.flatMap { [$0.facility.regionCode, $0.facility.supervisingRegionCode] }),
            next: page.next, total: page.total, summary: summary, descriptions: page.descriptions
        )
    }

    /// Every facility of the list, in batches (exports): memory holds one batch.
    func forEachBatch(_ parameters: ListParameters, _ body: ([FacilityRecord], [String: [FacilityRules.Problem]], [String: String]) async throws -> Void) async throws {
        let list = try await resolve(parameters)
        try await platform.pager().forEachBatch(list, caller: caller, batchSize: 1000) { rows in
            let records = try await store.records(try rows.map(FacilityFields.schema.decode))
            let names = try await RegionStore(sql: platform.sql).names(of: records.flatMap { [$0.facility.regionCode, $0.facility.supervisingRegionCode] })
            try await body(records, try await store.storedProblems(of: records.map(\.id)), names)
        }
    }

    /// How many facilities of the filtered list have each problem, counted in SQL.
    func problemCounts(_ parameters: ListParameters) async throws -> [FacilityRules.Problem: Int] {
        let list = try await resolve(parameters)
        struct Row: Codable { var problem: String; var count: Int }
        let rows = try await platform.sql.select().column("problem").column(SQLAlias(SQLRaw("COUNT(*)"), as: SQLIdentifier("count")))
            .from("facility_problems")
            .where(SQLBinaryExpression(SQLIdentifier("facility_id"), .in,
                                       SQLGroupExpression(platform.sql.select().column("id").from("facilities").where(list.whereClause(caller)).query)))
            .groupBy("problem").all(decoding: Row.self)
        var counts: [FacilityRules.Problem: Int] = [:]
        for row in rows { if let problem = FacilityRules.Problem(rawValue: row.problem) { counts[problem] = row.count } }
        return counts
    }

    /// The community centres and stations the caller sees in a region's subtree (coverage, 社会化运营).
    func communityFacilities(in region: StoredRegion) async throws -> [Facility] {
        let categories = [FacilityCategory.homeCareCentre, .homeCareStation].map(\.rawValue)
        return try await platform.sql.select().column("*").from("facilities")
            .where(FacilityStore.visibleFilter(user))
            .where(AccessScope.region(code: region.code, level: region.level, organisation: nil).regionFilter("region_code"))
            .where("category", .in, categories).all().map { try FacilityFields.schema.decode($0).facility }
    }

    // MARK: One record

    /// The facility, if the caller sees it: one query loads it and decides its scope. Missing and
    /// out of scope both answer 404; the second is audited. Problems that changed with the date
    /// since they were stored are refreshed here.
    func find(_ id: String) async throws -> FacilityRecord {
        let row = try await platform.visibleRow(in: "facilities", id: id, visible: FacilityStore.visibleFilter(user), entityType: "facility",
                                                what: "设施", caller: caller)
        let record = try await store.records([try FacilityFields.schema.decode(row)])[0]
        if try await !store.stale([record]).isEmpty {
            try await platform.writer.write { sql in try await platform.facilityStore(sql).storeProblems([record]) }
        }
        return record
    }

    /// The supervising bureau, and whether the caller may change the facility.
    func editingRights(_ record: FacilityRecord) async throws -> (allowed: Bool, bureau: StoredRegion?) {
        try await store.editingRights(of: record.facility, for: user)
    }

    /// Only admins whose region holds the supervising bureau change a facility: 403 (audited) for
    /// the others, who may still see it.
    func requireEditor(_ record: FacilityRecord) async throws {
        let (allowed, bureau) = try await editingRights(record)
        guard allowed else {
            try await platform.audit(caller.actor, action: "access.forbidden", entityType: "facility", entityID: record.id, outcome: "forbidden")
            let who = bureau.map { "（主管：\($0.name)）" } ?? ""
            throw APIError(.forbidden, code: "forbidden", message: "您无权修改该设施\(who)：只有主管部门及其上级的民政管理员可以修改")
        }
    }

    // MARK: Changes

    /// Registers a facility from its fields (JSON, a form or an import row).
    func create(_ fields: [String: InputValue]) async throws -> FacilityRecord {
        try requireAction(.editFacilities)
        let now = Clock.timestamp()
        let draft = FacilityRecord(facility: .empty(id: UUID().uuidString.lowercased(), now: now), functions: [], agreements: [])
        var record = try await FacilityEditor(platform: platform, user: user).apply(fields, to: draft, isNew: true)
        if !record.facility.code.isEmpty, try await store.find(code: record.facility.code) != nil {
            throw APIError.invalid("设施信息有误，未保存", fields: ["code": "设施编码“\(record.facility.code)”已被使用"])
        }
        record.facility.createdAt = now
        record.facility.updatedAt = now
        let checked = record
        return try await platform.writer.write { sql in
            var final = checked
            let store = platform.facilityStore(sql)
            if final.facility.code.isEmpty { final.facility.code = try await store.nextCode(regionCode: final.facility.regionCode) }
            try await store.save(final, previous: nil)
            try await AuditLog.record(on: sql, actor: caller.actor, action: "facility.create", entityType: "facility",
                                      entityID: final.id, after: Self.auditJSON(final))
            return final
        }
    }

    /// Changes a facility the caller found and may edit.
    func update(_ current: FacilityRecord, with fields: [String: InputValue]) async throws -> FacilityRecord {
        try requireAction(.editFacilities)
        try await requireEditor(current)
        var record = try await FacilityEditor(platform: platform, user: user).apply(fields, to: current, isNew: false)
        record.facility.updatedAt = Clock.timestamp()
        let checked = record
        try await platform.writer.write { sql in
            try await platform.facilityStore(sql).save(checked, previous: current.facility)
            try await AuditLog.record(on: sql, actor: caller.actor, action: "facility.update", entityType: "facility", entityID: checked.id,
                                      before: Self.auditJSON(current), after: Self.auditJSON(checked))
        }
        return checked
    }

    func requireAction(_ action: Action) throws {
        guard action.isAllowed(for: user.account.role) else {
            throw APIError(.forbidden, code: "forbidden", message: "您的角色（\(user.account.role.label)）无权执行此操作")
        }
    }

    /// What the audit log keeps of a facility: every field, as the API answers it.
    static func auditJSON(_ record: FacilityRecord) -> String {
        var fields = FacilityFields.schema.json(record)
        fields["agreements"] = .array(record.agreements.map { agreement in
            ["partner": .string(agreement.partner), "startsOn": .string(agreement.startsOn.description),
             "endsOn": agreement.endsOn.map { .string($0.description) } ?? .null]
        })
        return auditJSONString(JSONValue.object(fields))
    }
}
