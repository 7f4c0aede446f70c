import Testing
import YanglaoCore
@testable import YanglaoPlatform
@testable import YanglaoServer

/// The home page counts the units below a region in SQL; the counts are those of the units in
/// effect on the day, as the tree read whole would give them.
@Suite struct RegionUnitCountTests {
    @Test(arguments: TestDatabase.available)
    func theCountsAreTheTreesOnTheDay(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { _, platform in
            let store = RegionStore(sql: platform.sql)
            let nantong = try #require(try await store.find("320600"))
            for day in [platform.clock.today, LocalDate(year: 2017, month: 12, day: 31)!] {
                let below = try await store.subtree(of: nantong).filter { $0.code != nantong.code && $0.entry.isEffective(on: day) }
                let expected = Dictionary(grouping: below, by: { $0.kind ?? $0.level.label }).mapValues(\.count)
                let counted = HomePage.unitCounts(try await store.unitCounts(below: nantong, on: day))
                #expect(Dictionary(uniqueKeysWithValues: counted.map { ($0.kind, $0.count) }) == expected, "\(day)")
                #expect(!counted.isEmpty)
            }
            // 海安县 until 2018-05-11, 海安市 after: each counted only on its own side of the merger.
            let haianCounty = try #require(try await store.find("320621"))
            let kind = haianCounty.kind ?? haianCounty.level.label
            let now = HomePage.unitCounts(try await store.unitCounts(below: nantong, on: platform.clock.today)).first { $0.kind == kind }?.count ?? 0
            let then = HomePage.unitCounts(try await store.unitCounts(below: nantong, on: LocalDate(year: 2017, month: 12, day: 31)!))
                .first { $0.kind == kind }?.count ?? 0
            #expect(then == now + 1, "the county merged in 2018 counts in 2017 only")
        }
    }
}
