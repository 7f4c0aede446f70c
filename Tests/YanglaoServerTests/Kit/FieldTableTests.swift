import Foundation
import Plot
import Spreadsheet
import SQLKit
import Testing
import Vapor
import VaporTesting
import YanglaoCore
@testable import YanglaoPlatform
@testable import YanglaoElders
@testable import YanglaoFacilities
@testable import YanglaoPlans
@testable import YanglaoServer

/// One declaration in the field table is enough: the field is read and written in its column, and
/// appears in the JSON, the form, the record page, the export, the import template and the OpenAPI
/// schema, with `null` / "—" where nobody filled it in.
@Suite struct FieldTableTests {
    /// The facility table with one more field, declared once (its column added as a migration would).
    static let starRating = RegistryField<FacilityRecord>.custom(
        "starRating", "星级评定", section: FacilityFields.basics, kind: .oneOf(["一级", "二级", "三级", "四级", "五级"]), column: "star_rating")
    static let schema = RegistrySchema<FacilityRecord>(table: "facilities", noun: "设施", fields: FacilityFields.all + [starRating]) { id in
        FacilityRecord(facility: .empty(id: id), functions: [], agreements: [])
    }

    @Test(arguments: TestDatabase.available)
    func aFieldAddedOnceAppearsEverywhere(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { _, platform in
            try await platform.sql.raw("ALTER TABLE facilities ADD COLUMN star_rating TEXT").run()
            let schema = Self.schema
            var record = schema.blank("test-star")
            let errors = schema.apply(["name": .string("星级院"), "category": .string("养老机构"), "starRating": .string("三级")],
                                      to: &record, isNew: true, handled: FacilityEditor.handledKeys)
            #expect(errors.isEmpty, "\(errors)")
            record.facility.code = "TEST-1"
            record.facility.createdAt = "2026-11-28T00:00:00Z"
            record.facility.updatedAt = record.facility.createdAt
            record.facility.regionCode = "320685101"
            record.facility.supervisingRegionCode = "320685101"
            try await schema.insert([record], on: platform.sql)
            let row = try #require(try await platform.sql.select().column("*").from("facilities").where("id", .equal, "test-star").first())
            let stored = try schema.decode(row)
            #expect(stored.custom["starRating"] == .text("三级"), "written to and read from its column")

            #expect(schema.json(stored)["starRating"] == .string("三级"), "JSON out")
            #expect(schema.json(schema.blank("x"))["starRating"] == .null, "null where not filled in")
            var wrong = stored
            #expect(schema.apply(["starRating": .string("六级")], to: &wrong, isNew: false)["starRating"] == "星级评定“六级”无效，应为 一级、二级、三级、四级、五级 之一",
                    "JSON in, checked at the field")

            let form = render(RegistryPageComponents.formSections(schema, fields: schema.inputFields, record: stored, values: [:], errors: [:], regions: []))
            #expect(form.contains("星级评定") && form.contains(#"name="starRating""#) && form.contains(#"<option value="三级" selected="selected">三级</option>"#))
            let page = render(RegistryPageComponents.recordSections(schema, record: stored, names: [:]))
            #expect(page.contains("<dt>星级评定</dt><dd>三级</dd>"))
            #expect(render(RegistryPageComponents.recordSections(schema, record: schema.blank("y"), names: [:])).contains("<dt>星级评定</dt><dd>—</dd>"))

            let header = FacilityExport.header(schema)
            let cells = FacilityExport.row(stored, problems: [], names: [:], schema: schema)
            let column = try #require(header.firstIndex(of: "星级评定"), "in the export")
            #expect(cells[column] == .text("三级"))
            #expect(FacilityImport.templateColumns(schema).contains("星级评定"), "in the import template")

            let openAPI = try JSONValue(encoding: schema.recordSchema())
            #expect(openAPI["properties"]?["starRating"]?["enum"] == ["一级", "二级", "三级", "四级", "五级", .null])
            #expect(openAPI["properties"]?["starRating"]?["type"] == ["string", "null"])
            #expect(try JSONValue(encoding: schema.inputSchema())["properties"]?["starRating"] != nil)
        }
    }

    /// Every field of the facility table is in the answers of the running server: its key in the
    /// API's JSON and the OpenAPI document, its label in the form, the record page, the export and
    /// the template.
    @Test(arguments: TestDatabase.available)
    func everyFieldOfTheFacilityTableIsInEveryOutput(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let city = try await app.token("demo-city")
            let list = try await app.send(.GET, "api/v1/facilities?limit=1", as: city)
            let item = try #require(try JSONSerialization.jsonObject(with: Data(buffer: list.body)) as? [String: Any])
            let first = try #require((item["items"] as? [[String: Any]])?.first)
            let document = try JSONSerialization.jsonObject(with: Data(buffer: try await app.testing().sendRequest(.GET, "openapi.json").body)) as? [String: Any]
            let schemas = (document?["components"] as? [String: Any])?["schemas"] as? [String: Any]
            let facilitySchema = ((schemas?["Facility"] as? [String: Any])?["properties"] as? [String: Any]) ?? [:]
            var client = try await WebClient.signedIn(app, "demo-city")
            let form = try await client.get("/facilities/new").body.string
            let id = try #require(first["id"] as? String)
            let page = try await client.get("/facilities/\(id)").body.string
            let export = try XLSXReader.read(Array(buffer: try await app.send(.GET, "api/v1/facilities?format=xlsx", as: city).body))
            let template = try XLSXReader.read(Array(buffer: try await app.send(.GET, "api/v1/facilities/import/template", as: city).body))
            for field in FacilityFields.schema.fields {
                #expect(first.keys.contains(field.key), "\(field.key) in the API")
                #expect(facilitySchema[field.key] != nil, "\(field.key) in the OpenAPI document")
                #expect(page.contains(field.label), "\(field.label) on the record page")
                guard field.access != .system else { continue }
                #expect(form.contains(field.label), "\(field.label) in the form")
                #expect(export.header.contains(field.kind == .region ? field.codeHeader : field.label), "\(field.label) in the export")
                #expect(template.header.contains { $0.hasPrefix(field.kind == .region ? field.codeHeader : field.label) }, "\(field.label) in the template")
            }
        }
    }

    func render(_ node: Node<HTML.FormContext>) -> String { HTML(.body(.form(node))).render() }
    func render(_ node: Node<HTML.BodyContext>) -> String { HTML(.body(node)).render() }
}
