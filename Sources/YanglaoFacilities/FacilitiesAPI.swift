import YanglaoPlatform
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
        facilities.get(access: .may(.readFacilities)) { try await list($0, platform) }
        facilities.post(access: .may(.editFacilities)) { try await create($0, platform) }
        facilities.get(":id", access: .may(.readFacilities), record: resolver) { try await one($0, platform) }
        facilities.patch(":id", access: .may(.editFacilities), record: resolver) { try await update($0, platform) }
        facilities.post("import", access: .may(.editFacilities), maximumBody: platform.configuration.maximumUploadBytes) {
            try await importFile($0, platform)
        }
        facilities.get("import", "template", access: .may(.editFacilities)) { try templateResponse($0) }
    }

    /// The facility of a `/:id` route, found once within the caller's scope (404, audited, outside).
    static let resolver = RecordResolver(entity: "facility") { request in
        try await service(request, request.application.platform!).find(request.parameters.get("id") ?? "")
    }

    /// `POST /api/v1/facilities/import?dryRun=true|false` with the XLSX or CSV as the body.
    static func importFile(_ request: Request, _ platform: Platform) async throws -> Response {
        let user = try platform.user(of: request)
        return try await ImportFlow.apiResponse(
            FacilityImport(platform: platform, user: user), request, platform: platform, actor: AuditActor(user.account, ip: request.clientIP)
        )
    }

    /// The import template: the header row with every column the import reads.
    static func templateResponse(_ request: Request) throws -> Response {
        let format = try ExportFormat.requested(request) ?? .xlsx
        return try format.response(sheets: FacilityImport.templateSheets(), name: "设施导入模板")
    }

    struct Page: Content {
        var items: [FacilityJSON]
        @NullEncoded var next: String?
        var total: Int
        var summary: FacilityList.Summary
    }

    static func service(_ request: Request, _ platform: Platform) throws -> FacilityService {
        FacilityService(platform: platform, caller: try platform.caller(request))
    }

    static func list(_ request: Request, _ platform: Platform) async throws -> Response {
        let service = try service(request, platform)
        let parameters = try ListParameters(request, listing: FacilityList.listing)
        if let format = try ExportFormat.requested(request) {
            return try await FacilityExport.response(service, parameters, format: format, request: request)
        }
        let page = try await service.list(parameters)
        let summary = page.summary
        let answer: JSONValue = .object(page.total.json.merging([
            "items": .array(page.records.map { FacilityJSON($0, names: page.names, problems: page.problems[$0.id] ?? []).jsonValue }),
            "next": page.next.map(JSONValue.string) ?? .null,
            "summary": [
                "facilities": .number(summary.facilities), "beds": .number(summary.beds), "nursingBeds": .number(summary.nursingBeds),
                "nursingBedRatio": summary.nursingBedRatio.map(JSONValue.double) ?? .null, "occupiedBeds": .number(summary.occupiedBeds),
                "withProblems": .number(summary.withProblems),
            ],
        ]) { $1 })
        return answer.response()
    }

    /// A facility the caller may see: 404 when missing, 404 (audited) when outside the scope.
    static func visibleRecord(_ request: Request, _ platform: Platform) async throws -> FacilityRecord {
        try request.resolved(FacilityRecord.self)
    }

    static func answer(_ record: FacilityRecord, _ platform: Platform) async throws -> FacilityJSON {
        let names = try await RegionStore(sql: platform.sql).names(of: [record.facility.regionCode, record.facility.supervisingRegionCode])
        return FacilityJSON(record, names: names, on: platform.clock.today)
    }

    static func one(_ request: Request, _ platform: Platform) async throws -> FacilityJSON {
        return try await answer(try await visibleRecord(request, platform), platform)
    }

    static func create(_ request: Request, _ platform: Platform) async throws -> Response {
        let created = try await service(request, platform).create(try request.jsonObject())
        let response = try await answer(created, platform).encodeResponse(for: request)
        response.status = .created
        return response
    }

    static func update(_ request: Request, _ platform: Platform) async throws -> FacilityJSON {
        let service = try service(request, platform)
        let current = try request.resolved(FacilityRecord.self)
        try await service.requireEditor(current)
        return try await answer(try await service.update(current, with: try request.jsonObject()), platform)
    }
}

/// The registry as a table: list exports and the import template share these columns. Region
/// fields are written as their code and, beside it, the region's name.
enum FacilityExport {
    typealias Field = RegistryField<FacilityRecord>

    static func fields(_ schema: RegistrySchema<FacilityRecord>) -> [Field] { schema.fields.filter { $0.access != .system } }

    static func header(_ schema: RegistrySchema<FacilityRecord> = FacilityFields.schema) -> [String] {
        fields(schema).flatMap(\.exportHeaders) + ["问题"]
    }

    static func row(
        _ record: FacilityRecord, problems: [FacilityRules.Problem], names: [String: String], schema: RegistrySchema<FacilityRecord> = FacilityFields.schema
    ) -> [Cell] {
        fields(schema).flatMap { $0.exportCells(record, names: names) } + [.text(problems.map(\.label).joined(separator: "；"))]
    }

    /// The whole filtered list as a file, written batch by batch to disk and sent from there.
    static func response(_ service: FacilityService, _ parameters: ListParameters, format: ExportFormat, request: Request) async throws -> Response {
        let writer = try ExportFile(format: format, sheetName: "设施名录", header: header())
        try await service.forEachBatch(parameters) { records, problems, names in
            try writer.append(records.map { row($0, problems: problems[$0.id] ?? [], names: names) })
        }
        return try await writer.response(name: "设施名录", for: request)
    }
}
