import Foundation
import Plot
import Vapor
import YanglaoCore

/// Registering and changing a facility in the browser. The form is drawn from the same field
/// table as the API and the exports, and goes through the same editor: every wrong field is shown
/// at the field, in Chinese, and nothing is saved.
enum FacilityForms {
    static func register(on pages: any RoutesBuilder, platform: Platform) {
        pages.get("facilities", "new") { request -> Response in
            _ = try await platform.require(.editFacilities, request)
            return try await form(request, platform, record: nil, values: [:], errors: [:])
        }
        pages.post("facilities", "new") { try await submit($0, platform, existing: nil) }
        pages.get("facilities", ":id", "edit") { request -> Response in
            let (_, record) = try await editable(request, platform)
            return try await form(request, platform, record: record, values: [:], errors: [:])
        }
        pages.post("facilities", ":id", "edit") { request -> Response in
            let (_, record) = try await editable(request, platform)
            return try await submit(request, platform, existing: record)
        }
    }

    static func editable(_ request: Request, _ platform: Platform) async throws -> (CurrentUser, FacilityRecord) {
        let user = try await platform.require(.readFacilities, request)
        let record = try await FacilitiesAPI.visibleRecord(request, platform, user: user)
        try await FacilitiesAPI.requireEditor(user, of: record.facility, request, platform)
        return (user, record)
    }

    static let groups: [(String, [String])] = [
        ("基本情况", ["institutionKind", "status", "statusChangedOn", "address", "latitude", "longitude", "operatorName", "creditCode",
                  "profitType", "registrationType", "legalRepresentative", "contactPerson", "contactPhone", "buildingArea",
                  "operationMode", "socialised", "chainOperator"]),
        ("备案", ["filingStatus", "filingNumber", "filingBureau", "filedOn", "filingMissing", "openedOn"]),
        ("床位与入住", ["beds", "nursingBeds", "occupiedBeds", "residents", "specialHardshipResidents", "fosterResidents", "staffCount"]),
        ("医养结合", ["internalClinic", "nursingStation", "standardClinicYear", "medicalInsurance", "longTermCareInsurance"]),
        ("安全", ["fireAcceptance", "fireAcceptanceOn", "fireCompliant", "fireCheckedOn", "foodCompliant", "foodCheckedOn",
                "electricalAlarmRequired", "electricalAlarmInstalled", "gasAlarmRequired", "gasAlarmInstalled", "fumeTreated", "sewageConnected"]),
        ("四有（社区设施）", ["hasSite", "hasSign"]),
    ]

    static func submit(_ request: Request, _ platform: Platform, existing: FacilityRecord?) async throws -> Response {
        let user = try await platform.require(.editFacilities, request)
        let values = FormBody.parse(request)
        var fields: [String: InputValue] = [:]
        for (key, list) in values where key != CSRFMiddleware.field && key != "agreementsText" {
            fields[key] = key == "functions" ? .array(list.map { .string($0) }) : .string(list.last ?? "")
        }
        if fields["functions"] == nil { fields["functions"] = .array([]) }
        fields["agreements"] = agreements(from: values["agreementsText"]?.last ?? "")
        let draft = existing ?? FacilityRecord(
            facility: Facility.empty(id: UUID().uuidString.lowercased(), code: "", name: "", category: .institution, regionCode: "", now: Clock.timestamp()),
            functions: [], agreements: []
        )
        do {
            var record = try await FacilityEditor(platform: platform, user: user).apply(fields, to: draft, isNew: existing == nil)
            record.facility.updatedAt = Clock.timestamp()
            let saved = record
            let previous = existing?.facility
            let id = try await platform.writer.write { sql in
                var final = saved
                let store = platform.facilityStore(sql)
                if final.facility.code.isEmpty { final.facility.code = try await store.nextCode(regionCode: final.facility.regionCode) }
                try await store.save(final, previous: previous)
                try await AuditLog.record(on: sql, actor: AuditActor(user.account, ip: request.clientIP),
                                          action: previous == nil ? "facility.create" : "facility.update", entityType: "facility",
                                          entityID: final.facility.id, before: previous.map(auditJSONString), after: auditJSONString(final.facility))
                return final.facility.id
            }
            return request.redirect(toPath: "/facilities/\(id)")
        } catch let error as APIError where error.status == .unprocessableEntity {
            return try await form(request, platform, record: existing, values: values, errors: error.fields)
        }
    }

    /// One agreement a line: 医疗机构, 起始日, 到期日 (the end may be left out).
    static func agreements(from text: String) -> InputValue {
        .array(text.split(whereSeparator: \.isNewline).compactMap { line in
            let parts = line.split(whereSeparator: { ",，".contains($0) }).map { String($0).trimmingWhitespace() }
            guard !parts.isEmpty, !parts[0].isEmpty else { return nil }
            var object: [String: InputValue] = ["partner": .string(parts[0]), "startsOn": .string(parts.count > 1 ? parts[1] : "")]
            if parts.count > 2 { object["endsOn"] = .string(parts[2]) }
            return .object(object)
        })
    }

