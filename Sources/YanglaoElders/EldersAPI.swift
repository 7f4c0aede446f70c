import Foundation
import Spreadsheet
import SQLKit
import Vapor
import YanglaoCore
import YanglaoPlatform

/// `/api/v1/elders`: the registry of older residents (masked personal data, lookup by full ID
/// number or phone), registration and changes, the audited reveal, and ability assessments.
enum EldersAPI {
    static func register(on api: any RoutesBuilder, platform: Platform) {
        registry.register(on: api, platform: platform)
        let elders = api.grouped("elders")
        elders.get("indicators", access: .may(.readElders)) { try await ElderIndicatorsAPI.indicators($0, platform) }
        elders.post(":id", "reveal", access: .may(.revealPersonalData), record: resolver) { try await reveal($0, platform) }
        elders.get(":id", "assessments", access: .may(.readElders), record: resolver) { try await assessments($0, platform) }
        elders.post(":id", "assessments", access: .may(.assessElders), record: resolver) { try await assess($0, platform) }
    }

    /// The register's routes and their OpenAPI operations, from one declaration.
    static let registry = RegistryAPI<ElderRecord>(
        path: "elders", read: .readElders, edit: .editElders, listing: ElderList.listing, resolver: resolver, uploadLimit: .bulk,
        documentation: EldersOpenAPI.documentation,
        page: { request, parameters in
            let page = try await service(request, request.platform).list(parameters)
            let today = request.platform.clock.today
            return .init(items: page.records.map { ElderJSON.object($0, names: page.names, today: today) }, next: page.next, total: page.total)
        },
        export: { request, parameters, format in
            try await ElderExport.response(try service(request, request.platform), parameters, format: format, request: request)
        },
        one: { request, person in try await ElderJSON.full(person, service: try service(request, request.platform)) },
        create: { request, body in
            let service = try service(request, request.platform)
            return try await ElderJSON.full(try await service.create(body), service: service)
        },
        update: { request, person, body in
            let service = try service(request, request.platform)
            return try await ElderJSON.full(try await service.update(person, with: body), service: service)
        },
        importFile: { request in try await ElderImportPages.apiImport(request, request.platform) },
        templateSheets: { ElderImportColumns.templateSheets() })

    /// The person of a `/:id` route, found once within the caller's scope (404, audited, outside).
    static let resolver = RecordResolver(entity: "elder") { request in
        try await service(request, request.application.platform!).find(request.parameters.get("id") ?? "")
    }

    static func service(_ request: Request, _ platform: Platform) throws -> ElderService {
        ElderService(platform: platform, caller: try platform.caller(request))
    }

    /// `POST /api/v1/elders/{id}/reveal` with `{field, reason}` → `{field, value}`, audited.
    static func reveal(_ request: Request, _ platform: Platform) async throws -> Response {
        let body = try request.jsonObject()
        var errors = InputValue.typeProblems(body, keys: ["field", "reason"])
        for key in body.keys where !["field", "reason"].contains(key) { errors[key] = "未知字段“\(key.prefix(40))”" }
        guard errors.isEmpty else { throw APIError.invalid("查看完整信息的请求有误", fields: errors) }
        let field = body["field"]?.text ?? ""
        let value = try await service(request, platform).reveal(try request.resolved(ElderRecord.self), field: field, reason: body["reason"]?.text ?? "")
        let answer: JSONValue = ["field": .string(field), "value": .string(value)]
        return answer.response()
    }

    static func assessments(_ request: Request, _ platform: Platform) async throws -> Response {
        let person = try request.resolved(ElderRecord.self)
        let list = try await ElderStore(sql: platform.sql, cipher: platform.personalData).assessments(of: person.id)
        let answer: JSONValue = ["items": .array(list.map(ElderJSON.assessment))]
        return answer.response()
    }

