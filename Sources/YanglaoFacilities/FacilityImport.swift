import YanglaoPlatform
import Foundation
import Spreadsheet
import SQLKit
import Vapor
import YanglaoCore

/// Facility lists through the shared import flow. A row is matched on the platform's facility code
/// when given, else the unified social credit code, else region + name (community stations have
/// neither code); it is checked by the same editor as the API, so a row fails exactly where a
/// form would. An exported list imports again unchanged.
struct FacilityImport: TableImport {
    let platform: Platform
    let user: CurrentUser

    typealias Field = RegistryField<FacilityRecord>

    /// The columns an import reads: every field a caller may send; a region by its code.
    static var inputFields: [Field] { FacilityFields.schema.inputFields }
    static func header(_ field: Field) -> String { field.kind == .region ? field.codeHeader : field.label }

    static let code = "设施编码", name = "名称"
    static let region = "所在区划代码", supervising = "主管部门区划代码"

    var requiredColumns: [String] { Self.inputFields.filter(\.requiredOnInput).map(Self.header) }
    /// The template's columns, required ones marked with * (the import reads them with or without).
    static func templateColumns(_ schema: RegistrySchema<FacilityRecord> = FacilityFields.schema) -> [String] {
        schema.inputFields.map { $0.requiredOnInput ? header($0) + "*" : header($0) }
    }

    /// The template's example row: a facility as a town would register it.
    static let example: [String: String] = [
        "name": "角斜镇颐养院", "category": "养老机构", "functions": "护理型、普惠", "regionCode": "320685101", "institutionKind": "其他养老机构",
        "status": "运营", "address": "角斜镇人民路 1 号", "operatorName": "角斜镇颐养院", "profitType": "非营利", "filingStatus": "已备案",
        "filedOn": "2021-03-10", "openedOn": "2021-03-01", "beds": "60", "nursingBeds": "40", "occupiedBeds": "45", "residents": "45",
        "specialHardshipResidents": "10", "staffCount": "12", "operationMode": "公建民营", "internalClinic": "是", "nursingStation": "否",
        "fireAcceptance": "是", "fireCompliant": "是", "foodCompliant": "是", "fumeTreated": "是", "sewageConnected": "是",
    ]

    /// The workbook of the template: the sheet to fill in, 说明, and the drop-downs' 选项.
    static func templateSheets(_ schema: RegistrySchema<FacilityRecord> = FacilityFields.schema) -> [Sheet] {
        RegistryTemplate.sheets(name: "设施导入模板", columns: schema.inputFields.map {
            RegistryTemplate.Column(field: $0, header: header($0), example: example[$0.key] ?? "")
        })
    }

    /// The import page's help: the required columns named from the field table.
    static var help: String {
        let required = inputFields.filter(\.requiredOnInput).map(header)
        return "必填列：\(required.joined(separator: "、"))（模板中以 * 标出）；其余列及允许的值见模板的“说明”页（也可从“设施名录”导出后修改再导入）。"
            + "按设施编码匹配已有设施，无编码时按统一社会信用代码，再无时按所在区划与名称；任何一行有误则不写入任何数据；重复导入同一文件不产生变化。"
            + "只能导入由本级或下级主管的设施。模板中以“\(RegistryTemplate.exampleMark)”开头的示例行不导入。"
    }
    var optionalColumns: [String] { Self.inputFields.filter { !$0.requiredOnInput }.map(Self.header) }
    var auditEntityType: String { "facility" }

    struct Change: Sendable {
        var record: FacilityRecord
        var previous: FacilityRecord?
    }

    /// Column header → API key, for the columns an import reads (names and problems are export-only).
    static var keys: [String: String] {
        Dictionary(uniqueKeysWithValues: inputFields.map { (header($0), $0.key) })
    }

    static var labels: [String: String] { Dictionary(uniqueKeysWithValues: keys.map { ($0.value, $0.key) }) }

    func auditValues(_ changes: [Change]) -> (before: String?, after: String?) {
        let before = changes.compactMap(\.previous)
        func list(_ records: [FacilityRecord]) -> String { "[" + records.map(FacilityService.auditJSON).joined(separator: ",") + "]" }
        return (before.isEmpty ? nil : list(before), list(changes.map(\.record)))
    }

    /// The facilities (how many, the latest change) and the regions (how many) a plan reads.
    func planVersion(on db: any SQLDatabase) async throws -> String? {
        let facilities = try await db.select().column(SQLAlias(SQLRaw("COUNT(*)"), as: SQLIdentifier("n")))
            .column(SQLAlias(SQLRaw("COALESCE(MAX(updated_at), '')"), as: SQLIdentifier("latest"))).from("facilities").first()
        let regions = try await db.select().column(SQLAlias(SQLRaw("COUNT(*)"), as: SQLIdentifier("n"))).from("regions").first()
        return [try facilities?.decode(column: "n", as: Int.self).description, try facilities?.decode(column: "latest", as: String.self),
                try regions?.decode(column: "n", as: Int.self).description].compactMap { $0 }.joined(separator: "|")
    }

