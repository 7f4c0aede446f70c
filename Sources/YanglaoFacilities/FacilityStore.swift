import YanglaoPlatform
import Foundation
import SQLKit
import YanglaoCore

/// Every query on the facilities tables. Related rows (functions, agreements) are fetched in
/// batches for a whole page, never one facility at a time.
struct FacilityStore: Sendable {
    let sql: any SQLDatabase
    /// 四有: how far back activities count (`FacilitySettings.activityWindowDays`).
    var activityWindowDays = CommunityRules.defaultActivityWindowDays
    var clock: PlatformClock = .system
    /// The elders register's residents of each facility (`platform.facilityStore` sets it; without
    /// it records carry no registered residents, for reads that do not judge problems).
    var residents: (any ResidentRegister)? = nil

    /// The facilities a caller may see: located in the scope's subtree, and for an institution
    /// operator only the facility whose code is their organisation.
    static func visibleFilter(_ user: CurrentUser, codeColumn: String = "code") -> any SQLExpression {
        let inRegion = user.scope.regionFilter("region_code")
        guard user.account.role == .institutionOperator else { return inRegion }
        return SQLBinaryExpression(inRegion, .and, SQLBinaryExpression(SQLIdentifier(codeColumn), .equal, SQLBind(user.account.organisationId ?? "")))
    }

    /// Whether a facility exists for the caller (the same filter as the lists).
    func isVisible(id: String, to user: CurrentUser) async throws -> Bool {
        try await sql.select().column("id").from("facilities").where("id", .equal, id).where(Self.visibleFilter(user)).first() != nil
    }

    /// The bureau that supervises a facility, and whether the caller may edit the facility: an
    /// editing role whose region holds that bureau.
    func editingRights(
        of facility: Facility, for user: CurrentUser, regions: (any RegionLookup)? = nil
    ) async throws -> (allowed: Bool, bureau: StoredRegion?) {
        let bureau = try await (regions ?? RegionStore(sql: sql)).find(facility.supervisingRegionCode)
        let allowed = Action.editFacilities.isAllowed(for: user.account.role) && bureau.map(user.scope.contains) == true
        return (allowed, bureau)
    }

    var schema: RegistrySchema<FacilityRecord> { FacilityFields.schema }

    func find(id: String) async throws -> FacilityRecord? {
        try await sql.select().column("*").from("facilities").where("id", .equal, id).first().map(schema.decode)
    }

    func find(code: String) async throws -> FacilityRecord? {
        try await sql.select().column("*").from("facilities").where("code", .equal, code).first().map(schema.decode)
    }

    /// Every facility the caller sees, with what hangs on it (an import's matching set).
    func visibleRecords(for user: CurrentUser, in region: StoredRegion? = nil) async throws -> [FacilityRecord] {
        var query = sql.select().column("*").from("facilities").where(Self.visibleFilter(user))
        if let region {
            query = query.where(AccessScope.region(code: region.code, level: region.level, organisation: nil).regionFilter("region_code"))
        }
        return try await records(try await query.all().map(schema.decode))
    }

    /// Facilities with their functions and agreements, fetched in batches.
    func records(_ facilities: [FacilityRecord]) async throws -> [FacilityRecord] {
        var functions: [String: Set<FacilityFunction>] = [:]
        let agreements = try await FacilityFields.agreements.load(of: facilities.map(\.id), sql: sql)
        var activities: [String: [CommunityRules.Activity]] = [:]
        var registered: [String: RegisteredResidents] = [:]
        let since = clock.today.adding(days: -activityWindowDays).description
        for batch in facilities.map(\.id).chunked(into: 500) {
            let ids = Array(batch)
            struct FunctionRow: Codable { var facilityId: String; var function: FacilityFunction }
            for row in try await sql.select().columns("facility_id", "function").from("facility_functions").where("facility_id", .in, ids)
                .all(decoding: FunctionRow.self, keyDecodingStrategy: .fromSnakeCase) {
                functions[row.facilityId, default: []].insert(row.function)
            }
            for row in try await sql.select().column("*").from("facility_activities")
                .where("facility_id", .in, ids).where("held_on", .greaterThanOrEqual, since)
                .all(decoding: FacilityActivity.self, keyDecodingStrategy: .fromSnakeCase) {
                activities[row.facilityId, default: []].append(row.rule)
            }
            registered.merge(try await residents?.residents(ofFacilities: ids, on: clock.today, sql: sql) ?? [:]) { $1 }
        }
        return facilities.map { base in
            var record = base
            record.functions = functions[base.id] ?? []
            record.agreements = (agreements[base.id] ?? []).compactMap(\.agreement)
            record.recentActivities = activities[base.id] ?? []
            record.registered = registered[base.id]
            record.activityWindowDays = activityWindowDays
            return record
        }
    }

