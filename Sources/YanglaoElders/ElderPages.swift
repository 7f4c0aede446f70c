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
        pages.get(ElderURL.eldersExport, access: .may(.readElders)) { request -> Response in
            let parameters = try ListParameters(request, listing: ElderList.listing)
            let format = try ExportFormat.requested(request) ?? .xlsx
            return try await ElderExport.response(try EldersAPI.service(request, platform), parameters, format: format, request: request)
        }
        pages.get(ElderURL.elder(.idKey), access: .may(.readElders), record: EldersAPI.resolver) { try await show($0, platform, revealed: nil) }
        pages.post(ElderURL.elderReveal(.idKey), access: .may(.revealPersonalData), record: EldersAPI.resolver) { try await reveal($0, platform) }
    }

    static let pageSize = 50

    static func list(_ request: Request, _ platform: Platform) async throws -> Response {
        let user = try platform.user(of: request)
        var parameters = try ListParameters(request, listing: ElderList.listing)
        parameters.limit = pageSize
        parameters.placeInWorkingRegion(request)
        let service = try EldersAPI.service(request, platform)
        let page = try await service.list(parameters)
        let from = try request.queryInteger("from", .paging(max: PageRequest.maximumOffset), label: "起始序号") ?? 1
        let context = try await PageContext.make(request, platform, currentRegion: parameters.filters["region"])
        let regionOptions = context.regions.map { ($0.code, String(repeating: "　", count: $0.depth) + $0.name) }
        var values = parameters.filters
        if let sort = parameters.sort { values["sort"] = sort }
        let today = platform.clock.today
        let heading = ([context.currentRegionName ?? "", "老年人"] + page.descriptions.filter { $0 != context.currentRegionName } + [today.description])
            .filter { !$0.isEmpty }.joined(separator: " · ")
        let exportQuery = { (format: String) in request.query(setting: ["format": format, "cursor": nil, "from": nil, "region": parameters.filters["region"]]) }
        let canEdit = Action.editElders.isAllowed(for: user.account.role)
        let content: Node<HTML.BodyContext> = .group(
            canEdit ? try await duplicateNotice(service) : .empty,
            RegistryPageComponents.filterForm(ElderList.listing, action: ElderURL.elders.path, values: values, regions: regionOptions),
            .p(.class("muted"), .text("按身份证号码或电话查找须输入完整号码（按密文索引查找，部分号码查不到）。")),
            .p(.class("list-heading"), .text(heading)),
            .p(
                .class("toolbar"),
                .a(.class("button secondary"), .href(escaping: ElderURL.eldersExport.path + "?" + exportQuery("xlsx")), .text("导出 XLSX（当前筛选的全部，\(page.total.text("人"))）")),
                .a(.class("button secondary"), .href(escaping: ElderURL.eldersExport.path + "?" + exportQuery("csv")), .text("导出 CSV")),
                .if(canEdit, .group(
                    .a(.class("button"), .href(escaping: ElderURL.elderNew.path), .text("登记老年人")),
                    .a(.class("button secondary"), .href(escaping: ElderURL.importPage.path), .text("批量导入"))
                ))
            ),
            Components.table(["序号", "姓名", "性别", "年龄", "身份证号码", "居住区划", "人员类别", "供养方式", "能力等级", "下次评估"],
                             page.records.enumerated().map { index, record in row(record, number: from + index, names: page.names, today: today) },
                             empty: "没有符合条件的老年人"),
            RegistryPageComponents.pager(request, next: page.next, from: from, shown: page.records.count, total: page.total)
        )
        return Layout.response(Layout.document(title: "老年人", context: context, content))
    }

    /// Registrations held for review that the caller's level decides, and decisions on the region's own.
    static func duplicateNotice(_ service: ElderService) async throws -> Node<HTML.BodyContext> {
        let held = try await service.store.heldCount(in: service.user.scope)
        let decided = try await service.recentDecisions().count
        var lines: [String] = []
        if held > 0 { lines.append("有 \(held) 条重复登记待您核实：同一身份证号码在您辖区内的两处各登记了一次，核实之前两处均计入统计。") }
        if decided > 0 { lines.append("30 天内有 \(decided) 条本辖区的登记经上级核实（确认迁入或不予登记）。") }
        guard !lines.isEmpty else { return .empty }
        return .div(.class("notice warning"), .forEach(lines) { .p(.text($0)) },
                    .p(.a(.href(escaping: ElderURL.duplicates.path), .text("查看重复登记核实"))))
    }

    static func row(_ record: ElderRecord, number: Int, names: [String: String], today: LocalDate) -> [Node<HTML.BodyContext>] {
        let categories = record.facts?.categories(on: today) ?? record.categories
        let due = record.nextAssessmentOn.map { date -> Node<HTML.BodyContext> in
            date < today ? .span(.class("bad"), .text("\(date)（逾期）")) : .text(date.description)
        } ?? .text("未评估")
        let status = record.deathDate.map { $0 <= today ? "（已故）" : "" } ?? record.movedAwayOn.map { $0 <= today ? "（已迁出）" : "" } ?? ""
        return [
            .span(.class("num"), .text("\(number)")),
            .a(.class("name"), .href(escaping: ElderURL.elder(record.id).path), .text(record.name + status)),
            .text(record.sex?.rawValue ?? "—"), .span(.class("num"), .text(record.birthDate.map { "\($0.age(on: today))" } ?? "—")),
            .span(.class("code"), .text(record.idNumber?.mask ?? "—")),
            .text(names[record.regionCode] ?? record.regionCode),
            .text(categories.isEmpty ? "—" : ElderCategory.allCases.filter(categories.contains).map(\.rawValue).joined(separator: "、")),
            .text(record.supportMode?.rawValue ?? "—"),
            .text(record.abilityLevel.flatMap(AbilityAssessment.Level.init(rawValue:)).map { "\($0.rawValue) \($0.name)" } ?? "—"),
            due,
        ]
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
            .section(.class("card"), .h2(.text("住院记录")), Components.table(["医院", "入院", "出院"], stays.map { stay in
                [.text(stay.hospital ?? "—"), .text(stay.from.description), .text(stay.to?.description ?? "在院")]
            }, empty: "没有住院记录")),
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
