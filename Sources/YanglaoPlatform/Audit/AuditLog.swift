import Foundation
import SQLKit
import Vapor
import YanglaoCore

/// Who did something, as the audit log records it.
package struct AuditActor: Sendable {
    package var accountID: String?
    package var username: String?
    package var role: String?
    package var regionCode: String?
    package var ip: String?

    /// The operator at the server's command line (imports, account creation, the demo seed).
    package static let commandLine = AuditActor(username: "（命令行）")

    /// The platform itself, acting for a region (what it noticed, to that region's auditors).
    package static func platform(regionCode: String?) -> AuditActor { AuditActor(username: "（平台）", regionCode: regionCode) }

    package init(accountID: String? = nil, username: String? = nil, role: String? = nil, regionCode: String? = nil, ip: String? = nil) {
        self.accountID = accountID
        self.username = username
        self.role = role
        self.regionCode = regionCode
        self.ip = ip
    }

    package init(_ account: Account, ip: String?) {
        self.init(accountID: account.id, username: account.username, role: account.role.rawValue, regionCode: account.regionCode, ip: ip)
    }
}

/// Writes entries. Call it with the database of the transaction that makes the change, so the
/// entry exists exactly when the change does; the sealer chains it afterwards.
package enum AuditLog {
    package static let columns = [
        "id", "sequence", "occurred_at", "account_id", "username", "role", "region_code", "action", "entity_type",
        "entity_id", "before", "after", "ip", "outcome", "sealed_at", "previous_mac", "mac", "entry_mac", "rejected_at",
    ]

    package static func record(
        on sql: any SQLDatabase, actor: AuditActor, action: String, entityType: String? = nil, entityID: String? = nil,
        before: String? = nil, after: String? = nil, outcome: String = "ok"
    ) async throws {
        try await record(on: sql, actor: actor, [Entry(action: action, entityType: entityType, entityID: entityID, before: before, after: after, outcome: outcome)])
    }

    /// What one entry says beside its actor.
    package struct Entry: Sendable {
        package var action: String
        package var entityType: String?
        package var entityID: String?
        package var before: String?
        package var after: String?
        package var outcome = "ok"
        package init(action: String, entityType: String? = nil, entityID: String? = nil, before: String? = nil, after: String? = nil, outcome: String = "ok") {
            self.action = action
            self.entityType = entityType
            self.entityID = entityID
            self.before = before
            self.after = after
            self.outcome = outcome
        }
    }

    /// Entries of one actor written in statements of many rows (an import's changed records).
    package static func record(on sql: any SQLDatabase, actor: AuditActor, _ entries: [Entry]) async throws {
        // Only the writer's transaction hands out a database that carries the key: an entry can only be
        // written inside a write transaction, and is MACed there.
        guard let mac = (sql as? WriteTransaction)?.auditMAC else { throw AuditLogError.outsideWriter }
        // Text from a request (a username, a query value) may hold characters the database does not
        // keep as given (NUL): written as their codes, an entry reads back as it was MACed.
        let safe: (String?) -> String? = { $0.map(TextSafety.storable) }
        let occurredAt = Clock.timestamp()
        let rows = entries.map { given -> [any SQLExpression] in
            let entry = AuditRecord(
                id: UUID().uuidString.lowercased(), occurredAt: occurredAt, accountID: safe(actor.accountID), username: safe(actor.username),
                role: safe(actor.role), regionCode: safe(actor.regionCode), action: TextSafety.storable(given.action), entityType: safe(given.entityType),
                entityID: safe(given.entityID), before: safe(given.before), after: safe(given.after), ip: safe(actor.ip),
                outcome: TextSafety.storable(given.outcome)
            )
            return [
                SQLBind(entry.id), SQLBind(entry.occurredAt), SQLBind(entry.accountID), SQLBind(entry.username),
                SQLBind(entry.role), SQLBind(entry.regionCode), SQLBind(entry.action), SQLBind(entry.entityType), SQLBind(entry.entityID),
                SQLBind(entry.before), SQLBind(entry.after), SQLBind(entry.ip), SQLBind(entry.outcome),
                SQLBind(AuditChain.entryMAC(entry, mac: mac)),
            ]
        }
        for batch in rows.chunked(into: 500) {
            try await sql.insert(into: "audit_entries").columns(
                "id", "occurred_at", "account_id", "username", "role", "region_code", "action",
                "entity_type", "entity_id", "before", "after", "ip", "outcome", "entry_mac"
            ).rows(batch).run()
        }
    }
}

package enum AuditLogError: Error, CustomStringConvertible {
    case outsideWriter
    package var description: String { "audit entries are written inside DatabaseWriter transactions only" }
}

/// `AuditRecord` as SQLKit decodes a row of `audit_entries`.
package struct StoredAuditEntry: Content {
    package var id: String
    package var sequence: Int?
    package var occurredAt: String
    package var accountId: String?
    package var username: String?
    package var role: String?
    package var regionCode: String?
    package var action: String
    package var entityType: String?
    package var entityId: String?
    package var before: String?
    package var after: String?
    package var ip: String?
    package var outcome: String
    package var sealedAt: String?
    package var previousMac: String?
    package var mac: String?
    package var entryMac: String?
    package var rejectedAt: String?

    package var record: AuditRecord {
        AuditRecord(
            id: id, sequence: sequence, occurredAt: occurredAt, accountID: accountId, username: username, role: role,
            regionCode: regionCode, action: action, entityType: entityType, entityID: entityId, before: before,
            after: after, ip: ip, outcome: outcome, sealedAt: sealedAt, previousMAC: previousMac, mac: mac
        )
    }
}