    func record(id: String) async throws -> FacilityRecord? {
        guard let facility = try await find(id: id) else { return nil }
        return try await records([facility]).first
    }

    // MARK: Problems, kept beside the facility

    /// Writes what each facility breaks today into `facility_problems` and `problem_count`, and
    /// what it contributes this month into `facility_month_facts`, in the caller's transaction, so
    /// that "has problem X" is an SQL filter and a share an SQL sum.
    func storeProblems(_ records: [FacilityRecord]) async throws {
        let today = clock.today
        for batch in records.chunked(into: 500) {
            let ids = Array(batch).map(\.id)
            // The residents the elders registry holds, as the rules judge them (whatever path brought the record).
            let registered = try await residents?.residents(ofFacilities: ids, on: today, sql: sql) ?? [:]
            let judged = batch.map { base in
                var record = base
                record.registered = registered[base.id]
                return record
            }
            try await sql.delete(from: "facility_problems").where("facility_id", .in, ids).run()
            let rows = judged.flatMap { record in
                record.problems(on: today).map { [SQLBind(record.id), SQLBind($0.rawValue)] as [any SQLExpression] }
            }
            if !rows.isEmpty { try await sql.insert(into: "facility_problems").columns("facility_id", "problem").rows(rows).run() }
            try await sql.update("facilities")
                .set("problem_count", to: SQLQueryString("(SELECT COUNT(*) FROM facility_problems WHERE facility_problems.facility_id = facilities.id)"))
                .where("id", .in, ids).run()
            try await FacilityMonthFacts(sql: sql).write(judged, month: YearMonth(today), judgedOn: today)
        }
    }

    /// Recomputes the stored problems of these facilities (their residents changed in the elders registry).
    func refreshProblems(ofFacilities ids: some Collection<String>) async throws {
        guard !ids.isEmpty else { return }
        var found: [FacilityRecord] = []
        for batch in Array(ids).chunked(into: 500) {
            found += try await sql.select().column("*").from("facilities").where("id", .in, Array(batch)).all().map(schema.decode)
        }
        try await storeProblems(try await records(found))
    }

    /// The store on another connection (a transaction).
    func on(_ sql: any SQLDatabase) -> FacilityStore {
        FacilityStore(sql: sql, activityWindowDays: activityWindowDays, clock: clock, residents: residents)
    }

    /// Brings every facility up to today (the daily job, and after the demo seed): its stored
    /// problems where they changed, and this month's contributions, which then name the month
    /// measured. Facilities are read in batches by id. Returns how many facilities' problems changed.
    @discardableResult
    func refreshAll(writer: DatabaseWriter?) async throws -> Int {
        let today = clock.today
        var after = "", changed = 0
        func write(_ body: @escaping @Sendable (FacilityStore) async throws -> Void) async throws {
            if let writer { try await writer.write { sql in try await body(self.on(sql)) } } else { try await body(self) }
        }
        while true {
            let batch = try await records(try await sql.select().column("*").from("facilities").where("id", .greaterThan, after)
                .orderBy("id").limit(500).all().map(schema.decode))
            guard let last = batch.last else { break }
            let stale = try await stale(batch)
            let staleIDs = Set(stale.map(\.id))
            let rest = batch.filter { !staleIDs.contains($0.id) }
            try await write { store in
                try await store.storeProblems(stale)
                try await FacilityMonthFacts(sql: store.sql).write(rest, month: YearMonth(today), judgedOn: today)
            }
            changed += stale.count
            after = last.id
        }
        let timestamp = clock.timestamp
        try await write { store in
            try await FacilityMonthFacts(sql: store.sql).mark(YearMonth(today), taken: .measured, judgedOn: today, by: "daily refresh", at: timestamp)
        }
        return changed
    }

    /// The stored problems of facilities, in the rules' order.
    func storedProblems(of ids: [String]) async throws -> [String: [FacilityRules.Problem]] {
        var found: [String: Set<FacilityRules.Problem>] = [:]
        for batch in ids.chunked(into: 500) {
            struct Row: Codable { var facilityId: String; var problem: String }
            for row in try await sql.select().columns("facility_id", "problem").from("facility_problems").where("facility_id", .in, Array(batch))
                .all(decoding: Row.self, keyDecodingStrategy: .fromSnakeCase) {
                if let problem = FacilityRules.Problem(rawValue: row.problem) { found[row.facilityId, default: []].insert(problem) }
            }
        }
        return found.mapValues { set in FacilityRules.Problem.allCases.filter(set.contains) }
    }

