import Foundation
import Spreadsheet
import Vapor
import YanglaoCore
import YanglaoPlatform

/// The registry as a table: the list export (personal data masked) and the import template share
/// these columns; region fields are written as their code and, beside it, the region's name.
enum ElderExport {
    typealias Field = RegistryField<ElderRecord>

    static var fields: [Field] { ElderFields.schema.shownFields.filter { $0.key != "id" && $0.key != "createdAt" } }

    static func header() -> [String] {
        fields.flatMap(\.exportHeaders) + ["年龄", "人员类别（含高龄）", "能力等级名称"]
    }

    static func row(_ record: ElderRecord, names: [String: String], today: LocalDate) -> [Cell] {
        let cells = fields.flatMap { $0.exportCells(record, names: names) }
        let categories = record.facts?.categories(on: today) ?? record.categories
        return cells + [
            record.birthDate.map { .integer($0.age(on: today)) } ?? .empty,
            .text(ElderCategory.allCases.filter(categories.contains).map(\.rawValue).joined(separator: "、")),
            .text(record.abilityLevel.flatMap(AbilityAssessment.Level.init(rawValue:))?.name ?? ""),
        ]
    }

    /// The whole filtered list as a file, written batch by batch to disk and sent from there.
    static func response(_ service: ElderService, _ parameters: ListParameters, format: ExportFormat, request: Request) async throws -> Response {
        let writer = try ExportFile(format: format, sheetName: "老年人名册", header: header())
        let today = service.today
        try await service.forEachBatch(parameters) { records, names in
            try writer.append(records.map { row($0, names: names, today: today) })
        }
        return try await writer.response(name: "老年人名册", for: request)
    }
}

/// The import's columns, from the field table: what a person may be registered with.
enum ElderImportColumns {
    typealias Field = RegistryField<ElderRecord>

    static var fields: [Field] { ElderFields.schema.inputFields }

    static func header(_ field: Field) -> String { field.kind == .region ? field.codeHeader : field.label }

    /// The example row: a number that passes GB 11643's check but belongs to no one (999999 is no
    /// address code of GB/T 2260), a phone of no carrier's range, an address that says it is one.
    static let example: [String: String] = [
        "name": "示例老人（本行为示例，导入时跳过）", "idNumber": "999999194001010013", "sex": "男", "birthDate": "1940-01-01", "phone": "12300000000",
        "address": "（示例地址）某镇某村 1 组 1 号", "regionCode": "320685101201", "categories": "特困、独居", "supportMode": "分散供养",
        "willingForCentralised": "是", "willingRecordedOn": "2021-03-01", "selfCareCheckedOn": "2021-03-01", "selfCareUnable": "自主洗澡",
    ]

    static func templateSheets() -> [Sheet] {
        RegistryTemplate.sheets(name: "老年人导入模板", columns: fields.map {
            RegistryTemplate.Column(field: $0, header: header($0), example: example[$0.key] ?? "")
        })
    }
}
