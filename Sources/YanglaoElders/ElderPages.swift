import Foundation
import Plot
import Vapor
import YanglaoCore
import YanglaoPlatform

/// The registry's pages: the list (search by name or by a full ID number or phone, filters,
/// export), one person with their history, and the audited reveal of a personal field.
enum ElderPages {
    static func register(on pages: any RoutesBuilder, platform: Platform) {
        pages.get(ElderURL.elders, access: .may(.readElders)) { try await list($0, platform) }
        EldersAPI.registry.registerFiles(on: pages, export: ElderURL.eldersExport, template: ElderURL.importTemplate)
        pages.get(ElderURL.elder(.idKey), access: .may(.readElders), record: EldersAPI.resolver) { try await show($0, platform, revealed: nil) }
        pages.post(ElderURL.elderReveal(.idKey), access: .may(.revealPersonalData), record: EldersAPI.resolver) { try await reveal($0, platform) }
    }

    static func list(_ request: Request, _ platform: Platform) async throws -> Response {
        let list = try await RegistryListRequest(request, listing: ElderList.listing, platform: platform)
        let service = try EldersAPI.service(request, platform)
        let page = try await service.list(list.parameters)
        let canEdit = Action.editElders.isAllowed(for: list.context.user.account.role)
        let frame = list.frame(
            request, path: ElderURL.elders.path, export: ElderURL.eldersExport.path, subject: "老年人", descriptions: page.descriptions,
            next: page.next, shown: page.records.count, total: page.total, unit: "人", actions: ElderListPage.actions(canEdit: canEdit))
        let held = canEdit ? try await service.store.heldCount(in: service.user.scope) : 0
        let decided = canEdit ? try await service.recentDecisions().count : 0
        let model = ElderListPage.model(page, frame: frame, today: list.today, held: held, decided: decided)
        return Layout.response(Layout.document(title: "老年人", context: list.context, ElderListPage.view(model)))
    }

    /// One person: a notice for the day (died, moved, due for reassessment), every field by section
    /// (personal data masked, with a reveal form for those who may), residences, hospital stays, assessments.
    static func show(_ request: Request, _ platform: Platform, revealed: (label: String, value: String)?, revealError: [String: String] = [:]) async throws -> Response {
        let user = try platform.user(of: request)
        let record = try request.resolved(ElderRecord.self)
        let service = try EldersAPI.service(request, platform)
        let store = service.store
        let residences = try await store.residences(of: record)
        let stays = try await store.hospitalStays(of: record.id)
        let assessments = try await store.assessments(of: record.id)
        var names = try await service.names([record])
        names.merge(try await RegionStore(sql: platform.sql).names(of: residences.map(\.regionCode))) { $1 }
        let today = platform.clock.today
        let context = try await PageContext.make(request, platform, currentRegion: record.regionCode)
        let role = user.account.role
        let categories = record.facts?.categories(on: today) ?? record.categories
        var extra: [String: [(String, String)]] = [
            ElderFields.person: [("年龄", record.birthDate.map { "\($0.age(on: today)) 岁" } ?? "—"),
                                 ("今日人员类别（含高龄）", ElderCategory.allCases.filter(categories.contains).map(\.rawValue).joined(separator: "、"))],
            ElderFields.selfCare: [("护理等级", record.selfCare?.careTier ?? "—")],
        ]
        if let level = record.abilityLevel.flatMap(AbilityAssessment.Level.init(rawValue:)) { extra[ElderFields.status] = [("能力等级名称", level.name)] }
        let content: Node<HTML.BodyContext> = .group(
            notices(record, today: today),
            .unwrap(revealed) { shown in
                .p(.class("notice"), .attribute(named: "role", value: "status"), .text("\(shown.label)：\(shown.value)（本次查看已记入审计日志）"))
            },
            .p(
                .class("toolbar"),
                .if(Action.editElders.isAllowed(for: role), .a(.class("button"), .href(escaping: ElderURL.elderEdit(record.id).path), .text("修改"))),
                .if(Action.assessElders.isAllowed(for: role), .a(.class("button secondary"), .href(escaping: ElderURL.elderAssess(record.id).path), .text("能力评估")))
            ),
            RegistryPageComponents.recordSections(ElderFields.schema, record: record, names: names, extra: extra),
            .if(Action.revealPersonalData.isAllowed(for: role), revealForm(record, csrf: context.csrf, errors: revealError)),
            .section(.class("card"), .h2(.text("居住记录")), Components.table(["居住区划", "起始", "截止"], residences.map { residence in
                [.text(names[residence.regionCode] ?? residence.regionCode), .text(residence.since?.description ?? "—"), .text(residence.until?.description ?? "至今")]
            }, empty: "没有居住记录")),
            ElderFields.stays.section(stays),
            .section(.class("card"), .h2(.text("能力评估（GB/T 42195-2022）")), Components.table(
                ["评估日期", "原因", "总分", "初步等级", "最终等级", "调整依据", "评估员", "下次评估"], assessments.map { assessment in
                    [.text(assessment.assessedOn.description), .text(assessment.reason), .span(.class("num"), .text("\(assessment.result.total)")),
                     .text(assessment.result.preliminaryLevel.name), .strong(.text(assessment.result.level.name)),
                     .text(assessment.result.adjustments.isEmpty ? "—" : assessment.result.adjustments.map(\.rawValue).joined(separator: "；")),
                     .text(assessment.assessors.joined(separator: "、")), .text(assessment.result.nextDueOn.description)]
                }, empty: "尚未评估"))
        )
        return Layout.response(Layout.document(title: record.name, context: context, content), status: revealError.isEmpty ? .ok : .unprocessableEntity)
    }

