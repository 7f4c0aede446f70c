import FluentKit
import SQLKit
import Vapor
import YanglaoCore

package struct LoginAttemptStore {
    package let sql: any SQLDatabase

    /// A username that does not exist, case-folded and bounded so that a key stays small.
    package static func unknownAccountKey(_ username: String) -> String { "user:" + username.lowercased().prefix(100) }
    package static func addressKey(_ address: String?) -> String { "address:" + (address ?? "unknown") }

    private struct Row: Decodable {
        package var failures: Int
        package var windowStart: Int64
        package var lockedUntil: Int64?
    }

    package func find(_ key: String) async throws -> AttemptCounter? {
        try await sql.select().columns("failures", "window_start", "locked_until").from("login_attempts").where("key", .equal, key)
            .first(decoding: Row.self, keyDecodingStrategy: .fromSnakeCase)
            .map { AttemptCounter(failures: $0.failures, windowStart: $0.windowStart, lockedUntil: $0.lockedUntil) }
    }

    /// Counts a failure under `key` and returns the new state.
    package func recordFailure(_ key: String, at now: Int64, limit: AttemptCounter.Limit) async throws -> AttemptCounter {
        let next = AttemptCounter.afterFailure(try await find(key), at: now, limit: limit)
        try await sql.insert(into: "login_attempts")
            .columns("key", "failures", "window_start", "locked_until")
            .values(SQLBind(key), SQLBind(next.failures), SQLBind(next.windowStart), SQLBind(next.lockedUntil))
            .onConflict(with: ["key"]) { $0.set(excludedValueOf: "failures").set(excludedValueOf: "window_start").set(excludedValueOf: "locked_until") }
            .run()
        return next
    }
}

extension AccountService.LoginResult {
    /// What the login page and the token API say, the same for both. A locked unknown username reads
    /// exactly like a locked account.
    package var refusal: (code: String, message: String)? {
        switch self {
        case .success: nil
        case .wrongCredentials: ("wrong_credentials", "用户名或密码错误")
        case let .locked(until):
            ("account_locked", "连续\(LoginThrottle.maximumFailures)次密码错误，账户已锁定，请于\(Clock.shanghaiTime(until))后重试或联系安全管理员解锁")
        case let .addressLocked(until):
            ("address_locked", "本机登录失败次数过多，已暂停登录，请于\(Clock.shanghaiTime(until))后重试")
        case .disabled: ("account_disabled", "账户已停用，请联系安全管理员")
        }
    }
}
