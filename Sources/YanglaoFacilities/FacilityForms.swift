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
        lines: FacilityFields.agreements.formLines(hint: "长期协议不填到期日期") { _, record in record.agreements.map(AgreementRecord.init) },
        mayChange: { request, record in try await FacilitiesAPI.service(request, request.platform).requireEditor(record) },
        save: { request, existing, fields in
            let service = try FacilitiesAPI.service(request, request.platform)
            return if let existing { try await service.update(existing, with: fields).id } else { try await service.create(fields).id }
        })
}