    func plan(_ table: Table, on db: any SQLDatabase) async throws -> ImportPlan<[Change]> {
        let store = platform.facilityStore(db)
        let visible = try await store.visibleRecords(for: user)
        let byCode = Dictionary(visible.map { ($0.facility.code, $0) }, uniquingKeysWith: { first, _ in first })
        let byCredit = Dictionary(visible.compactMap { record in record.facility.creditCode.map { ($0, record) } }, uniquingKeysWith: { first, _ in first })
        let byPlace = Dictionary(visible.map { ("\($0.facility.regionCode)|\($0.facility.name)", $0) }, uniquingKeysWith: { first, _ in first })
        // Every region the file names, looked up in a few batched queries instead of several a row.
        let regions = RegionCache(RegionStore(sql: db))
        try await regions.preload(table.rows.flatMap { row -> [String] in
            let cells = table.fields(of: row)
            return [cells[Self.region], cells[Self.supervising]].compactMap { $0?.trimmingWhitespace() }.filter { !$0.isEmpty }
        } + visible.map(\.facility.supervisingRegionCode))
        let editor = FacilityEditor(platform: platform, user: user, sql: db, regionLookup: regions)
        let present = Set(table.header)
        let keys = Self.keys
        let labels = Self.labels

        var problems: [RowProblem] = []
        var changes: [Change] = []
        var seen: [String: Int] = [:]
        var created = 0, updated = 0, unchanged = 0
        for row in table.rows {
            let cells = table.fields(of: row)
            var fields: [String: InputValue] = [:]
            for (label, key) in keys where present.contains(label) { fields[key] = .string(cells[label] ?? "") }
            let code = cells[Self.code]?.trimmingWhitespace() ?? ""
            let credit = cells[FacilityFields.schema.byKey["creditCode"]!.label]?.trimmingWhitespace() ?? ""
            let place = "\(cells[Self.region]?.trimmingWhitespace() ?? "")|\(cells[Self.name]?.trimmingWhitespace() ?? "")"
            let matchKey = !code.isEmpty ? "code:\(code)" : !credit.isEmpty ? "credit:\(credit)" : "place:\(place)"
            if let earlier = seen[matchKey] {
                problems.append(RowProblem(row: row.number, field: nil, message: "与第\(earlier)行是同一设施（\(matchKey.split(separator: ":").first == "place" ? "所在区划与名称相同" : "编码相同")）"))
                continue
            }
            seen[matchKey] = row.number
            let existing = !code.isEmpty ? byCode[code] : !credit.isEmpty ? byCredit[credit] : byPlace[place]
            if !code.isEmpty, let problem = FacilityRules.codeProblem(code) {
                problems.append(RowProblem(row: row.number, field: Self.code, message: problem))
                continue
            }
            if !code.isEmpty, existing == nil, try await store.find(code: code) != nil {
                problems.append(RowProblem(row: row.number, field: Self.code, message: "设施编码“\(code)”已被使用或不在您的管辖范围内"))
                continue
            }
            do {
                if let existing {
                    let rights = try await store.editingRights(of: existing.facility, for: user, regions: regions)
                    guard rights.allowed else {
                        throw APIError(.forbidden, code: "forbidden", message: "“\(existing.facility.name)”由\(rights.bureau?.name ?? "上级")主管，您无权修改")
                    }
                }
                let draft = existing ?? FacilityRecord(facility: Facility.empty(id: UUID().uuidString.lowercased(), code: code, now: Clock.timestamp()),
                                                       functions: [], agreements: [])
                var record = try await editor.apply(fields, to: draft, isNew: existing == nil)
                if let existing, record.facility == existing.facility, record.functions == existing.functions, record.custom == existing.custom {
                    unchanged += 1
                    continue
                }
                record.facility.updatedAt = Clock.timestamp()
                if existing == nil { created += 1 } else { updated += 1 }
                changes.append(Change(record: record, previous: existing))
            } catch let error as APIError {
                if error.fields.isEmpty {
                    problems.append(RowProblem(row: row.number, field: nil, message: error.message))
                }
                for (key, message) in error.fields.sorted(by: { $0.key < $1.key }) {
                    problems.append(RowProblem(row: row.number, field: labels[key] ?? key, message: message))
                }
            }
        }
        return ImportPlan(rows: table.rows.count, problems: problems, created: created, updated: updated, unchanged: unchanged, changes: changes)
    }

    func commit(_ changes: [Change], on db: any SQLDatabase) async throws {
        let store = platform.facilityStore(db)
        var codes = try await store.codeAllocator(for: changes.filter { $0.record.facility.code.isEmpty }.map(\.record.facility.regionCode))
        var created: [FacilityRecord] = []
        for change in changes {
            var record = change.record
            if record.facility.code.isEmpty { record.facility.code = codes.next(regionCode: record.facility.regionCode) }
            if let previous = change.previous { try await store.save(record, previous: previous.facility) } else { created.append(record) }
        }
        try await store.saveNew(created)
    }
}
