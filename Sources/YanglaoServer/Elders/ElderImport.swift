import Foundation
import Spreadsheet
import SQLKit
import YanglaoCore
import YanglaoPlatform

/// The civil-affairs registry as a spreadsheet of any size (CSV in UTF-8 or GB18030, or XLSX),
/// streamed through the kit's bulk import: each row is checked like a registration (ID check
/// character, region in the importer's scope, the registry's rules), duplicates are found within
/// the file and against the registry (by the ID number's keyed hash), a person already registered
/// is updated when the row changes them and left alone when it does not.
struct ElderImport: BulkImport {
    let platform: Platform
    /// Where the importer may place persons (unrestricted at the command line).
    let scope: AccessScope

    var entityType: String { "elder" }
    var requiredColumns: [String] { ElderImportColumns.fields.filter(\.requiredOnInput).map(ElderImportColumns.header) }
    var optionalColumns: [String] { ElderImportColumns.fields.filter { !$0.requiredOnInput }.map(ElderImportColumns.header) }

    func makeRun(header: [String], on sql: any SQLDatabase) async throws -> ElderImportRun {
        // Facilities by id and by code (a bureau's sheet names the institution by its code).
        var facilities: [String: String] = [:]
        for row in try await sql.select().columns("id", "code").from("facilities").all() {
            let id = try row.decode(column: "id", as: String.self)
            facilities[id] = id
            facilities[try row.decode(column: "code", as: String.self)] = id
        }
        let known = facilities
        let regions = RegionCache(RegionStore(sql: sql))
        let editor = ElderEditor(scope: scope, today: platform.clock.today, cipher: platform.personalData, regions: regions) { known[$0] }
        return ElderImportRun(header: header, sql: sql, cipher: platform.personalData, editor: editor, regions: regions, scope: scope)
    }

    /// The import page's help: the required columns named from the field table.
    static var help: String {
        let required = ElderImportColumns.fields.filter(\.requiredOnInput).map(ElderImportColumns.header)
        return "必填列：\(required.joined(separator: "、"))（模板中以 * 标出）；其余列及允许的值见模板的“说明”页。"
            + "按身份证号码匹配已登记的人员：内容有变化的更新，没有变化的不动；任何一行有误则不写入任何数据，错误清单可下载；重复导入同一文件不产生变化。"
            + "支持 CSV（UTF-8 或 GB18030/GBK）与 XLSX，数十万行的文件亦可导入（后台处理，进度页可刷新）。"
    }
}

final class ElderImportRun: BulkImportRun {
    enum Checked {
        case create(ElderRecord)
        case update(ElderRecord, previous: ElderRecord)
        case unchanged
    }

    /// The file's columns the import reads: (cell index, field).
    let columns: [(Int, RegistryField<ElderRecord>)]
    let idColumn: Int?
    let sql: any SQLDatabase
    let cipher: PersonalDataCipher
    let editor: ElderEditor
    let regions: RegionCache
    let scope: AccessScope
    /// The first row of each ID number (by its keyed hash), to name the row a duplicate repeats.
    private var seen: [Hash128: Int] = [:]

    init(header: [String], sql: any SQLDatabase, cipher: PersonalDataCipher, editor: ElderEditor, regions: RegionCache, scope: AccessScope) {
        var byHeader: [String: RegistryField<ElderRecord>] = [:]
        for field in ElderImportColumns.fields { byHeader[ElderImportColumns.header(field)] = field }
        var columns: [(Int, RegistryField<ElderRecord>)] = []
        var taken = Set<String>()
        for (index, name) in header.enumerated() {
            guard let field = byHeader[name], !taken.contains(field.key) else { continue }
            taken.insert(field.key)
            columns.append((index, field))
        }
        self.columns = columns
        idColumn = columns.first { $0.1.key == "idNumber" }?.0
        self.sql = sql
        self.cipher = cipher
        self.editor = editor
        self.regions = regions
        self.scope = scope
    }

    struct Hash128: Hashable {
        var high: UInt64
        var low: UInt64
        init?(_ hex: String) {
            guard hex.utf8.count >= 32, let high = UInt64(hex.prefix(16), radix: 16), let low = UInt64(hex.dropFirst(16).prefix(16), radix: 16) else { return nil }
            self.high = high
            self.low = low
        }
    }

