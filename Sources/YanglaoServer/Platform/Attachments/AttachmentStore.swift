import Crypto
import FluentKit
import Foundation
import SQLKit
import Vapor
import YanglaoCore

struct Attachment: Content, Equatable {
    var id: String
    var entityType: String
    var entityId: String
    /// What the file is evidence of (消防验收, 食品安全 …).
    var kind: String
    var fileName: String
    var contentType: String
    var size: Int
    var sha256: String
    var uploadedBy: String?
    var uploadedAt: String

    static let kinds = ["消防审验（验收）", "消防检查", "食品安全", "报警装置", "油烟治理", "污水接管", "备案回执", "医养协议", "四有活动", "其他"]
}

struct AttachmentStore: Sendable {
    let sql: any SQLDatabase
    let directory: String

    init(platform: Platform, sql: (any SQLDatabase)? = nil) {
        self.sql = sql ?? platform.sql
        self.directory = platform.configuration.dataDirectory + "/attachments"
    }

    func path(of sha256: String) -> String {
        "\(directory)/\(sha256.prefix(2))/\(sha256)"
    }

    /// Checks the file by its content, writes it (once per content) and returns its metadata row,
    /// which the caller inserts in its own transaction.
    func prepare(entityType: String, entityID: String, kind: String, name: String, bytes: [UInt8], by username: String?) throws -> Attachment {
        var errors: [String: String] = [:]
        let cleanName = name.trimmingWhitespace().replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "\\", with: "_")
        if let problem = AttachmentRules.problem(name: cleanName, bytes: bytes) { errors["file"] = problem }
        if !Attachment.kinds.contains(kind) { errors["kind"] = "材料类别“\(kind)”无效，应为 \(Attachment.kinds.joined(separator: "、")) 之一" }
        guard errors.isEmpty, let fileKind = FileKind.detect(bytes) else { throw APIError.invalid("附件未保存", fields: errors) }
        let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        let target = path(of: digest)
        if !FileManager.default.fileExists(atPath: target) {
            try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: target), options: .atomic)
        }
        return Attachment(
            id: UUID().uuidString.lowercased(), entityType: entityType, entityId: entityID, kind: kind, fileName: cleanName,
            contentType: fileKind.contentType, size: bytes.count, sha256: digest, uploadedBy: username, uploadedAt: Clock.timestamp()
        )
    }

    func insert(_ attachment: Attachment) async throws {
        try await sql.insert(into: "attachments").model(attachment, keyEncodingStrategy: .convertToSnakeCase).run()
    }

    func list(entityType: String, entityID: String) async throws -> [Attachment] {
        try await sql.select().column("*").from("attachments").where("entity_type", .equal, entityType).where("entity_id", .equal, entityID)
            .orderBy("uploaded_at", .descending).all(decoding: Attachment.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    func find(id: String) async throws -> Attachment? {
        try await sql.select().column("*").from("attachments").where("id", .equal, id)
            .first(decoding: Attachment.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// The file as a download, with headers that keep a browser from guessing its type.
    func response(_ attachment: Attachment) throws -> Response {
        guard let data = FileManager.default.contents(atPath: path(of: attachment.sha256)) else {
            throw APIError.notFound("附件文件")
        }
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.replaceOrAdd(name: .contentType, value: attachment.contentType)
        let encoded = attachment.fileName.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "file"
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"attachment\"; filename*=UTF-8''\(encoded)")
        return response
    }
}
