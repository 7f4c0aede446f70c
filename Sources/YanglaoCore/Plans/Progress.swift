/// Where a region stands on an indicator against the share of its target expected by the date.
public enum ProgressStatus: String, CaseIterable, Codable, Sendable {
    case met = "达标"
    case onTrack = "进度正常"
    case behind = "滞后"
    case seriouslyBehind = "严重滞后"

    /// The identifier used in styles and the API's filters.
    public var key: String {
        switch self {
        case .met: "met"
        case .onTrack: "on-track"
        case .behind: "behind"
        case .seriouslyBehind: "seriously-behind"
        }
    }
}

/// How much of a target is expected by a date, and how far behind is serious. A local setting
/// (`YANGLAO_PROGRESS_SCHEDULE`, `YANGLAO_PROGRESS_SERIOUS_GAP`).
public struct ProgressSchedule: Sendable, Equatable {
    public enum Pace: String, Sendable, CaseIterable {
        /// Evenly over the days from the start of the year to the deadline.
        case linear
        /// In quarters: what is expected at the end of the last quarter passed.
        case quarterly
    }

    public var pace: Pace
    /// Behind by more than this share of the target is 严重滞后; less is 滞后.
    public var seriousGap: Double

    public init(pace: Pace = .linear, seriousGap: Double = 0.25) {
        self.pace = pace
        self.seriousGap = seriousGap
    }

    /// The share (0…1) of the target expected done by `date`, for a year's plan whose work is due by
    /// `deadline` (a dated task) or the year's end.
    public func expectedShare(on date: LocalDate, year: Int, deadline: LocalDate? = nil) -> Double {
        let start = LocalDate(year: year, month: 1, day: 1)!
        let end = deadline ?? LocalDate(year: year, month: 12, day: 31)!
        guard date >= start else { return 0 }
        guard date < end else { return 1 }
        var counted = date
        if pace == .quarterly {
            // The work expected by the last quarter's end on or before the date.
            let quarterEnds = [3, 6, 9, 12].map { YearMonth(year: date.year, month: $0)!.lastDay }
            guard let last = quarterEnds.last(where: { $0 <= date }) else { return 0 }
            counted = last
        }
        let whole = Double(start.days(to: end) + 1), elapsed = Double(start.days(to: counted) + 1)
        return min(1, max(0, elapsed / whole))
    }
}

/// One indicator of one region at one date.
public struct Progress: Sendable, Equatable {
    public var value: Double?
    public var target: Double?
    /// The share of the target reached, 0…1 (capped at 1); nil without a value or a target.
    public var completion: Double?
    /// The share of the target expected by the date.
    public var expected: Double?
    public var status: ProgressStatus?

    public init(value: Double?, target: Double?, completion: Double?, expected: Double?, status: ProgressStatus?) {
        self.value = value
        self.target = target
        self.completion = completion
        self.expected = expected
        self.status = status
    }
}

public enum ProgressRules {
    /// Judges a value against its target on a date: met, or behind the share expected by then by
    /// nothing (进度正常), by up to the serious gap (滞后) or more (严重滞后); past the deadline the whole
    /// target is expected. Without a target there is no status (the
    /// official table leaves the cell blank); without a value (nothing to count, nothing entered)
    /// neither completion nor status is claimed.
    public static func evaluate(
        value: Double?, target: Double?, direction: IndicatorDirection, on date: LocalDate, year: Int,
        deadline: LocalDate? = nil, schedule: ProgressSchedule = ProgressSchedule()
    ) -> Progress {
        guard let target else { return Progress(value: value, target: nil, completion: nil, expected: nil, status: nil) }
        let expected = schedule.expectedShare(on: date, year: year, deadline: deadline)
        guard let value else { return Progress(value: nil, target: target, completion: nil, expected: expected, status: nil) }
        let completion = completionShare(value: value, target: target, direction: direction)
        let status: ProgressStatus
        if direction.isMet(value, target: target) {
            status = .met
        } else {
            let gap = expected - completion
            status = gap <= 1e-9 ? .onTrack : gap <= schedule.seriousGap ? .behind : .seriouslyBehind
        }
        return Progress(value: value, target: target, completion: completion, expected: expected, status: status)
    }

    /// The share of a target reached, 0…1.
    public static func completionShare(value: Double, target: Double, direction: IndicatorDirection) -> Double {
        if direction.isMet(value, target: target) { return 1 }
        switch direction {
        case .atLeast: return target > 0 ? min(1, max(0, value / target)) : 1
        case .atMost: return value > 0 ? min(1, max(0, target / value)) : 1
        case .exactly:
            let high = max(value, target)
            return high > 0 ? min(1, max(0, min(value, target) / high)) : 1
        }
    }
}
