import YanglaoPlatform
import Foundation
import Plot
import Vapor
import YanglaoCore

/// One facility with everything the registry holds on it: what it breaks today, its data by
/// section, agreements, 四有 and activities, projects, status changes and capacity history.
enum FacilityDetailPage {
    static func show(_ request: Request, _ platform: Platform) async throws -> Response {
        let service = try FacilitiesAPI.service(request, platform)
        let record = try request.resolved(FacilityRecord.self)
        let facility = record.facility
        let store = platform.facilityStore()
        let names = try await RegionStore(sql: platform.sql).names(of: [facility.regionCode, facility.supervisingRegionCode])
        let projects = try await ProjectStore(sql: platform.sql).projects(ofFacilities: [facility.id])
        let snapshots = try await store.snapshots(of: facility.id)
        let statuses = try await store.statusHistory(of: facility.id)
        let activities = try await store.activities(of: facility.id)
        let attachments = try await AttachmentStore(platform: platform).list(entityType: "facility", entityID: facility.id)
        let today = platform.clock.today
        let context = try await PageContext.make(request, platform, currentRegion: facility.regionCode)
        let problems = record.problems(on: today)
        let missing = FacilityRules.missingFacts(record.facts).compactMap { FacilityFields.schema.byKey[$0]?.label }
        let canEdit = try await service.editingRights(record).allowed
        let ratio = facility.beds.flatMap { beds in facility.nursingBeds.flatMap { FacilityRules.nursingBedRatio(beds: beds, nursingBeds: $0) } }
        let content: Node<HTML.BodyContext> = .group(
            .p(.class("muted"), .text("设施编码 \(facility.code) · \(facility.category.rawValue)" + (facility.institutionKind.map { " · \($0.rawValue)" } ?? ""))),
            problemNotice(problems.map { ($0, record.describe($0)) }, missing: missing),
            registeredResidents(record, list: platform.interfaces.residents.residentsPath(ofFacility: record.id)),
            .if(canEdit, .p(.a(.class("button"), .href(escaping: FacilityURL.facilityEdit(facility.id).path), .text("修改")))),
            RegistryPageComponents.recordSections(FacilityFields.schema, record: record, names: names, extra: [
                FacilityFields.capacity: [("护理型床位占比", ratio.map { String(format: "%.1f%%", $0 * 100) } ?? "—")],
            ]),
            .section(.class("card"), .h2(.text("签约医疗机构")), Components.table(["医疗机构", "起始日", "到期日", "今日有效"], record.agreements.map { agreement in
                [.text(agreement.partner), .text(agreement.startsOn.description), .text(agreement.endsOn?.description ?? "长期"),
                 .text(agreement.isValid(on: today) ? "是" : "否")]
            }, empty: "没有签约协议")),
            .section(.class("card"), .h2(.text("项目")), Components.table(["项目", "类型", "年度", "状态", "计划完成", "实际完成", "逾期"], projects.map { project in
                [.text(project.name), .text(project.kind.rawValue + (project.upgradeKind.map { "（\($0.rawValue)）" } ?? "")), .text("\(project.year)"),
                 .text(project.status.rawValue), .text(project.plannedCompletion?.description ?? ""), .text(project.actualCompletion?.description ?? ""),
                 ProjectRules.isLate(project.facts, on: today) ? .span(.class("bad"), .text("逾期")) : .text("—")]
            }, empty: "没有项目")),
            .if(facility.category.isCommunityFacility, fourHaves(record, activities: activities, today: today, canEdit: canEdit, csrf: context.csrf,
                                                                  notice: request.query[String.self, at: "done"] == "activity" ? "活动记录已保存" : nil,
                                                                  error: request.query[String.self, at: "activityError"], window: platform.configuration[settings: FacilitySettings.self].activityWindowDays)),
            evidence(facility.id, attachments, canEdit: canEdit, csrf: context.csrf,
                     notice: request.query[String.self, at: "done"] == "attachment" ? "材料已上传" : nil,
                     error: request.query[String.self, at: "attachmentError"]),
            .section(.class("card"), .h2(.text("状态变更")), Components.table(["日期", "状态"], statuses.map { [.text($0.changedOn.description), .text($0.status.rawValue)] })),
            .section(.class("card"), .h2(.text("床位变动记录")), Components.table(["日期", "床位", "护理型床位", "在用床位", "入住人数", "工作人员"], snapshots.map { snapshot in
                [.text(snapshot.takenOn.description), .text("\(snapshot.beds)"), .text("\(snapshot.nursingBeds)"), .text("\(snapshot.occupiedBeds)"),
                 .text("\(snapshot.residents)"), .text("\(snapshot.staffCount)")]
            }))
        )
        return Layout.response(Layout.document(title: facility.name, context: context, content))
    }

