import Foundation
import SQLKit
import Vapor
import YanglaoCore

/// What the security admin does to an account: disable, enable, unlock, reset the password. Each
/// change is one transaction with its audit entry; disabling or a new password also ends the
/// account's sessions and tokens.
extension AccountService {
    enum Change: String, Sendable {
        case disable, enable, unlock, password
    }

    func apply(_ change: Change, to account: Account, newPassword: String? = nil, by actor: AuditActor) async throws {
        if change == .disable, actor.accountID == account.id {
            throw APIError(.conflict, code: "conflict", message: "不能停用自己的账户")
        }
        var hash: String?
        if change == .password {
            let password = newPassword ?? ""
            let problems = PasswordPolicy.problems(password: password, username: account.username)
            guard problems.isEmpty else { throw APIError.invalid("新密码不符合要求", fields: ["password": problems.joined(separator: "；")]) }
            hash = try await platform.hashPassword(password)
        }
        let newHash = hash
        try await platform.writer.write { sql in
            let now = Clock.timestamp()
            var update = sql.update("accounts").set("updated_at", to: now).where("id", .equal, account.id)
            var after = account
            switch change {
            case .disable: update = update.set("disabled", to: true); after.disabled = true
            case .enable: update = update.set("disabled", to: false); after.disabled = false
            case .unlock:
                update = update.set("failed_logins", to: 0).set("locked_until", to: SQLLiteral.null)
                after.failedLogins = 0
                after.lockedUntil = nil
            case .password:
                update = update.set("password_hash", to: newHash!).set("failed_logins", to: 0).set("locked_until", to: SQLLiteral.null)
            }
            try await update.run()
            if change == .disable || change == .password {
                try await SessionStore(sql: sql).deleteAll(accountID: account.id)
                try await sql.update("api_tokens").set("revoked_at", to: Clock.unixNow())
                    .where("account_id", .equal, account.id).where("revoked_at", .is, SQLLiteral.null).run()
            }
            try await AuditLog.record(
                on: sql, actor: actor, action: "account.\(change.rawValue)", entityType: "account", entityID: account.id,
                before: account.auditJSON + (change == .unlock ? " failedLogins=\(account.failedLogins)" : ""),
                after: after.auditJSON
            )
        }
    }
}
