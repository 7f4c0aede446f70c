/// The minimum for a password: at least 8 characters from at least two of letters, digits and
/// other characters, and not the user name.
public enum PasswordPolicy {
    public static let minimumLength = 8

    /// The Chinese reasons a password is refused; empty when it is acceptable.
    public static func problems(password: String, username: String) -> [String] {
        var problems: [String] = []
        if password.count < minimumLength { problems.append("密码至少\(minimumLength)位") }
        let classes = [
            password.contains { $0.isLetter },
            password.contains { $0.isNumber },
            password.contains { !$0.isLetter && !$0.isNumber },
        ].filter { $0 }.count
        if classes < 2 { problems.append("密码须包含字母、数字、符号中的至少两类") }
        if !username.isEmpty && password.lowercased().contains(username.lowercased()) {
            problems.append("密码不能包含用户名")
        }
        return problems
    }
}

/// User names: 3 to 32 letters, digits or - _ . (they go into URLs, logs and the audit chain).
public enum UsernamePolicy {
    public static func problem(_ username: String) -> String? {
        let valid = (3...32).contains(username.count)
            && username.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
        return valid ? nil : "用户名须为3–32位字母、数字或 - _ ."
    }
}

/// 5 failed logins in a row lock an account for 15 minutes; a success resets the count.
public struct LoginThrottle: Sendable, Equatable {
    public static let maximumFailures = 5
    public static let lockSeconds: Int64 = 15 * 60

    public var failures: Int
    /// Unix seconds until which the account is locked, if it is.
    public var lockedUntil: Int64?

    public init(failures: Int, lockedUntil: Int64?) {
        self.failures = failures
        self.lockedUntil = lockedUntil
    }

    public func isLocked(at now: Int64) -> Bool {
        guard let lockedUntil else { return false }
        return now < lockedUntil
    }

    /// The state after a wrong password at `now`. An expired lock starts a fresh count.
    public func afterFailure(at now: Int64) -> LoginThrottle {
        let previous = (lockedUntil.map { now >= $0 } ?? false) ? 0 : failures
        let count = previous + 1
        return count >= Self.maximumFailures
            ? LoginThrottle(failures: count, lockedUntil: now + Self.lockSeconds)
            : LoginThrottle(failures: count, lockedUntil: nil)
    }

    public static let cleared = LoginThrottle(failures: 0, lockedUntil: nil)
}
