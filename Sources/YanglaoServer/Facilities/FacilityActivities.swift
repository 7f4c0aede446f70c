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
        let heldOn = LocalDate(parsing: fields["heldOn"]?.text ?? "")
        let kind = fields["kind"]?.text ?? ""
        let participants = Int(fields["participants"]?.text ?? "")
        let problems = CommunityRules.activityProblems(
            category: record.facility.category, heldOn: heldOn, kind: kind, participants: participants, today: LocalDate.today()
        )
        guard problems.isEmpty, let heldOn, let participants else {
            throw APIError.invalid("活动记录有误，未保存", fields: Dictionary(problems.map { ($0.field, $0.message) }, uniquingKeysWith: { first, _ in first }))
        }
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