    /// The facilities among `records` whose stored problems differ from today's (date-dependent
    /// rules: the 四有 activity window, agreements that expired).
    func stale(_ records: [FacilityRecord]) async throws -> [FacilityRecord] {
        let stored = try await storedProblems(of: records.map(\.id))
        let today = clock.today
        return records.filter { stored[$0.id] ?? [] != $0.problems(on: today) }
    }

    /// Writes a facility with its functions and agreements; a capacity change leaves a dated snapshot.
    /// A new one (no `previous`) is written as `saveNew` writes it.
    func save(_ record: FacilityRecord, previous: Facility?, snapshotOn: LocalDate? = nil) async throws {
        guard let previous else { return try await saveNew([record], snapshotOn: snapshotOn) }
        let facility = record.facility
        try await schema.update(record, on: sql)
        try await sql.delete(from: "facility_functions").where("facility_id", .equal, facility.id).run()
        if !record.functions.isEmpty {
            let insert = sql.insert(into: "facility_functions").columns("facility_id", "function")
            for function in record.functions.sorted(by: { $0.rawValue < $1.rawValue }) { insert.values(SQLBind(facility.id), SQLBind(function.rawValue)) }
            try await insert.run()
        }
        try await FacilityFields.agreements.replace(of: facility.id, with: record.agreements.map(AgreementRecord.init), sql: sql)
        let capacityChanged = (previous.beds, previous.nursingBeds, previous.occupiedBeds, previous.residents, previous.staffCount)
            != (facility.beds, facility.nursingBeds, facility.occupiedBeds, facility.residents, facility.staffCount)
        if capacityChanged {
            try await snapshot(facility, on: snapshotOn ?? clock.today)
        }
        try await storeProblems([record])
        if previous.status != facility.status {
            try await sql.insert(into: "facility_status_history").columns("id", "facility_id", "status", "changed_on", "recorded_at")
                .values(SQLBind(UUID().uuidString.lowercased()), SQLBind(facility.id), SQLBind(facility.status.rawValue),
                        SQLBind((facility.statusChangedOn ?? clock.today).description), SQLBind(clock.timestamp))
                .run()
        }
    }

    /// Writes new facilities with their functions, agreements, first capacity snapshot (dated
    /// `snapshotOn`, today by default) and first status, in batched statements: a few statements per
    /// 200 facilities (an import) instead of five or more per facility.
    func saveNew(_ records: [FacilityRecord], snapshotOn: LocalDate? = nil) async throws {
        let today = clock.today.description, now = clock.timestamp, takenOn = (snapshotOn ?? clock.today).description
        for batch in records.chunked(into: 200) {
            try await schema.insert(Array(batch), on: sql)
            let functions = batch.flatMap { record in
                record.functions.sorted { $0.rawValue < $1.rawValue }.map { [SQLBind(record.facility.id), SQLBind($0.rawValue)] as [any SQLExpression] }
            }
            if !functions.isEmpty {
                try await sql.insert(into: "facility_functions").columns("facility_id", "function").rows(functions).run()
            }
            try await FacilityFields.agreements.insert(
                batch.flatMap { record in record.agreements.map { (record.facility.id, AgreementRecord($0)) } }, sql: sql)
            try await sql.insert(into: "facility_capacity_snapshots")
                .columns("id", "facility_id", "taken_at", "taken_on", "beds", "nursing_beds", "occupied_beds", "residents", "staff_count")
                .rows(batch.map { record -> [any SQLExpression] in
                    let facility = record.facility
                    return [SQLBind(UUID().uuidString.lowercased()), SQLBind(facility.id), SQLBind(now), SQLBind(takenOn), SQLBind(facility.beds ?? 0),
                            SQLBind(facility.nursingBeds ?? 0), SQLBind(facility.occupiedBeds ?? 0), SQLBind(facility.residents ?? 0),
                            SQLBind(facility.staffCount ?? 0)]
                }).run()
            try await sql.insert(into: "facility_status_history").columns("id", "facility_id", "status", "changed_on", "recorded_at")
                .rows(batch.map { record -> [any SQLExpression] in
                    [SQLBind(UUID().uuidString.lowercased()), SQLBind(record.facility.id), SQLBind(record.facility.status.rawValue),
                     SQLBind(record.facility.statusChangedOn?.description ?? today), SQLBind(now)]
                }).run()
            try await storeProblems(Array(batch))
        }
    }

