import Foundation
import SQLKit
import YanglaoCore
import YanglaoPlatform

/// Registrations of a number already registered elsewhere (`DuplicateRegistration`): placed on
/// registration (refused only where the caller sees the other record), reviewed by the level that
/// holds both regions, and decided — merged into the original or refused — with audit entries.
extension ElderService {
    /// What a write does about the record's number, decided inside its transaction.
    enum Placement: Sendable {
        /// The number was not entered: nothing changes.
        case unchanged
        /// Nobody else carries it: an ordinary registration.
        case ordinary
        /// Held for review against the original; `hash` is the number's own hash.
        case held(originalID: String, hash: String)
    }

    /// Decides the placement of an entered number, setting the placeholder hash of a held record;
    /// refuses a number the caller sees registered already.
    func place(_ record: inout ElderRecord, sql: any SQLDatabase) async throws -> Placement {
        guard let number = record.idNumber, number.plain != nil, let hash = number.hash else { return .unchanged }
        let matches = try await ElderStore(sql: sql, cipher: platform.personalData)
            .matches(idNumberHash: hash, excluding: record.id, visible: ElderList.visibleFilter(user, facilities: platform.interfaces.facilities))
        switch DuplicateRegistration.decide(matches) {
        case .alreadyRegistered:
            throw APIError.invalid("老年人信息有误，未保存", fields: ["idNumber": "该身份证号码已登记，同一人只能登记一次"])
        case .new:
            return .ordinary
        case let .held(originalID):
            record.idNumber?.hash = ElderStore.placeholderHash(record.id)
            return .held(originalID: originalID, hash: hash)
        }
    }

    /// After the record is written: marks a held one (and tells the reviewing level's auditors).
    func settle(_ placement: Placement, record: ElderRecord, sql: any SQLDatabase) async throws {
        guard case let .held(originalID, hash) = placement else { return }
        try await ElderStore(sql: sql, cipher: platform.personalData).hold(record.id, hash: hash, originalID: originalID)
        try await Self.auditHeld([(record.id, record.regionCode, originalID)], sql: sql)
    }

    /// Each held registration noticed, written by the platform for the region that holds both (whose
    /// auditors see it; the registering region's do not, as nothing there may tell it apart).
    static func auditHeld(_ held: [(id: String, regionCode: String, originalID: String)], sql: any SQLDatabase) async throws {
        guard !held.isEmpty else { return }
        var originals: [String: String] = [:]
        for batch in Array(Set(held.map(\.originalID))).chunked(into: 500) {
            for row in try await sql.select().columns("id", "region_code").from("elders").where("id", .in, Array(batch)).all() {
                originals[try row.decode(column: "id", as: String.self)] = try row.decode(column: "region_code", as: String.self)
            }
        }
        var regions: [String: StoredRegion] = [:]
        for region in try await RegionStore(sql: sql).find(codes: Array(Set(held.map(\.regionCode) + originals.values))) { regions[region.code] = region }
        for item in held {
            let originalRegion = originals[item.originalID]
            var common: String?
            if let mine = regions[item.regionCode], let theirs = originalRegion.flatMap({ regions[$0] }) { common = mine.lowestCommonRegion(with: theirs) }
            try await AuditLog.record(on: sql, actor: .platform(regionCode: common), action: "elder.duplicate.held", entityType: "elder", entityID: item.originalID,
                                      after: auditJSONString(["held": item.id, "heldRegion": item.regionCode, "originalRegion": originalRegion ?? ""]))
        }
    }

    // MARK: Review

    struct HeldPair: Sendable {
        var held: ElderRecord
        var original: ElderRecord
    }

    static let reviewLimit = 200

    /// The held registrations the caller's level holds both sides of, oldest first.
    func heldPairs() async throws -> (pairs: [HeldPair], total: Int, names: [String: String]) {
        try requireAction(.editElders)
        let held = try await store.held(in: user.scope, limit: Self.reviewLimit)
        var originals: [String: ElderRecord] = [:]
        for batch in Array(Set(held.map(\.originalID))).chunked(into: 500) {
            for row in try await platform.sql.select().column("*").from("elders").where("id", .in, Array(batch)).all() {
                let record = try ElderFields.schema.decode(row)
                originals[record.id] = record
            }
        }
        let pairs = held.compactMap { item in originals[item.originalID].map { HeldPair(held: item.held, original: $0) } }
        let total = try await store.heldCount(in: user.scope)
        return (pairs, total, try await names(pairs.flatMap { [$0.held, $0.original] }))
    }

