/// The minimum for a password: at least 8 characters from at least two of letters, digits and
/// other characters, and not the user name.
public enum PasswordPolicy {
    public static let minimumLength = 8

    /// The Chinese reasons a password is refused; empty when it is acceptable.
    public static func problems(password: String, username: String) -> [String] {
        var problems: [String] = []
        if password.count < minimumLength { problems.append("密码至少\(minimumLength)位") }
        if password.utf8.count > 128 { problems.append("密码不能超过128个字节") }
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

/// Failed sign-ins counted by something other than an account: a username that does not exist
/// (locked exactly like a real account, so that locking tells nothing about which names exist) and
/// a client address (many failures from one address, whatever names it tries).
public struct AttemptCounter: Sendable, Equatable {
    public struct Limit: Sendable, Equatable {
        public var maximumFailures: Int
        /// Failures older than this start a fresh count.
        public var windowSeconds: Int64
        public var lockSeconds: Int64

        public init(maximumFailures: Int, windowSeconds: Int64, lockSeconds: Int64) {
            self.maximumFailures = maximumFailures
            self.windowSeconds = windowSeconds
            self.lockSeconds = lockSeconds
        }

        /// The same as an account's: 5 in a row, 15 minutes.
        public static let unknownAccount = Limit(maximumFailures: LoginThrottle.maximumFailures, windowSeconds: 24 * 3600, lockSeconds: LoginThrottle.lockSeconds)
        /// 30 failures from one address within 15 minutes lock that address for 15 minutes.
        public static let address = Limit(maximumFailures: 30, windowSeconds: 15 * 60, lockSeconds: 15 * 60)
    }

    public var failures: Int
    public var windowStart: Int64
    public var lockedUntil: Int64?

    public init(failures: Int, windowStart: Int64, lockedUntil: Int64?) {
        self.failures = failures
        self.windowStart = windowStart
        self.lockedUntil = lockedUntil
    }

    public func isLocked(at now: Int64) -> Bool {
        guard let lockedUntil else { return false }
        return now < lockedUntil
    }

    /// The count after a failure at `now` (nil: nothing counted yet). An expired lock or window starts afresh.
    public static func afterFailure(_ current: AttemptCounter?, at now: Int64, limit: Limit) -> AttemptCounter {
        var counter = current ?? AttemptCounter(failures: 0, windowStart: now, lockedUntil: nil)
        let lockExpired = counter.lockedUntil.map { now >= $0 } ?? false
        if lockExpired || now - counter.windowStart >= limit.windowSeconds {
            counter = AttemptCounter(failures: 0, windowStart: now, lockedUntil: nil)
        }
        counter.failures += 1
        if counter.failures >= limit.maximumFailures { counter.lockedUntil = now + limit.lockSeconds }
        return counter
    }
}
