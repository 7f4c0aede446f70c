import YanglaoCore
import YanglaoPlatform

/// The register's local settings.
struct ElderSettings: CapabilitySettings {
    /// Months until an ability assessment is due again (`YANGLAO_REASSESSMENT_MONTHS`, default 6 per MZ/T 039-2013).
    var reassessmentMonths = 6
    /// What 昏迷 means for the final level (`YANGLAO_COMA_LEVEL`, 3 or 4; default 4 能力完全丧失 — sources conflict).
    var comaLevel = 4
    /// 生活不能自理 for the centralised-support rate: 部分丧失 counts unless `YANGLAO_UNABLE_SELF_CARE=fully` (完全丧失 only).
    var unableIncludesPartlyLost = true

    init(environment: LocalEnvironment) {
        if let months = environment.bounded("YANGLAO_REASSESSMENT_MONTHS", 1...60) { reassessmentMonths = months }
        if let level = environment.bounded("YANGLAO_COMA_LEVEL", 3...4) { comaLevel = level }
        if environment["YANGLAO_UNABLE_SELF_CARE"] == "fully" { unableIncludesPartlyLost = false }
    }
}
