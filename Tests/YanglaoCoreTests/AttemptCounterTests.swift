import Testing
@testable import YanglaoCore

@Suite struct AttemptCounterTests {
    let limit = AttemptCounter.Limit(maximumFailures: 3, windowSeconds: 100, lockSeconds: 50)

    @Test func locksAtTheLimitWithinTheWindow() {
        var counter: AttemptCounter?
        for second in [0, 10, 20] as [Int64] { counter = AttemptCounter.afterFailure(counter, at: second, limit: limit) }
        #expect(counter == AttemptCounter(failures: 3, windowStart: 0, lockedUntil: 70))
        #expect(counter!.isLocked(at: 69))
        #expect(!counter!.isLocked(at: 70))
    }

    @Test func anExpiredLockOrWindowStartsAfresh() {
        let locked = AttemptCounter(failures: 3, windowStart: 0, lockedUntil: 70)
        #expect(AttemptCounter.afterFailure(locked, at: 70, limit: limit) == AttemptCounter(failures: 1, windowStart: 70, lockedUntil: nil))
        let old = AttemptCounter(failures: 2, windowStart: 0, lockedUntil: nil)
        #expect(AttemptCounter.afterFailure(old, at: 100, limit: limit) == AttemptCounter(failures: 1, windowStart: 100, lockedUntil: nil))
        #expect(AttemptCounter.afterFailure(old, at: 99, limit: limit).lockedUntil == 149)
    }

    @Test func anUnknownNameLocksLikeAnAccount() {
        #expect(AttemptCounter.Limit.unknownAccount.maximumFailures == LoginThrottle.maximumFailures)
        #expect(AttemptCounter.Limit.unknownAccount.lockSeconds == LoginThrottle.lockSeconds)
    }
}
