import Foundation
import SQLKit
import Vapor
import YanglaoCore

/// What the security admin does to an account: disable, enable, unlock, reset the password. Each
/// change is one transaction with its audit entry; disabling or a reset also ends the account's
/// sessions and tokens. 三员分立 (`SeparationOfDuties`) decides who may: nobody acts on their own
/// account, and the password of an auditor or a security administrator is reset only when a second
/// security administrator confirms what a first one asked.
extension AccountService {
    package enum Change: String, Sendable {
        case disable, enable, unlock, password

        package var duty: SeparationOfDuties.Change {
            switch self {
            case .disable: .disable
            case .enable: .enable
            case .unlock: .unlock
            case .password: .resetPassword
            }
        }
    }

    package enum Outcome: Sendable, Equatable {
        case done
        /// A reset of a guarded account, asked and waiting for a second security administrator.
        case resetRequested
        /// A reset done: the one-time password to hand to the owner, shown once.
        case oneTimePassword(String)
    }

    package func apply(_ change: Change, to account: Account, by actor: AuditActor) async throws -> Outcome {
        let verdict = SeparationOfDuties.verdict(change.duty, actorID: actor.accountID ?? "", targetID: account.id,
                                                 targetRole: account.role, requestedBy: account.resetRequestedBy)
        switch verdict {
        case let .refused(reason):
            try await platform.writer.write { sql in
                try await AuditLog.record(on: sql, actor: actor, action: "account.\(change.rawValue)", entityType: "account",
                                          entityID: account.id, outcome: "refused")
            }
            throw APIError(.forbidden, code: "separation_of_duties", message: reason)
        case .needsSecondAdministrator:
            try await platform.writer.write { sql in
                try await sql.update("accounts").set("reset_requested_by", to: actor.accountID).set("updated_at", to: Clock.timestamp())
                    .where("id", .equal, account.id).run()
                try await AuditLog.record(on: sql, actor: actor, action: "account.password_reset_requested", entityType: "account",
                                          entityID: account.id, before: account.auditJSON)
            }
            return .resetRequested
        case .allowed:
            break
        }
        let oneTime = change == .password ? OneTimePassword.make() : nil
        let newHash = try await oneTime.asyncMap { try await platform.hashPassword($0) }
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
                    .set("must_change_password", to: true).set("reset_requested_by", to: SQLLiteral.null)
            }
            try await update.run()
            if change == .disable || change == .password {
                try await SessionStore(sql: sql).deleteAll(accountID: account.id)
                try await sql.update("api_tokens").set("revoked_at", to: Clock.unixNow())
                    .where("account_id", .equal, account.id).where("revoked_at", .is, SQLLiteral.null).run()
            }
            let requested = account.resetRequestedBy.map { " requested_by=\($0)" } ?? ""
            try await AuditLog.record(
                on: sql, actor: actor, action: "account.\(change.rawValue)", entityType: "account", entityID: account.id,
                before: account.auditJSON + (change == .unlock ? " failedLogins=\(account.failedLogins)" : ""),
                after: after.auditJSON, outcome: change == .password ? "one_time_password_issued" + requested : "ok"
            )
        }
        return oneTime.map(Outcome.oneTimePassword) ?? .done
    }

    /// The owner replaces their password (a one-time one, or simply an old one): the current password
    /// is checked, the new one must meet the policy and differ from it; other sessions and tokens end.
    package func changeOwnPassword(_ account: Account, current: String, new: String, confirmation: String, ip: String?) async throws {
        var fields: [String: String] = [:]
        if !(try await platform.verifyPassword(current, hash: account.passwordHash)) { fields["current"] = "当前密码不正确" }
        let problems = PasswordPolicy.problems(password: new, username: account.username)
        if !problems.isEmpty { fields["password"] = problems.joined(separator: "；") }
        else if new == current { fields["password"] = "新密码不能与当前密码相同" }
        if new != confirmation { fields["confirmation"] = "两次输入的新密码不一致" }
        guard fields.isEmpty else { throw APIError.invalid("密码未修改", fields: fields) }
        let hash = try await platform.hashPassword(new)
        try await platform.writer.write { sql in
            try await sql.update("accounts").set("password_hash", to: hash).set("must_change_password", to: false)
                .set("updated_at", to: Clock.timestamp()).where("id", .equal, account.id).run()
            try await sql.update("api_tokens").set("revoked_at", to: Clock.unixNow())
                .where("account_id", .equal, account.id).where("revoked_at", .is, SQLLiteral.null).run()
            try await AuditLog.record(on: sql, actor: AuditActor(account, ip: ip), action: "account.password_change",
                                      entityType: "account", entityID: account.id,
                                      outcome: account.mustChangePassword ? "one_time_password_replaced" : "ok")
        }
    }
}
