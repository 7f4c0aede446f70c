import YanglaoPlatform
import Vapor
import YanglaoCore

/// The daily job behind the rules that depend on the date (四有's activity window, agreements
/// that expire): at start and whenever the platform's day has changed (checked hourly), every
/// facility's stored problems are brought up to today, so that problem filters stay true.
struct FacilityProblemRefresh: LifecycleHandler {
    let platform: Platform
    let task = TaskBox()

    final class TaskBox: @unchecked Sendable {
        var task: Task<Void, Never>?
    }

    func didBootAsync(_ application: Application) async throws {
        let platform = self.platform
        let logger = application.logger
        task.task = Task {
            var refreshedOn: LocalDate?
            while !Task.isCancelled {
                let today = platform.clock.today
                if refreshedOn != today {
                    do {
                        let changed = try await platform.facilityStore().refreshAllProblems(writer: platform.writer)
                        refreshedOn = today
                        logger.info("facility problems refreshed", metadata: ["day": "\(today)", "changed": "\(changed)"])
                    } catch {
                        logger.error("facility problem refresh failed", metadata: ["error": "\(error)"])
                    }
                }
                try? await Task.sleep(for: .seconds(3600))
            }
        }
    }

    func shutdownAsync(_ application: Application) async {
        task.task?.cancel()
    }
}
