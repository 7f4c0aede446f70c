import Foundation
import Testing
import Vapor
import VaporTesting
@testable import YanglaoPlatform
@testable import YanglaoElders
@testable import YanglaoFacilities
@testable import YanglaoPlans
@testable import YanglaoServer

/// Lists page by keyset: walking every page by cursor yields each record exactly once, in every
/// order, even while records are being added between pages; a cursor that was changed or that
/// belongs to another filter or order is refused at `cursor`.
@Suite struct KeysetPagingTests {
    @Test(arguments: TestDatabase.available)
    func walkingByCursorYieldsEachRecordOnceWhileRecordsAreAdded(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, _ in
            let town = try await app.token("demo-city")
            for sort in ["region", "name", "beds", "nursingBeds", "problems"] {
                let before = Set(try await walk(app, town, "sort=\(sort)").map(\.facility.id))
                var seen: [String] = []
                var added: [String] = []
                var cursor: String?
                var pages = 0
                repeat {
                    let page = try await app.send(.GET, "api/v1/facilities?limit=4&sort=\(sort)" + (cursor.map { "&cursor=\($0)" } ?? ""), as: town)
                        .json(FacilitiesAPI.Page.self)
                    seen += page.items.map(\.facility.id)
                    cursor = page.next
                    pages += 1
                    // A colleague registers a facility between two pages; names sort before and after.
                    let name = (pages % 2 == 0 ? "阿" : "龢") + "\(sort)新增院\(pages)"
                    let created = try await app.send(.POST, "api/v1/facilities", as: town, body: ByteBuffer(string:
                        #"{"name":"\#(name)","category":"养老机构","regionCode":"320685101","beds":\#(pages * 7 % 50)}"#))
                    #expect(created.status == .created, "\(created.body.string)")
                    added.append(try created.json(FacilityJSON.self).facility.id)
                } while cursor != nil
                #expect(seen.count == Set(seen).count, "\(sort): no record twice")
                #expect(before.isSubset(of: Set(seen)), "\(sort): every record present at the start is met")
                #expect(Set(seen).subtracting(before).isSubset(of: Set(added)), "\(sort): nothing else")
                #expect(pages > 3)
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func aChangedOrForeignCursorAndUnknownParametersAreNamed(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, _ in
            let city = try await app.token("demo-city")
            let first = try await app.send(.GET, "api/v1/facilities?limit=3&category=养老机构", as: city).json(FacilitiesAPI.Page.self)
            let cursor = try #require(first.next)
            // The same cursor with its filter carries on.
            let second = try await app.send(.GET, "api/v1/facilities?limit=3&category=养老机构&cursor=\(cursor)", as: city)
            #expect(second.status == .ok)
            // With another filter, another order, changed by one character, or made up: 422 at cursor.
            var changed = Array(cursor)
            changed[changed.count / 2] = changed[changed.count / 2] == "A" ? "B" : "A"
            for (query, message) in [
                ("category=居家养老服务站&cursor=\(cursor)", "翻页游标属于另一组筛选条件或排序，请从第一页开始"),
                ("category=养老机构&sort=name&cursor=\(cursor)", "翻页游标属于另一组筛选条件或排序，请从第一页开始"),
                ("category=养老机构&cursor=\(String(changed))", "翻页游标无效或已被修改，请从第一页开始"),
                ("cursor=eyJmaW5nZXJwcmludCI6IiJ9", "翻页游标无效或已被修改，请从第一页开始"),
            ] {
                let response = try await app.send(.GET, "api/v1/facilities?limit=3&" + query, as: city)
                #expect(response.status == .unprocessableEntity, "\(query)")
                #expect(try response.json(APIError.Envelope.self).error.fields == ["cursor": message], "\(query)")
            }
            let unknown = try await app.send(.GET, "api/v1/facilities?sort=size&status=营业", as: city)
            #expect(unknown.status == .unprocessableEntity)
            #expect(try unknown.json(APIError.Envelope.self).error.fields?.keys.sorted() == ["sort", "status"])
        }
    }

    func walk(_ app: Application, _ token: String, _ query: String) async throws -> [FacilityJSON] {
        var items: [FacilityJSON] = []
        var cursor: String?
        repeat {
            let page = try await app.send(.GET, "api/v1/facilities?limit=50&\(query)" + (cursor.map { "&cursor=\($0)" } ?? ""), as: token)
                .json(FacilitiesAPI.Page.self)
            items += page.items
            cursor = page.next
        } while cursor != nil
        return items
    }
}
