import Foundation
import Spreadsheet
import SQLKit
import Vapor
import YanglaoCore

/// `/api/v1/regions`: the tree of the caller's scope, one unit with its children, and the import.
package enum RegionsAPI {
    package static func register(on api: any RoutesBuilder, platform: Platform) {
        let regions = api.grouped("regions")
        regions.get(access: .may(.readRegions)) { try await tree($0, platform) }
        regions.get("import", "template", access: .may(.manageRegions)) { try templateResponse($0) }
        regions.post("import", access: .may(.manageRegions), maximumBody: platform.configuration.maximumUploadBytes) { try await importFile($0, platform) }
        regions.get(":code", access: .may(.readRegions), record: resolver) { try await one($0, platform) }
    }

    /// The region of a `/:code` route, within the caller's scope (404, audited, outside).
    package static let resolver = RecordResolver(entity: "region") { request in
        try await visibleRegion(request.parameters.get("code") ?? "", request, request.application.platform!)
    }

    package struct RegionDetail: Content {
        package struct Ancestor: Content {
            package var code: String
            package var name: String
            package var level: String
        }
        package var code: String
        package var name: String
        package var level: String
        package var kind: String?
        package var parentCode: String?
        package var effectiveFrom: String?
        package var effectiveTo: String?
        package var mergedInto: String?
        package var path: [Ancestor]
        package var children: [RegionNode]
    }

    /// `GET /api/v1/regions?region=CODE&date=YYYY-MM-DD&includeHistory=true&format=csv`
    package static func tree(_ request: Request, _ platform: Platform) async throws -> Response {
        let scope = try platform.user(of: request).scope
        let store = RegionStore(sql: platform.sql)
        let date = try effectiveDate(request, platform)
        let root: StoredRegion
        if let code = request.query[String.self, at: "region"] {
            root = try await visibleRegion(code, request, platform)
        } else if let code = scope.rootCode, let region = try await store.find(code) {
            root = region
        } else {
            throw APIError.notFound("区划")
        }
        let subtree = try await store.subtree(of: root)
        let node = RegionTree.build(root: root, regions: subtree, effectiveOn: date)
        if let format = try ExportFormat.requested(request) {
            let rows = subtree.filter { date == nil || $0.entry.isEffective(on: date!) }
            return try format.response(sheet: regionSheet(rows), name: "\(root.name)区划")
        }
        return try await node.encodeResponse(for: request)
    }

    /// `GET /api/v1/regions/{code}`: the unit, the path down to it, and its children.
    package static func one(_ request: Request, _ platform: Platform) async throws -> RegionDetail {
        let scope = try platform.user(of: request).scope
        let store = RegionStore(sql: platform.sql)
        let region = try request.resolved(StoredRegion.self)
        let date = try effectiveDate(request, platform)
        let ancestors = try await store.find(codes: region.ancestorCodes).sorted { $0.level < $1.level }
        let children = try await store.children(of: region.code)
            .filter { date == nil || $0.entry.isEffective(on: date!) }
        return RegionDetail(
            code: region.code, name: region.name, level: region.level.label, kind: region.kind,
            parentCode: region.parentCode, effectiveFrom: region.effectiveFrom, effectiveTo: region.effectiveTo,
            mergedInto: region.mergedInto,
            path: ancestors.filter { scope.contains($0) }.map { .init(code: $0.code, name: $0.name, level: $0.level.label) },
            children: children.map { RegionNode($0) }
        )
    }

    /// `POST /api/v1/regions/import?dryRun=true|false` with the CSV as the body.
    package static func importFile(_ request: Request, _ platform: Platform) async throws -> Response {
        let user = try platform.user(of: request)
        return try await ImportFlow.apiResponse(
            RegionImport(scope: user.scope), request, platform: platform, actor: AuditActor(user.account, ip: request.clientIP)
        )
    }

    package static func templateResponse(_ request: Request) throws -> Response {
        let format = try ExportFormat.requested(request) ?? .csv
        return try format.response(sheet: regionSheet([]), name: "区划导入模板")
    }

    /// Regions in the import's own columns, so that an export imports again unchanged.
    package static func regionSheet(_ regions: [StoredRegion]) -> Sheet {
        Sheet(name: "区划", header: RegionRow.requiredColumns + RegionRow.optionalColumns,
              rows: regions.map { RegionRow.cells(of: $0.entry).map { .text($0) } })
    }

    /// A region the caller may see: 404 when it does not exist, 404 (audited) when it is out of scope.
    package static func visibleRegion(_ code: String, _ request: Request, _ platform: Platform) async throws -> StoredRegion {
        guard let region = try await RegionStore(sql: platform.sql).find(code) else { throw APIError.notFound("区划") }
        guard try platform.user(of: request).scope.contains(region) else {
            throw try await platform.outOfScope(request, entityType: "region", entityID: code, what: "区划")
        }
        return region
    }

    /// Today by default; `includeHistory=true` shows merged and retired units too.
    package static func effectiveDate(_ request: Request, _ platform: Platform) throws -> LocalDate? {
        if request.query[Bool.self, at: "includeHistory"] == true { return nil }
        if let raw = request.query[String.self, at: "date"] {
            guard let date = LocalDate(parsing: raw) else {
                throw APIError.invalid("日期格式应为 YYYY-MM-DD", fields: ["date": "日期“\(raw)”无法识别"])
            }
            return date
        }
        return platform.clock.today
    }
}
