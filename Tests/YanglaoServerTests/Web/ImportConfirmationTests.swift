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

/// After a clean dry run the page offers 确认导入: the checked file is kept for its uploader, and
/// confirming commits exactly it without choosing the file again.
@Suite struct ImportConfirmationTests {
    static func pendingDigest(in html: String) -> String? {
        html.firstMatch(of: /name="upload" value="([0-9a-f]{64})"/).map { String($0.1) }
    }

    @Test func aCheckedFileIsImportedOnConfirmation() async throws {
        try await withTestApp(.sqlite, demo: true) { app, platform in
            var town = try await WebClient.signedIn(app, "demo-town")
            _ = try await town.get(SiteURL.regionImport.path)
            let csv = "区划代码,名称,层级,上级区划代码\n320685101299,确认村,村,320685101\n"
            let checked = try await town.upload(SiteURL.regionImport.path, file: csv, fields: ["dryRun": "1"])
            #expect(checked.status == .ok)
            #expect(checked.body.string.contains("校验通过（未写入）"))
            let digest = try #require(Self.pendingDigest(in: checked.body.string), "the page offers 确认导入")
            #expect(try await RegionStore(sql: platform.sql).find("320685101299") == nil, "nothing written by the dry run")

            // Another account cannot confirm it.
            var other = try await WebClient.signedIn(app, "demo-city")
            _ = try await other.get(SiteURL.regionImport.path)
            let foreign = try await other.upload(SiteURL.regionImport.path, file: nil, fields: ["upload": digest])
            #expect(foreign.status == .unprocessableEntity)
            #expect(foreign.body.string.contains("请重新上传"))

            let confirmed = try await town.upload(SiteURL.regionImport.path, file: nil, fields: ["upload": digest])
            #expect(confirmed.status == .ok)
            #expect(confirmed.body.string.contains("导入完成"))
            #expect(try await RegionStore(sql: platform.sql).find("320685101299")?.name == "确认村")

            // Once committed the kept file is gone; a made-up or path-like digest is simply unknown.
            for digest in [digest, "../../etc/passwd", String(repeating: "g", count: 64)] {
                let again = try await town.upload(SiteURL.regionImport.path, file: nil, fields: ["upload": digest])
                #expect(again.status == .unprocessableEntity, "\(digest)")
                #expect(again.body.string.contains("校验过的文件已过期"), "\(digest)")
            }
        }
    }
}
