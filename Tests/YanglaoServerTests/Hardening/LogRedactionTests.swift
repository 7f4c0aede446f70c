import Logging
import Testing
@testable import YanglaoPlatform
@testable import YanglaoElders
@testable import YanglaoFacilities
@testable import YanglaoPlans
@testable import YanglaoServer

@Suite struct LogRedactionTests {
    @Test func headerValuesAreReplaced() {
        let head = #"Decoded HTTP part: head(HTTPRequestHead { method: GET, uri: "/api/v1/facilities", version: HTTP/1.1, headers: [("Host", "127.0.0.1"), ("authorization", "Bearer s3cr3t-token"), ("Cookie", "yanglao_session=abc; other=1")] })"#
        let redacted = LogRedaction.redact(head)
        #expect(!redacted.contains("s3cr3t-token") && !redacted.contains("yanglao_session=abc"))
        #expect(redacted.contains(#"("authorization", "***")"#) && redacted.contains(#"("Cookie", "***")"#))
        #expect(redacted.contains(#"("Host", "127.0.0.1")"#))
        let lines = "GET / HTTP/1.1\r\nAuthorization: Bearer abc\r\nX-CSRF-Token: t0k\r\nAccept: */*"
        #expect(LogRedaction.redact(lines) == "GET / HTTP/1.1\r\nAuthorization: ***\r\nX-CSRF-Token: ***\r\nAccept: */*")
        #expect(LogRedaction.redact("nothing to hide") == "nothing to hide")
    }

    @Test func theHandlerRedactsMessageAndMetadata() {
        final class Capture: @unchecked Sendable { var lines: [String] = [] }
        let capture = Capture()
        struct Recorder: LogHandler {
            let capture: Capture
            var metadata: Logger.Metadata = [:]
            var logLevel: Logger.Level = .trace
            subscript(metadataKey key: String) -> Logger.Metadata.Value? {
                get { metadata[key] }
                set { metadata[key] = newValue }
            }
            func log(event: LogEvent) { capture.lines.append("\(event.message) \(event.metadata ?? [:])") }
        }
        let logger = Logger(label: "test") { _ in RedactingLogHandler(Recorder(capture: capture)) }
        logger.trace(#"headers: [("Authorization", "Bearer leaked")]"#, metadata: ["raw": "Cookie: yanglao_session=leaked"])
        #expect(capture.lines.count == 1)
        #expect(!capture.lines[0].contains("leaked"))
    }
}
