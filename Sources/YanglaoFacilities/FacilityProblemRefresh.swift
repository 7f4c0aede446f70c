import NIOConcurrencyHelpers
import Vapor
import YanglaoCore
import YanglaoPlatform

/// The daily job behind the rules that depend on the date (四有's activity window, agreements
/// that expire) and behind the history of facility facts: at start and whenever the platform's
/// day has changed (checked hourly), every facility's stored problems and this month's
/// contributions are brought up to today — the last run of a month is what that month keeps.
/// One process runs it a day, however many are started (`DailyJobLease`).
enum FacilityProblemRefresh {
    static let leaseName = "facility daily refresh"

    static func job(_ platform: Platform) -> RepeatingJob {
        let refreshedOn = NIOLockedValueBox<LocalDate?>(nil)
        let lease = DailyJobLease(name: leaseName, holder: platform.sealerHolder)
        return RepeatingJob(name: "facility problem refresh", interval: .seconds(3600)) { logger in
            let today = platform.clock.today
            guard refreshedOn.withLockedValue({ $0 }) != today else { return }
            guard try await lease.claim(day: today.description, writer: platform.writer) else { return }
            do {
                let changed = try await platform.facilityStore().refreshAll(writer: platform.writer)
                try await lease.finish(day: today.description, writer: platform.writer)
                refreshedOn.withLockedValue { $0 = today }
                logger.info("facilities refreshed", metadata: ["day": "\(today)", "problems changed": "\(changed)"])
            } catch {
                try? await lease.release(writer: platform.writer)
                throw error
            }
        }
    }
}
