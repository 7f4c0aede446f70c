/// The year-end summary report (活动总结报告) a region submits upward by its due date, in the four
/// parts the Tongliao plan asks for.
public enum YearReportState: String, CaseIterable, Codable, Sendable {
    case draft = "草稿"
    case submitted = "已报送"
}

public enum YearReportSection: String, CaseIterable, Sendable {
    case achievements
    case problems
    case suggestions
    case nextSteps

    /// The headings of 通民福字〔2021〕1号: 主要工作及取得的成效、存在的突出问题、意见建议、下一步落实长效机制的打算.
    public var heading: String {
        switch self {
        case .achievements: "一、主要工作及成效"
        case .problems: "二、存在的突出问题"
        case .suggestions: "三、意见建议"
        case .nextSteps: "四、下一步长效机制打算"
        }
    }
}

public enum YearReportRules {
    /// 12月15日前 (the Tongliao plan), unless the plan says otherwise.
    public static func defaultDue(year: Int) -> LocalDate { LocalDate(year: year, month: 12, day: 15)! }

    /// Whether the report may be submitted: by its own region, once, and not while a ledger of the
    /// region's year stands returned (the figures it summarises are in question).
    /// A ledger standing returned, of the region itself or of one below it: `region` names it when below.
    public struct ReturnedLedger: Sendable, Equatable {
        public var region: String?
        public var month: YearMonth
        public init(region: String?, month: YearMonth) {
            self.region = region
            self.month = month
        }
    }

    /// A report is held back while any ledger of its region or of a region below stands returned:
    /// the figures it reports are the ledgers' own.
    public static func submitRefusal(state: YearReportState, standing: LedgerStanding, returnedLedgers: [ReturnedLedger]) -> LedgerRefusal? {
        guard standing == .reporting else { return .notAllowed("只有本级可以报送总结报告") }
        guard state == .draft else { return .wrongState("总结报告已报送，不能重复报送") }
        if let first = returnedLedgers.sorted(by: { ($0.month, $0.region ?? "") < ($1.month, $1.region ?? "") }).first {
            let more = returnedLedgers.count > 1 ? "等 \(returnedLedgers.count) 份" : ""
            return .wrongState("\(first.region ?? "本级")\(first.month.label)督查台账\(more)被上级退回，重新报送后才能报送总结报告")
        }
        return nil
    }

    public static func isLate(_ state: YearReportState, due: LocalDate, today: LocalDate) -> Bool {
        state == .draft && today > due
    }

    /// The bureau that issues a region's report: 民政局 of a county or city, 人民政府 of a town,
    /// 办事处 of a street.
    public static func issuingBody(regionName: String, level: RegionLevel, kind: String?) -> String {
        switch level {
        case .town: kind == "街道" ? "\(regionName)办事处" : "\(regionName)人民政府"
        case .village: "\(regionName)"
        default: "\(regionName)民政局"
        }
    }
}
