import YanglaoCore
import YanglaoPlatform

/// The facilities registry's local settings.
struct FacilitySettings: CapabilitySettings {
    /// 四有: how many days back an activity counts (`YANGLAO_ACTIVITY_WINDOW_DAYS`, 1–3660, default 90).
    var activityWindowDays = CommunityRules.defaultActivityWindowDays

    init(environment: LocalEnvironment) {
        if let days = environment.bounded("YANGLAO_ACTIVITY_WINDOW_DAYS", 1...3660) { activityWindowDays = days }
    }
}
