import Foundation
import Plot
import Vapor
import YanglaoCore
import YanglaoPlatform

/// Registering and changing a person in the browser: the form drawn from the field table, through
/// the same editor as the API and the import (every wrong field shown at the field, nothing saved).
enum ElderForms {
    static func register(on pages: any RoutesBuilder, platform: Platform) {
        pages.get(ElderURL.elderNew, access: .may(.editElders)) { try await form($0, platform, record: nil, values: [:], errors: [:]) }
        pages.post(ElderURL.elderNew, access: .may(.editElders)) { try await submit($0, platform, existing: nil) }
        pages.get(ElderURL.elderEdit(.idKey), access: .may(.editElders), record: EldersAPI.resolver) { request in
            try await form(request, platform, record: try request.resolved(ElderRecord.self), values: [:], errors: [:])
        }
        pages.post(ElderURL.elderEdit(.idKey), access: .may(.editElders), record: EldersAPI.resolver) { request in
            try await submit(request, platform, existing: try request.resolved(ElderRecord.self))
        }
    }

    static var schema: RegistrySchema<ElderRecord> { ElderFields.schema }

    static func shownFields(isNew: Bool) -> [RegistryField<ElderRecord>] {
        schema.inputFields.filter { isNew || $0.access == .editable }
    }

    static func submit(_ request: Request, _ platform: Platform, existing: ElderRecord?) async throws -> Response {
        let values = FormBody.parse(request)
        var fields: [String: InputValue] = [:]
        for field in shownFields(isNew: existing == nil) {
            if case .severalOf = field.kind {
                fields[field.key] = .array((values[field.key] ?? []).map { .string($0) })
            } else if let value = values[field.key]?.last {
                // An empty box leaves a stored personal value as it is.
                if case .personal = field.kind, existing != nil, value.trimmingWhitespace().isEmpty { continue }
                fields[field.key] = .string(value)
            }
        }
        fields["hospitalStays"] = stays(from: values["hospitalStaysText"]?.last ?? "")
        let service = try EldersAPI.service(request, platform)
        do {
            let saved = if let existing { try await service.update(existing, with: fields) } else { try await service.create(fields) }
            return request.redirect(toPath: ElderURL.elder(saved.id).path)
        } catch let error as APIError where error.status == .unprocessableEntity {
            return try await form(request, platform, record: existing, values: values, errors: error.fields)
        }
    }

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

    static func form(_ request: Request, _ platform: Platform, record: ElderRecord?, values: [String: [String]], errors: [String: String]) async throws -> Response {
        let context = try await PageContext.make(request, platform, currentRegion: record?.regionCode)
        let regionOptions = try await villageOptions(context, platform)
        var staysText = values["hospitalStaysText"]?.last ?? ""
        if values.isEmpty, let record {
            staysText = try await ElderStore(sql: platform.sql, cipher: platform.personalData).hospitalStays(of: record.id).map {
                [$0.hospital ?? "", $0.from.description, $0.to?.description ?? ""].joined(separator: ",")
            }.joined(separator: "\n")
        }
        let action = record.map { ElderURL.elderEdit($0.id).path } ?? ElderURL.elderNew.path
        let sections = RegistryPageComponents.formSections(
            schema, fields: shownFields(isNew: record == nil), record: record, values: values, errors: errors, regions: regionOptions,
            defaults: ["regionCode": context.currentRegion ?? ""])
        let content: Node<HTML.BodyContext> = .form(
            .class("card elder-form"), .action(escaping: action), .method(.post),
            Layout.csrfField(context.csrf),
            .if(!errors.isEmpty, .p(.class("notice error"), .attribute(named: "role", value: "alert"),
                                    .text("有 \(errors.count) 处填写有误，未保存：请修改标红的项目后重新提交"))),
            .if(record != nil, .p(.class("muted"), .text("身份证号码 \(record?.idNumber?.mask ?? "")（登记后不能修改；出生日期、性别由其得出）"))),
            sections,
            .fieldset(
                .element(named: "legend", text: "住院记录"),
                .div(
                    .class(errors["hospitalStays"] == nil ? "field" : "field invalid"),
                    .label(.for("f-stays"), .text("每行一次：医院,入院日期,出院日期（仍在院则不填出院日期）")),
                    .textarea(.id("f-stays"), .name("hospitalStaysText"), .attribute(named: "rows", value: "3"), .text(staysText)),
                    .unwrap(errors["hospitalStays"]) { .p(.class("error"), .text($0)) }
                )
            ),
            .button(.type(.submit), .text(record == nil ? "登记" : "保存"))
        )
        let title = record.map { "修改：\($0.name)" } ?? "登记老年人"
        return Layout.response(Layout.document(title: title, context: context, content), status: errors.isEmpty ? .ok : .unprocessableEntity)
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
