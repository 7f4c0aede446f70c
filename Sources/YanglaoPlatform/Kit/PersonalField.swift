import Foundation
import SQLKit
import YanglaoCore

/// The personal data a registry keeps sealed (ID numbers, phones, addresses): how each is read,
/// normalised (what the lookup hash is taken of) and masked.
package enum PersonalKind: String, Sendable, Equatable, CaseIterable {
    case idNumber
    case phone
    case address

    /// Normalises entered text, or says what is wrong with it (without the label).
    package func normalise(_ text: String) -> Result<String, FieldError> {
        switch self {
        case .idNumber:
            return ResidentID.parse(text).map(\.value).mapError { FieldError($0.message) }
        case .phone:
            let digits = Masking.phoneDigits(text)
            let allowed = text.allSatisfy { $0.isNumber || " -+()（）".contains($0) }
            guard allowed, (7...12).contains(digits.count) else { return .failure(FieldError("电话号码应为 7 至 12 位数字（手机 11 位）")) }
            return .success(digits)
        case .address:
            if let problem = TextLimit.problem(text, limit: TextLimit.medium) { return .failure(FieldError(problem)) }
            return .success(text)
        }
    }

    package func mask(_ normalised: String) -> String {
        switch self {
        case .idNumber: (try? ResidentID.parse(normalised).get())?.masked ?? String(repeating: "*", count: normalised.count)
        case .phone: Masking.phone(normalised)
        case .address: Masking.address(normalised)
        }
    }

    /// The columns a personal field named `column` is stored in: the sealed value, the keyed hash
    /// it is found by, and the mask shown without a reveal.
    package static func columns(_ column: String) -> (sealed: String, hash: String, mask: String) {
        (column + "_sealed", column + "_hash", column + "_mask")
    }
}

/// A personal value as the registry carries it: the mask always; the plaintext only when it was
/// just entered or deliberately revealed; the sealed text and keyed hash once the cipher saw it.
/// Two values are the same when their hashes are (the plaintext of a stored value is never read
/// to compare it).
package struct PersonalText: Sendable, Hashable {
    package var plain: String?
    package var sealed: String?
    package var hash: String?
    package var mask: String

    package init(plain: String?, sealed: String?, hash: String?, mask: String) {
        self.plain = plain
        self.sealed = sealed
        self.hash = hash
        self.mask = mask
    }

    package static func == (lhs: Self, rhs: Self) -> Bool {
        if let left = lhs.hash, let right = rhs.hash { return left == right }
        return lhs.plain == rhs.plain && lhs.sealed == rhs.sealed && lhs.mask == rhs.mask
    }

    package func hash(into hasher: inout Hasher) { hasher.combine(mask) }

    /// Entered text, normalised and hashed (not yet sealed: that happens once, when it is written).
    package static func entered(_ normalised: String, kind: PersonalKind, cipher: PersonalDataCipher?) -> Self {
        Self(plain: normalised, sealed: nil, hash: cipher?.lookupHash(normalised), mask: kind.mask(normalised))
    }

    /// The hash filled in (entered values read by a part of the kit that had no cipher at hand).
    package func hashed(with cipher: PersonalDataCipher) -> Self {
        guard hash == nil, let plain else { return self }
        var copy = self
        copy.hash = cipher.lookupHash(plain)
        return copy
    }

    /// The plaintext, opening the sealed value when needed (a reveal).
    package func open(with cipher: PersonalDataCipher) throws -> String {
        if let plain { return plain }
        guard let sealed else { throw PersonalDataCipher.Failure(description: "no sealed value") }
        return try cipher.open(sealed)
    }
}

extension RegistryField {
    /// A personal field (ID number, phone, address): sealed at rest in three columns
    /// (`<column>_sealed`, `_hash`, `_mask`), masked on pages, in answers and exports.
    package static func personal(
        _ key: String, _ label: String, section: String, _ kind: PersonalKind,
        _ path: WritableKeyPath<Record, PersonalText?> & Sendable, required: Bool = false, access: Access = .editable
    ) -> Self {
        Self(key: key, label: label, section: section, kind: .personal(kind), required: required, column: key.snakeCased, access: access,
             get: { $0[keyPath: path].map(FieldValue.personal) ?? .null },
             set: { record, value in if case let .personal(text) = value { record[keyPath: path] = text } else { record[keyPath: path] = nil } })
    }
}

