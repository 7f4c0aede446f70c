import Foundation
import SQLKit
import YanglaoCore
import YanglaoPlatform

/// The tables behind `DuplicateRegistration`: which records carry a number, registrations held
/// for review (`Migration018HeldDuplicates`), and what the reviewing level decided.
extension ElderStore {
    /// What a held registration's `id_number_hash` holds instead of the number's hash (which the
    /// original keeps, uniquely): never a hash, so no search finds it.
    static func placeholderHash(_ id: String) -> String { "held:" + id }

    /// The other records carrying the number (by its keyed hash), and whether `visible` shows each.
    func matches(idNumberHash hash: String, excluding id: String, visible: any SQLExpression) async throws -> [DuplicateRegistration.Match] {
        try await sql.select().column("id").column("held_hash")
            .column(SQLAlias(SQLQueryString("CASE WHEN \(visible) THEN 1 ELSE 0 END"), as: SQLIdentifier("visible_to_caller")))
            .from("elders").where(SQLQueryString("(id_number_hash = \(bind: hash) OR held_hash = \(bind: hash))")).where("id", .notEqual, id)
            .orderBy("created_at").all().map { row in
                DuplicateRegistration.Match(id: try row.decode(column: "id", as: String.self),
                                            visible: try row.decode(column: "visible_to_caller", as: Int.self) == 1,
                                            held: try row.decode(column: "held_hash", as: String?.self) != nil)
            }
    }

    /// The number's own hash of a registration held for review (nil for any other record).
    func heldHash(of id: String) async throws -> String? {
        try await sql.select().column("held_hash").from("elders").where("id", .equal, id).first()?.decode(column: "held_hash", as: String?.self)
    }

    /// Marks a written row as a registration held for review of `originalID`.
    func hold(_ id: String, hash: String, originalID: String) async throws {
        try await sql.update("elders").set("held_hash", to: hash).set("duplicate_of", to: originalID).where("id", .equal, id).run()
    }

    /// Held registrations whose region and original both lie in `scope` (the level that holds both).
    func held(in scope: AccessScope, limit: Int) async throws -> [(held: ElderRecord, originalID: String)] {
        try await sql.select().column("*").from("elders").where(Self.heldFilter(scope)).orderBy("created_at").limit(limit).all().map { row in
            (try schema.decode(row), try row.decode(column: "duplicate_of", as: String.self))
        }
    }

    func heldCount(in scope: AccessScope) async throws -> Int {
        try await sql.select().column(SQLAlias(SQLRaw("COUNT(*)"), as: SQLIdentifier("n"))).from("elders").where(Self.heldFilter(scope)).first()?
            .decode(column: "n", as: Int.self) ?? 0
    }

    static func heldFilter(_ scope: AccessScope) -> any SQLExpression {
        let inScope = scope.regionFilter("region_code")
        return SQLQueryString("(duplicate_of IS NOT NULL AND \(inScope) AND duplicate_of IN (SELECT id FROM elders WHERE \(inScope)))")
    }

    /// Moves what was recorded on `from` (assessments, hospital stays, earlier residences) to `to`,
    /// then removes `from`.
    func merge(_ from: String, into to: String) async throws {
        for table in ["elder_assessments", "elder_hospital_stays", "elder_residences"] {
            try await sql.update(table).set("elder_id", to: to).where("elder_id", .equal, from).run()
        }
        try await sql.delete(from: "elders").where("id", .equal, from).run()
        try await refreshLevel(of: to)
    }

    /// Removes a registration and what was recorded on it.
    func remove(_ id: String) async throws {
        for table in ["elder_assessments", "elder_hospital_stays", "elder_residences"] {
            try await sql.delete(from: table).where("elder_id", .equal, id).run()
        }
        try await sql.delete(from: "elders").where("id", .equal, id).run()
    }

    struct DuplicateDecision: Sendable {
        var id: String
        var heldID: String
        var originalID: String
        var regionCode: String
        var name: String
        var decision: DuplicateRegistration.Decision
        var reason: String?
        var decidedBy: String
        var decidedAt: String
    }

    func record(_ decision: DuplicateDecision) async throws {
        try await sql.insert(into: "elder_duplicate_decisions")
            .columns("id", "held_id", "original_id", "region_code", "name", "decision", "reason", "decided_by", "decided_at")
            .values(SQLBind(decision.id), SQLBind(decision.heldID), SQLBind(decision.originalID), SQLBind(decision.regionCode), SQLBind(decision.name),
                    SQLBind(decision.decision.rawValue), SQLBind(decision.reason), SQLBind(decision.decidedBy), SQLBind(decision.decidedAt)).run()
    }

    /// The decisions on registrations made in `scope`, newest first, since `since` (a timestamp).
    func decisions(in scope: AccessScope, since: String, limit: Int) async throws -> [DuplicateDecision] {
        try await sql.select().column("*").from("elder_duplicate_decisions").where(scope.regionFilter("region_code"))
            .where("decided_at", .greaterThanOrEqual, since).orderBy("decided_at", .descending).limit(limit).all().map { row in
                DuplicateDecision(id: try row.decode(column: "id", as: String.self), heldID: try row.decode(column: "held_id", as: String.self),
                                  originalID: try row.decode(column: "original_id", as: String.self),
                                  regionCode: try row.decode(column: "region_code", as: String.self), name: try row.decode(column: "name", as: String.self),
                                  decision: DuplicateRegistration.Decision(rawValue: try row.decode(column: "decision", as: String.self)) ?? .refuse,
                                  reason: try row.decode(column: "reason", as: String?.self), decidedBy: try row.decode(column: "decided_by", as: String.self),
                                  decidedAt: try row.decode(column: "decided_at", as: String.self))
            }
    }
}
