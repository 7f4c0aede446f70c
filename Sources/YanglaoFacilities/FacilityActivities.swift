import YanglaoPlatform
import Foundation
import SQLKit
import Vapor
import YanglaoCore

/// Activity records of community facilities: the evidence behind 有活动、有记录.
enum FacilityActivities {
    static func register(api: any RoutesBuilder, pages: any RoutesBuilder, platform: Platform) {
        let facility = FacilitiesAPI.resolver
        api.get("facilities", ":id", "activities", access: .may(.readFacilities), record: facility) { request -> [FacilityActivity] in
            let record = try await FacilitiesAPI.visibleRecord(request, platform)
            return try await platform.facilityStore().activities(of: record.facility.id)
        }
        api.post("facilities", ":id", "activities", access: .may(.editFacilities), record: facility) { request -> Response in
            let fields = try request.jsonObject()
            let activity = try await add(fields, request, platform)
            let response = try await activity.encodeResponse(for: request)
            response.status = .created
            return response
        }
        pages.post(FacilityURL.facilityActivities(.idKey), access: .may(.editFacilities), record: facility) { request -> Response in
            let values = FormBody.parse(request)
            var fields: [String: InputValue] = [:]
            for key in ["heldOn", "kind", "participants", "record"] { fields[key] = .string(values[key]?.last ?? "") }
            let id = request.parameters.get("id") ?? ""
            do {
                _ = try await add(fields, request, platform)
                return request.redirect(toPath: FacilityURL.facility(id).with(["done": "activity"]))
            } catch let error as APIError where error.status == .unprocessableEntity {
                return request.redirect(toPath: FacilityURL.facility(id).with(["activityError": error.fields.values.sorted().joined(separator: "；")]))
            }
        }
    }

    /// Checks and records an activity; only the facility's editors may, and only at a community facility.
    static func add(_ fields: [String: InputValue], _ request: Request, _ platform: Platform) async throws -> FacilityActivity {
        let user = try platform.user(of: request)
        let record = try await FacilitiesAPI.visibleRecord(request, platform)
        try await FacilitiesAPI.service(request, platform).requireEditor(record)
        var errors: [String: String] = [:]
        errors.merge(InputValue.typeProblems(fields, keys: ["heldOn", "kind", "record"])) { $1 }
        for key in fields.keys where !["heldOn", "kind", "participants", "record"].contains(key) { errors[key] = "未知字段“\(key.prefix(40))”" }
        let heldOn = LocalDate(parsing: fields["heldOn"]?.text ?? "")
        let kind = fields["kind"]?.text ?? ""
        if let problem = TextLimit.problem(kind, limit: TextLimit.short) { errors["kind"] = "活动内容" + problem }
        let recordText = fields["record"]?.text ?? ""
        if let problem = TextLimit.problem(recordText, limit: TextLimit.long) { errors["record"] = "活动记录" + problem }
        var participants: Int?
        if let raw = fields["participants"], !raw.text.isEmpty {
            switch raw.text(as: .number).map(NumberKind.count.parseInteger) {
            case let .success(value)?: participants = value
            case let .failure(problem)?: errors["participants"] = problem.message("参加人数", raw.text)
            case nil: errors["participants"] = "参加人数应为数字"
            }
        }
        let problems = CommunityRules.activityProblems(
            category: record.facility.category, heldOn: heldOn, kind: kind, participants: participants, today: platform.clock.today
        )
        for problem in problems where errors[problem.field] == nil { errors[problem.field] = problem.message }
        guard errors.isEmpty, let heldOn, let participants else {
            throw APIError.invalid("活动记录有误，未保存", fields: errors)
        }
        let activity = FacilityActivity(
            id: UUID().uuidString.lowercased(), facilityId: record.facility.id, heldOn: heldOn, kind: kind,
            participants: participants, record: recordText, createdAt: Clock.timestamp()
        )
        try await platform.writer.write { sql in
            let store = platform.facilityStore(sql)
            try await store.addActivity(activity)
            // An activity can complete 四有: the stored problems follow in the same transaction.
            if let changed = try await store.record(id: record.facility.id) { try await store.storeProblems([changed]) }
            try await AuditLog.record(on: sql, actor: AuditActor(user.account, ip: request.clientIP), action: "facility.activity",
                                      entityType: "facility", entityID: record.facility.id, after: auditJSONString(activity))
        }
        return activity
    }
}
