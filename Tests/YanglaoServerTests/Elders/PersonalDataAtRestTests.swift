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

/// The security check of the issue: read the SQLite database file and its WAL as raw bytes, as a
/// thief with a copy of the disk would, and find no ID number, phone or address in plain text —
/// after registrations through the API, a change, an import and a reveal.
@Suite struct PersonalDataAtRestTests {
    static let secrets = [
        "320685193901010025", "13912345678", "海安市角斜镇沿口村5组2号", "13862711234",
        "320685194001010024", "13771239999", "海安市角斜镇老坝港村8组1号",
    ]

    @Test func theDatabaseFileAndItsWALHoldNoPlaintextPersonalData() async throws {
        try await withTestApp(.sqlite, demo: true, today: LocalDate(year: 2026, month: 11, day: 28)) { app, platform in
            let token = try await app.token("demo-town")
            let created = try await app.send(.POST, "/api/v1/elders", as: token, body: ByteBuffer(string:
                #"{"name":"赵梅","idNumber":"320685193901010025","regionCode":"320685101202","phone":"13912345678","address":"海安市角斜镇沿口村5组2号","emergencyPhone":"13862711234"}"#))
            #expect(created.status == .created, "\(created.body.string)")
            let id = try #require(created.body.string.firstMatch(of: /"id":"([0-9a-f-]{36})"/)?.1).description
            _ = try await app.send(.PATCH, "/api/v1/elders/\(id)", as: token, body: ByteBuffer(string: #"{"emergencyContact":"赵强（子）"}"#))
            let revealed = try await app.send(.POST, "/api/v1/elders/\(id)/reveal", as: token, body: ByteBuffer(string: #"{"field":"phone","reason":"联系本人"}"#))
            #expect(revealed.body.string.contains("13912345678"), "the reveal works, so the value is really there, sealed")
            let csv = "姓名,身份证号码,联系电话,居住地址,居住区划代码\n钱老,320685194001010024,13771239999,海安市角斜镇老坝港村8组1号,320685101201\n"
            let imported = try await app.send(.POST, "/api/v1/elders/import?dryRun=false", as: token, body: ByteBuffer(string: csv))
            #expect(imported.status == .ok, "\(imported.body.string)")

            guard case let .sqlite(path) = platform.configuration.database else { Issue.record("not SQLite"); return }
            var bytes: [UInt8] = []
            for file in [path, path + "-wal"] { bytes += (FileManager.default.contents(atPath: file).map(Array.init)) ?? [] }
            #expect(bytes.count > 100_000, "the files were read")
            for secret in Self.secrets {
                #expect(!Self.contains(bytes, Array(secret.utf8)), "\(secret) is stored in plain text")
            }
            // The masks are what is stored in the clear, and the test would see a plaintext value.
            #expect(Self.contains(bytes, Array("139****5678".utf8)))
        }
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= haystack.count else { return false }
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == first, Array(haystack[index..<(index + needle.count)]) == needle { return true }
            index += 1
        }
        return false
    }
}
