import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
import YanglaoCore
@testable import YanglaoPlatform
@testable import YanglaoElders
@testable import YanglaoFacilities
@testable import YanglaoPlans
@testable import YanglaoServer

/// Hostile text in what the audit log records must never make the chain unverifiable: every control
/// character, the noncharacters and unpaired surrogates, sent through every path that writes an
/// entry from what a request carries (a username, a query value, a record id, a form field).
@Suite struct AuditTextTests {
    /// The characters sent: every C0 control and DEL, the noncharacters XML refuses, and a few others.
    static let hostile: [String] = (UInt32(0)..<0x20).map { String(Unicode.Scalar($0)!) }
        + ["\u{7F}", "\u{FFFE}", "\u{FFFF}", String(Unicode.Scalar(0xFDD0 as UInt32)!), "\u{1FFFF}", "\u{10FFFE}", "\u{200B}", "\u{2066}\u{2069}", "\u{FEFF}", "\u{85}"]

    /// JSON text for `s` with every character below U+0020 escaped, as a hostile client writes it.
    static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            if scalar.value < 0x20 || scalar == "\"" || scalar == "\\" { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
        }
        return out + "\""
    }

    static func percentEncoded(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    @Test(arguments: TestDatabase.available)
    func theChainVerifiesAfterEveryHostileCharacterThroughEveryAuditedPath(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let town = try await app.token("demo-town")
            let before = try await auditEntries(platform).count
            let list = try await app.send(.GET, "api/v1/elders?limit=1", as: town)
            struct Page: Decodable { struct Row: Decodable { var id: String }; var items: [Row] }
            let someone = try #require(try list.json(Page.self).items.first).id
            for (index, character) in Self.hostile.enumerated() {
                let text = "ab\(character)c"
                // Unauthenticated: a login with the character in the username.
                _ = try await app.testing().sendRequest(.POST, "api/v1/auth/token", headers: ["Content-Type": "application/json"],
                                                        body: ByteBuffer(string: #"{"username":\#(Self.jsonString(text)),"password":"x"}"#))
                // A region outside the caller's scope (audited with the value asked for).
                _ = try await app.send(.GET, "api/v1/elders/indicators?region=x\(Self.percentEncoded(text))y", as: town)
                _ = try await app.send(.GET, "api/v1/facilities?region=\(Self.percentEncoded(text))", as: town)
                // A record id that is nobody's (audited as out of scope or missing).
                _ = try await app.send(.GET, "api/v1/elders/\(Self.percentEncoded(text))", as: town)
                _ = try await app.send(.GET, "api/v1/facilities/\(Self.percentEncoded(text))", as: town)
                // A reveal with the character in its reason.
                _ = try await app.send(.POST, "api/v1/elders/\(someone)/reveal", as: town,
                                       body: ByteBuffer(string: #"{"field":"idNumber","reason":\#(Self.jsonString("核对\(character)身份"))}"#))
                if index % 8 == 0 { try await platform.sealer.sealPending() }
            }
            // Unpaired surrogates as JSON escapes: refused or replaced, never stored half-written.
            for surrogate in ["\\ud800", "\\udfff", "\\ud800\\u0041"] {
                _ = try await app.testing().sendRequest(.POST, "api/v1/auth/token", headers: ["Content-Type": "application/json"],
                                                        body: ByteBuffer(string: #"{"username":"a\#(surrogate)b","password":"x"}"#))
            }
            // The web login form.
            var client = WebClient(app)
            _ = try await client.get("/login")
            for character in Self.hostile {
                _ = try await client.post("/login", form: ["username": "ab\(character)c", "password": "x"])
            }
            try await platform.sealer.sealPending()
            let entries = try await auditEntries(platform)
            #expect(entries.count > before + Self.hostile.count, "the hostile requests were audited")
            #expect(entries.allSatisfy { $0.rejectedAt == nil }, "no entry of the platform's own was set aside")
            let verdict = try await platform.sealer.verify(on: platform.sql)
            #expect(verdict.pending == 0)
            guard case .intact = verdict.verdict else {
                Issue.record("the chain should verify: \(verdict.verdict)")
                return
            }
            // What was asked for stays readable: the character is written as its code.
            #expect(entries.contains { $0.username?.contains("ab\\u{0000}c") == true })
        }
    }

    @Test(arguments: TestDatabase.available)
    func anEntryWithEveryRefusedCharacterInEveryColumnReadsBackAsWritten(_ database: TestDatabase) async throws {
        try await withTestApp(database) { _, platform in
            let text = Self.hostile.joined()
            let actor = AuditActor(accountID: text, username: text, role: text, regionCode: text, ip: text)
            try await platform.writer.write { sql in
                try await AuditLog.record(on: sql, actor: actor, action: text, entityType: text, entityID: text, before: text, after: text, outcome: text)
            }
            try await platform.sealer.sealPending()
            let verdict = try await platform.sealer.verify(on: platform.sql)
            #expect(verdict.verdict == .intact(sealed: try await auditEntries(platform).count))
            let stored = try #require(try await auditEntries(platform).last)
            #expect(stored.after == TextSafety.storable(text))
        }
    }
}
