import Testing
import YanglaoCore
@testable import YanglaoElders
@testable import YanglaoFacilities
@testable import YanglaoPlans
@testable import YanglaoPlatform

/// Each capability reads its own local settings from the environment the floor keeps; a value out of
/// its bounds keeps the default, and one set in code wins.
@Suite struct CapabilitySettingsTests {
    @Test func eachCapabilityReadsItsOwnVariables() {
        let configuration = AppConfiguration.fromEnvironment(demo: true, environment: [
            "YANGLAO_ACTIVITY_WINDOW_DAYS": "30", "YANGLAO_COMA_LEVEL": "3", "YANGLAO_UNABLE_SELF_CARE": "fully",
            "YANGLAO_REASSESSMENT_MONTHS": "0", "YANGLAO_LEDGER_DUE_DAY": "10", "YANGLAO_PROGRESS_PACE": "quarterly",
            "YANGLAO_PROGRESS_SERIOUS_GAP": "1e3",
        ])
        #expect(configuration[settings: FacilitySettings.self].activityWindowDays == 30)
        let elders = configuration[settings: ElderSettings.self]
        #expect(elders.comaLevel == 3 && !elders.unableIncludesPartlyLost)
        #expect(elders.reassessmentMonths == 6, "0 months is out of bounds: the default stays")
        let plans = configuration[settings: PlanSettings.self]
        #expect(plans.ledgerDueDay == 10 && plans.progressSchedule.pace == .quarterly)
        #expect(plans.progressSchedule.seriousGap == ProgressSchedule().seriousGap, "not a whole number: the default stays")
    }

    @Test func aSettingSetInCodeWins() {
        var configuration = AppConfiguration.fromEnvironment(demo: true, environment: ["YANGLAO_ACTIVITY_WINDOW_DAYS": "30"])
        configuration[settings: FacilitySettings.self].activityWindowDays = 7
        #expect(configuration[settings: FacilitySettings.self].activityWindowDays == 7)
        #expect(AppConfiguration.fromEnvironment(demo: true, environment: [:])[settings: FacilitySettings.self].activityWindowDays
                == CommunityRules.defaultActivityWindowDays)
    }
}
