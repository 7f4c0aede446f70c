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

/// A facility's residents come from the elders registry where it holds them; a reported figure
/// that disagrees is a problem, with both figures in words, and it follows the registry's changes.
@Suite struct FacilityResidentsTests {
    @Test(arguments: TestDatabase.available)
    func theRegistryCountsAHomesResidentsAndSaysWhereTheReportDisagrees(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let token = try await app.token("demo-town")
            let home = try #require(try await platform.sql.select().column("id").from("facilities").where("name", .equal, "角斜镇敬老院").first()?
                .decode(column: "id", as: String.self))
            let answer = try await app.send(.GET, "/api/v1/facilities/\(home)", as: token).body.string
            #expect(answer.contains("\"registeredResidents\":31") && answer.contains("\"registeredSpecialHardshipResidents\":31"), "\(answer.prefix(300))")
            #expect(answer.contains("登记在院 31 人，填报 33 人"))
            #expect(answer.contains("clinic_required"), "31 特困 residents in the registry still require a clinic")
            var web = try await WebClient.signedIn(app, "demo-town")
            let page = try await web.get("/facilities/\(home)").body.string
            #expect(page.contains("登记在院 31 人，填报 33 人") && page.contains("老年人名册登记在院 31 人"))
            let problems = try await web.get("/facilities?problem=residents_disagree").body.string
            #expect(problems.contains("角斜镇敬老院") && problems.contains("登记在院 31 人，填报 33 人"))

            // Two more residents registered: the registry agrees with the report and the problem goes.
            let body = { (id: String) in #"{"name":"新入住","idNumber":"\#(id)","regionCode":"320685101201","categories":["特困"],"supportMode":"集中供养","facilityId":"\#(home)","admittedOn":"2026-01-05"}"# }
            for id in ["320685193001010011", "320685193102020016"] {
                let created = try await app.send(.POST, "/api/v1/elders", as: token, body: ByteBuffer(string: body(id)))
                #expect(created.status == .created, "\(created.body.string)")
            }
            let after = try await app.send(.GET, "/api/v1/facilities/\(home)", as: token).body.string
            #expect(after.contains("\"registeredResidents\":33") && !after.contains("residents_disagree"))
        }
    }
}
