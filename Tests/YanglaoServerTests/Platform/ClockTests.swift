import Foundation
import Testing
import Vapor
import VaporTesting
import YanglaoCore
@testable import YanglaoPlatform
@testable import YanglaoElders
@testable import YanglaoFacilities
@testable import YanglaoPlans
@testable import YanglaoServer

/// Date rules read "today" from the platform's clock, so they can be seen on any date.
@Suite struct ClockTests {
    @Test func aShiftedClockStartsOnItsDayAndRuns() async throws {
        let day = LocalDate(year: 2021, month: 12, day: 15)!
        let clock = PlatformClock.startingOn(day)
        #expect(clock.today == day)
        let first = clock.now()
        try await Task.sleep(for: .milliseconds(20))
        #expect(clock.now() > first, "time still runs")
        #expect(PlatformClock.system.today == LocalDate.shanghaiDate(of: Date()))
    }

    @Test func lateProjectsAreJudgedOnTheClocksDay() async throws {
        // The demo's unfinished 2021 projects are due in 2021: none is late on New Year's Day 2021,
        // some are at the year-end report (15 December 2021).
        let early = LocalDate(year: 2021, month: 1, day: 1)!, yearEnd = LocalDate(year: 2021, month: 12, day: 15)!
        var late: [LocalDate: Int] = [:]
        for day in [early, yearEnd] {
            try await withTestApp(.sqlite, demo: true, today: day) { app, platform in
                #expect(platform.clock.today == day)
                let city = try await app.token("demo-city")
                let page = try await app.send(.GET, "api/v1/projects?late=true&limit=500", as: city).json(ProjectsAPI.Page.self)
                late[day] = page.total
            }
        }
        #expect(late[early] == 0)
        #expect((late[yearEnd] ?? 0) > 0)
    }
}
