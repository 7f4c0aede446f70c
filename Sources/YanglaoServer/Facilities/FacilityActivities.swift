import Foundation
import SQLKit
import Vapor
import YanglaoCore

/// Activity records of community facilities: the evidence behind 有活动、有记录.
enum FacilityActivities {
    static func register(api: any RoutesBuilder, pages: any RoutesBuilder, platform: Platform) {
        api.get("facilities", ":id", "activities") { request -> [FacilityActivity] in
            let user = try await platform.require(.readFacilities, request)
            let record = try await FacilitiesAPI.visibleRecord(request, platform, user: user)
            return try await platform.facilityStore().activities(of: record.facility.id)
        }
        api.post("facilities", ":id", "activities") { request -> Response in
            let fields = try FacilitiesAPI.decodeObject(request)
            let activity = try await add(fields, request, platform)
            let response = try await activity.encodeResponse(for: request)
            response.status = .created
            return response
        }
        pages.post("facilities", ":id", "activities") { request -> Response in
            let values = FormBody.parse(request)
            var fields: [String: InputValue] = [:]
            for key in ["heldOn", "kind", "participants", "record"] { fields[key] = .string(values[key]?.last ?? "") }
            let id = request.parameters.get("id") ?? ""
            do {
                _ = try await add(fields, request, platform)
                return request.redirect(to: "/facilities/\(id)?done=activity")
            } catch let error as APIError where error.status == .unprocessableEntity {
                return request.redirect(to: "/facilities/\(id)?activityError=" + (error.fields.values.sorted().joined(separator: "；").addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
            }
        }
    }

    /// Checks and records an activity; only the facility's editors may, and only at a community facility.
    static func add(_ fields: [String: InputValue], _ request: Request, _ platform: Platform) async throws -> FacilityActivity {
        let user = try await platform.require(.readFacilities, request)
        let record = try await FacilitiesAPI.visibleRecord(request, platform, user: user)
        try await FacilitiesAPI.requireEditor(user, of: record.facility, request, platform)
        var errors: [String: String] = [:]
        if !record.facility.category.isCommunityFacility { errors["facility"] = "只有社区养老服务设施记录“四有”活动" }
        let heldOn = LocalDate(parsing: fields["heldOn"]?.text ?? "")
        if heldOn == nil { errors["heldOn"] = "活动日期应为 YYYY-MM-DD" }
        if let date = heldOn, date > LocalDate.today() { errors["heldOn"] = "活动日期（\(date)）不能晚于今天" }
        let kind = fields["kind"]?.text ?? ""
        if kind.isEmpty { errors["kind"] = "请填写活动内容" }
        let participantsText = fields["participants"]?.text ?? ""
        let participants = Int(participantsText)
        if participants == nil || participants! < 0 { errors["participants"] = "参加人数应为非负整数，实际为“\(participantsText)”" }
        guard errors.isEmpty, let heldOn, let participants else { throw APIError.invalid("活动记录有误，未保存", fields: errors) }
        let activity = FacilityActivity(
            id: UUID().uuidString.lowercased(), facilityId: record.facility.id, heldOn: heldOn, kind: kind,
            participants: participants, record: fields["record"]?.text ?? "", createdAt: Clock.timestamp()
        )
        try await platform.writer.write { sql in
            try await platform.facilityStore(sql).addActivity(activity)
            try await AuditLog.record(on: sql, actor: AuditActor(user.account, ip: request.clientIP), action: "facility.activity",
                                      entityType: "facility", entityID: record.facility.id, after: auditJSONString(activity))
        }
        return activity
    }
}
