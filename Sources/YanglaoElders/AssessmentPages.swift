import Foundation
import Plot
import Vapor
import YanglaoCore
import YanglaoPlatform

/// The GB/T 42195-2022 form: the 26 items by dimension with their codes, wording and ranges, the
/// circumstances that adjust the level, two assessors. The total and the preliminary level show as
/// the assessor fills it in (a small script reading the standard's table, which the server puts in
/// the page); without the script, 计算 asks the server, and saving always scores on the server.
enum AssessmentPages {
    static func register(on pages: any RoutesBuilder, platform: Platform) {
        pages.get(ElderURL.elderAssess(.idKey), access: .may(.assessElders), record: EldersAPI.resolver) { request in
            try await form(request, platform, values: [:], errors: [:], preview: nil)
        }
        pages.post(ElderURL.elderAssess(.idKey), access: .may(.assessElders), record: EldersAPI.resolver) { try await submit($0, platform) }
    }

    static func submit(_ request: Request, _ platform: Platform) async throws -> Response {
        let values = FormBody.parse(request)
        let person = try request.resolved(ElderRecord.self)
        let service = try EldersAPI.service(request, platform)
        do {
            let (submission, inputErrors) = AssessmentInput.submission(body(values))
            if values["action"]?.last == "preview" {
                // 计算: the scores alone decide the total; the rest is checked when saving.
                let scoreProblems = AbilityAssessment.problems(submission.scores).merging(inputErrors.filter { $0.key.hasPrefix("B.") }) { $1 }
                let result = scoreProblems.isEmpty
                    ? AbilityAssessment.score(submission.scores, circumstances: submission.circumstances,
                                              assessedOn: submission.assessedOn ?? service.today, settings: platform.assessmentSettings) : nil
                return try await form(request, platform, values: values, errors: scoreProblems, preview: result)
            }
            let stored = try await service.assess(person, submission, inputErrors: inputErrors)
            return try await resultPage(request, platform, person: person, stored: stored)
        } catch let error as APIError where error.status == .unprocessableEntity {
            return try await form(request, platform, values: values, errors: error.fields, preview: nil)
        }
    }

    /// The form's values as the API's JSON body, so both go through one reading.
    static func body(_ values: [String: [String]]) -> [String: InputValue] {
        var items: [String: InputValue] = [:]
        for item in AbilityAssessment.items {
            guard let text = values[item.code]?.last, !text.isEmpty else { continue }
            items[item.code] = Int(text) != nil ? .number(text) : .string(text)
        }
        let diagnoses = (values["diagnoses"]?.last ?? "").split(whereSeparator: { ",，、; ；".contains($0) }).map { InputValue.string(String($0)) }
        let risk = (values["riskEvents30d"]?.last ?? "").trimmingWhitespace()
        return [
            "items": .object(items), "reason": .string(values["reason"]?.last ?? ""),
            "assessors": .array([values["assessor1"]?.last ?? "", values["assessor2"]?.last ?? ""].map(InputValue.string)),
            "assessedOn": .string(values["assessedOn"]?.last ?? ""), "diagnoses": .array(diagnoses),
            "riskEvents30d": risk.isEmpty ? .number("0") : (Int(risk) != nil ? .number(risk) : .string(risk)),
            "coma": .bool(values["coma"]?.last == "on"),
        ]
    }

