import Foundation
import SQLKit
import Vapor
import YanglaoCore

/// Seals pending entries into the chain in order. Any number of app processes may run one; the
/// lease in `audit_chain` lets exactly one of them seal at a time, so the chain stays one chain.
package struct AuditSealer: Sendable {
    package let writer: DatabaseWriter
    package let crypto: PlatformCrypto
    package let holder: String
    package static let leaseSeconds: Int64 = 30
    package static let batchSize = 500

    package init(writer: DatabaseWriter, crypto: PlatformCrypto, holder: String = UUID().uuidString) {
        self.writer = writer
        self.crypto = crypto
        self.holder = holder
    }

    package struct Head: Codable {
        package var lastSequence: Int
        package var lastMac: String?
        package var headMac: String?
        package var leaseHolder: String?
        package var leaseExpires: Int64
    }

    /// Seals everything pending; returns how many entries it sealed (0 when another process holds the lease).
    @discardableResult
    package func sealPending() async throws -> Int {
        var total = 0
        while true {
            let (examined, sealed) = try await sealBatch()
            total += sealed
            if examined < Self.batchSize { return total }
        }
    }

    /// Gives the lease up, so that a one-off sealer (a command) does not hold back the server's.
    package func releaseLease() async throws {
        let holder = self.holder
        try await writer.write { db in
            try await db.update("audit_chain")
                .set("lease_holder", to: SQLLiteral.null)
                .set("lease_expires", to: 0)
                .where("name", .equal, "main").where("lease_holder", .equal, holder)
                .run()
        }
    }

    /// Seals what is pending now and releases the lease.
    package func sealOnce() async throws -> Int {
        let sealed = try await sealPending()
        try await releaseLease()
        return sealed
    }

    /// Seals one batch: how many pending entries it looked at, and how many of them it sealed.
    private func sealBatch() async throws -> (examined: Int, sealed: Int) {
        let crypto = self.crypto
        let holder = self.holder
        return try await writer.write { db in
            let sql = db
            let now = Clock.unixNow()
            try await sql.update("audit_chain")
                .set("lease_holder", to: holder)
                .set("lease_expires", to: now + Self.leaseSeconds)
                .where("name", .equal, "main")
                .where { $0.where("lease_holder", .equal, holder).orWhere("lease_expires", .lessThan, now).orWhere("lease_holder", .is, SQLLiteral.null) }
                .run()
            guard let head = try await sql.select().columns("last_sequence", "last_mac", "head_mac", "lease_holder", "lease_expires")
                .from("audit_chain").where("name", .equal, "main").for(.update)
                .first(decoding: Head.self, keyDecodingStrategy: .fromSnakeCase),
                head.leaseHolder == holder else { return (0, 0) }

            let candidates = try await sql.select().columns(AuditLog.columns.map(SQLIdentifier.init(_:))).from("audit_entries")
                .where("sequence", .is, SQLLiteral.null).where("rejected_at", .is, SQLLiteral.null)
                .orderBy("occurred_at").orderBy("id")
                .limit(Self.batchSize)
                .all(decoding: StoredAuditEntry.self, keyDecodingStrategy: .fromSnakeCase)
            guard !candidates.isEmpty else { return (0, 0) }

            let sealedAt = Clock.timestamp()
            // An entry whose own MAC does not verify was not written by the platform: set aside, never chained.
            let forged = candidates.filter { $0.entryMac != AuditChain.entryMAC($0.record, mac: crypto.auditMAC) }
            for entry in forged {
                try await sql.update("audit_entries").set("rejected_at", to: sealedAt).where("id", .equal, entry.id).run()
            }
            let forgedIDs = Set(forged.map(\.id))
            let pending = candidates.filter { !forgedIDs.contains($0.id) }
            var previous: (sequence: Int, mac: String)? = head.lastMac.map { (head.lastSequence, $0) }
            for entry in pending {
                let sealed = AuditChain.seal(entry.record, after: previous, sealedAt: sealedAt, mac: crypto.auditMAC)
                try await sql.update("audit_entries")
                    .set("sequence", to: sealed.sequence)
                    .set("sealed_at", to: sealed.sealedAt)
                    .set("previous_mac", to: sealed.previousMAC)
                    .set("mac", to: sealed.mac)
                    .where("id", .equal, entry.id)
                    .run()
                previous = (sealed.sequence!, sealed.mac!)
            }
            guard let last = previous, !pending.isEmpty else { return (candidates.count, 0) }
            try await sql.update("audit_chain")
                .set("last_sequence", to: last.sequence)
                .set("last_mac", to: last.mac)
                .set("head_mac", to: AuditChain.headMAC(sequence: last.sequence, mac: last.mac, mac: crypto.auditMAC))
                .where("name", .equal, "main")
                .run()
            return (candidates.count, pending.count)
        }
    }

    /// Checks the whole chain; pending (not yet sealed) entries are counted, not judged.
    package func verify(on sql: any SQLDatabase) async throws -> (verdict: AuditChain.Verdict, pending: Int) {
        let sealed = try await sql.select().columns(AuditLog.columns.map(SQLIdentifier.init(_:))).from("audit_entries")
            .where("sequence", .isNot, SQLLiteral.null)
            .orderBy("sequence")
            .all(decoding: StoredAuditEntry.self, keyDecodingStrategy: .fromSnakeCase)
        let pending = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("audit_entries")
            .where("sequence", .is, SQLLiteral.null).where("rejected_at", .is, SQLLiteral.null)
            .first(decodingColumn: "n", as: Int.self) ?? 0
        let rejected = try await sql.select().column("id").from("audit_entries")
            .where("rejected_at", .isNot, SQLLiteral.null).orderBy("occurred_at")
            .all(decodingColumn: "id", as: String.self)
        let head = try await sql.select().columns("last_sequence", "last_mac", "head_mac", "lease_holder", "lease_expires")
            .from("audit_chain").where("name", .equal, "main")
            .first(decoding: Head.self, keyDecodingStrategy: .fromSnakeCase)
        let stored: (Int, String, String)? = head.flatMap { head in
            guard let mac = head.lastMac, let headMAC = head.headMac else { return nil }
            return (head.lastSequence, mac, headMAC)
        }
        let verdict = AuditChain.verify(sealed: sealed.map(\.record), head: stored, mac: crypto.auditMAC)
        // Entries written before entry MACs existed have none; every later one must verify.
        let tampered = sealed.first { entry in
            guard let stored = entry.entryMac else { return false }
            return stored != AuditChain.entryMAC(entry.record, mac: crypto.auditMAC)
        }
        if case .intact = verdict, let bad = tampered {
            return (.broken(position: bad.sequence ?? 0, id: bad.id, reason: "写入校验码不符（本条的写入校验码被改动）"), pending)
        }
        if case .intact = verdict, let first = rejected.first {
            return (.broken(position: 0, id: first, reason: "有\(rejected.count)条未经平台写入的条目（写入校验码不符，疑似伪造），已拒绝封存"), pending)
        }
        return (verdict, pending)
    }
}

extension AuditSealer {
    /// Seals once a second while the server runs, and once more when it stops.
    package var service: RepeatingJob {
        RepeatingJob(name: "audit sealer", interval: .seconds(1), atShutdown: { _ = try? await self.sealOnce() }) { _ in
            try await self.sealPending()
        }
    }
}