    /// `POST /api/v1/elders/{id}/assessments`: the 26 scores and circumstances → total and levels.
    static func assess(_ request: Request, _ platform: Platform) async throws -> Response {
        let person = try request.resolved(ElderRecord.self)
        let (submission, errors) = AssessmentInput.submission(try request.jsonObject())
        let stored = try await service(request, platform).assess(person, submission, inputErrors: errors)
        return ElderJSON.assessment(stored).response(status: .created)
    }

}

/// An assessment's JSON body read into a submission; wrong JSON types are named at their key.
enum AssessmentInput {
    static let keys: Set<String> = ["items", "reason", "assessors", "assessedOn", "diagnoses", "riskEvents30d", "coma"]

    /// The submission and what is wrong with the body's shape; the service adds the standard's own
    /// checks, so that every problem is named at once.
    static func submission(_ body: [String: InputValue]) -> (AssessmentSubmission, [String: String]) {
        var errors: [String: String] = [:]
        for key in body.keys where !keys.contains(key) { errors[key] = "未知字段“\(key.prefix(40))”" }
        var scores: [String: Int] = [:]
        switch body["items"] {
        case let .object(items)?:
            for (code, value) in items.prefix(100) {
                guard case let .number(literal) = value, let score = Int(literal) else { errors[code] = "\(code.prefix(20)) 的得分应为整数"; continue }
                scores[code] = score
            }
        default: errors["items"] = "items 应为按项目编码给出得分的对象，如 {\"B.1.1\": 4, …}"
        }
        let reasonText = body["reason"]?.text(as: .text)
        if reasonText == nil { errors["reason"] = "评估原因应为文本" }
        let reason = reasonText.flatMap(AssessmentSubmission.Reason.init(rawValue:))
        if let reasonText, !reasonText.isEmpty, reason == nil {
            errors["reason"] = "评估原因“\(reasonText.prefix(20))”无效，应为 \(AssessmentSubmission.Reason.allCases.map(\.rawValue).joined(separator: "、")) 之一"
        }
        let assessors = strings(body["assessors"], key: "assessors", label: "评估员", errors: &errors)
        let diagnoses = strings(body["diagnoses"], key: "diagnoses", label: "诊断", errors: &errors).map { $0.uppercased() }
        var assessedOn: LocalDate?
        if let text = body["assessedOn"]?.text(as: .text) {
            assessedOn = LocalDate(parsing: text)
            if assessedOn == nil, !text.isEmpty { errors["assessedOn"] = "评估日期“\(text.prefix(20))”无法识别，应为 YYYY-MM-DD" }
        } else if body["assessedOn"] != nil { errors["assessedOn"] = "评估日期应为文本（YYYY-MM-DD）" }
        var riskEvents = 0
        if let value = body["riskEvents30d"], value != .null {
            if case let .number(literal) = value, let number = Int(literal) { riskEvents = number } else { errors["riskEvents30d"] = "近 30 天照护风险事件次数应为整数" }
        }
        var coma = false
        if let value = body["coma"], value != .null {
            if case let .bool(flag) = value { coma = flag } else { errors["coma"] = "昏迷应为 true 或 false" }
        }
        let submission = AssessmentSubmission(
            scores: scores, reason: reason, assessors: assessors, assessedOn: assessedOn,
            circumstances: AbilityAssessment.Circumstances(diagnoses: diagnoses, riskEventsIn30Days: riskEvents, coma: coma))
        return (submission, errors)
    }

    private static func strings(_ value: InputValue?, key: String, label: String, errors: inout [String: String]) -> [String] {
        guard let value, value != .null else { return [] }
        guard case let .array(items) = value, items.count <= 20 else { errors[key] = "\(label)应为文本列表（最多 20 项）"; return [] }
        var texts: [String] = []
        for item in items {
            guard case let .string(text) = item else { errors[key] = "\(label)的每一项应为文本"; return [] }
            texts.append(text.trimmingWhitespace())
        }
        return texts
    }
}