extension RegistryFilter {
    /// Records whose personal field equals the full value given (an ID number, a phone), found by
    /// its keyed hash; a partial value finds nothing by design. `alsoHashColumn` is a further
    /// column holding the hash for some rows (a registration held for review keeps it there).
    package static func personal(_ name: String, _ label: String, column: String, kind: PersonalKind, alsoHashColumn: String? = nil) -> Self {
        Self(name: name, label: label, control: .search, help: "\(label)（完整号码，按密文索引查找）", resolve: { text, _, caller in
            guard let cipher = caller.personalData else { throw PersonalDataCipher.Failure(description: "no cipher for a personal filter") }
            switch kind.normalise(text) {
            case let .failure(error): return .failure(FieldError(label + "：" + error.message))
            case let .success(normalised):
                let hash = cipher.lookupHash(normalised)
                var predicate: any SQLExpression = SQLBinaryExpression(SQLIdentifier(PersonalKind.columns(column).hash), .equal, SQLBind(hash))
                if let alsoHashColumn {
                    predicate = SQLGroupExpression(SQLBinaryExpression(predicate, .or, SQLBinaryExpression(SQLIdentifier(alsoHashColumn), .equal, SQLBind(hash))))
                }
                var resolved = RegistryFilter.Resolved(predicate: predicate, description: "\(label)：\(kind.mask(normalised))")
                resolved.personalLookup = hash
                return .success(resolved)
            }
        })
    }
}

extension Platform {
    /// Shows one personal field of a record in full: only for a role that may, only with a reason,
    /// and always audited (who, whose record, when, which field and why) in the same transaction
    /// that decides it. A refusal names the field in Chinese.
    package func reveal<Record>(
        _ schema: RegistrySchema<Record>, record: Record, field key: String, reason rawReason: String, entityType: String, caller: Caller
    ) async throws -> String {
        guard Action.revealPersonalData.isAllowed(for: caller.user.account.role) else {
            try await audit(caller.actor, action: "\(entityType).reveal", entityType: entityType, entityID: record.id, outcome: "forbidden")
            throw APIError(.forbidden, code: "forbidden", message: "您的角色（\(caller.user.account.role.label)）无权查看完整个人信息")
        }
        var errors: [String: String] = [:]
        let field = schema.personalFields.first { $0.key == key }
        if field == nil { errors["field"] = "“\(key.prefix(40))”不是可查看的个人信息字段，应为 \(schema.personalFields.map(\.key).joined(separator: "、")) 之一" }
        let reason = rawReason.trimmingWhitespace()
        if !ReasonText.isGiven(reason) { errors["reason"] = "请说明查看完整信息的理由（至少 \(ReasonText.minimumVisible) 个可见的字，将记入审计日志）" }
        if let problem = TextLimit.problem(reason, limit: TextLimit.medium) { errors["reason"] = "理由" + problem }
        guard errors.isEmpty, let field else { throw APIError.invalid("查看完整信息的请求有误", fields: errors) }
        guard case let .personal(text) = field.get(record) else { throw APIError(.notFound, code: "not_found", message: "\(field.label)未登记") }
        let plain = try text.open(with: personalData)
        let details = ["field": key, "label": field.label, "reason": reason]
        let limit = configuration.personalDataUsesPerHour
        let refusal = try await writer.write { sql -> APIError? in
            if let refusal = try await PersonalDataUse.refusal(on: sql, actor: caller.actor, action: "\(entityType).reveal", entityType: entityType, limit: limit) {
                return refusal
            }
            try await AuditLog.record(on: sql, actor: caller.actor, action: "\(entityType).reveal", entityType: entityType, entityID: record.id,
                                      after: auditJSONString(details))
            return nil
        }
        if let refusal { throw refusal }
        return plain
    }
}

extension Platform {
    /// A list asked for by a full ID number or phone: counted against the account's hourly limit of
    /// personal-data uses and audited (who, which field, the keyed hash searched for, how many found)
    /// in one write transaction, before any row is read.
    package func recordPersonalLookup(_ list: ResolvedList, caller: Caller) async throws {
        guard !list.personalLookups.isEmpty, caller.actor.accountID != nil else { return }
        let action = "\(list.listing.entityType).lookup", entityType = list.listing.entityType
        let limit = configuration.personalDataUsesPerHour
        let refusal = try await writer.write { sql -> APIError? in
            if let refusal = try await PersonalDataUse.refusal(on: sql, actor: caller.actor, action: action, entityType: entityType, limit: limit) {
                return refusal
            }
            let found = try await sql.select().column(SQLAlias(SQLQueryString("COUNT(*)"), as: SQLIdentifier("n")))
                .from(list.listing.table).where(list.whereClause(caller)).first()?.decode(column: "n", as: Int.self) ?? 0
            let searched = list.personalLookups.map { "\($0.filter)=\($0.hash)" }.joined(separator: "&")
            try await AuditLog.record(on: sql, actor: caller.actor, action: action, entityType: entityType,
                                      after: auditJSONString(["searched": searched, "found": "\(found)"]))
            return nil
        }
        if let refusal { throw refusal }
    }
}
