import Foundation
import YanglaoCore

/// The one source of "today" and "now" for the platform's business rules and records (late projects,
/// the 四有 window, the region tree on a date, capacity snapshots, demo data). The system clock by
/// default; `YANGLAO_TODAY=YYYY-MM-DD` (and tests) shift it to another day while time still runs, so
/// that rules and demo data can be seen and tested on any date.
///
/// Security records keep the real time whatever this clock says (`Clock.timestamp()`,
/// `Clock.unixNow()`): audit entries, sessions, tokens and sign-in locks.
public struct PlatformClock: Sendable {
    package let now: @Sendable () -> Date

    public static let system = PlatformClock { Date() }

    /// A clock whose today is `day` (in China Standard Time) at this moment, and which runs on from there.
    /// It starts at 09:00 (Beijing time) of `day` and runs on: started at the real
    /// time of day, a clock started near midnight would reach the next day within minutes.
    public static func startingOn(_ day: LocalDate, from start: Date = Date()) -> PlatformClock {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let morning = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 9)) ?? start
        let offset = morning.timeIntervalSince(start)
        return PlatformClock { Date().addingTimeInterval(offset) }
    }

    /// Today where the platform's users are (China Standard Time, UTC+8).
    public var today: LocalDate { LocalDate.shanghaiDate(of: now()) }

    /// ISO 8601 in UTC with milliseconds, as records store it.
    public var timestamp: String { Clock.timestamp(now()) }

    public var unixNow: Int64 { Int64(now().timeIntervalSince1970) }
}

extension LocalDate {
    /// The date in China Standard Time of an instant.
    package static func shanghaiDate(of instant: Date) -> LocalDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        return LocalDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
