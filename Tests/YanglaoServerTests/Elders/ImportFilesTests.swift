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

/// An uploaded register holds full ID numbers, phones and addresses: it is on disk only while its job
/// needs it, owner-only, and a job a killed process left behind is ended with the reason.
@Suite struct ImportFilesTests {
    static let header = "姓名,身份证号码,居住区划代码\n"

    func permissions(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
    }

    func uploads(_ jobs: BulkImportJobs) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: jobs.directory)) ?? []).filter { $0.hasSuffix(".upload") }
    }

    /// Waits for the job the last redirect named, and returns its id.
    func finished(_ response: TestingHTTPResponse, _ platform: Platform) async throws -> String {
        let location = try #require(response.headers.first(name: .location), "\(response.status) \(response.body.string.prefix(300))")
        let id = String(try #require(location.split(separator: "/").last))
        for _ in 0..<300 {
            let state = try await platform.sql.select().column("state").from("import_jobs").where("id", .equal, id).first()?
                .decode(column: "state", as: String.self)
            if state != "running" { return id }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the import job did not end")
        return id
    }

    @Test(arguments: TestDatabase.available)
    func uploadsLastAsLongAsTheirJobNeedsThem(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let jobs = BulkImportJobs(platform: platform)
            var web = try await WebClient.signedIn(app, "demo-town")
            _ = try await web.get("/elders/import")
            // A dry run with a wrong row: its problems stay for download, the upload goes.
            let wrong = try await web.upload("/elders/import", file: Self.header + "周错,320685193803150025,320685101202\n", fields: ["dryRun": "on"], name: "名册.csv")
            let wrongID = try await finished(wrong, platform)
            #expect(!FileManager.default.fileExists(atPath: jobs.uploadPath(wrongID)))
            #expect(permissions(jobs.problemsPath(wrongID)) == 0o600)
            // A clean dry run keeps its file (owner-only) for 确认导入; the commit removes both.
            _ = try await web.get("/elders/import")
            let clean = try await web.upload("/elders/import", file: Self.header + "周新,320685195001010010,320685101202\n", fields: ["dryRun": "on"], name: "名册.csv")
            let cleanID = try await finished(clean, platform)
            #expect(permissions(jobs.uploadPath(cleanID)) == 0o600)
            _ = try await web.get("/elders/import/jobs/\(cleanID)")
            let commit = try await web.post("/elders/import/jobs/\(cleanID)/commit")
            let committedID = try await finished(commit, platform)
            #expect(try await platform.sql.select().column("state").from("import_jobs").where("id", .equal, committedID).first()?
                .decode(column: "state", as: String.self) == "done")
            #expect(uploads(jobs).isEmpty, "no upload is left once the register is imported")
            // A failed import (not a spreadsheet) leaves nothing either.
            _ = try await web.get("/elders/import")
            let failed = try await web.upload("/elders/import", file: "\u{1}\u{2}not a sheet", name: "名册.xlsx")
            _ = try await finished(failed, platform)
            #expect(uploads(jobs).isEmpty)
            // The database itself is the owner's alone.
            if case let .sqlite(path) = platform.configuration.database { #expect(permissions(path) == 0o600) }
        }
    }

    @Test(arguments: TestDatabase.available)
    func aJobOfAKilledProcessEndsWithItsReasonAndItsFileIsSwept(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let jobs = BulkImportJobs(platform: platform)
            let account = try #require(try await AccountStore(sql: platform.sql).find(username: "demo-town"))
            // What a server killed at 65 % leaves: a running job nobody updates, and its upload.
            let id = UUID().uuidString.lowercased(), long = Clock.timestamp(Date().addingTimeInterval(-600))
            try await platform.writer.write { sql in
                try await sql.insert(into: "import_jobs")
                    .columns("id", "entity_type", "account_id", "file_name", "dry_run", "state", "rows", "problems", "created_at", "updated_at")
                    .values(SQLBind(id), SQLBind("elder"), SQLBind(account.id), SQLBind("名册.csv"), SQLBind(false), SQLBind("running"), SQLBind(0), SQLBind(0),
                            SQLBind(long), SQLBind(long)).run()
            }
            try FileManager.default.createDirectory(atPath: jobs.directory, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: jobs.uploadPath(id), contents: Data("姓名,身份证号码\n张桂英,320685193803150024\n".utf8))
            FileManager.default.createFile(atPath: jobs.directory + "/orphan.upload", contents: Data("x".utf8))
            // The page says what happened before any sweep has run.
            var web = try await WebClient.signedIn(app, "demo-town")
            let page = try await web.get("/elders/import/jobs/\(id)").body.string
            #expect(page.contains("导入未完成即中断") && !page.contains("正在处理"))
            try await jobs.recover()
            let row = try #require(try await platform.sql.select().columns("state", "message").from("import_jobs").where("id", .equal, id).first())
            #expect(try row.decode(column: "state", as: String.self) == "failed")
            #expect(try row.decode(column: "message", as: String?.self) == BulkImportJobs.interruptedMessage)
            #expect(uploads(jobs).isEmpty, "the killed job's upload and an orphan are swept")
        }
    }
}