    static func notices(_ record: ElderRecord, today: LocalDate) -> Node<HTML.BodyContext> {
        var lines: [String] = []
        if let death = record.deathDate, death <= today { lines.append("已于 \(death) 去世：自该日起不计入各项指标") }
        if let moved = record.movedAwayOn, moved <= today { lines.append("已于 \(moved) 迁出本辖区：自该日起不计入各项指标") }
        if let due = record.nextAssessmentOn, due < today { lines.append("能力评估已逾期（应于 \(due) 前复评）") }
        if record.assessedOn == nil { lines.append("尚未进行能力评估") }
        guard !lines.isEmpty else { return .empty }
        return .div(.class("notice"), .forEach(lines) { .p(.text($0)) })
    }

    static func revealForm(_ record: ElderRecord, csrf: String, errors: [String: String]) -> Node<HTML.BodyContext> {
        let fields = ElderFields.schema.personalFields.filter { !$0.get(record).isNull }
        guard !fields.isEmpty else { return .empty }
        return .section(
            .class("card"),
            .h2(.text("查看完整个人信息")),
            .p(.class("muted"), .text("页面与导出中的身份证号码、电话和地址均已脱敏。查看完整信息须说明理由，查看人、对象、时间和理由记入审计日志。")),
            .form(
                .class("filters"), .action(escaping: ElderURL.elderReveal(record.id).path), .method(.post),
                Layout.csrfField(csrf),
                Components.select("字段", name: "field", options: fields.map { ($0.key, $0.label) }, selected: fields[0].key, error: errors["field"]),
                Components.field("理由", name: "reason", required: true, error: errors["reason"], hint: "如：上门核实身份、联系家属"),
                .button(.type(.submit), .text("查看"))
            )
        )
    }

    /// The reveal form's answer: the same page with the value shown once (never in a URL).
    static func reveal(_ request: Request, _ platform: Platform) async throws -> Response {
        let form = FormBody.parse(request)
        let key = form["field"]?.last ?? ""
        let service = try EldersAPI.service(request, platform)
        do {
            let value = try await service.reveal(try request.resolved(ElderRecord.self), field: key, reason: form["reason"]?.last ?? "")
            let response = try await show(request, platform, revealed: (ElderFields.schema.byKey[key]?.label ?? key, value))
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            return response
        } catch let error as APIError where error.status == .unprocessableEntity {
            return try await show(request, platform, revealed: nil, revealError: error.fields)
        }
    }
}