    static func form(
        _ request: Request, _ platform: Platform, record: FacilityRecord?, values: [String: [String]], errors: [String: String]
    ) async throws -> Response {
        let context = try await PageContext.make(request, platform, currentRegion: record?.facility.regionCode)
        let facility = record?.facility
        func value(_ key: String, _ stored: String) -> String { values[key]?.last ?? stored }
        let regionOptions = context.regions.map { ($0.code, String(repeating: "　", count: $0.depth) + $0.name) }
        let chosenFunctions = values["functions"].map(Set.init) ?? Set((record?.functions ?? []).map(\.rawValue))
        let agreementText = values["agreementsText"]?.last ?? (record?.agreements ?? []).map {
            [$0.partner, $0.startsOn.description, $0.endsOn?.description].compactMap { $0 }.joined(separator: ",")
        }.joined(separator: "\n")
        let agreementError = errors.first { $0.key.hasPrefix("agreements") }?.value
        let action = facility.map { "/facilities/\($0.id)/edit" } ?? "/facilities/new"
        let basics: Node<HTML.FormContext> = .group(
            Components.field("名称", name: "name", value: value("name", facility?.name ?? ""), required: true, error: errors["name"]),
            Components.select("类别", name: "category", options: FacilityCategory.allCases.map { ($0.rawValue, $0.rawValue) },
                              selected: value("category", facility?.category.rawValue ?? ""), error: errors["category"]),
            Components.select("所在区划", name: "regionCode", options: regionOptions,
                              selected: value("regionCode", facility?.regionCode ?? context.currentRegion ?? ""), error: errors["regionCode"]),
            Components.select("主管部门", name: "supervisingRegionCode", options: regionOptions,
                              selected: value("supervisingRegionCode", facility?.supervisingRegionCode ?? ""), error: errors["supervisingRegionCode"]),
            .fieldset(
                .element(named: "legend", text: "功能"),
                .forEach(FacilityFunction.allCases) { function in
                    .label(.class("check"), .input(.type(.checkbox), .name("functions"), .value(escaping: function.rawValue),
                                                    .attribute(named: "checked", escaping: chosenFunctions.contains(function.rawValue) ? "checked" : nil)),
                           .text(function.rawValue))
                },
                .unwrap(errors["functions"]) { .p(.class("error"), .text($0)) }
            )
        )
        let sections: Node<HTML.FormContext> = .forEach(groups) { title, keys in
            .fieldset(.element(named: "legend", text: title), .forEach(keys.compactMap { FacilityField.byKey[$0] }) { field in
                input(field, value: value(field.key, facility.map(field.read) ?? ""), error: errors[field.key])
            })
        }
        let content: Node<HTML.BodyContext> = .form(
            .class("card facility-form"), .action(escaping: action), .method(.post),
            Layout.csrfField(context.csrf),
            .if(!errors.isEmpty, .p(.class("notice error"), .attribute(named: "role", value: "alert"), .text("有 \(errors.count) 处填写有误，未保存：请修改标红的项目后重新提交"))),
            basics,
            sections,
            .fieldset(
                .element(named: "legend", text: "签约医疗机构"),
                .div(
                    .class(agreementError == nil ? "field" : "field invalid"),
                    .label(.for("f-agreements"), .text("每行一份：医疗机构,起始日,到期日")),
                    .textarea(.id("f-agreements"), .name("agreementsText"), .attribute(named: "rows", value: "3"), .text(agreementText)),
                    .unwrap(agreementError) { .p(.class("error"), .text($0)) }
                )
            ),
            .button(.type(.submit), .text(facility == nil ? "登记" : "保存"))
        )
        let title = facility.map { "修改：\($0.name)" } ?? "登记设施"
        return Layout.response(Layout.document(title: title, context: context, content), status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    /// The input for one field of the table, by the shape of its schema.
    static func input(_ field: FacilityField, value: String, error: String?) -> Node<HTML.FormContext> {
        if case let .array(options)? = field.schema["enum"] {
            let values = options.compactMap { option -> String? in if case let .string(text) = option { text } else { nil } }
            let required = field.schema["type"] == .string("string")
            return Components.select(field.label, name: field.key, options: (required ? [] : [("", "（未填）")]) + values.map { ($0, $0) },
                                     selected: value, error: error)
        }
        if field.schema["type"] == .string("boolean") {
            return Components.select(field.label, name: field.key, options: [("否", "否"), ("是", "是")], selected: value, error: error)
        }
        let type: HTMLInputType = field.schema["format"] == .string("date") ? .date : .text
        return Components.field(field.label, name: field.key, value: value, type: type, error: error)
    }
}

/// A URL-encoded form body with repeated keys kept (checkbox groups), as Vapor's decoder needs
/// a fixed type for.
enum FormBody {
    static func parse(_ request: Request) -> [String: [String]] {
        guard let body = request.body.string else { return [:] }
        var values: [String: [String]] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { decode(String($0)) }
            guard let key = parts.first, !key.isEmpty else { continue }
            values[key, default: []].append(parts.count > 1 ? parts[1] : "")
        }
        return values
    }

    static func decode(_ text: String) -> String {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? text
    }
}