    static func form(
        _ request: Request, _ platform: Platform, values: [String: [String]], errors: [String: String], preview: AbilityAssessment.Result?
    ) async throws -> Response {
        let person = try request.resolved(ElderRecord.self)
        let context = try await PageContext.make(request, platform, currentRegion: person.regionCode)
        let value = { (key: String) in values[key]?.last ?? "" }
        // The standard's table of levels by total (0…90), for the script: the rule stays in Core.
        let levels = (0...AbilityAssessment.maximumTotal).map { "\(AbilityAssessment.Level(total: $0).rawValue)" }.joined(separator: ",")
        let names = AbilityAssessment.Level.allCases.map(\.name).joined(separator: "|")
        let content: Node<HTML.BodyContext> = .form(
            .class("card assessment-form"), .action(escaping: ElderURL.elderAssess(person.id).path), .method(.post),
            .data(named: "assessment", value: "true"), .data(named: "levels", value: levels), .data(named: "level-names", value: names),
            Layout.csrfField(context.csrf),
            .p(.class("muted"), .text("被评估人：\(person.name)（\(person.idNumber?.mask ?? "")）· 老年人能力评估规范 GB/T 42195-2022，共 26 项，总分 0–90")),
            .if(!errors.isEmpty, .p(.class("notice error"), .attribute(named: "role", value: "alert"), .text("有 \(errors.count) 处填写有误，未保存：请修改标红的项目"))),
            .unwrap(preview) { result in
                .div(.class("notice"), .attribute(named: "role", value: "status"),
                     .p(.text("计算结果（未保存）：总分 \(result.total)，初步等级 \(result.preliminaryLevel.name)，最终等级 \(result.level.name)")),
                     .if(!result.adjustments.isEmpty, .p(.text("调整依据：" + result.adjustments.map(\.rawValue).joined(separator: "；")))))
            },
            .p(.class("assessment-total"), .attribute(named: "aria-live", value: "polite"),
               .element(named: "output", nodes: [.id("assessment-total"), .text(preview.map { "总分 \($0.total) · 初步等级 \($0.preliminaryLevel.name)" } ?? "总分：填写全部项目后显示")])),
            .forEach(AbilityAssessment.Dimension.allCases) { dimension in
                .fieldset(.element(named: "legend", text: dimension.rawValue), .forEach(AbilityAssessment.items.filter { $0.dimension == dimension }) { item in
                    let options = [("", "（请选择）")] + (0...item.maximum).reversed().map { score in
                        ("\(score)", item.wording(score).map { "\(score) \($0)" } ?? "\(score) 分")
                    }
                    return Components.select("\(item.code) \(item.name)（0–\(item.maximum)）", name: item.code, options: options,
                                             selected: value(item.code), error: errors[item.code])
                })
            },
            .fieldset(
                .element(named: "legend", text: "等级调整与签名"),
                Components.field("诊断（ICD-10，多个以逗号分隔，如 F03）", name: "diagnoses", value: value("diagnoses"), error: errors["diagnoses"],
                                 hint: "患有认知障碍/痴呆（F00–F03）或精神科医师诊断的其他精神和行为障碍（F04–F99）的，等级提高一级"),
                Components.field("近 30 天照护风险事件次数", name: "riskEvents30d", value: value("riskEvents30d").isEmpty ? "0" : value("riskEvents30d"),
                                 type: .number, error: errors["riskEvents30d"], hint: "跌倒、噎食、自杀、自伤、走失等；2 次及以上等级提高一级"),
                .div(.class("field"), .label(.class("check"), .input(.type(.checkbox), .name("coma"),
                                                                     .attribute(named: "checked", escaping: value("coma") == "on" ? "checked" : nil)),
                                             .text("昏迷（按本地设置直接评定为\(platform.assessmentSettings.comaLevel.name)）"))),
                Components.select("评估原因", name: "reason", options: [("", "（请选择）")] + AssessmentSubmission.Reason.allCases.map { ($0.rawValue, $0.rawValue) },
                                  selected: value("reason"), error: errors["reason"]),
                Components.field("评估日期", name: "assessedOn", value: value("assessedOn").isEmpty ? platform.clock.today.description : value("assessedOn"),
                                 type: .date, required: true, error: errors["assessedOn"]),
                Components.field("评估员（一）", name: "assessor1", value: value("assessor1"), required: true, error: errors["assessors"]),
                Components.field("评估员（二）", name: "assessor2", value: value("assessor2"), required: true)
            ),
            .p(.class("toolbar"),
               .button(.type(.submit), .name("action"), .value(escaping: "preview"), .class("secondary"), .text("计算（不保存）")),
               .button(.type(.submit), .name("action"), .value(escaping: "save"), .text("保存评估")))
        )
        return Layout.response(Layout.document(title: "能力评估：\(person.name)", context: context, content),
                               status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    static func resultPage(_ request: Request, _ platform: Platform, person: ElderRecord, stored: StoredAssessment) async throws -> Response {
        let context = try await PageContext.make(request, platform, currentRegion: person.regionCode)
        let result = stored.result
        let content: Node<HTML.BodyContext> = .group(
            .p(.class("notice"), .attribute(named: "role", value: "status"), .text("评估已保存")),
            RegistryPageComponents.section("评估结果", [
                ("被评估人", person.name), ("评估日期", stored.assessedOn.description), ("评估原因", stored.reason),
                ("总分", "\(result.total)")]
                + AbilityAssessment.Dimension.allCases.map { ($0.rawValue, "\(result.dimensionTotals[$0] ?? 0)") }
                + [("初步等级", result.preliminaryLevel.name), ("最终等级", result.level.name),
                   ("调整依据", result.adjustments.isEmpty ? "—" : result.adjustments.map(\.rawValue).joined(separator: "；")),
                   ("评估员", stored.assessors.joined(separator: "、")), ("下次评估日期", result.nextDueOn.description)]),
            .p(.a(.class("button"), .href(escaping: ElderURL.elder(person.id).path), .text("返回 \(person.name)")))
        )
        let response = Layout.response(Layout.document(title: "评估结果：\(person.name)", context: context, content))
        response.status = .created
        return response
    }
}
