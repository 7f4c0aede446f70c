import Foundation
import OpenAPIKit
import Spreadsheet
import Vapor
import YanglaoCore

/// A registry's JSON API, declared once. From it the kit registers, under `/api/v1/<path>`, the
/// list (and its export), registration, one record, its change, the import and its template, each
/// with its access checked at the route and a `/{id}` record found within the caller's scope before
/// the handler runs; and from the same declaration it writes their OpenAPI operations
/// (`documentPart`). A registry supplies only its answers and what a save does.
package struct RegistryAPI<Record: RegistryRecord>: Sendable {
    /// A page of the list as the registry answers it; the kit adds the cursor and the count.
    package struct Page: Sendable {
        package var items: [JSONValue]
        package var next: String?
        package var total: ListCount
        /// The registry's own members of the answer (the facilities' sums).
        package var extra: [String: JSONValue]

        package init(items: [JSONValue], next: String?, total: ListCount, extra: [String: JSONValue] = [:]) {
            self.items = items
            self.next = next
            self.total = total
            self.extra = extra
        }

        var json: JSONValue {
            .object(total.json.merging(extra) { $1 }.merging(["items": .array(items), "next": next.map(JSONValue.string) ?? .null]) { $1 })
        }
    }

    /// How large an import's file may be: a form-sized upload or a register of hundreds of thousands of rows.
    package enum UploadLimit: Sendable {
        case standard, bulk

        func bytes(_ configuration: AppConfiguration) -> Int {
            switch self {
            case .standard: configuration.maximumUploadBytes
            case .bulk: configuration.maximumBulkUploadBytes
            }
        }
    }

    /// The path under `/api/v1` ("facilities").
    package var path: String
    package var read: Action
    package var edit: Action
    package var listing: RegistryListing
    /// Finds the record of a `/{id}` route within the caller's scope.
    package var resolver: RecordResolver
    package var uploadLimit: UploadLimit = .standard
    /// What the OpenAPI document says of it.
    package var documentation: RegistryAPIDocumentation

    package var page: @Sendable (Request, ListParameters) async throws -> Page
    /// The whole filtered list as a file.
    package var export: @Sendable (Request, ListParameters, ExportFormat) async throws -> Response
    package var one: @Sendable (Request, Record) async throws -> JSONValue
    package var create: @Sendable (Request, [String: InputValue]) async throws -> JSONValue
    package var update: @Sendable (Request, Record, [String: InputValue]) async throws -> JSONValue
    /// `POST …/import?dryRun=`: the file is the body.
    package var importFile: @Sendable (Request) async throws -> Response
    package var templateSheets: @Sendable () -> [Sheet]

    package init(
        path: String, read: Action, edit: Action, listing: RegistryListing, resolver: RecordResolver, uploadLimit: UploadLimit = .standard,
        documentation: RegistryAPIDocumentation,
        page: @escaping @Sendable (Request, ListParameters) async throws -> Page,
        export: @escaping @Sendable (Request, ListParameters, ExportFormat) async throws -> Response,
        one: @escaping @Sendable (Request, Record) async throws -> JSONValue,
        create: @escaping @Sendable (Request, [String: InputValue]) async throws -> JSONValue,
        update: @escaping @Sendable (Request, Record, [String: InputValue]) async throws -> JSONValue,
        importFile: @escaping @Sendable (Request) async throws -> Response,
        templateSheets: @escaping @Sendable () -> [Sheet]
    ) {
        self.path = path
        self.read = read
        self.edit = edit
        self.listing = listing
        self.resolver = resolver
        self.uploadLimit = uploadLimit
        self.documentation = documentation
        self.page = page
        self.export = export
        self.one = one
        self.create = create
        self.update = update
        self.importFile = importFile
        self.templateSheets = templateSheets
    }

    package func register(on api: any RoutesBuilder, platform: Platform) {
        let routes = api.grouped(PathComponent(stringLiteral: path))
        routes.get(access: .may(read)) { request -> Response in
            let parameters = try ListParameters(request, listing: listing)
            if let format = try ExportFormat.requested(request) { return try await export(request, parameters, format) }
            return try await page(request, parameters).json.response()
        }
        routes.post(access: .may(edit)) { request in try await create(request, try request.jsonObject()).response(status: .created) }
        routes.get(":id", access: .may(read), record: resolver) { request in try await one(request, try request.resolved(Record.self)).response() }
        routes.patch(":id", access: .may(edit), record: resolver) { request in
            try await update(request, try request.resolved(Record.self), try request.jsonObject()).response()
        }
        routes.post("import", access: .may(edit), maximumBody: uploadLimit.bytes(platform.configuration)) { try await importFile($0) }
        routes.get("import", "template", access: .may(edit)) { try templateResponse($0) }
    }

    /// The import template as the request asks for it (`format=csv`, XLSX otherwise); the pages send the same.
    package func templateResponse(_ request: Request) throws -> Response {
        try (try ExportFormat.requested(request) ?? .xlsx).response(sheets: templateSheets(), name: documentation.templateName)
    }
}
