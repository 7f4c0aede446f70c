import Foundation
import Testing
import Vapor
import VaporTesting
import YanglaoCore
@testable import YanglaoPlatform
@testable import YanglaoFacilities
@testable import YanglaoServer

/// The projects list filters, counts and pages in SQL: its breakdown columns and its lateness are
/// Core's rules (`ProjectRules`) on every demo project, on three dates; walking the API by cursor
/// meets every project once, and a cursor serves only its own filters.
@Suite struct ProjectQueryTests {
    @Test(arguments: TestDatabase.available)
    func theSQLAgreesWithCoresRulesOnEveryProject(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let city = try #require(try await AccountStore(sql: platform.sql).find(username: "demo-city"))
            let user = CurrentUser(account: city, scope: try await platform.scope(of: city))
            let today = platform.clock.today
            let query = ProjectQuery(sql: platform.sql, user: user, today: today)
            let everything = try await query.all(.init())
            #expect(everything.count == Set(everything.map(\.project.id)).count)
            #expect(everything.count > 10, "the demo holds projects")

            var nonEmpty = 0
            for column in BreakdownColumn.allCases {
                var filters = ProjectQuery.Filters()
                filters.column = column
                let bySQL = Set(try await query.all(filters).map(\.project.id))
                let byCore = Set(everything.filter { $0.breakdownColumns.contains(column) }.map(\.project.id))
                #expect(bySQL == byCore, "\(column.rawValue)")
                #expect(try await query.totals(.init()).completed[column.rawValue] == byCore.count, "\(column.rawValue) counted")
                if !byCore.isEmpty { nonEmpty += 1 }
            }
            #expect(nonEmpty >= 3, "the comparison is not vacuous")

            var late = ProjectQuery.Filters()
            late.lateOnly = true
            for date in [today, today.adding(days: -400), today.adding(days: 400)] {
                let bySQL = Set(try await ProjectQuery(sql: platform.sql, user: user, today: date).all(late).map(\.project.id))
                let byCore = Set(everything.filter { ProjectRules.isLate($0.project.facts, on: date) }.map(\.project.id))
                #expect(bySQL == byCore, "late on \(date)")
            }
            #expect(!everything.filter { ProjectRules.isLate($0.project.facts, on: today.adding(days: 400)) }.isEmpty)
        }
    }

    @Test(arguments: TestDatabase.available)
    func walkingByCursorMeetsEveryProjectOnce(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let token = try await app.token("demo-city")
            let all = try await app.send(.GET, "api/v1/projects?limit=500", as: token).json(ProjectsAPI.Page.self)
            var seen: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let page = try await app.send(.GET, "api/v1/projects?limit=3" + (cursor.map { "&cursor=\($0)" } ?? ""), as: token)
                    .json(ProjectsAPI.Page.self)
                #expect(page.total == all.total)
                seen += page.items.map(\.project.id)
                cursor = page.next
                pages += 1
            } while cursor != nil
            #expect(seen == all.items.map(\.project.id), "the pages hold the list in its order, each project once")
            #expect(pages > 3)

            let first = try await app.send(.GET, "api/v1/projects?limit=3", as: token).json(ProjectsAPI.Page.self)
            let foreign = try await app.send(.GET, "api/v1/projects?limit=3&status=已完成&cursor=\(try #require(first.next))", as: token)
            #expect(foreign.status == .unprocessableEntity && foreign.body.string.contains("翻页游标属于另一组筛选条件"))
            let changed = try await app.send(.GET, "api/v1/projects?limit=3&cursor=12", as: token)
            #expect(changed.status == .unprocessableEntity && changed.body.string.contains("cursor"))
        }
    }
}
