import Vapor

/// Work that runs while the server serves: once at start, then after every `interval`, until the
/// server stops (then `atShutdown`, if any). A failed round is logged and the next one comes.
package struct RepeatingJob: LifecycleHandler {
    package let name: String
    package let interval: Duration
    /// One round, handed the application's logger.
    package let round: @Sendable (Logger) async throws -> Void
    package var atShutdown: (@Sendable () async -> Void)? = nil
    private let task = TaskBox()

    package init(name: String, interval: Duration, atShutdown: (@Sendable () async -> Void)? = nil, round: @escaping @Sendable (Logger) async throws -> Void) {
        self.name = name
        self.interval = interval
        self.atShutdown = atShutdown
        self.round = round
    }

    private final class TaskBox: @unchecked Sendable {
        var task: Task<Void, Never>?
    }

    package func didBootAsync(_ application: Application) async throws {
        let (name, interval, round, logger) = (name, interval, round, application.logger)
        task.task = Task {
            while !Task.isCancelled {
                do { try await round(logger) } catch { logger.error("\(name) failed", metadata: ["error": "\(error)"]) }
                try? await Task.sleep(for: interval)
            }
        }
    }

    package func shutdownAsync(_ application: Application) async {
        task.task?.cancel()
        await atShutdown?()
    }
}
