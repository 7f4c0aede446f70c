import Foundation
import Testing
import Vapor
import VaporTesting
@testable import YanglaoPlatform
@testable import YanglaoElders
@testable import YanglaoFacilities
@testable import YanglaoPlans
@testable import YanglaoServer

@Suite struct AttachmentTests {
    @Test(arguments: TestDatabase.available)
    func evidenceIsCheckedByContentStoredOnceAndServedInScope(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            let town = try await app.token("demo-town")
            let home = try #require(try await app.send(.GET, "api/v1/facilities?q=%E8%A7%92%E6%96%9C%E9%95%87%E6%95%AC%E8%80%81%E9%99%A2", as: town)
                .json(FacilitiesAPI.Page.self).items.first)
            let id = home.facility.id
            let kind = "消防审验（验收）".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            func named(_ name: String) -> String { name.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! }
            let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 7, count: 100)

            // A PDF named .jpg is refused, and nothing is kept.
            let liar = try await app.send(.POST, "api/v1/facilities/\(id)/attachments?name=photo.jpg&kind=\(kind)", as: town,
                                          body: ByteBuffer(string: "%PDF-1.7 not a photo"))
            #expect(liar.status == .unprocessableEntity)
            #expect(try liar.json(APIError.Envelope.self).error.fields?["file"] == "附件“photo.jpg”的内容不是JPEG 图片（实为PDF 文件）")
            #expect(try await AttachmentStore(platform: platform).list(entityType: "facility", entityID: id).isEmpty)

            let first = try await app.send(.POST, "api/v1/facilities/\(id)/attachments?name=\(named("验收现场.jpg"))&kind=\(kind)", as: town, body: ByteBuffer(bytes: jpeg))
            #expect(first.status == .created)
            let saved = try first.json(Attachment.self)
            #expect(saved.contentType == "image/jpeg")
            let again = try await app.send(.POST, "api/v1/facilities/\(id)/attachments?name=\(named("同一张.jpg"))&kind=\(kind)", as: town, body: ByteBuffer(bytes: jpeg))
            #expect(try again.json(Attachment.self).sha256 == saved.sha256)
            let stored = try FileManager.default.contentsOfDirectory(atPath: platform.configuration.dataDirectory + "/attachments/" + String(saved.sha256.prefix(2)))
            #expect(stored == [saved.sha256], "one file for one content")

            let download = try await app.send(.GET, "api/v1/attachments/\(saved.id)", as: town)
            #expect(download.status == .ok)
            #expect(Array(buffer: download.body) == jpeg)
            #expect(download.headers.first(name: .contentDisposition)?.contains("filename*=UTF-8''") == true)

            // 李堡镇 cannot fetch 角斜镇's evidence, even knowing its id.
            let other = try await app.token("demo-town2")
            #expect(try await app.send(.GET, "api/v1/attachments/\(saved.id)", as: other).status == .notFound)
            #expect(try await auditEntries(platform).filter { $0.action == "attachment.create" }.count == 2)
        }
    }
}
