/// The monthly supervision ledger (督查台账月报): each region below a plan's region reports every
/// month; the level above approves it, which locks the month, or returns it with a reason.
public enum LedgerState: String, CaseIterable, Codable, Sendable {
    case draft = "草稿"
    case submitted = "已报送"
    case returned = "已退回"
    /// Approved by the level above: the month is locked.
    case approved = "已审核"

    /// The reporting region may change it.
    public var isEditable: Bool { self == .draft || self == .returned }
    public var isLocked: Bool { self == .approved }

    public var key: String {
        switch self {
        case .draft: "draft"
        case .submitted: "submitted"
        case .returned: "returned"
        case .approved: "approved"
        }
    }
}

/// What someone does to a ledger.
public enum LedgerAction: String, CaseIterable, Sendable {
    case save, submit, approve, `return`, unlock

    public var label: String {
        switch self {
        case .save: "保存"
        case .submit: "报送"
        case .approve: "审核通过"
        case .return: "退回"
        case .unlock: "解锁"
        }
    }
}

/// Where the person acting stands to the ledger's region.
public enum LedgerStanding: Sendable, Equatable {
    /// An account of the ledger's own region (its scope is that region).
    case reporting
    /// An account of a region above it (its scope holds the region and more).
    case above
    /// Neither (a region below it, or elsewhere).
    case other
}

/// Why an action is refused: the wrong person (403) or the wrong moment (409).
public enum LedgerRefusal: Error, Sendable, Equatable {
    case notAllowed(String)
    case wrongState(String)
    case invalid(field: String, message: String)

    public var message: String {
        switch self {
        case let .notAllowed(message), let .wrongState(message): message
        case let .invalid(_, message): message
        }
    }
}

public enum LedgerRules {
    /// The ledger of a month is due by this day of the next month (a local setting, `YANGLAO_LEDGER_DUE_DAY`).
    public static let defaultDueDay = 5

    /// Whether `action` may be taken now, by someone standing where they stand; nil when it may.
    /// The level above approves and can never approve its own region's ledger, nor one it submitted.
    public static func refusal(
        _ action: LedgerAction, state: LedgerState, standing: LedgerStanding, actorSubmittedIt: Bool = false, reason: String? = nil
    ) -> LedgerRefusal? {
        let reasonGiven = ReasonText.isGiven(reason)
        switch action {
        case .save, .submit:
            guard standing == .reporting else { return .notAllowed("只有本级（\(action == .save ? "填报" : "报送")单位）可以\(action.label)台账") }
            guard state.isEditable else {
                return .wrongState(state.isLocked ? "本月台账已审核锁定，不能修改；如需修改，请上级解锁" : "台账已报送，等待上级审核，不能修改")
            }
        case .approve, .return:
            guard standing == .above else {
                return .notAllowed(standing == .reporting ? "不能审核本级报送的台账，应由上级审核" : "只有上级可以审核台账")
            }
            guard !actorSubmittedIt else { return .notAllowed("不能审核自己报送的台账") }
            guard state == .submitted else {
                return .wrongState(state.isLocked ? "台账已审核锁定" : "台账尚未报送，不能\(action.label)")
            }
            if action == .return, !reasonGiven { return .invalid(field: "reason", message: "退回须注明理由（至少 2 个可见的字）") }
        case .unlock:
            guard standing == .above else { return .notAllowed("只有上级可以解锁台账") }
            guard state.isLocked else { return .wrongState("台账未锁定，无须解锁") }
            guard reasonGiven else { return .invalid(field: "reason", message: "解锁须注明理由（至少 2 个可见的字）") }
        }
        return nil
    }

    /// The state after an action.
    public static func state(after action: LedgerAction, from state: LedgerState) -> LedgerState {
        switch action {
        case .save: state
        case .submit: .submitted
        case .approve: .approved
        case .return, .unlock: .returned
        }
    }

    /// When the ledger of a month is due.
    public static func deadline(of month: YearMonth, dueDay: Int = defaultDueDay) -> LocalDate {
        let next = month.next
        return LocalDate(year: next.year, month: next.month, day: min(max(1, dueDay), LocalDate.daysIn(month: next.month, year: next.year)))!
    }

    /// Not submitted (nor approved) after its deadline.
    public static func isLate(_ state: LedgerState, month: YearMonth, today: LocalDate, dueDay: Int = defaultDueDay) -> Bool {
        state.isEditable && today > deadline(of: month, dueDay: dueDay)
    }
}