    func statusHistory(of facilityID: String) async throws -> [StatusChange] {
        try await sql.select().columns("status", "changed_on").from("facility_status_history").where("facility_id", .equal, facilityID)
            .orderBy("recorded_at").all(decoding: StatusChange.self, keyDecodingStrategy: .fromSnakeCase)
    }

    func activities(of facilityID: String) async throws -> [FacilityActivity] {
        try await sql.select().column("*").from("facility_activities").where("facility_id", .equal, facilityID)
            .orderBy("held_on", .descending).all(decoding: FacilityActivity.self, keyDecodingStrategy: .fromSnakeCase)
    }

    func addActivity(_ activity: FacilityActivity) async throws {
        try await sql.insert(into: "facility_activities").model(activity, keyEncodingStrategy: .convertToSnakeCase).run()
    }

    func snapshot(_ facility: Facility, on date: LocalDate) async throws {
        try await sql.insert(into: "facility_capacity_snapshots")
            .columns("id", "facility_id", "taken_at", "taken_on", "beds", "nursing_beds", "occupied_beds", "residents", "staff_count")
            .values(SQLBind(UUID().uuidString.lowercased()), SQLBind(facility.id), SQLBind(clock.timestamp), SQLBind(date.description),
                    SQLBind(facility.beds ?? 0), SQLBind(facility.nursingBeds ?? 0), SQLBind(facility.occupiedBeds ?? 0),
                    SQLBind(facility.residents ?? 0), SQLBind(facility.staffCount ?? 0))
            .run()
    }

    struct Snapshot: Codable, Sendable {
        var takenOn: LocalDate
        var beds: Int
        var nursingBeds: Int
        var occupiedBeds: Int
        var residents: Int
        var staffCount: Int
    }

    /// Nursing-bed history of many facilities at once, for 新增护理型床位.
    func nursingBedHistory(_ facilityIDs: [String]) async throws -> [String: [CapacityHistory.Point]] {
        struct Row: Codable { var facilityId: String; var takenOn: LocalDate; var nursingBeds: Int }
        var history: [String: [CapacityHistory.Point]] = [:]
        for batch in facilityIDs.chunked(into: 500) {
            for row in try await sql.select().columns("facility_id", "taken_on", "nursing_beds").from("facility_capacity_snapshots")
                .where("facility_id", .in, Array(batch)).orderBy("taken_at")
                .all(decoding: Row.self, keyDecodingStrategy: .fromSnakeCase) {
                history[row.facilityId, default: []].append(CapacityHistory.Point(date: row.takenOn, nursingBeds: row.nursingBeds))
            }
        }
        return history
    }

    func snapshots(of facilityID: String) async throws -> [Snapshot] {
        try await sql.select().columns("taken_on", "beds", "nursing_beds", "occupied_beds", "residents", "staff_count")
            .from("facility_capacity_snapshots").where("facility_id", .equal, facilityID).orderBy("taken_at")
            .all(decoding: Snapshot.self, keyDecodingStrategy: .fromSnakeCase)
    }

    /// A new platform code: the county's six digits and a sequence, e.g. 320685-0007.
    func nextCode(regionCode: String) async throws -> String {
        var allocator = try await codeAllocator(for: [regionCode])
        return allocator.next(regionCode: regionCode)
    }

    /// New facility codes for many records at once: the codes taken under each county prefix are read
    /// once, then numbers are handed out in memory.
    func codeAllocator(for regionCodes: some Sequence<String>) async throws -> CodeAllocator {
        var taken: [String: Set<String>] = [:]
        for prefix in Set(regionCodes.map { String($0.prefix(6)) }) {
            taken[prefix] = Set(try await sql.select().column("code").from("facilities").where("code", .like, "\(prefix)-%")
                .all(decodingColumn: "code", as: String.self))
        }
        return CodeAllocator(taken: taken)
    }

}

/// Hands out facility codes "320685-0001": counted, never parsed, so a code someone chose
/// ("320685-99999999999999999999") cannot push the sequence past Int; the first free number after
/// the count is taken.
struct CodeAllocator {
    var taken: [String: Set<String>]

    mutating func next(regionCode: String) -> String {
        let prefix = String(regionCode.prefix(6))
        var used = taken[prefix, default: []]
        var number = used.count + 1
        while used.contains(Self.code(prefix, number)) { number += 1 }
        let code = Self.code(prefix, number)
        used.insert(code)
        taken[prefix] = used
        return code
    }

    static func code(_ prefix: String, _ number: Int) -> String {
        let digits = String(number)
        return "\(prefix)-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