    /// A held registration the caller may decide on (its region and its original's both in scope).
    func findHeld(_ id: String) async throws -> HeldPair {
        let row = try await platform.visibleRow(in: "elders", id: id, visible: ElderStore.heldFilter(user.scope), entityType: "elder",
                                                what: "待核实的重复登记", caller: caller)
        let held = try ElderFields.schema.decode(row)
        guard let originalID = try row.decode(column: "duplicate_of", as: String?.self), let original = try await store.find(id: originalID) else {
            throw APIError.notFound("待核实的重复登记")
        }
        return HeldPair(held: held, original: original)
    }

    /// Decides a held registration. 确认迁入: the original takes the held registration's details
    /// and region (its earlier residence kept), what was recorded on the held one moves to it, and
    /// the held one goes. 不予登记: the held one goes, with the reason. Either way the registering
    /// region is told, and both decisions are audited.
    func decide(_ pair: HeldPair, _ decision: DuplicateRegistration.Decision, reason rawReason: String?) async throws -> ElderRecord? {
        try requireAction(.editElders)
        let reason = rawReason?.trimmingWhitespace() ?? ""
        if decision == .refuse, !ReasonText.isGiven(reason) {
            throw APIError.invalid("请说明不予登记的理由", fields: ["reason": "请说明不予登记的理由（至少 \(ReasonText.minimumVisible) 个可见的字，将告知登记的辖区）"])
        }
        if let problem = TextLimit.problem(reason, limit: TextLimit.medium) { throw APIError.invalid("理由有误", fields: ["reason": "理由" + problem]) }
        let now = Clock.timestamp()
        return try await platform.writer.write { sql in
            // Decided once: a second decision finds the held row gone.
            guard try await sql.select().column("id").from("elders").where("id", .equal, pair.held.id).where("duplicate_of", .equal, pair.original.id).first() != nil else {
                throw APIError(.conflict, code: "conflict", message: "该重复登记已由他人核实处理")
            }
            let store = ElderStore(sql: sql, cipher: platform.personalData)
            var merged: ElderRecord?
            switch decision {
            case .merge:
                var record = pair.held
                record.id = pair.original.id
                record.idNumber = pair.original.idNumber
                record.createdAt = pair.original.createdAt
                record.updatedAt = now
                if record.residentSince == nil { record.residentSince = today }
                try await store.save(record, previous: pair.original, stays: nil, today: today)
                try await store.merge(pair.held.id, into: pair.original.id)
                merged = try await store.find(id: pair.original.id)
                try await AuditLog.record(on: sql, actor: caller.actor, action: "elder.duplicate.merge", entityType: "elder", entityID: pair.original.id,
                                          before: Self.auditJSON(pair.original), after: Self.auditJSON(merged ?? record),
                                          outcome: "merged \(pair.held.id)")
            case .refuse:
                try await store.remove(pair.held.id)
                try await AuditLog.record(on: sql, actor: caller.actor, action: "elder.duplicate.refuse", entityType: "elder", entityID: pair.held.id,
                                          before: Self.auditJSON(pair.held), after: auditJSONString(["original": pair.original.id, "reason": reason]),
                                          outcome: "refused")
            }
            try await store.record(ElderStore.DuplicateDecision(
                id: UUID().uuidString.lowercased(), heldID: pair.held.id, originalID: pair.original.id, regionCode: pair.held.regionCode, name: pair.held.name,
                decision: decision, reason: reason.isEmpty ? nil : reason, decidedBy: user.account.displayName ?? user.account.username, decidedAt: now))
            let facilities = Set([pair.held.facilityId, pair.original.facilityId].compactMap { $0 })
            try await platform.interfaces.facilities.refreshProblems(ofFacilities: Set(facilities), platform: platform, sql: sql)
            return merged
        }
    }

    /// What was decided in the last 30 days on registrations made in the caller's region.
    func recentDecisions() async throws -> [ElderStore.DuplicateDecision] {
        let since = Clock.timestamp(Date().addingTimeInterval(-30 * 86_400))
        return try await store.decisions(in: user.scope, since: since, limit: 50)
    }
}
