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
        lines: .init(
            key: "hospitalStays", legend: "住院记录", label: "每行一次：医院,入院日期,出院日期（仍在院则不填出院日期）", parse: stays(from:),
            text: { request, record in
                try await ElderStore(sql: request.platform.sql, cipher: request.platform.personalData).hospitalStays(of: record.id).map {
                    [$0.hospital ?? "", $0.from.description, $0.to?.description ?? ""].joined(separator: ",")
                }.joined(separator: "\n")
            }),
        regionOptions: { request, context in try await villageOptions(context, request.platform) },
        save: { request, existing, fields in
            let service = try EldersAPI.service(request, request.platform)
            return if let existing { try await service.update(existing, with: fields).id } else { try await service.create(fields).id }
        })

    /// One stay a line: 医院,入院日期,出院日期 (the discharge may be left out).
    static func stays(from text: String) -> InputValue {
        .array(text.split(whereSeparator: \.isNewline).prefix(101).compactMap { line in
            let parts = line.split(separator: ",", omittingEmptySubsequences: false).flatMap { $0.split(separator: "，", omittingEmptySubsequences: false) }
                .map { String($0).trimmingWhitespace() }
            guard parts.contains(where: { !$0.isEmpty }) else { return nil }
            var object: [String: InputValue] = ["hospital": .string(parts[0]), "from": .string(parts.count > 1 ? parts[1] : "")]
            if parts.count > 2 { object["to"] = .string(parts[2]) }
            return .object(object)
        })
    }

    /// The places a person may live: the towns and villages (communities) of the caller's scope.
    static func villageOptions(_ context: PageContext, _ platform: Platform) async throws -> [(String, String)] {
        guard let root = try await context.user.scope.rootCode.asyncMap({ try await RegionStore(sql: platform.sql).find($0) }) ?? nil else { return [] }
        let today = platform.clock.today
        let regions = try await RegionStore(sql: platform.sql).subtree(of: root).filter { $0.level >= .town && $0.entry.isEffective(on: today) }
            .sorted { $0.code < $1.code }
        return regions.map { ($0.code, ($0.level == .village ? "　" : "") + $0.name + "（\($0.code)）") }
    }
}
