import YanglaoPlatform
import Foundation
import Spreadsheet
import Plot
import Vapor
import YanglaoCore

/// The registry's pages: the list with its filters and totals, one facility with everything the
/// registry holds on it, the problems overview, and the CSV export of exactly the filtered list.
enum FacilityPages {
    static func register(on pages: any RoutesBuilder, platform: Platform) {
        pages.get(FacilityURL.facilities, access: .may(.readFacilities)) { try await list($0, platform) }
        FacilitiesAPI.registry.registerFiles(on: pages, export: FacilityURL.facilitiesExport, template: FacilityURL.importTemplate)
        pages.get(FacilityURL.problems, access: .may(.readFacilities)) { try await problems($0, platform) }
        pages.get(FacilityURL.importPage, access: .may(.editFacilities)) { try await importPage($0, platform, outcome: .init()) }
        pages.post(FacilityURL.importPage, access: .may(.editFacilities), maximumBody: platform.configuration.maximumUploadBytes) { request in
            let user = try platform.user(of: request)
            return try await ImportPage.handle(request, platform, importer: FacilityImport(platform: platform, user: user), user: user) { outcome in
                try await importPage(request, platform, outcome: outcome)
            }
        }
        pages.get(FacilityURL.facility(.idKey), access: .may(.readFacilities), record: FacilitiesAPI.resolver) { try await FacilityDetailPage.show($0, platform) }
    }

    static func list(_ request: Request, _ platform: Platform) async throws -> Response {
        let list = try await RegistryListRequest(request, listing: FacilityList.listing, platform: platform)
        let page = try await FacilitiesAPI.service(request, platform).list(list.parameters)
        let frame = list.frame(
            request, path: FacilityURL.facilities.path, export: FacilityURL.facilitiesExport.path, subject: "养老服务设施",
            descriptions: page.descriptions, next: page.next, shown: page.records.count, total: page.total,
            actions: FacilityListPage.actions(canEdit: Action.editFacilities.isAllowed(for: list.context.user.account.role)))
        let content = FacilityListPage.view(FacilityListPage.model(page, frame: frame))
        return Layout.response(Layout.document(title: "设施名录", context: list.context, content))
    }

    /// Every town its 居家养老服务中心, and the share of centres and stations under 社会化运营.
    static func coverageCard(_ service: FacilityService, region: StoredRegion?) async throws -> Node<HTML.BodyContext> {
        let platform = service.platform
        guard let root = try await (region?.code ?? service.user.scope.rootCode).asyncMap({ try await RegionStore(sql: platform.sql).find($0) }) ?? nil else {
            return .empty
        }
        let today = platform.clock.today
        let towns = try await RegionStore(sql: platform.sql).subtree(of: root).filter { $0.level == .town && $0.entry.isEffective(on: today) }
        let community = try await service.communityFacilities(in: root)
        let centres = community.filter { $0.category == .homeCareCentre }.map { ($0.regionCode, $0.status) }
        let uncovered = Set(CommunityRules.townsWithoutCentre(towns: towns.map(\.code), centres: centres))
        let share = CommunityRules.socialisedShare(community.map { ($0.category, $0.status, $0.socialised == true) })
        let percent = share.total > 0 ? String(format: "%.1f%%", Double(share.socialised) / Double(share.total) * 100) : "—"
        return .section(
            .class("card"),
            .h2(.text("社区养老服务设施")),
            .p(.text("镇级居家养老服务中心覆盖：\(towns.count - uncovered.count)/\(towns.count) 个乡镇（街道）"
                     + (uncovered.isEmpty ? "" : "；尚无运营中心的：" + towns.filter { uncovered.contains($0.code) }.map(\.name).joined(separator: "、")))),
            .p(.text("社会化运营的居家养老服务中心（站）：\(share.socialised)/\(share.total)（\(percent)）"))
        )
    }

    static func importPage(_ request: Request, _ platform: Platform, outcome: ImportPage.Outcome) async throws -> Response {
        let help = FacilityImport.help
        return ImportPage.render(
            title: "设施批量导入", help: help, templatePath: FacilityURL.importTemplate.path, action: FacilityURL.importPage.path,
            context: try await PageContext.make(request, platform), outcome: outcome
        )
    }

    static func summaryCard(_ summary: FacilityList.Summary) -> Node<HTML.BodyContext> {
        .section(.class("card"), figures(summary))
    }

    static func figures(_ summary: FacilityList.Summary) -> Node<HTML.BodyContext> {
        .div(
            .class("figures"),
            Components.figure("设施", "\(summary.facilities)"), Components.figure("床位", "\(summary.beds)"), Components.figure("护理型床位", "\(summary.nursingBeds)"),
            Components.figure("护理型床位占比", summary.nursingBedRatio.map { String(format: "%.1f%%", $0 * 100) } ?? "—"),
            Components.figure("在用床位", "\(summary.occupiedBeds)"), Components.figure("存在问题的设施", "\(summary.withProblems)")
        )
    }

    static func problems(_ request: Request, _ platform: Platform) async throws -> Response {
        let service = try FacilitiesAPI.service(request, platform)
        var parameters = try ListParameters(request, listing: FacilityList.listing)
        parameters.placeInWorkingRegion(request)
        let summary = try await service.list(ListParameters(filters: parameters.filters, limit: 1)).summary
        let counts = try await service.problemCounts(parameters)
        let regionCode = parameters.filters["region"]
        let region = try await regionCode.asyncMap { try await RegionStore(sql: platform.sql).find($0) } ?? nil
        let context = try await PageContext.make(request, platform, currentRegion: regionCode)
        let content: Node<HTML.BodyContext> = .group(
            try await coverageCard(service, region: region),
            .p(.text("本辖区 \(summary.facilities) 家设施中，\(summary.withProblems) 家存在下列问题（运营、建成的设施按规则逐项检查）。")),
            Components.table(["问题", "设施数"], FacilityRules.Problem.allCases.map { problem in
                let count = counts[problem] ?? 0
                return [count > 0 ? .a(.href(escaping: FacilityURL.facilities.with(["problem": problem.rawValue, "region": regionCode])), .text(problem.label)) : .text(problem.label),
                        .span(.class("num"), .text("\(count)"))]
            })
        )
        return Layout.response(Layout.document(title: "问题清单", context: context, content))
    }
}
