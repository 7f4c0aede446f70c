import Foundation
import Spreadsheet
import SQLKit
import Vapor
import YanglaoCore

/// `/api/v1/facilities`: the registry as a list (filters, paging, export), one facility with its
/// problems, and registration and changes by the supervising bureau.
enum FacilitiesAPI {
    static func register(on api: any RoutesBuilder, platform: Platform) {
        let facilities = api.grouped("facilities")
        facilities.get { try await list($0, platform) }
        facilities.post { try await create($0, platform) }
        facilities.get(":id") { try await one($0, platform) }
        facilities.patch(":id") { try await update($0, platform) }
        facilities.route(.POST, "import", maximumBody: platform.configuration.maximumUploadBytes) { try await importFile($0, platform) }
        facilities.get("import", "template") { request in
            _ = try await platform.require(.editFacilities, request)
            return try templateResponse(request)
        }
    }

    /// `POST /api/v1/facilities/import?dryRun=true|false` with the XLSX or CSV as the body.
    static func importFile(_ request: Request, _ platform: Platform) async throws -> Response {
        let user = try await platform.require(.editFacilities, request)
        return try await ImportFlow.apiResponse(
            FacilityImport(platform: platform, user: user), request, platform: platform, actor: AuditActor(user.account, ip: request.clientIP)
        )
    }

    /// The import template: the header row with every column the import reads.
    static func templateResponse(_ request: Request) throws -> Response {
        let format = try ExportFormat.requested(request) ?? .xlsx
        let columns = FacilityImport.templateColumns
        return try format.response(sheet: Sheet(name: "设施导入模板", header: columns, rows: []), name: "设施导入模板")
    }

    struct Page: Content {
        var items: [FacilityJSON]
        @NullEncoded var next: String?
        var total: Int
        var summary: FacilityQuery.Summary
    }

    static func list(_ request: Request, _ platform: Platform) async throws -> Response {
        let user = try await platform.require(.readFacilities, request)
        let query = try await FacilityQuery.from(request, platform: platform)
        let records = try await query.run(for: user, platform: platform)
        if let format = try ExportFormat.requested(request) {
            return try await FacilityExport.response(records, format: format, on: query.date, platform: platform)
        }
        let (page, next) = try PageRequest(request).slice(records)
        let names = try await regionNames(page.flatMap { [$0.facility.regionCode, $0.facility.supervisingRegionCode] }, platform: platform)
        return try await Page(
            items: page.map { FacilityJSON($0, names: names, on: query.date) }, next: next, total: records.count,
            summary: query.summary(records)
        ).encodeResponse(for: request)
    }

    /// A facility the caller may see: 404 when missing, 404 (audited) when outside the scope.
    static func visibleRecord(_ request: Request, _ platform: Platform, user: CurrentUser) async throws -> FacilityRecord {
        let id = request.parameters.get("id") ?? ""
        let store = platform.facilityStore()
        guard let record = try await store.record(id: id) else { throw APIError.notFound("设施") }
        guard try await store.isVisible(id: id, to: user) else { throw try await platform.outOfScope(request, entityType: "facility", entityID: id, what: "设施") }
        return record
    }

    static func one(_ request: Request, _ platform: Platform) async throws -> FacilityJSON {
        let user = try await platform.require(.readFacilities, request)
        let record = try await visibleRecord(request, platform, user: user)
        let names = try await regionNames([record.facility.regionCode, record.facility.supervisingRegionCode], platform: platform)
        return FacilityJSON(record, names: names, on: platform.clock.today)
    }

    static func create(_ request: Request, _ platform: Platform) async throws -> Response {
        let user = try await platform.require(.editFacilities, request)
        let fields = try decodeObject(request)
        let store = platform.facilityStore()
        let draft = Facility.empty(id: UUID().uuidString.lowercased(), code: "", name: "", category: .institution, regionCode: "", now: Clock.timestamp())
        var record = try await FacilityEditor(platform: platform, user: user)
            .apply(fields, to: FacilityRecord(facility: draft, functions: [], agreements: []), isNew: true)
        if let code = fields["code"]?.text, !code.isEmpty {
            if let problem = FacilityRules.codeProblem(code) { throw APIError.invalid("设施信息有误，未保存", fields: ["code": problem]) }
            guard try await store.find(code: code) == nil else { throw APIError.invalid("设施信息有误，未保存", fields: ["code": "设施编码“\(code)”已被使用"]) }
            record.facility.code = code
        }
        let saved = record
        try await platform.writer.write { sql in
            var final = saved
            let store = platform.facilityStore(sql)
            if final.facility.code.isEmpty { final.facility.code = try await store.nextCode(regionCode: final.facility.regionCode) }
            try await store.save(final, previous: nil)
            try await AuditLog.record(on: sql, actor: AuditActor(user.account, ip: request.clientIP), action: "facility.create",
                                      entityType: "facility", entityID: final.facility.id, after: auditJSONString(final.facility))
        }
        let created = try await store.record(id: record.facility.id)!
        let names = try await regionNames([created.facility.regionCode, created.facility.supervisingRegionCode], platform: platform)
        let response = try await FacilityJSON(created, names: names, on: platform.clock.today).encodeResponse(for: request)
        response.status = .created
        return response
    }

