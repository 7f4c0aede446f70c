import NIOConcurrencyHelpers
import Vapor
import YanglaoCore
import YanglaoPlatform

/// The daily job behind the rules that depend on the date (四有's activity window, agreements
/// that expire): at start and whenever the platform's day has changed (checked hourly), every
/// facility's stored problems are brought up to today, so that problem filters stay true.
enum FacilityProblemRefresh {
    static func job(_ platform: Platform) -> RepeatingJob {
        let refreshedOn = NIOLockedValueBox<LocalDate?>(nil)
        return RepeatingJob(name: "facility problem refresh", interval: .seconds(3600)) { logger in
            let today = platform.clock.today
            guard refreshedOn.withLockedValue({ $0 }) != today else { return }
            let changed = try await platform.facilityStore().refreshAllProblems(writer: platform.writer)
            refreshedOn.withLockedValue { $0 = today }
            logger.info("facility problems refreshed", metadata: ["day": "\(today)", "changed": "\(changed)"])
        }
    }
}
