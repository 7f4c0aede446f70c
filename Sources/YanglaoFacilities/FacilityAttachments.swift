import YanglaoPlatform
import Foundation
import Vapor
import YanglaoCore

/// Evidence on facilities (fire acceptance, food checks, alarms, filing receipts, 四有 photos):
/// the facility's editors attach, everyone who sees the facility may download.
enum FacilityAttachments {
    /// What a facility's evidence may be.
    static let evidenceKinds = ["消防审验（验收）", "消防检查", "食品安全", "报警装置", "油烟治理", "污水接管", "备案回执", "医养协议", "四有活动", "其他"]

    static func register(api: any RoutesBuilder, pages: any RoutesBuilder, platform: Platform) {
        let facility = FacilitiesAPI.resolver
        api.get("facilities", ":id", "attachments", access: .may(.readFacilities), record: facility) { request -> [Attachment] in
            let record = try await FacilitiesAPI.visibleRecord(request, platform)
            return try await AttachmentStore(platform: platform).list(entityType: "facility", entityID: record.facility.id)
        }
        // The file is the body; its name and kind are query parameters.
        api.post("facilities", ":id", "attachments", access: .may(.editFacilities), record: facility, maximumBody: BodyLimit.attachment) { request -> Response in
            try await request.collectBody()
            let bytes = request.body.data.map { Array(buffer: $0) } ?? []
            let attachment = try await add(request, platform, name: request.query[String.self, at: "name"] ?? "",
                                           kind: request.query[String.self, at: "kind"] ?? "", bytes: bytes)
            let response = try await attachment.encodeResponse(for: request)
            response.status = .created
            return response
        }
        api.get("attachments", ":id", access: .may(.readFacilities), record: resolver) { try await download($0, platform) }
        pages.post(FacilityURL.facilityAttachments(.idKey), access: .may(.editFacilities), record: facility, maximumBody: BodyLimit.attachment) { request -> Response in
            try await request.collectBody()
            struct Upload: Content { var file: File?; var kind: String? }
            let upload = try request.content.decode(Upload.self)
            let id = request.parameters.get("id") ?? ""
            do {
                _ = try await add(request, platform, name: upload.file?.filename ?? "", kind: upload.kind ?? "",
                                  bytes: upload.file.map { Array(buffer: $0.data) } ?? [])
                return request.redirect(toPath: FacilityURL.facility(id).with(["done": "attachment"]))
            } catch let error as APIError where error.status == .unprocessableEntity {
                let message = error.fields.values.sorted().joined(separator: "；")
                return request.redirect(toPath: FacilityURL.facility(id).with(["attachmentError": message]))
            }
        }
        pages.get(FacilityURL.attachment(.idKey), access: .may(.readFacilities), record: resolver) { try await download($0, platform) }
    }

    /// An attachment of a facility the caller sees: 404 (audited) otherwise.
    static let resolver = RecordResolver(entity: "attachment") { request in
        let platform = request.application.platform!
        let user = try platform.user(of: request)
        let id = request.parameters.get("id") ?? ""
        guard let attachment = try await AttachmentStore(platform: platform).find(id: id), attachment.entityType == "facility" else {
            throw APIError.notFound("附件")
        }
        guard try await platform.facilityStore().isVisible(id: attachment.entityId, to: user) else {
            throw try await platform.outOfScope(request, entityType: "attachment", entityID: id, what: "附件")
        }
        return attachment
    }

    static func add(_ request: Request, _ platform: Platform, name: String, kind: String, bytes: [UInt8]) async throws -> Attachment {
        let user = try platform.user(of: request)
        let record = try await FacilitiesAPI.visibleRecord(request, platform)
        try await FacilitiesAPI.service(request, platform).requireEditor(record)
        let store = AttachmentStore(platform: platform)
        let attachment = try store.prepare(entityType: "facility", entityID: record.facility.id, kind: kind, kinds: evidenceKinds, name: name,
                                           bytes: bytes, by: user.account.username)
        try await platform.writer.write { sql in
            try await AttachmentStore(platform: platform, sql: sql).insert(attachment)
            try await AuditLog.record(on: sql, actor: AuditActor(user.account, ip: request.clientIP), action: "attachment.create",
                                      entityType: "facility", entityID: record.facility.id, after: auditJSONString(attachment))
        }
        return attachment
    }

    /// A file of a facility the caller may see; anything else is 404, as if it did not exist.
    static func download(_ request: Request, _ platform: Platform) async throws -> Response {
        try AttachmentStore(platform: platform).response(try request.resolved(Attachment.self))
    }
}
