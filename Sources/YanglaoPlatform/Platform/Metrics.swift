import Prometheus
import Vapor

/// `GET /metrics` in Prometheus text format. Vapor records `http_requests_total` and
/// `http_request_duration_seconds` per route through swift-metrics once the executable has
/// bootstrapped the metrics system with this registry.
package enum MetricsEndpoint {
    package static func register(on app: Application, registry: PrometheusCollectorRegistry) {
        app.get("metrics", access: .open("request counts by route, no record")) { _ -> Response in
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            let response = Response(status: .ok, body: .init(data: Data(buffer)))
            response.headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
            return response
        }
    }
}
