import Foundation
import Plot
import Vapor
import YanglaoCore
import YanglaoPlatform

/// 重复登记核实: the registrations held for review (`DuplicateRegistration`) that the caller's
/// level holds both sides of, side by side with their originals, each decided 确认迁入 or 不予登记;
/// and, for the region that registered the person, what was decided.
enum ElderDuplicatePages {
    static func register(pages: any RoutesBuilder, api: any RoutesBuilder, platform: Platform) {
        pages.get(ElderURL.duplicates, access: .may(.editElders)) { try await list($0, platform, errors: [:], failed: nil) }
        for decision in DuplicateRegistration.Decision.allCases {
            pages.post(ElderURL.duplicateDecision(.idKey, decision), access: .may(.editElders), record: resolver) { try await decide($0, platform, decision) }
        }
        let duplicates = api.grouped("elders", "duplicates")
        duplicates.get(access: .may(.editElders)) { try await listJSON($0, platform) }
        for decision in DuplicateRegistration.Decision.allCases {
            duplicates.post(":id", PathComponent(stringLiteral: decision.rawValue), access: .may(.editElders), record: resolver) {
                try await decideJSON($0, platform, decision)
            }
        }
    }

    /// The held registration of a `/:id` route, when the caller holds both it and its original (404, audited, otherwise).
    static let resolver = RecordResolver(entity: "elder") { request in
        try await EldersAPI.service(request, request.application.platform!).findHeld(request.parameters.get("id") ?? "")
    }

    // MARK: API

    static func listJSON(_ request: Request, _ platform: Platform) async throws -> Response {
        let service = try EldersAPI.service(request, platform)
        let review = try await service.heldPairs()
        let today = platform.clock.today
        let decisions = try await service.recentDecisions()
        let regionNames = try await RegionStore(sql: platform.sql).names(of: Set(decisions.map(\.regionCode)))
        let answer: JSONValue = [
            "items": .array(review.pairs.map { pair in
                ["id": .string(pair.held.id), "held": ElderJSON.object(pair.held, names: review.names, today: today),
                 "original": ElderJSON.object(pair.original, names: review.names, today: today)]
            }),
            "total": .number(review.total),
            "decisions": .array(decisions.map { decision in
                ["name": .string(decision.name), "regionCode": .string(decision.regionCode), "regionName": .string(regionNames[decision.regionCode] ?? decision.regionCode),
                 "decision": .string(decision.decision.rawValue), "reason": decision.reason.map(JSONValue.string) ?? .null,
                 "elder": decision.decision == .merge ? .string(decision.originalID) : .null,
                 "decidedBy": .string(decision.decidedBy), "decidedAt": .string(decision.decidedAt)]
            }),
        ]
        return answer.response()
    }

    static func decideJSON(_ request: Request, _ platform: Platform, _ decision: DuplicateRegistration.Decision) async throws -> Response {
        let body = try request.jsonObject()
        var errors = InputValue.typeProblems(body, keys: ["reason"])
        for key in body.keys where key != "reason" { errors[key] = "未知字段“\(key.prefix(40))”" }
        guard errors.isEmpty else { throw APIError.invalid("核实结果有误", fields: errors) }
        let service = try EldersAPI.service(request, platform)
        let pair = try request.resolved(ElderService.HeldPair.self)
        let merged = try await service.decide(pair, decision, reason: body["reason"]?.text)
        let answer: JSONValue = ["id": .string(pair.held.id), "decision": .string(decision.rawValue),
                                 "elder": merged.map { .string($0.id) } ?? .null]
        return answer.response()
    }

    // MARK: Pages

    static func decide(_ request: Request, _ platform: Platform, _ decision: DuplicateRegistration.Decision) async throws -> Response {
        let form = FormBody.parse(request)
        let service = try EldersAPI.service(request, platform)
        let pair = try request.resolved(ElderService.HeldPair.self)
        do {
            _ = try await service.decide(pair, decision, reason: form["reason"]?.last)
            return request.redirect(toPath: ElderURL.duplicates.with(["done": decision.rawValue]))
        } catch let error as APIError where error.status == .unprocessableEntity {
            return try await list(request, platform, errors: error.fields, failed: pair.held.id)
        }
    }

