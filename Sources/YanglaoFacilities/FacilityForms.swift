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
        form.register(on: pages)
    }

    static let form = RegistryForm<FacilityRecord>(
        schema: FacilityFields.schema, edit: .editFacilities, resolver: FacilitiesAPI.resolver, newPage: FacilityURL.facilityNew,
        editPage: { FacilityURL.facilityEdit($0) }, recordPage: { FacilityURL.facility($0) }, cssClass: "facility-form",
        title: { record in record.map { "修改：\($0.facility.name)" } ?? "登记设施" },
        fixedNote: { "设施编码 \($0.facility.code)（登记后不能修改）" },
        lines: .init(
            key: "agreements", legend: "签约医疗机构", label: "每行一份：医疗机构,起始日,到期日", parse: agreements(from:),
            text: { _, record in
                record.agreements.map { [$0.partner, $0.startsOn.description, $0.endsOn?.description].compactMap { $0 }.joined(separator: ",") }
                    .joined(separator: "\n")
            }),
        mayChange: { request, record in try await FacilitiesAPI.service(request, request.platform).requireEditor(record) },
        save: { request, existing, fields in
            let service = try FacilitiesAPI.service(request, request.platform)
            return if let existing { try await service.update(existing, with: fields).id } else { try await service.create(fields).id }
        })

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
}
