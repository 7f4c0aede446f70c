import Foundation
import SQLKit
import Spreadsheet
import Testing
import Vapor
import VaporTesting
import YanglaoCore
@testable import YanglaoPlatform
@testable import YanglaoElders
@testable import YanglaoFacilities
@testable import YanglaoPlans
@testable import YanglaoServer

@Suite struct FacilitiesAPITests {
    func page(_ app: Application, _ token: String, _ query: String) async throws -> FacilitiesAPI.Page {
        let response = try await app.send(.GET, "api/v1/facilities?limit=500&" + query, as: token)
        try #require(response.status == .ok, "\(response.body.string)")
        return try response.json(FacilitiesAPI.Page.self)
    }

    func count(_ platform: Platform) async throws -> Int {
        try await platform.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("facilities")
            .first(decodingColumn: "n", as: Int.self) ?? 0
    }

    @Test(arguments: TestDatabase.available)
    func badInputIsNamedAtItsFieldAndNothingIsSaved(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let token = try await app.token("demo-town")
            let before = try await count(platform)
            let cases: [(String, [String: String])] = [
                (#"{"name":"角斜老年公寓","category":"养老机构","regionCode":"320685101","beds":20,"nursingBeds":30,"occupiedBeds":25}"#,
                 ["nursingBeds": "护理型床位（30）不能多于床位总数（20）", "occupiedBeds": "在用床位（25）不能多于床位总数（20）"]),
                (#"{"name":"x","category":"养老院","regionCode":"999999","functions":["连锁","托育"]}"#,
                 ["category": "类别“养老院”无效，应为 养老机构、日间照料中心、居家养老服务中心、居家养老服务站、互助幸福院、助餐点、医疗机构 之一",
                  "regionCode": "所在区划“999999”不存在或不在您的管辖范围内",
                  "functions": "功能“托育”无效，应为 区域性养老服务中心、失能失智集中照护中心、医养结合型、护理型、连锁、普惠 中的若干项"]),
                (#"{"name":"角斜老年公寓","category":"养老机构","regionCode":"320685101","openedOn":"2021-05-01","filingStatus":"已备案","filedOn":"2021-04-01","agreements":[{"partner":"角斜镇卫生院","startsOn":"2021-01-01","endsOn":"2020-01-01"}]}"#,
                 ["filedOn": "备案日期（2021-04-01）不能早于开业（首次收住老年人）日期（2021-05-01）",
                  "agreements[0].endsOn": "协议“角斜镇卫生院”的到期日（2020-01-01）早于起始日（2021-01-01）"]),
                (#"{"category":"助餐点","regionCode":"320685102001","beds":-1,"status":"营业"}"#,
                 ["name": "名称不能为空", "regionCode": "所在区划“320685102001”不存在或不在您的管辖范围内",
                  "beds": "床位数应为0 至 10000000 之间的整数，实际为“-1”", "status": "状态“营业”无效，应为 规划、在建、建成、运营、停业、注销 之一"]),
            ]
            for (body, fields) in cases {
                let response = try await app.send(.POST, "api/v1/facilities", as: token, body: ByteBuffer(string: body))
                #expect(response.status == .unprocessableEntity)
                let error = try response.json(APIError.Envelope.self).error
                #expect(error.message == "设施信息有误，未保存")
                #expect(error.fields == fields)
            }
            #expect(try await count(platform) == before)
        }
    }

    @Test(arguments: TestDatabase.available)
    func aTownRegistersAFacilityAndChangesItWithAHistory(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let token = try await app.token("demo-town")
            let created = try await app.send(.POST, "api/v1/facilities", as: token, body: ByteBuffer(string: """
                {"name":"角斜镇颐养院","category":"养老机构","institutionKind":"其他养老机构","functions":["护理型","普惠"],
                 "regionCode":"320685101","beds":40,"nursingBeds":30,"occupiedBeds":20,"status":"运营",
                 "agreements":[{"partner":"角斜镇卫生院","startsOn":"2021-01-01"}],"fireAcceptance":true,"fireCompliant":true,
                 "foodCompliant":false,"internalClinic":false,"nursingStation":false}
                """))
            #expect(created.status == .created)
            let facility = try created.json(FacilityJSON.self)
            #expect(facility.facility.code.hasPrefix("320685-"))
            #expect(facility.facility.supervisingRegionCode == "320685101")
            #expect(facility.supervisingRegionName == "角斜镇")
            #expect(facility.functions == [.nursing, .inclusive])
            #expect(facility.problems.map(\.code).contains("food_non_compliant"))
            #expect(facility.problems.map(\.code).contains("not_filed"))
            #expect(!facility.problems.map(\.code).contains("no_medical_service"), "the agreement counts")

            let patched = try await app.send(.PATCH, "api/v1/facilities/\(facility.facility.id)", as: token,
                                             body: ByteBuffer(string: #"{"nursingBeds":35,"foodCompliant":"是","agreements":[]}"#))
            #expect(patched.status == .ok)
            let after = try patched.json(FacilityJSON.self)
            #expect(after.facility.nursingBeds == 35)
            #expect(!after.problems.map(\.code).contains("food_non_compliant"))
            #expect(after.problems.map(\.code).contains("no_medical_service"))
            #expect(after.facility.name == "角斜镇颐养院", "a PATCH changes only what it names")

            let snapshots = try await FacilityStore(sql: platform.sql).snapshots(of: facility.facility.id)
            #expect(snapshots.map(\.nursingBeds) == [30, 35])
            let audit = try await auditEntries(platform).filter { $0.entityId == facility.facility.id }
            #expect(audit.map(\.action) == ["facility.create", "facility.update"])
            #expect(audit.last?.before?.contains("\"nursingBeds\":30") == true)

            let bad = try await app.send(.PATCH, "api/v1/facilities/\(facility.facility.id)", as: token, body: ByteBuffer(string: #"{"occupiedBeds":99}"#))
            #expect(bad.status == .unprocessableEntity)
            #expect(try await FacilityStore(sql: platform.sql).find(id: facility.facility.id)?.facility.occupiedBeds == 20)
        }
    }

    /// 市直 institutions in a town: the town sees them (404 would hide a fact of its territory) but
    /// only the city bureau changes them.
    @Test(arguments: TestDatabase.available)
    func onlyTheSupervisingBureauEdits(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let city = try await app.token("demo-city")
            let created = try await app.send(.POST, "api/v1/facilities", as: city, body: ByteBuffer(string:
                #"{"name":"角斜镇市直养老院","category":"养老机构","regionCode":"320685101","supervisingRegionCode":"320685","beds":50}"#))
            #expect(created.status == .created)
            let id = try created.json(FacilityJSON.self).facility.id

            let town = try await app.token("demo-town")
            #expect(try await app.send(.GET, "api/v1/facilities/\(id)", as: town).status == .ok)
            let refused = try await app.send(.PATCH, "api/v1/facilities/\(id)", as: town, body: ByteBuffer(string: #"{"beds":60}"#))
            #expect(refused.status == .forbidden)
            #expect(try refused.json(APIError.Envelope.self).error.message == "您无权修改该设施（主管：海安市）：只有主管部门及其上级的民政管理员可以修改")
            #expect(try await app.send(.PATCH, "api/v1/facilities/\(id)", as: city, body: ByteBuffer(string: #"{"beds":60}"#)).status == .ok)

            // A town cannot hand a facility to a bureau above it, nor register one for it.
            let upward = try await app.send(.POST, "api/v1/facilities", as: town, body: ByteBuffer(string:
                #"{"name":"角斜镇新院","category":"养老机构","regionCode":"320685101","supervisingRegionCode":"320685"}"#))
            #expect(try upward.json(APIError.Envelope.self).error.fields?["supervisingRegionCode"] == "主管部门（海安市）不在您的管辖范围内：您只能登记由本级或下级主管的设施")
            let sideways = try await app.send(.POST, "api/v1/facilities", as: city, body: ByteBuffer(string:
                #"{"name":"错挂","category":"助餐点","regionCode":"320685101001","supervisingRegionCode":"320685102"}"#))
            #expect(try sideways.json(APIError.Envelope.self).error.fields?["supervisingRegionCode"] == "主管部门所在区划须为设施所在区划或其上级")
            #expect(try await auditEntries(platform).contains { $0.action == "access.forbidden" && $0.entityId == id })
        }
    }

    /// The issue's questions, answered from the list: beds and nursing beds with their ratio, who
    /// lacks fire or food compliance or required alarms, who breaks the medical rule.
    @Test(arguments: TestDatabase.available)
    func theListAnswersTheOfficialsQuestions(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, _ in
            let city = try await app.token("demo-city")
            let institutions = try await page(app, city, "category=养老机构")
            #expect(institutions.summary.beds == institutions.items.reduce(0) { $0 + ($1.facility.beds ?? 0) })
            #expect(institutions.summary.nursingBedRatio == Double(institutions.summary.nursingBeds) / Double(institutions.summary.beds))
            #expect(institutions.items.allSatisfy { $0.facility.category == .institution })
            #expect(institutions.items.allSatisfy { $0.facility.regionCode.hasPrefix("320685") })

            let fire = try await page(app, city, "problem=fire_non_compliant")
            #expect(fire.items.map(\.facility.name) == ["海安市夕阳红老年公寓"])
            let food = try await page(app, city, "problem=food_non_compliant")
            #expect(food.items.map(\.facility.name) == ["星海社区日间照料中心"])
            let alarms = try await page(app, city, "problem=electrical_alarm_missing")
            #expect(Set(alarms.items.map(\.facility.name)) == ["海安市夕阳红老年公寓", "贲巷社区日间照料中心"])
            let clinic = try await page(app, city, "problem=clinic_required")
            #expect(Set(clinic.items.map(\.facility.name)) == ["角斜镇敬老院", "海安市福康养老服务中心"])
            let medical = try await page(app, city, "problem=no_medical_service")
            #expect(medical.items.map(\.facility.name) == ["曲塘镇敬老院"])

            let dementia = try await page(app, city, "function=失能失智集中照护中心")
            #expect(Set(dementia.items.map(\.facility.name)) == ["角斜镇敬老院", "胡集街道敬老院"])
            let town = try await page(app, city, "region=320685101&category=养老机构")
            #expect(Set(town.items.map(\.facility.name)) == ["角斜镇敬老院", "角斜镇区域性养老服务中心"])

            let wrong = try await app.send(.GET, "api/v1/facilities?category=敬老院&problem=nothing", as: city)
            #expect(wrong.status == .unprocessableEntity)
            #expect(try wrong.json(APIError.Envelope.self).error.fields?.keys.sorted() == ["category", "problem"])

            // Paging walks the filtered list once.
            var seen: [String] = []
            var cursor: String?
            repeat {
                let next = try await app.send(.GET, "api/v1/facilities?limit=7" + (cursor.map { "&cursor=\($0)" } ?? ""), as: city)
                    .json(FacilitiesAPI.Page.self)
                seen += next.items.map(\.facility.id)
                cursor = next.next
            } while cursor != nil
            #expect(seen.count == (try await page(app, city, "")).total)
            #expect(Set(seen).count == seen.count)
        }
    }

    @Test(arguments: TestDatabase.available)
    func theExportIsTheFilteredList(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, _ in
            let city = try await app.token("demo-city")
            let listed = try await page(app, city, "problem=any")
            let response = try await app.send(.GET, "api/v1/facilities?problem=any&format=csv", as: city)
            #expect(response.headers.contentType?.subType == "csv")
            let table = try CSV.read(Array(buffer: response.body))
            #expect(table.header == FacilityExport.header())
            #expect(table.rows.count == listed.total)
            #expect(Set(table.rows.map { $0.cells[1] }) == Set(listed.items.map(\.facility.name)))
            let fields = table.fields(of: table.rows.first { $0.cells[1] == "海安市夕阳红老年公寓" }!)
            #expect(fields["消防安全达标"] == "否")
            #expect(fields["问题"] == "消防安全未达标；按标准需安装电气火灾报警装置但未安装")
            #expect(fields["所在区划"] == "西场街道")
        }
    }
}

@Suite struct FacilityXLSXExportTests {
    /// The XLSX export is the same table as the CSV, with counts as numbers and codes as text.
    @Test func theWorkbookHoldsTheFilteredList() async throws {
        try await withTestApp(.sqlite, demo: true) { app, _ in
            let city = try await app.token("demo-city")
            let csv = try CSV.read(Array(buffer: try await app.send(.GET, "api/v1/facilities?category=养老机构&format=csv", as: city).body))
            let response = try await app.send(.GET, "api/v1/facilities?category=养老机构&format=xlsx", as: city)
            #expect(response.headers.contentType?.subType == "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            let xlsx = try XLSXReader.read(Array(buffer: response.body))
            #expect(xlsx.header == csv.header)
            #expect(xlsx.rows.map(\.cells) == csv.rows.map(\.cells))
            #expect(try await app.send(.GET, "api/v1/facilities?format=pdf", as: city).status == .unprocessableEntity)
        }
    }

    /// A region list exported as XLSX imports again unchanged: the import reads workbooks too.
    @Test func aRegionWorkbookRoundTrips() async throws {
        try await withTestApp(.sqlite, demo: true) { app, _ in
            let city = try await app.token("demo-city")
            let workbook = try await app.send(.GET, "api/v1/regions?format=xlsx&includeHistory=true", as: city)
            let report = try await app.send(.POST, "api/v1/regions/import", as: city, body: workbook.body).json(ImportReport.self)
            #expect(report.accepted == 51)
            #expect(report.unchanged == 51)
        }
    }
}