    static func list(_ request: Request, _ platform: Platform, errors: [String: String], failed: String?) async throws -> Response {
        let service = try EldersAPI.service(request, platform)
        let review = try await service.heldPairs()
        let decisions = try await service.recentDecisions()
        let context = try await PageContext.make(request, platform, currentRegion: nil)
        let today = platform.clock.today
        let places = try await placeNames(review.pairs.flatMap { [$0.held.regionCode, $0.original.regionCode] }, names: review.names, platform: platform)
        let done = request.query[String.self, at: "done"].flatMap(DuplicateRegistration.Decision.init(rawValue:))
        let content: Node<HTML.BodyContext> = .group(
            Components.notice(done.map { "已\($0.label)，登记的辖区会看到核实结果" }),
            .p(.class("muted"), .text("同一身份证号码在两个辖区各登记了一次。登记的辖区看不到另一处的记录（个人信息按辖区保护），由同时管辖两处的您核实："
                + "确认迁入——原有档案迁到新登记的辖区，采用新登记的信息，原居住地记入居住记录，新登记上的评估和住院记录并入原有档案；"
                + "不予登记——删除新登记，须说明理由，登记的辖区会看到。核实之前两处均计入统计。")),
            .unwrap(review.total > review.pairs.count ? review.total : nil) { total in
                .p(.class("notice warning"), .text("共 \(total) 条待核实，此处列出最早的 \(review.pairs.count) 条"))
            },
            review.pairs.isEmpty ? .p(.class("empty"), .text("没有待核实的重复登记")) : .forEach(review.pairs) { pair in
                card(pair, names: places, today: today, csrf: context.csrf, errors: failed == pair.held.id ? errors : [:])
            },
            decisionList(decisions, names: try await RegionStore(sql: platform.sql).names(of: Set(decisions.map(\.regionCode))))
        )
        return Layout.response(Layout.document(title: "重复登记核实", context: context, content), status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    /// Regions named with the region above them (李堡镇杨庄村): a reviewer compares places in different towns.
    static func placeNames(_ codes: [String], names: [String: String], platform: Platform) async throws -> [String: String] {
        let regions = try await RegionStore(sql: platform.sql).find(codes: Array(Set(codes)))
        let parents = try await RegionStore(sql: platform.sql).names(of: Set(regions.compactMap(\.parentCode)))
        var places = names
        for region in regions { places[region.code] = (region.parentCode.flatMap { parents[$0] } ?? "") + region.name }
        return places
    }

    static func card(_ pair: ElderService.HeldPair, names: [String: String], today: LocalDate, csrf: String, errors: [String: String]) -> Node<HTML.BodyContext> {
        let side = { (record: ElderRecord) -> [Node<HTML.BodyContext>] in
            [.text(record.name), .text(record.sex?.rawValue ?? "—"), .text(record.birthDate.map { "\($0.age(on: today)) 岁" } ?? "—"),
             .span(.class("code"), .text(record.idNumber?.mask ?? "—")), .text(names[record.regionCode] ?? record.regionCode),
             .text(record.categories.isEmpty ? "—" : ElderCategory.allCases.filter(record.categories.contains).map(\.rawValue).joined(separator: "、")),
             .text(record.supportMode?.rawValue ?? "—"), .text(record.facilityId.flatMap { names[$0] } ?? "—"),
             .text(AuditPages.displayTime(record.createdAt))]
        }
        return .section(
            .class("card"),
            .h2(.text("\(pair.held.name)：\(names[pair.held.regionCode] ?? "") 新登记，\(names[pair.original.regionCode] ?? "") 已有档案")),
            Components.table(["", "姓名", "性别", "年龄", "身份证号码", "居住区划", "人员类别", "供养方式", "集中供养机构", "登记时间"], [
                [.strong(.text("新登记"))] + side(pair.held),
                [.a(.href(escaping: ElderURL.elder(pair.original.id).path), .text("原有档案"))] + side(pair.original),
            ]),
            decisionForm(pair.held.id, .merge, label: "说明（可不填）", hint: "如：已迁居，经村（居）委会核实", error: nil, csrf: csrf),
            decisionForm(pair.held.id, .refuse, label: "不予登记的理由", hint: "必填，将告知登记的辖区", error: errors["reason"], csrf: csrf)
        )
    }

    /// One decision's form; its input's id names the pair, as a page lists several.
    static func decisionForm(_ heldID: String, _ decision: DuplicateRegistration.Decision, label: String, hint: String, error: String?,
                             csrf: String) -> Node<HTML.BodyContext> {
        let id = "reason-\(decision.rawValue)-\(heldID)"
        return .form(
            .class("filters"), .action(escaping: ElderURL.duplicateDecision(heldID, decision).path), .method(.post), Layout.csrfField(csrf),
            .div(
                .class(error == nil ? "field" : "field invalid"),
                .label(.for(id), .text(label)),
                .input(.type(.text), .id(id), .name("reason"), .attribute(named: "maxlength", escaping: "\(TextLimit.medium)"),
                       .attribute(named: "aria-invalid", escaping: error == nil ? nil : "true")),
                .small(.class("hint"), .text(hint)),
                .unwrap(error) { .p(.class("error"), .text($0)) }
            ),
            .button(.class(decision == .merge ? "button" : "button secondary"), .type(.submit), .text(decision.label))
        )
    }

    /// What was decided on the caller's region's registrations in the last 30 days.
    static func decisionList(_ decisions: [ElderStore.DuplicateDecision], names: [String: String]) -> Node<HTML.BodyContext> {
        guard !decisions.isEmpty else { return .empty }
        return .section(.class("card"), .h2(.text("本辖区登记的核实结果（30 天内）")), Components.table(
            ["姓名", "登记辖区", "核实结果", "理由", "核实人", "核实时间"], decisions.map { decision in
                [decision.decision == .merge ? .a(.href(escaping: ElderURL.elder(decision.originalID).path), .text(decision.name)) : .text(decision.name),
                 .text(names[decision.regionCode] ?? decision.regionCode),
                 .text(decision.decision == .merge ? "确认迁入（已并入原有档案）" : "不予登记"), .text(decision.reason ?? "—"),
                 .text(decision.decidedBy), .text(AuditPages.displayTime(decision.decidedAt))]
            }))
    }
}
