import SQLKit
import Vapor

/// `GET /healthz`: 200 when the database answers, 503 when it does not.
package enum Health {
    package struct Status: Content {
        package var status: String
        package var database: String
    }

    package static func register(on app: Application, platform: Platform) {
        app.get("healthz", access: .open("liveness for the load balancer, no record")) { request async -> Response in
            let healthy: Bool
            do {
                _ = try await platform.sql.raw("SELECT 1 AS ok").first()
                healthy = true
            } catch {
                request.logger.warning("health check: database unreachable", metadata: ["error": "\(error)"])
                healthy = false
            }
            let status = healthy ? Status(status: "ok", database: "ok") : Status(status: "unavailable", database: "unreachable")
            let response = Response(status: healthy ? .ok : .serviceUnavailable)
            try? response.content.encode(status, as: .json)
            return response
        }
    }
}
