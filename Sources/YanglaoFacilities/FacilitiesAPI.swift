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
        registry.register(on: api, platform: platform)
    }

    /// The registry's routes and their OpenAPI operations, from one declaration.
    static let registry = RegistryAPI<FacilityRecord>(
        path: "facilities", read: .readFacilities, edit: .editFacilities, listing: FacilityList.listing, resolver: resolver,
        documentation: FacilitiesOpenAPI.documentation,
        page: { request, parameters in try await page(request, parameters) },
        export: { request, parameters, format in
            try await FacilityExport.response(try service(request, request.platform), parameters, format: format, request: request)
        },
        one: { request, record in try await answer(record, request.platform).jsonValue },
        create: { request, body in try await answer(try await service(request, request.platform).create(body), request.platform).jsonValue },
        update: { request, record, body in
            let service = try service(request, request.platform)
            try await service.requireEditor(record)
            return try await answer(try await service.update(record, with: body), request.platform).jsonValue
        },
        importFile: { request in
            let platform = request.platform
            let user = try platform.user(of: request)
            return try await ImportFlow.apiResponse(
                FacilityImport(platform: platform, user: user), request, platform: platform, actor: AuditActor(user.account, ip: request.clientIP))
        },
        templateSheets: { FacilityImport.templateSheets() })

    /// The facility of a `/:id` route, found once within the caller's scope (404, audited, outside).
    static let resolver = RecordResolver(entity: "facility") { request in
        try await service(request, request.application.platform!).find(request.parameters.get("id") ?? "")
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

    static func page(_ request: Request, _ parameters: ListParameters) async throws -> RegistryAPI<FacilityRecord>.Page {
        let page = try await service(request, request.platform).list(parameters)
        let summary = page.summary
        return .init(
            items: page.records.map { FacilityJSON($0, names: page.names, problems: page.problems[$0.id] ?? []).jsonValue }, next: page.next, total: page.total,
            extra: ["summary": [
                "facilities": .number(summary.facilities), "beds": .number(summary.beds), "nursingBeds": .number(summary.nursingBeds),
                "nursingBedRatio": summary.nursingBedRatio.map(JSONValue.double) ?? .null, "occupiedBeds": .number(summary.occupiedBeds),
                "withProblems": .number(summary.withProblems),
            ]])
    }

    /// A facility the caller may see: 404 when missing, 404 (audited) when outside the scope.
    static func visibleRecord(_ request: Request, _ platform: Platform) async throws -> FacilityRecord {
        try request.resolved(FacilityRecord.self)
    }

    static func answer(_ record: FacilityRecord, _ platform: Platform) async throws -> FacilityJSON {
        let names = try await RegionStore(sql: platform.sql).names(of: [record.facility.regionCode, record.facility.supervisingRegionCode])
        return FacilityJSON(record, names: names, on: platform.clock.today)
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
