/// One entry of the audit log with every column that the chain covers.
public struct AuditRecord: Equatable, Sendable, Codable {
    public var id: String
    /// Position in the chain; nil until the sealer has sealed the entry.
    public var sequence: Int?
    public var occurredAt: String
    public var accountID: String?
    public var username: String?
    public var role: String?
    public var regionCode: String?
    public var action: String
    public var entityType: String?
    public var entityID: String?
    public var before: String?
    public var after: String?
    public var ip: String?
    public var outcome: String
    public var sealedAt: String?
    public var previousMAC: String?
    public var mac: String?

    public init(
        id: String, sequence: Int? = nil, occurredAt: String, accountID: String? = nil, username: String? = nil,
        role: String? = nil, regionCode: String? = nil, action: String, entityType: String? = nil, entityID: String? = nil,
        before: String? = nil, after: String? = nil, ip: String? = nil, outcome: String,
        sealedAt: String? = nil, previousMAC: String? = nil, mac: String? = nil
    ) {
        self.id = id
        self.sequence = sequence
        self.occurredAt = occurredAt
        self.accountID = accountID
        self.username = username
        self.role = role
        self.regionCode = regionCode
        self.action = action
        self.entityType = entityType
        self.entityID = entityID
        self.before = before
        self.after = after
        self.ip = ip
        self.outcome = outcome
        self.sealedAt = sealedAt
        self.previousMAC = previousMAC
        self.mac = mac
    }
}

/// The tamper-evident chain: each sealed entry carries HMAC(key, canonical bytes of every other
/// column, including the previous entry's MAC and its own position). The key lives outside the
/// database, so an edit of any column, a deletion, an insertion or a reordering breaks the chain;
/// the head (last position and MAC, itself MACed) catches a cut-off tail.
public enum AuditChain {
    public typealias MAC = @Sendable ([UInt8]) -> String

    /// Length-prefixed fields in a fixed order: no two different records share an encoding.
    public static func canonicalBytes(_ record: AuditRecord) -> [UInt8] {
        let fields: [String?] = [
            record.id, record.sequence.map(String.init), record.occurredAt, record.accountID, record.username,
            record.role, record.regionCode, record.action, record.entityType, record.entityID, record.before,
            record.after, record.ip, record.outcome, record.sealedAt, record.previousMAC,
        ]
        var bytes: [UInt8] = Array("yanglao-audit-v1".utf8)
        for field in fields {
            guard let field else {
                bytes.append(0)
                continue
            }
            let utf8 = Array(field.utf8)
            bytes.append(1)
            bytes += withUnsafeBytes(of: UInt32(utf8.count).bigEndian, Array.init)
            bytes += utf8
        }
        return bytes
    }

    /// The bytes an entry's own MAC covers when it is written: its content, none of the chain's columns.
    /// The writer computes it in the transaction of the change; the sealer refuses a pending entry
    /// whose MAC does not verify (a row inserted by hand into the table, without the key).
    public static func entryBytes(_ record: AuditRecord) -> [UInt8] {
        var content = record
        content.sequence = nil
        content.sealedAt = nil
        content.previousMAC = nil
        content.mac = nil
        return Array("yanglao-audit-entry-v1".utf8) + canonicalBytes(content)
    }

    public static func entryMAC(_ record: AuditRecord, mac: MAC) -> String {
        mac(entryBytes(record))
    }

    /// Seals an unsealed record as the entry after `previous` (nil for the first).
    public static func seal(_ record: AuditRecord, after previous: (sequence: Int, mac: String)?, sealedAt: String, mac: MAC) -> AuditRecord {
        var sealed = record
        sealed.sequence = (previous?.sequence ?? 0) + 1
        sealed.previousMAC = previous?.mac
        sealed.sealedAt = sealedAt
        sealed.mac = mac(canonicalBytes(sealed))
        return sealed
    }

    public static func headMAC(sequence: Int, mac lastMAC: String, mac: MAC) -> String {
        mac(Array("yanglao-audit-head-v1|\(sequence)|\(lastMAC)".utf8))
    }

    public enum Verdict: Equatable, Sendable {
        case intact(sealed: Int)
        /// The first entry at which the chain fails: its position in the chain (or the position
        /// where one was expected), its id when there is one, and why.
        case broken(position: Int, id: String?, reason: String)
    }

    /// Checks sealed records in order of their sequence against the stored head.
    public static func verify(
        sealed records: [AuditRecord], head: (sequence: Int, mac: String, headMAC: String)?, mac: MAC
    ) -> Verdict {
        var previous: (sequence: Int, mac: String)?
        for record in records {
            let expected = (previous?.sequence ?? 0) + 1
            guard let sequence = record.sequence, sequence == expected else {
                let reason = (record.sequence ?? 0) > expected ? "第\(expected)条缺失（可能被删除）" : "序号异常（可能被插入或重排）"
                return .broken(position: expected, id: record.id, reason: reason)
            }
            guard record.previousMAC == previous?.mac else {
                return .broken(position: sequence, id: record.id, reason: "与上一条的链接不符（前序校验码被改动，或上一条被删除、重排）")
            }
            guard let stored = record.mac, stored == mac(canonicalBytes(record)) else {
                return .broken(position: sequence, id: record.id, reason: "校验码不符（本条某一字段被改动）")
            }
            previous = (sequence, stored)
        }
        switch (previous, head) {
        case (nil, nil):
            return .intact(sealed: 0)
        case let (last?, head?):
            guard head.headMAC == headMAC(sequence: head.sequence, mac: head.mac, mac: mac) else {
                return .broken(position: last.sequence, id: nil, reason: "链头记录被改动")
            }
            guard head.sequence == last.sequence, head.mac == last.mac else {
                return .broken(position: min(head.sequence, last.sequence + 1), id: nil,
                               reason: "链尾与链头记录不符（末尾的条目可能被删除，链头应为第\(head.sequence)条）")
            }
            return .intact(sealed: last.sequence)
        case (nil, let head?):
            return .broken(position: 1, id: nil, reason: "链头记录显示有\(head.sequence)条，但没有任何已封存条目")
        case (let last?, nil):
            return .broken(position: last.sequence, id: nil, reason: "缺少链头记录")
        }
    }
}