    /// What the facility breaks today, and which of the facts the rules need nobody has entered:
    /// "未发现问题" only when every rule could be checked.
    /// Who lives there according to the elders registry, with a link to them.
    static func registeredResidents(_ record: FacilityRecord, list: String?) -> Node<HTML.BodyContext> {
        guard let registered = record.registered else { return .empty }
        return .p(.class("muted"), .text("老年人名册登记在院 \(registered.residents) 人（其中特困人员 \(registered.specialHardship) 人），入住人数以名册为准。"),
                  .unwrap(list) { .a(.href(escaping: $0), .text("查看在院人员")) })
    }

    static func problemNotice(_ problems: [(FacilityRules.Problem, String)], missing: [String]) -> Node<HTML.BodyContext> {
        let breaches = problems.filter { $0.0 != .factsMissing }.map(\.1)
        if breaches.isEmpty, missing.isEmpty { return .p(.class("notice"), .text("未发现问题")) }
        return .div(
            .class("notice error"), .attribute(named: "role", value: "alert"),
            .if(!breaches.isEmpty, .group(.h2(.text("存在的问题")), .ul(.forEach(breaches) { .li(.text($0)) }))),
            .if(!missing.isEmpty, .p(.text("以下必查事项未填报，相关规则无法检查：" + missing.joined(separator: "、"))))
        )
    }

    static func evidence(_ id: String, _ attachments: [Attachment], canEdit: Bool, csrf: String, notice: String?, error: String?) -> Node<HTML.BodyContext> {
        let form: Node<HTML.BodyContext> = .form(
            .class("filters"), .action(escaping: FacilityURL.facilityAttachments(id).path), .method(.post), .enctype(.multipartData),
            Layout.csrfField(csrf),
            Components.select("材料类别", name: "kind", options: FacilityAttachments.evidenceKinds.map { ($0, $0) }, selected: "消防审验（验收）"),
            .div(.class("field"), .label(.for("f-attachment"), .text("文件（jpg、png、pdf、xlsx、docx，20 MB 以内）")),
                 .input(.type(.file), .id("f-attachment"), .name("file"), .required(true))),
            .button(.type(.submit), .text("上传"))
        )
        return .section(
            .class("card"),
            .h2(.text("证明材料")),
            Components.notice(notice),
            Components.notice(error, kind: "error"),
            Components.table(["类别", "文件", "大小", "上传人", "上传时间"], attachments.map { attachment in
                [.text(attachment.kind), .a(.href(escaping: FacilityURL.attachment(attachment.id).path), .text(attachment.fileName)),
                 .text(String(format: "%.1f KB", Double(attachment.size) / 1024)), .text(attachment.uploadedBy ?? ""),
                 .text(AuditPages.displayTime(attachment.uploadedAt))]
            }, empty: "尚无证明材料"),
            .if(canEdit, form)
        )
    }

    static func fourHaves(
        _ record: FacilityRecord, activities: [FacilityActivity], today: LocalDate, canEdit: Bool, csrf: String,
        notice: String?, error: String?, window: Int
    ) -> Node<HTML.BodyContext> {
        let missing = record.facts(on: today).missingFourHaves
        let form: Node<HTML.BodyContext> = .form(
            .class("filters"), .action(escaping: FacilityURL.facilityActivities(record.facility.id).path), .method(.post),
            Layout.csrfField(csrf),
            Components.field("活动日期", name: "heldOn", type: .date, required: true),
            Components.field("活动内容", name: "kind", required: true),
            Components.field("参加人数", name: "participants", required: true),
            Components.field("记录（签到、照片等）", name: "record"),
            .button(.type(.submit), .text("添加活动记录"))
        )
        return .section(
            .class("card"),
            .h2(.text("四有")),
            Components.notice(notice),
            Components.notice(error, kind: "error"),
            .p(.text(CommunityRules.FourHave.allCases.map { "\($0.rawValue)：\(missing.contains($0) ? "否" : "是")" }.joined(separator: "　"))),
            .p(.class("muted"), .text("有活动、有记录按近\(window)天的活动记录判断（按本地细则配置）。")),
            Components.table(["日期", "活动", "参加人数", "记录"], activities.map { activity in
                [.text(activity.heldOn.description), .text(activity.kind), .text("\(activity.participants)"), .text(activity.record.isEmpty ? "—" : activity.record)]
            }, empty: "没有活动记录"),
            .if(canEdit, form)
        )
    }
}
