import Foundation
import Logging
import Vapor

/// One structured line per request: method, route, status and duration as metadata, so that the
/// JSON handler below turns them into fields.
package struct RequestLogMiddleware: AsyncMiddleware {
    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next.respond(to: request)
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        request.logger.info("request", metadata: [
            "method": "\(request.method.rawValue)",
            "path": "\(request.url.path)",
            "status": "\(response.status.code)",
            "durationMs": "\(String(format: "%.1f", milliseconds))",
        ])
        return response
    }
}

/// Writes each log event as one JSON object per line to standard error (`YANGLAO_LOG_FORMAT=json`),
/// for log collectors; the default is swift-log's plain text.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    private let label: String

    public init(label: String, level: Logger.Level) {
        self.label = label
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [String: String] = [
            "time": ISO8601DateFormatter().string(from: Date()),
            "level": event.level.rawValue,
            "logger": label,
            "message": "\(event.message)",
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            fields[key] = "\(value)"
        }
        guard var line = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]) else { return }
        line.append(0x0A)
        FileHandle.standardError.write(line)
    }
}

/// Credentials never reach a log, whatever the level: at `trace` Vapor logs every request head with
/// its headers. The values of `Authorization`, `Cookie`, `Set-Cookie` and `X-CSRF-Token` are
/// replaced, in the message and in the metadata, before any handler writes them.
public enum LogRedaction {
    package static let sensitiveHeaders = ["authorization", "proxy-authorization", "cookie", "set-cookie", "x-csrf-token"]

    public static func redact(_ text: String) -> String {
        guard sensitiveHeaders.contains(where: { text.range(of: $0, options: .caseInsensitive) != nil }) else { return text }
        var result = text
        for name in sensitiveHeaders {
            // ("Authorization", "Bearer …") as NIO prints a header list.
            result = result.replacing(Regex<Substring>(verbatim: "(?i)\"\(name)\",\\s*\"[^\"]*\""), with: { match in
                "\(match.output.prefix { $0 != "," }), \"***\""
            })
            // Authorization: Bearer … as a header line.
            result = result.replacing(Regex<Substring>(verbatim: "(?im)^\\s*\(name):[^\\r\\n]*"), with: { match in
                "\(match.output.prefix { $0 != ":" }): ***"
            })
        }
        return result
    }
}

extension Regex<Substring> {
    /// A pattern known at compile time; a wrong one is a programming error caught by the tests.
    package init(verbatim pattern: String) {
        self = try! Regex<Substring>(pattern)
    }
}

/// Wraps a handler so that `LogRedaction` applies to everything it writes.
public struct RedactingLogHandler: LogHandler {
    private var wrapped: any LogHandler

    public init(_ wrapped: any LogHandler) { self.wrapped = wrapped }

    public var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue }
    }

    public var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue }
    }

    public func log(event: LogEvent) {
        var redacted = event
        redacted.message = "\(LogRedaction.redact("\(event.message)"))"
        redacted.metadata = event.metadata?.mapValues { .string(LogRedaction.redact("\($0)")) }
        wrapped.log(event: redacted)
    }
}
