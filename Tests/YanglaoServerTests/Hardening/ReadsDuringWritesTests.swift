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

/// SQLite in WAL mode lets readers go on while one writer writes: a long write transaction (an import
/// commit) must not make health checks or record pages wait for it (writes do queue behind it). The test holds a write
/// transaction open — having written, so it holds the database's write lock — and requires reads to
/// answer before it is let go. With readers queued behind the writer they would wait for ever.
/// (How fast they answer during a real 6,000-row import is measured by benchmarks/reads-during-import.sh.)
@Suite struct ReadsDuringWritesTests {
    @Test(arguments: TestDatabase.available)
    func readsAnswerWhileAWriteTransactionIsOpen(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let city = try await app.token("demo-city")
            let first = try await app.send(.GET, "api/v1/facilities?limit=1", as: city).json(FacilitiesAPI.Page.self)
            let facility = try #require(first.items.first).facility.id

            let (release, letGo) = AsyncStream<Void>.makeStream()
            let holding = Task {
                try await platform.writer.write { sql in
                    try await sql.update("facilities").set("updated_at", to: Clock.timestamp()).where("id", .equal, facility).run()
                    for await _ in release { break }
                }
            }
            while !platform.writer.isBusy { try await Task.sleep(for: .milliseconds(5)) }

            let answered = try await withThrowingTaskGroup(of: Bool.self) { group in
                group.addTask { () async throws -> Bool in
                    var allAnswered = true
                    for _ in 0..<20 {
                        let health = try await app.testing().sendRequest(.GET, "healthz").status
                        let record = try await app.send(.GET, "api/v1/facilities/\(facility)", as: city).status
                        allAnswered = allAnswered && health == .ok && record == .ok
                    }
                    return allAnswered
                }
                // A read queued behind the writer would wait for ever, so any finite bound tells; it is
                // generous because CI's PostgreSQL pass runs every test at once, each seeding a demo
                // city (3,600 persons imported), and 40 requests on a saturated machine took over 20 s.
                group.addTask {
                    try await Task.sleep(for: .seconds(120))
                    return false
                }
                let first = try await group.next()!
                group.cancelAll()
                return first
            }
            #expect(platform.writer.isBusy, "the write transaction was still open while the reads answered")
            letGo.yield()
            letGo.finish()
            try await holding.value
            #expect(answered, "reads waited for the open write transaction")
        }
    }
}
