import Foundation
import Plot
import Vapor
import YanglaoCore
import YanglaoPlatform

/// Registering and changing a person in the browser: the form drawn from the field table, through
/// the same editor as the API and the import (every wrong field shown at the field, nothing saved).
enum ElderForms {
    static func register(on pages: any RoutesBuilder, platform: Platform) {
        form.register(on: pages)
    }

    static let form = RegistryForm<ElderRecord>(
        schema: ElderFields.schema, edit: .editElders, resolver: EldersAPI.resolver, newPage: ElderURL.elderNew,
        editPage: { ElderURL.elderEdit($0) }, recordPage: { ElderURL.elder($0) }, cssClass: "elder-form",
        title: { record in record.map { "修改：\($0.name)" } ?? "登记老年人" },
        fixedNote: { "身份证号码 \($0.idNumber?.mask ?? "")（登记后不能修改；出生日期、性别由其得出）" },
        lines: ElderFields.stays.formLines(hint: "仍在院则不填出院日期") { request, person in
            try await ElderFields.stays.load(of: person.id, sql: request.platform.sql)
        },
        regionOptions: { request, context in try await villageOptions(context, request.platform) },
        save: { request, existing, fields in
            let service = try EldersAPI.service(request, request.platform)
            return if let existing { try await service.update(existing, with: fields).id } else { try await service.create(fields).id }
        })

    /// The places a person may live: the towns and villages (communities) of the caller's scope.
    static func villageOptions(_ context: PageContext, _ platform: Platform) async throws -> [(String, String)] {
        guard let root = try await context.user.scope.rootCode.asyncMap({ try await RegionStore(sql: platform.sql).find($0) }) ?? nil else { return [] }
        let today = platform.clock.today
        let regions = try await RegionStore(sql: platform.sql).subtree(of: root).filter { $0.level >= .town && $0.entry.isEffective(on: today) }
            .sorted { $0.code < $1.code }
        return regions.map { ($0.code, ($0.level == .village ? "　" : "") + $0.name + "（\($0.code)）") }
    }
}
