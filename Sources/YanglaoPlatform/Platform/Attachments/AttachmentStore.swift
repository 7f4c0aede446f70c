import Crypto
import FluentKit
import Foundation
import SQLKit
import Vapor
import YanglaoCore

package struct Attachment: Content, Equatable {
    package var id: String
    package var entityType: String
    package var entityId: String
    /// What the file is evidence of (消防验收, 食品安全 …).
    package var kind: String
    package var fileName: String
    package var contentType: String
    package var size: Int
    package var sha256: String
    package var uploadedBy: String?
    package var uploadedAt: String
}

package struct AttachmentStore: Sendable {
    package let sql: any SQLDatabase
    package let directory: String

    package init(platform: Platform, sql: (any SQLDatabase)? = nil) {
        self.sql = sql ?? platform.sql
        self.directory = platform.configuration.dataDirectory + "/attachments"
    }

    package func path(of sha256: String) -> String {
        "\(directory)/\(sha256.prefix(2))/\(sha256)"
    }

    /// Checks the file by its content and its kind against the kinds the capability accepts, writes
    /// it (once per content) and returns its metadata row, which the caller inserts in its own transaction.
    package func prepare(
        entityType: String, entityID: String, kind: String, kinds: [String], name: String, bytes: [UInt8], by username: String?
    ) throws -> Attachment {
        var errors: [String: String] = [:]
        let cleanName = name.trimmingWhitespace().replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "\\", with: "_")
        if let problem = AttachmentRules.problem(name: cleanName, bytes: bytes) { errors["file"] = problem }
        if !kinds.contains(kind) { errors["kind"] = "材料类别“\(kind.prefix(40))”无效，应为 \(kinds.joined(separator: "、")) 之一" }
        guard errors.isEmpty, let fileKind = FileKind.detect(bytes) else { throw APIError.invalid("附件未保存", fields: errors) }
        let digest = SHA256.hash(data: bytes).hexString
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

    package func insert(_ attachment: Attachment) async throws {
        try await sql.insert(into: "attachments").model(attachment, keyEncodingStrategy: .convertToSnakeCase).run()
    }

    package func list(entityType: String, entityID: String) async throws -> [Attachment] {
        try await sql.select().column("*").from("attachments").where("entity_type", .equal, entityType).where("entity_id", .equal, entityID)
            .orderBy("uploaded_at", .descending).all(decoding: Attachment.self, keyDecodingStrategy: .fromSnakeCase)
    }

    package func find(id: String) async throws -> Attachment? {
        try await sql.select().column("*").from("attachments").where("id", .equal, id)
            .first(decoding: Attachment.self, keyDecodingStrategy: .fromSnakeCase)
    }

    /// The file as a download, with headers that keep a browser from guessing its type.
    package func response(_ attachment: Attachment) throws -> Response {
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
