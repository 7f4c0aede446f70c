import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import YanglaoPlatform
@testable import YanglaoElders
@testable import YanglaoFacilities
@testable import YanglaoPlans
@testable import YanglaoServer

/// Guessing is limited whatever the name: a username that does not exist locks like an account, and
/// one address cannot try without end.
@Suite struct LoginThrottleTests {
    func login(_ app: Application, _ username: String, _ password: String, from address: String? = nil) async throws -> TestingHTTPResponse {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let address { headers.add(name: .xForwardedFor, value: address) }
        return try await app.testing().sendRequest(.POST, "api/v1/auth/token", headers: headers,
                                                   body: ByteBuffer(string: #"{"username":"\#(username)","password":"\#(password)"}"#))
    }

    @Test(arguments: TestDatabase.available)
    func anUnknownUsernameLocksExactlyLikeAnAccount(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, _ in
            var known: [String] = [], unknown: [String] = []
            for attempt in 1...6 {
                known.append(try await login(app, "demo-town2", "wrong-\(attempt)").json(APIError.Envelope.self).error.code)
                unknown.append(try await login(app, "no-such-person", "wrong-\(attempt)").json(APIError.Envelope.self).error.code)
            }
            #expect(known == ["wrong_credentials", "wrong_credentials", "wrong_credentials", "wrong_credentials", "account_locked", "account_locked"])
            #expect(unknown == known, "from outside, an unknown name and a real one behave the same")
            let message = try await login(app, "NO-SUCH-PERSON", "x").json(APIError.Envelope.self).error.message
            #expect(message.hasPrefix("连续5次密码错误，账户已锁定"), "names are counted case-folded")
        }
    }

    @Test(arguments: TestDatabase.available)
    func oneAddressCannotTryWithoutEnd(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            // In-memory requests have no remote address: they all come from "unknown", like one client.
            for attempt in 1...30 {
                let response = try await login(app, "guess-\(attempt)", "wrong")
                let code = try response.json(APIError.Envelope.self).error.code
                #expect(code == (attempt < 30 ? "wrong_credentials" : "address_locked"), "attempt \(attempt)")
            }
            let refused = try await login(app, "demo-town", DemoCity.password)
            #expect(try refused.json(APIError.Envelope.self).error.code == "address_locked", "even a right password waits")
            #expect(try await auditEntries(platform).contains { $0.outcome == "address_locked" })
            // A forged X-Forwarded-For from a client that is not a trusted proxy changes nothing.
            let spoofed = try await login(app, "demo-town", DemoCity.password, from: "10.9.8.7")
            #expect(try spoofed.json(APIError.Envelope.self).error.code == "address_locked")
            // When the lock runs out the address may sign in again.
            try await platform.sql.update("login_attempts").set("locked_until", to: Clock.unixNow() - 1).run()
            #expect(try await login(app, "demo-town", DemoCity.password).status == .ok)
        }
    }
}
