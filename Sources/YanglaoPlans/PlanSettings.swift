import YanglaoCore
import YanglaoPlatform

/// Plans' local settings.
struct PlanSettings: CapabilitySettings {
    /// How progress is judged against targets: the pace expected over the year and how far behind is
    /// 严重滞后 (`YANGLAO_PROGRESS_PACE=linear|quarterly`, `YANGLAO_PROGRESS_SERIOUS_GAP` in per cent, default 25).
    var progressSchedule = ProgressSchedule()
    /// The day of the next month by which a month's ledger (督查台账) is due (`YANGLAO_LEDGER_DUE_DAY`, default 5).
    var ledgerDueDay = LedgerRules.defaultDueDay

    init(environment: LocalEnvironment) {
        if let pace = environment["YANGLAO_PROGRESS_PACE"].flatMap(ProgressSchedule.Pace.init(rawValue:)) { progressSchedule.pace = pace }
        if let gap = environment.bounded("YANGLAO_PROGRESS_SERIOUS_GAP", 1...100) { progressSchedule.seriousGap = Double(gap) / 100 }
        if let day = environment.bounded("YANGLAO_LEDGER_DUE_DAY", 1...28) { ledgerDueDay = day }
    }
}
