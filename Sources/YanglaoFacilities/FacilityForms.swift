import YanglaoPlatform
import Foundation
import Plot
import Vapor
import YanglaoCore

/// Registering and changing a facility in the browser. The form is drawn from the same field
/// table as the API and the exports, and goes through the same editor: every wrong field is shown
/// at the field, in Chinese, and nothing is saved.
enum FacilityForms {
    static func register(on pages: any RoutesBuilder, platform: Platform) {
        pages.get(FacilityURL.facilityNew, access: .may(.editFacilities)) { request -> Response in
            try await form(request, platform, record: nil, values: [:], errors: [:])
        }
        pages.post(FacilityURL.facilityNew, access: .may(.editFacilities)) { try await submit($0, platform, existing: nil) }
        pages.get(FacilityURL.facilityEdit(.idKey), access: .may(.editFacilities), record: FacilitiesAPI.resolver) { request -> Response in
            let (_, record) = try await editable(request, platform)
            return try await form(request, platform, record: record, values: [:], errors: [:])
        }
        pages.post(FacilityURL.facilityEdit(.idKey), access: .may(.editFacilities), record: FacilitiesAPI.resolver) { request -> Response in
            let (_, record) = try await editable(request, platform)
            return try await submit(request, platform, existing: record)
        }
    }

    static func editable(_ request: Request, _ platform: Platform) async throws -> (CurrentUser, FacilityRecord) {
        let user = try platform.user(of: request)
        let service = try FacilitiesAPI.service(request, platform)
        let record = try request.resolved(FacilityRecord.self)
        try await service.requireEditor(record)
        return (user, record)
    }

    static var schema: RegistrySchema<FacilityRecord> { FacilityFields.schema }

    static func submit(_ request: Request, _ platform: Platform, existing: FacilityRecord?) async throws -> Response {
        let values = FormBody.parse(request)
        var fields: [String: InputValue] = [:]
        for field in schema.inputFields {
            guard existing == nil || field.access == .editable else { continue }
            if case .severalOf = field.kind {
                fields[field.key] = .array((values[field.key] ?? []).map { .string($0) })
            } else if let value = values[field.key]?.last {
                fields[field.key] = .string(value)
            }
        }
        fields["agreements"] = agreements(from: values["agreementsText"]?.last ?? "")
        let service = try FacilitiesAPI.service(request, platform)
        do {
            let saved = if let existing { try await service.update(existing, with: fields) } else { try await service.create(fields) }
            return request.redirect(toPath: FacilityURL.facility(saved.id).path)
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

    /// The form drawn from the field table, section by section; the values sent back (after an
    /// error) win over the stored ones.
    static func form(
        _ request: Request, _ platform: Platform, record: FacilityRecord?, values: [String: [String]], errors: [String: String]
    ) async throws -> Response {
        let context = try await PageContext.make(request, platform, currentRegion: record?.facility.regionCode)
        let regionOptions = context.regions.map { ($0.code, String(repeating: "　", count: $0.depth) + $0.name) }
        let agreementText = values["agreementsText"]?.last ?? (record?.agreements ?? []).map {
            [$0.partner, $0.startsOn.description, $0.endsOn?.description].compactMap { $0 }.joined(separator: ",")
        }.joined(separator: "\n")
        let agreementError = errors.first { $0.key.hasPrefix("agreements") }?.value
        let action = record.map { FacilityURL.facilityEdit($0.id).path } ?? FacilityURL.facilityNew.path
        let shown = schema.inputFields.filter { record == nil || $0.access == .editable }
        let sections = RegistryPageComponents.formSections(schema, fields: shown, record: record, values: values, errors: errors,
                                                           regions: regionOptions, defaults: ["regionCode": context.currentRegion ?? ""])
        let content: Node<HTML.BodyContext> = .form(
            .class("card facility-form"), .action(escaping: action), .method(.post),
            Layout.csrfField(context.csrf),
            .if(!errors.isEmpty, .p(.class("notice error"), .attribute(named: "role", value: "alert"), .text("有 \(errors.count) 处填写有误，未保存：请修改标红的项目后重新提交"))),
            .if(record != nil, .p(.class("muted"), .text("设施编码 \(record?.facility.code ?? "")（登记后不能修改）"))),
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
            .button(.type(.submit), .text(record == nil ? "登记" : "保存"))
        )
        let title = record.map { "修改：\($0.facility.name)" } ?? "登记设施"
        return Layout.response(Layout.document(title: title, context: context, content), status: errors.isEmpty ? .ok : .unprocessableEntity)
    }
}