    static func update(_ request: Request, _ platform: Platform) async throws -> FacilityJSON {
        let user = try await platform.require(.readFacilities, request)
        let current = try await visibleRecord(request, platform, user: user)
        try await requireEditor(user, of: current.facility, request, platform)
        let fields = try decodeObject(request)
        if let code = fields["code"]?.text, code != current.facility.code {
            throw APIError.invalid("设施信息有误，未保存", fields: ["code": "设施编码登记后不能修改"])
        }
        var record = try await FacilityEditor(platform: platform, user: user).apply(fields, to: current, isNew: false)
        record.facility.updatedAt = Clock.timestamp()
        let saved = record
        try await platform.writer.write { sql in
            try await platform.facilityStore(sql).save(saved, previous: current.facility)
            try await AuditLog.record(on: sql, actor: AuditActor(user.account, ip: request.clientIP), action: "facility.update",
                                      entityType: "facility", entityID: saved.facility.id,
                                      before: auditJSONString(current.facility), after: auditJSONString(saved.facility))
        }
        let names = try await regionNames([saved.facility.regionCode, saved.facility.supervisingRegionCode], platform: platform)
        return FacilityJSON(try await platform.facilityStore().record(id: saved.facility.id)!, names: names, on: platform.clock.today)
    }

    /// Only admins whose region holds the supervising bureau change a facility: 403 for the others,
    /// who may still see it (a town admin looking at a 市直 institution in their town).
    static func requireEditor(_ user: CurrentUser, of facility: Facility, _ request: Request, _ platform: Platform) async throws {
        let (allowed, bureau) = try await platform.facilityStore().editingRights(of: facility, for: user)
        guard allowed else {
            try await platform.record(request, action: "access.forbidden", entityType: "facility", entityID: facility.id, outcome: "forbidden")
            let who = bureau.map { "（主管：\($0.name)）" } ?? ""
            throw APIError(.forbidden, code: "forbidden", message: "您无权修改该设施\(who)：只有主管部门及其上级的民政管理员可以修改")
        }
    }

    static func decodeObject(_ request: Request) throws -> [String: InputValue] {
        try request.jsonObject()
    }
}

/// The registry as a table: list exports and the import template share these columns.
enum FacilityExport {
    static let leadingHeaders = ["设施编码", "名称", "类别", "功能", "所在区划代码", "所在区划", "主管部门区划代码", "主管部门"]

    static var header: [String] { leadingHeaders + FacilityField.all.map(\.label) + ["问题"] }

    static func rows(_ records: [FacilityRecord], names: [String: String], on date: LocalDate) -> [[Cell]] {
        records.map { record in
            let facility = record.facility
            let leading = [
                facility.code, facility.name, facility.category.rawValue,
                FacilityFunction.allCases.filter(record.functions.contains).map(\.rawValue).joined(separator: "、"),
                facility.regionCode, names[facility.regionCode] ?? "", facility.supervisingRegionCode, names[facility.supervisingRegionCode] ?? "",
            ].map(Cell.text)
            return leading + FacilityField.all.map { $0.cell(facility) } + [.text(record.problems(on: date).map(\.label).joined(separator: "；"))]
        }
    }

    static func response(_ records: [FacilityRecord], format: ExportFormat, on date: LocalDate, platform: Platform) async throws -> Response {
        let names = try await regionNames(records.flatMap { [$0.facility.regionCode, $0.facility.supervisingRegionCode] }, platform: platform)
        return try format.response(sheet: Sheet(name: "设施名录", header: header, rows: rows(records, names: names, on: date)), name: "设施名录")
    }
}
