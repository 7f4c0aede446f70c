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

    func makeRun(header: [String], on sql: any SQLDatabase, writing: Bool, actor: AuditActor) async throws -> ElderImportRun {
        // A bureau's sheet names the institution by its code (or id): each one asked once per import.
        let facilities = FacilityLookup(directory: platform.interfaces.facilities, sql: sql)
        let regions = RegionCache(RegionStore(sql: sql))
        let editor = ElderEditor(scope: scope, today: platform.clock.today, cipher: platform.personalData, regions: regions) {
            try await facilities.id(of: $0)
        }
        return ElderImportRun(header: header, sql: sql, cipher: platform.personalData, editor: editor, regions: regions, scope: scope, sealing: writing,
                              platform: platform, actor: actor)
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
        /// A new person; `held` when the number is registered only outside the importer's region
        /// (`DuplicateRegistration`): written like any other, then held for review.
        case create(ElderRecord, held: Held?)
        case update(ElderRecord, previous: ElderRecord)
        case unchanged
    }

    struct Held: Sendable {
        var originalID: String
        var hash: String
    }

    /// How a row's number stands against the records carrying it.
    enum Holding: Sendable {
        case none
        /// The row updates a registration held for review: its placeholder hash stays.
        case previousHeld
        /// The row registers the number again, held for review against the original.
        case newHeld(Held)
    }

    /// The file's columns the import reads: (cell index, field).
    let columns: [(Int, RegistryField<ElderRecord>)]
    let idColumn: Int?
    let sql: any SQLDatabase
    let cipher: PersonalDataCipher
    let editor: ElderEditor
    let regions: RegionCache
    let scope: AccessScope
    let platform: Platform
    /// Who each changed person's audit entry names.
    let actor: AuditActor
    /// Whether checked rows are sealed for writing (a commit), spread over the cores with the checks.
    let sealing: Bool
    /// The first row of each ID number (by its keyed hash), to name the row a duplicate repeats.
    private var seen: [Hash128: Int] = [:]

    init(header: [String], sql: any SQLDatabase, cipher: PersonalDataCipher, editor: ElderEditor, regions: RegionCache, scope: AccessScope, sealing: Bool,
         platform: Platform, actor: AuditActor) {
        self.actor = actor
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
        self.sealing = sealing
        self.platform = platform
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

    /// What the sequential part of a check hands to the parallel part: a row, the person it updates
    /// (if registered), or the problem that already rules it out.
    enum Planned: Sendable {
        case check(Table.Row, fields: [String: InputValue], previous: ElderRecord?, holding: Holding)
        case refused(RowProblem)
    }

    func check(_ rows: [Table.Row]) async throws -> (checked: [Checked], problems: [RowProblem]) {
        // The ID number of each row, normalised and hashed: what the registry is matched on.
        var hashes: [String?] = []
        hashes.reserveCapacity(rows.count)
        for row in rows {
            let text = idColumn.map { $0 < row.cells.count ? row.cells[$0] : "" } ?? ""
            hashes.append((try? PersonalKind.idNumber.normalise(text).get()).map(cipher.lookupHash))
        }
        let existing = try await existingRecords(Set(hashes.compactMap { $0 }))
        let regionColumn = columns.first { $0.1.key == "regionCode" }?.0
        try await regions.preload(Set(rows.compactMap { row in regionColumn.map { $0 < row.cells.count ? row.cells[$0] : "" } }
            + existing.values.flatMap { $0.map(\.record.regionCode) }))
        var planned: [Planned] = []
        planned.reserveCapacity(rows.count)
        for (row, hash) in zip(rows, hashes) {
            if let hash, let key = Hash128(hash) {
                if let first = seen[key] {
                    planned.append(.refused(RowProblem(row: row.number, field: "身份证号码", message: "身份证号码与第\(first)行重复")))
                    continue
                }
                seen[key] = row.number
            }
            // A person the importer sees is updated; one registered only elsewhere is registered
            // again, held for review, exactly as a new person would be (nothing tells them apart).
            var previous: ElderRecord?
            var holding = Holding.none
            if let hash, let carrying = existing[hash] {
                var matches: [DuplicateRegistration.Match] = []
                for item in carrying {
                    let visible = try await regions.find(item.record.regionCode).map(scope.contains) ?? false
                    matches.append(DuplicateRegistration.Match(id: item.record.id, visible: visible, held: item.held))
                }
                switch DuplicateRegistration.decide(matches) {
                case let .alreadyRegistered(id):
                    let found = carrying.first { $0.record.id == id }
                    previous = found?.record
                    if found?.held == true { holding = .previousHeld }
                case let .held(originalID): holding = .newHeld(Held(originalID: originalID, hash: hash))
                case .new: break
                }
            }
            var fields = inputFields(row)
            // The row carries the held registration's own number (fixed once registered): its placeholder stays.
            if case .previousHeld = holding { fields["idNumber"] = nil }
            planned.append(.check(row, fields: fields, previous: previous, holding: holding))
        }
        // The rows' own checks (and the sealing of a commit) on every core.
        let parts = planned.chunked(into: max(1, (planned.count + Self.cores - 1) / Self.cores))
        let editor = editor, cipher = cipher, sealing = sealing
        let now = Clock.timestamp()
        let results = try await withThrowingTaskGroup(of: (Int, [Checked], [RowProblem]).self) { group in
            for (index, part) in parts.enumerated() {
                group.addTask {
                    let (checked, problems) = try await Self.check(Array(part), editor: editor, cipher: cipher, sealing: sealing, now: now)
                    return (index, checked, problems)
                }
            }
            var collected: [(Int, [Checked], [RowProblem])] = []
            for try await result in group { collected.append(result) }
            return collected.sorted { $0.0 < $1.0 }
        }
        return (results.flatMap { $0.1 }, results.flatMap { $0.2 })
    }

    static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)

    private static func check(
        _ planned: [Planned], editor: ElderEditor, cipher: PersonalDataCipher, sealing: Bool, now: String
    ) async throws -> ([Checked], [RowProblem]) {
        var ids = RecordIDs()
        var checked: [Checked] = []
        var problems: [RowProblem] = []
        for item in planned {
            switch item {
            case let .refused(problem): problems.append(problem)
            case let .check(row, fields, previous, holding):
                var current = previous ?? ElderRecord(id: ids.next())
                if previous == nil {
                    current.createdAt = now
                    current.updatedAt = now
                }
                let result = try await editor.check(fields, to: current, isNew: previous == nil)
                if !result.errors.isEmpty {
                    for (key, message) in result.errors.sorted(by: { $0.key < $1.key }) {
                        problems.append(RowProblem(row: row.number, field: ElderFields.schema.byKey[key].map(ElderImportColumns.header) ?? key, message: message))
                    }
                    continue
                }
                var record = result.record
                if let previous, record == previous { checked.append(.unchanged); continue }
                if sealing { try ElderFields.schema.sealPersonal(&record, cipher: cipher) }
                if let previous {
                    record.updatedAt = now
                    checked.append(.update(record, previous: previous))
                } else if case let .newHeld(held) = holding {
                    record.idNumber?.hash = ElderStore.placeholderHash(record.id)
                    checked.append(.create(record, held: held))
                } else {
                    checked.append(.create(record, held: nil))
                }
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

    /// The records carrying these ID hashes (originals and registrations held for review), a
    /// query a thousand hashes.
    func existingRecords(_ hashes: Set<String>) async throws -> [String: [(record: ElderRecord, held: Bool)]] {
        guard !hashes.isEmpty else { return [:] }
        var records: [String: [(record: ElderRecord, held: Bool)]] = [:]
        for batch in Array(hashes).chunked(into: 1000) {
            let rows = try await sql.select().column("*").from("elders")
                .where(SQLBinaryExpression(SQLBinaryExpression(SQLIdentifier("id_number_hash"), .in, SQLBind.group(Array(batch))), .or,
                                           SQLBinaryExpression(SQLIdentifier("held_hash"), .in, SQLBind.group(Array(batch)))))
                .orderBy("created_at").all()
            for row in rows {
                let record = try ElderFields.schema.decode(row)
                let heldHash = try row.decode(column: "held_hash", as: String?.self)
                if let hash = heldHash ?? record.idNumber?.hash { records[hash, default: []].append((record, heldHash != nil)) }
            }
        }
        return records
    }

    func tally(_ rows: [Checked]) -> BulkImportCounts {
        var counts = BulkImportCounts()
        for row in rows {
            switch row {
            case .create: counts.created += 1
            case .update: counts.updated += 1
            case .unchanged: counts.unchanged += 1
            }
        }
        return counts
    }

    func write(_ rows: [Checked], on sql: any SQLDatabase) async throws -> BulkImportCounts {
        var counts = BulkImportCounts()
        var created: [ElderRecord] = []
        var facilities = Set<String>()
        var changes: [AuditLog.Entry] = []
        var holds: [(ElderRecord, Held)] = []
        let store = ElderStore(sql: sql, cipher: cipher)
        for row in rows {
            switch row {
            case let .create(record, held):
                created.append(record)
                if let held { holds.append((record, held)) }
                if let facility = record.facilityId { facilities.insert(facility) }
            case let .update(record, previous):
                for facility in [record.facilityId, previous.facilityId].compactMap({ $0 }) { facilities.insert(facility) }
                try await store.save(record, previous: previous, stays: nil, today: editor.today)
                changes.append(AuditLog.Entry(action: "elder.update", entityType: "elder", entityID: record.id,
                                              before: ElderService.auditJSON(previous), after: ElderService.auditJSON(record), outcome: "import"))
                counts.updated += 1
            case .unchanged: counts.unchanged += 1
            }
        }
        // Each changed person has an entry of its own, with what it was and what it became.
        try await AuditLog.record(on: sql, actor: actor, changes)
        try await ElderFields.schema.insert(created, on: sql, cipher: cipher, batchSize: 1000)
        counts.created = created.count
        for (record, held) in holds { try await store.hold(record.id, hash: held.hash, originalID: held.originalID) }
        try await ElderService.auditHeld(holds.map { ($0.0.id, $0.0.regionCode, $0.1.originalID) }, sql: sql)
        // The facilities whose residents changed are judged again (resident counts from the registry).
        try await platform.interfaces.facilities.refreshProblems(ofFacilities: Set(facilities), platform: platform, sql: sql)
        return counts
    }
}

/// Record ids for new rows of an import: time-ordered UUIDs (version 7: the milliseconds of the
/// run's start, then a counter from a random start and random bits), so that a million new rows
/// append to the id index instead of landing at random pages of it. Ids only name rows; they guard
/// nothing, so one system random number a batch seeds the rest.
struct RecordIDs {
    private var generator: SplitMix64
    private var counter: UInt64
    private let milliseconds: UInt64

    init() {
        var system = SystemRandomNumberGenerator()
        generator = SplitMix64(seed: system.next())
        counter = generator.next() >> 40
        milliseconds = UInt64(Date().timeIntervalSince1970 * 1000) & 0xFFFF_FFFF_FFFF
    }

    mutating func next() -> String {
        counter += 1
        let high = milliseconds << 16 | 0x7000 | (counter >> 12 & 0x0FFF)
        let low = 0x8000_0000_0000_0000 | (counter & 0xFFF) << 50 | (generator.next() >> 14)
        let bytes = withUnsafeBytes(of: high.bigEndian) { Array($0) } + withUnsafeBytes(of: low.bigEndian) { Array($0) }
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15])).uuidString.lowercased()
    }
}

/// Facilities by the code or id a sheet gives, asked of the facilities registry once each.
actor FacilityLookup {
    let directory: any FacilityDirectory
    let sql: any SQLDatabase
    private var found: [String: String?] = [:]

    init(directory: any FacilityDirectory, sql: any SQLDatabase) {
        self.directory = directory
        self.sql = sql
    }

    func id(of given: String) async throws -> String? {
        if let known = found[given] { return known }
        let id = try await directory.facilityID(identifiedBy: given, sql: sql)
        found[given] = id
        return id
    }
}

/// The registry's import as the command line runs it.
package enum ElderCommandLine {
    /// Imports the registry from a file as the command-line operator (whole territory).
    package static func importFile(
        path: String, dryRun: Bool, problemsFile: URL?, platform: Platform,
        progress: @escaping @Sendable (BulkImportProgress) async -> Void
    ) async throws -> ImportReport {
        let report = try await BulkImportFlow.run(
            ElderImport(platform: platform, scope: .unrestricted), path: path, dryRun: dryRun, writer: platform.writer, actor: .commandLine,
            limits: platform.configuration.bulkImportLimits, problemsFile: problemsFile, progress: progress
        )
        if report.committed { _ = try await platform.sealer.sealOnce() }
        return report
    }
}
