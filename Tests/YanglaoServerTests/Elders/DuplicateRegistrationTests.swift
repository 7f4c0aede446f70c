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

/// A number registered outside the caller's region answers as a new person does (nothing tells the
/// caller it exists elsewhere); the level holding both regions sees the pair and decides it.
@Suite struct DuplicateRegistrationTests {
    /// 李秀兰 of 李堡镇 (demo), registered again by 角斜镇.
    static let theirNumber = "320685194205120022"
    static let freshNumber = "320685193901010025"

    static func body(_ name: String, _ number: String) -> ByteBuffer {
        ByteBuffer(string: #"{"name":"\#(name)","idNumber":"\#(number)","regionCode":"320685101202","categories":["空巢"]}"#)
    }

    /// The answer with what differs between any two registrations (id, name, age, sex, times) taken
    /// out, its keys sorted.
    static func shape(_ text: String) throws -> String {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        for key in ["id", "name", "age", "sex", "createdAt", "updatedAt"] { object[key] = nil }
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    func rows(_ platform: Platform, heldOf original: String? = nil) async throws -> [(id: String, region: String, held: String?)] {
        var query = platform.sql.select().columns("id", "region_code", "held_hash").from("elders")
        if let original { query = query.where("duplicate_of", .equal, original) }
        return try await query.all().map { (try $0.decode(column: "id", as: String.self), try $0.decode(column: "region_code", as: String.self),
                                             try $0.decode(column: "held_hash", as: String?.self)) }
    }

    func original(_ platform: Platform) async throws -> String {
        try #require(try await platform.sql.select().column("id").from("elders").where("name", .equal, "李秀兰").where("held_hash", .is, SQLLiteral.null)
            .first()?.decode(column: "id", as: String.self))
    }

    @Test(arguments: TestDatabase.available)
    func aNumberRegisteredElsewhereAnswersAsANewPersonAndWaitsForTheLevelAbove(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let town = try await app.token("demo-town")
            let fresh = try await app.send(.POST, "/api/v1/elders", as: town, body: Self.body("新人", Self.freshNumber))
            let again = try await app.send(.POST, "/api/v1/elders", as: town, body: Self.body("李秀兰", Self.theirNumber))
            #expect(fresh.status == .created && again.status == .created, "\(again.body.string)")
            #expect(try Self.shape(fresh.body.string) == Self.shape(again.body.string), "the same answer as for a person registered nowhere")
            let held = try #require(again.body.string.firstMatch(of: /"id":"([0-9a-f-]{36})"/)?.1).description
            // The town finds what it registered, by the full number too, as it would any person.
            #expect(try await app.send(.GET, "/api/v1/elders/\(held)", as: town).status == .ok)
            let found = try await app.send(.GET, "/api/v1/elders?idNumber=\(Self.theirNumber)", as: town)
            #expect(found.body.string.contains("\"total\":1") && found.body.string.contains(held))
            // Its number sent back unchanged is accepted, as for any record.
            let patched = try await app.send(.PATCH, "/api/v1/elders/\(held)", as: town,
                                             body: ByteBuffer(string: #"{"idNumber":"\#(Self.theirNumber)","emergencyContact":"李明（子）"}"#))
            #expect(patched.status == .ok, "\(patched.body.string)")
            // A second registration of the number by the town is refused: the town sees the first.
            let twice = try await app.send(.POST, "/api/v1/elders", as: town, body: Self.body("李秀兰", Self.theirNumber))
            #expect(twice.status == .unprocessableEntity && twice.body.string.contains("已登记"))
            // 李堡镇 still sees only its own record; the town sees no review.
            let other = try await app.token("demo-town2")
            let theirs = try await app.send(.GET, "/api/v1/elders?idNumber=\(Self.theirNumber)", as: other)
            #expect(theirs.body.string.contains("\"total\":1") && !theirs.body.string.contains(held))
            let townReview = try await app.send(.GET, "/api/v1/elders/duplicates", as: town)
            #expect(townReview.status == .ok && townReview.body.string.contains("\"total\":0"))
            // The platform's entry names the county that holds both; nothing lands at the town's auditors.
            let original = try await original(platform)
            let entry = try #require(try await auditEntries(platform).first { $0.action == "elder.duplicate.held" })
            #expect(entry.entityId == original && entry.regionCode == "320685" && entry.after?.contains(held) == true)
            // The city (holding both towns) sees the pair and merges it: the original moves, with its history.
            let city = try await app.token("demo-city")
            let review = try await app.send(.GET, "/api/v1/elders/duplicates", as: city)
            #expect(review.body.string.contains("\"total\":1") && review.body.string.contains(held) && review.body.string.contains(original))
            let merged = try await app.send(.POST, "/api/v1/elders/duplicates/\(held)/merge", as: city, body: ByteBuffer(string: #"{"reason":"已迁居角斜镇"}"#))
            #expect(merged.status == .ok && merged.body.string.contains(original), "\(merged.body.string)")
            #expect(try await rows(platform).filter { $0.id == held }.isEmpty)
            let moved = try #require(try await rows(platform).first { $0.id == original })
            #expect(moved.region == "320685101202" && moved.held == nil)
            let history = try await ElderStore(sql: platform.sql, cipher: platform.personalData).pastResidences(of: original)
            #expect(history.map(\.regionCode) == ["320685102201"])
            // The town now holds the person (its own record gone), and is told what was decided.
            #expect(try await app.send(.GET, "/api/v1/elders/\(held)", as: town).status == .notFound)
            #expect(try await app.send(.GET, "/api/v1/elders/\(original)", as: town).status == .ok)
            let told = try await app.send(.GET, "/api/v1/elders/duplicates", as: town)
            #expect(told.body.string.contains("\"decision\":\"merge\"") && told.body.string.contains(original))
            #expect(try await app.send(.POST, "/api/v1/elders/duplicates/\(held)/merge", as: city, body: ByteBuffer(string: "{}")).status == .notFound)
            #expect(try await auditEntries(platform).contains { $0.action == "elder.duplicate.merge" && $0.entityId == original && $0.username == "demo-city" })
        }
    }

    @Test(arguments: TestDatabase.available)
    func aRefusalNeedsAReasonAndTellsTheRegisteringTown(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let town = try await app.token("demo-town")
            let created = try await app.send(.POST, "/api/v1/elders", as: town, body: Self.body("李秀兰", Self.theirNumber))
            let held = try #require(created.body.string.firstMatch(of: /"id":"([0-9a-f-]{36})"/)?.1).description
            // 李堡镇 holds only one side: it cannot decide.
            let other = try await app.token("demo-town2")
            #expect(try await app.send(.POST, "/api/v1/elders/duplicates/\(held)/refuse", as: other, body: ByteBuffer(string: #"{"reason":"无此人"}"#)).status == .notFound)
            let city = try await app.token("demo-city")
            let blank = try await app.send(.POST, "/api/v1/elders/duplicates/\(held)/refuse", as: city, body: ByteBuffer(string: #"{"reason":"\u200b "}"#))
            #expect(blank.status == .unprocessableEntity && blank.body.string.contains("reason"))
            // On the review page: the pair side by side, a blank reason named at its field, then the refusal.
            var web = try await WebClient.signedIn(app, "demo-city")
            let review = try await web.get("/elders/duplicates")
            #expect(review.status == .ok && review.body.string.contains("新登记") && review.body.string.contains("原有档案") && review.body.string.contains("李秀兰"))
            let empty = try await web.post("/elders/duplicates/\(held)/refuse", form: ["reason": " "])
            #expect(empty.status == .unprocessableEntity && empty.body.string.contains("请说明不予登记的理由"))
            let refused = try await web.post("/elders/duplicates/\(held)/refuse", form: ["reason": "本人仍居李堡镇"])
            #expect(refused.status == .seeOther, "\(refused.body.string.prefix(300))")
            #expect(try await rows(platform).filter { $0.id == held }.isEmpty)
            let original = try await original(platform)
            #expect(try await rows(platform).first { $0.id == original }?.region == "320685102201", "the original stays where it was")
            let told = try await app.send(.GET, "/api/v1/elders/duplicates", as: town)
            #expect(told.body.string.contains("\"decision\":\"refuse\"") && told.body.string.contains("本人仍居李堡镇") && !told.body.string.contains(original))
            // The town's list page says so.
            var townWeb = try await WebClient.signedIn(app, "demo-town")
            #expect(try await townWeb.get("/elders").body.string.contains("经上级核实"))
            #expect(try await townWeb.get("/elders/duplicates").body.string.contains("本人仍居李堡镇"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func anImportRegistersANumberOfElsewhereAsItWouldANewOne(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let town = try await app.token("demo-town")
            let header = "姓名,身份证号码,居住区划代码\n"
            let theirs = try await app.send(.POST, "/api/v1/elders/import?dryRun=true", as: town, body: ByteBuffer(string: header + "李秀兰,\(Self.theirNumber),320685101202\n"))
            let fresh = try await app.send(.POST, "/api/v1/elders/import?dryRun=true", as: town, body: ByteBuffer(string: header + "新人,\(Self.freshNumber),320685101202\n"))
            #expect(try theirs.status == .ok && Self.shape(theirs.body.string) == Self.shape(fresh.body.string), "\(theirs.body.string) vs \(fresh.body.string)")
            let committed = try await app.send(.POST, "/api/v1/elders/import?dryRun=false", as: town, body: ByteBuffer(string: header + "李秀兰,\(Self.theirNumber),320685101202\n"))
            #expect(committed.status == .ok && committed.body.string.contains("\"created\":1"), "\(committed.body.string)")
            let original = try await original(platform)
            let held = try await rows(platform, heldOf: original)
            #expect(held.count == 1 && held.first?.region == "320685101202" && held.first?.held != nil)
            // The same file again changes nothing (the held record is the town's person now).
            let repeated = try await app.send(.POST, "/api/v1/elders/import?dryRun=false", as: town, body: ByteBuffer(string: header + "李秀兰,\(Self.theirNumber),320685101202\n"))
            #expect(repeated.body.string.contains("\"unchanged\":1"), "\(repeated.body.string)")
            #expect(try await auditEntries(platform).filter { $0.action == "elder.duplicate.held" }.count == 1)
        }
    }
}