    func check(_ rows: [Table.Row]) async throws -> (checked: [Checked], problems: [RowProblem]) {
        var problems: [RowProblem] = []
        // The ID number of each row, normalised and hashed: what the registry is matched on.
        var hashes: [String?] = []
        hashes.reserveCapacity(rows.count)
        for row in rows {
            let text = idColumn.map { $0 < row.cells.count ? row.cells[$0] : "" } ?? ""
            hashes.append((try? PersonalKind.idNumber.normalise(text).get()).map(cipher.lookupHash))
        }
        let existing = try await existingRecords(Set(hashes.compactMap { $0 }))
        try await regions.preload(Set(rows.compactMap { row in columns.first { $0.1.key == "regionCode" }.map { $0.0 < row.cells.count ? row.cells[$0.0] : "" } }))
        var checked: [Checked] = []
        checked.reserveCapacity(rows.count)
        let now = Clock.timestamp()
        for (row, hash) in zip(rows, hashes) {
            if let hash, let key = Hash128(hash) {
                if let first = seen[key] {
                    problems.append(RowProblem(row: row.number, field: "身份证号码", message: "身份证号码与第\(first)行重复"))
                    continue
                }
                seen[key] = row.number
            }
            let fields = inputFields(row)
            let current: ElderRecord
            let previous = hash.flatMap { existing[$0] }
            if let previous {
                guard let region = try await regions.find(previous.regionCode), scope.contains(region) else {
                    problems.append(RowProblem(row: row.number, field: "身份证号码", message: "该身份证号码已在其他辖区登记，不能由您导入修改"))
                    continue
                }
                current = previous
            } else {
                var draft = ElderRecord(id: UUID().uuidString.lowercased())
                draft.createdAt = now
                draft.updatedAt = now
                current = draft
            }
            let result = try await editor.check(fields, to: current, isNew: previous == nil)
            if !result.errors.isEmpty {
                for (key, message) in result.errors.sorted(by: { $0.key < $1.key }) {
                    problems.append(RowProblem(row: row.number, field: ElderFields.schema.byKey[key].map(ElderImportColumns.header) ?? key, message: message))
                }
                continue
            }
            if let previous {
                if result.record == previous { checked.append(.unchanged); continue }
                var changed = result.record
                changed.updatedAt = now
                checked.append(.update(changed, previous: previous))
            } else {
                checked.append(.create(result.record))
            }
        }
        return (checked, problems)
    }

    /// A row's cells as the fields the registry reads (several-of cells split at 、).
    func inputFields(_ row: Table.Row) -> [String: InputValue] {
        var fields: [String: InputValue] = [:]
        for (index, field) in columns {
            let text = index < row.cells.count ? row.cells[index] : ""
            if case .severalOf = field.kind {
                fields[field.key] = .array(text.split(whereSeparator: { "、,，;；".contains($0) }).map { .string(String($0)) })
            } else {
                fields[field.key] = .string(text)
            }
        }
        return fields
    }

    /// The persons already registered under these ID hashes, in one query.
    func existingRecords(_ hashes: Set<String>) async throws -> [String: ElderRecord] {
        guard !hashes.isEmpty else { return [:] }
        var records: [String: ElderRecord] = [:]
        for batch in Array(hashes).chunked(into: 1000) {
            for row in try await sql.select().column("*").from("elders").where("id_number_hash", .in, Array(batch)).all() {
                let record = try ElderFields.schema.decode(row)
                if let hash = record.idNumber?.hash { records[hash] = record }
            }
        }
        return records
    }

    func write(_ rows: [Checked], on sql: any SQLDatabase) async throws -> BulkImportCounts {
        var counts = BulkImportCounts()
        var created: [ElderRecord] = []
        let store = ElderStore(sql: sql, cipher: cipher)
        for row in rows {
            switch row {
            case let .create(record): created.append(record)
            case let .update(record, previous):
                try await store.save(record, previous: previous, stays: nil, today: editor.today)
                counts.updated += 1
            case .unchanged: counts.unchanged += 1
            }
        }
        try await ElderFields.schema.insert(created, on: sql, cipher: cipher, batchSize: 1000)
        counts.created = created.count
        return counts
    }
}
