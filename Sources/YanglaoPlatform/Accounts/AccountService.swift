import Foundation
import NIOPosix
import SQLKit
import Vapor
import YanglaoCore

/// Creating accounts and checking passwords: the only code that touches password hashes.
package struct AccountService: Sendable {
    package let platform: Platform
    package init(platform: Platform) {
        self.platform = platform
    }

    package struct NewAccount: Sendable {
        package var username: String
        package var password: String
        package var role: String
        package var regionCode: String
        package var organisationID: String?
        package var displayName: String?
        package init(username: String, password: String, role: String, regionCode: String, organisationID: String? = nil, displayName: String? = nil) {
            self.username = username
            self.password = password
            self.role = role
            self.regionCode = regionCode
            self.organisationID = organisationID
            self.displayName = displayName
        }
    }

    /// Creates an account after checking every field; the audit entry is written in the same transaction.
    /// `oneTimePassword`: the password was chosen by someone other than the owner (a security
    /// administrator), who must replace it at the first sign-in.
    package func create(_ new: NewAccount, by actor: AuditActor, oneTimePassword: Bool = false) async throws -> Account {
        let username = new.username.trimmingWhitespace()
        var fields: [String: String] = [:]
        if let problem = UsernamePolicy.problem(username) { fields["username"] = problem }
        let role = Role(rawValue: new.role)
        if role == nil {
            fields["role"] = "角色“\(new.role)”不存在，应为 \(Role.allCases.map(\.rawValue).joined(separator: "、")) 之一"
        }
        let passwordProblems = PasswordPolicy.problems(password: new.password, username: username)
        if !passwordProblems.isEmpty { fields["password"] = passwordProblems.joined(separator: "；") }
        let organisation = new.organisationID?.trimmingWhitespace()
        if let problem = new.displayName.flatMap({ TextLimit.problem($0, limit: TextLimit.short) }) { fields["displayName"] = "姓名" + problem }
        if let problem = organisation.flatMap({ TextLimit.problem($0, limit: TextLimit.short) }) { fields["organisation"] = "所属机构" + problem }
        if let role, role.requiresOrganisation, organisation?.isEmpty ?? true {
            fields["organisation"] = "\(role.label)账户须指定所属机构"
        }
        if try await RegionStore(sql: platform.sql).find(new.regionCode) == nil {
            fields["region"] = "区划“\(new.regionCode)”不存在"
        }
        if try await AccountStore(sql: platform.sql).find(username: username) != nil {
            fields["username"] = "用户名“\(username)”已被使用"
        }
        guard fields.isEmpty, let role else { throw APIError.invalid("账户信息有误", fields: fields) }

        let hash = try await platform.hashPassword(new.password)
        let now = Clock.timestamp()
        let account = Account(
            id: UUID().uuidString.lowercased(), username: username, displayName: new.displayName, passwordHash: hash,
            role: role, regionCode: new.regionCode, organisationId: (organisation?.isEmpty ?? true) ? nil : organisation,
            disabled: false, failedLogins: 0, lockedUntil: nil, createdAt: now, updatedAt: now, mustChangePassword: oneTimePassword
        )
        try await platform.writer.write { db in
            let sql = db
            guard try await AccountStore(sql: sql).find(username: username) == nil else {
                throw APIError.invalid("账户信息有误", fields: ["username": "用户名“\(username)”已被使用"])
            }
            try await AccountStore(sql: sql).insert(account)
            try await AuditLog.record(on: sql, actor: actor, action: "account.create", entityType: "account", entityID: account.id, after: account.auditJSON)
        }
        return account
    }

    package enum LoginResult: Sendable {
        case success(Account)
        case wrongCredentials
        case locked(until: Int64)
        case addressLocked(until: Int64)
        case disabled
    }

    /// Checks a password with throttling by account, by unknown username and by client address;
    /// every outcome is audited.
    package func login(username: String, password: String, ip: String?) async throws -> LoginResult {
        let now = Clock.unixNow()
        let attempts = LoginAttemptStore(sql: platform.sql)
        let addressKey = LoginAttemptStore.addressKey(ip)
        if let address = try await attempts.find(addressKey), address.isLocked(at: now) {
            try await platform.writer.write { sql in
                try await AuditLog.record(on: sql, actor: AuditActor(username: String(username.prefix(100)), ip: ip),
                                          action: "login.failure", entityType: "account", outcome: "address_locked")
            }
            return .addressLocked(until: address.lockedUntil!)
        }
        guard let account = try await AccountStore(sql: platform.sql).find(username: username) else {
            return try await unknownAccount(username, password: password, ip: ip, now: now)
        }
        let actor = AuditActor(account, ip: ip)
        if account.throttle.isLocked(at: now) {
            try await audit(actor, account, "login.failure", outcome: "locked")
            return .locked(until: account.lockedUntil!)
        }
        if account.disabled {
            try await audit(actor, account, "login.failure", outcome: "disabled")
            return .disabled
        }
        let matches = try await platform.verifyPassword(password, hash: account.passwordHash)
        return try await platform.writer.write { db in
            let sql = db
            let current = try await AccountStore(sql: sql).find(id: account.id)?.throttle ?? account.throttle
            if matches {
                try await AccountStore(sql: sql).saveThrottle(account.id, .cleared, now: Clock.timestamp())
                try await AuditLog.record(on: sql, actor: actor, action: "login.success", entityType: "account", entityID: account.id)
                return .success(account)
            }
            let next = current.afterFailure(at: now)
            try await AccountStore(sql: sql).saveThrottle(account.id, next, now: Clock.timestamp())
            let address = try await LoginAttemptStore(sql: sql).recordFailure(addressKey, at: now, limit: .address)
            try await AuditLog.record(on: sql, actor: actor, action: "login.failure", entityType: "account", entityID: account.id,
                                      outcome: next.lockedUntil == nil ? "wrong_password" : "wrong_password_locked")
            if let until = next.lockedUntil { return .locked(until: until) }
            if let until = address.lockedUntil { return .addressLocked(until: until) }
            return .wrongCredentials
        }
    }

    /// A username that does not exist is counted and locked exactly as an account would be, and takes
    /// as long as a real password check: from outside, the two cannot be told apart.
    private func unknownAccount(_ username: String, password: String, ip: String?, now: Int64) async throws -> LoginResult {
        let key = LoginAttemptStore.unknownAccountKey(username)
        let actor = AuditActor(username: String(username.prefix(100)), ip: ip)
        if let counter = try await LoginAttemptStore(sql: platform.sql).find(key), counter.isLocked(at: now) {
            try await platform.writer.write { sql in
                try await AuditLog.record(on: sql, actor: actor, action: "login.failure", entityType: "account", outcome: "unknown_user_locked")
            }
            return .locked(until: counter.lockedUntil!)
        }
        _ = try await platform.hashPassword(password)
        return try await platform.writer.write { sql in
            let attempts = LoginAttemptStore(sql: sql)
            let counter = try await attempts.recordFailure(key, at: now, limit: .unknownAccount)
            let address = try await attempts.recordFailure(LoginAttemptStore.addressKey(ip), at: now, limit: .address)
            try await AuditLog.record(on: sql, actor: actor, action: "login.failure", entityType: "account", outcome: "unknown_user")
            if let until = counter.lockedUntil { return .locked(until: until) }
            if let until = address.lockedUntil { return .addressLocked(until: until) }
            return .wrongCredentials
        }
    }

    private func audit(_ actor: AuditActor, _ account: Account, _ action: String, outcome: String) async throws {
        try await platform.writer.write { db in
            try await AuditLog.record(on: db, actor: actor, action: action, entityType: "account",
                                      entityID: account.id, outcome: outcome)
        }
    }
}

extension Platform {
    package func hashPassword(_ password: String) async throws -> String {
        let cost = configuration.passwordCost
        return try await NIOThreadPool.singleton.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    package func verifyPassword(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { (try? Bcrypt.verify(password, created: hash)) ?? false }
    }
}
