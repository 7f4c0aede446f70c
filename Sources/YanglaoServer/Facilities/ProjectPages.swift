import YanglaoPlatform
import Foundation
import Spreadsheet
import Plot
import Vapor
import YanglaoCore

/// `/projects`: the year's works on facilities, the breakdown table counted from them town by
/// town, what is late, and the export.
enum ProjectPages {
    static func register(on pages: any RoutesBuilder, platform: Platform) {
        pages.get(FacilityURL.projects, access: .may(.readFacilities)) { try await show($0, platform) }
        pages.get(FacilityURL.projectsExport, access: .may(.readFacilities)) { request -> Response in
            let user = try await platform.require(.readFacilities, request)
            let records = try await ProjectsAPI.query(request, platform, user: user)
            return try (try ExportFormat.requested(request) ?? .xlsx).response(sheet: ProjectExport.sheet(records, on: platform.clock.today), name: "设施项目")
        }
    }

    static func show(_ request: Request, _ platform: Platform) async throws -> Response {
        let user = try await platform.require(.readFacilities, request)
        let everything = try await ProjectStore(sql: platform.sql).records(for: user, year: nil, region: nil)
        let years = Array(Set(everything.map(\.project.year))).sorted(by: >)
        // The year shown: the one asked for, else the latest with projects.
        if request.query[String.self, at: "year"] == nil, let latest = years.first {
            return request.redirect(toPath: FacilityURL.projects.path + "?" + request.query(setting: ["year": String(latest)]))
        }
        let records = try await ProjectsAPI.query(request, platform, user: user)
        let year = try request.queryInteger("year", .year, label: "年度")
        let regionCode = request.query[String.self, at: "region"].flatMap { $0.isEmpty ? nil : $0 } ?? request.workingRegion ?? user.scope.rootCode
        let context = try await PageContext.make(request, platform, currentRegion: regionCode)
        let today = platform.clock.today
        let breakdown = try await breakdownRows(regionCode: regionCode, year: year, user: user, platform: platform)
        let added = try await nursingBedsAdded(year: year, regionCode: regionCode, user: user, platform: platform)
        let current = { (name: String) in request.query[String.self, at: name] ?? "" }
        let csvQuery = request.query(setting: ["format": "csv"])
        let xlsxQuery = request.query(setting: ["format": "xlsx"])
        let content: Node<HTML.BodyContext> = .group(
            .form(
                .class("filters"), .action(escaping: FacilityURL.projects.path), .method(.get),
                .input(.type(.hidden), .name("region"), .value(escaping: current("region"))),
                Components.select("年度", name: "year", options: years.map { (String($0), "\($0)年") }, selected: current("year")),
                Components.select("项目类型", name: "kind", options: [("", "全部")] + ProjectKind.allCases.map { ($0.rawValue, $0.rawValue) }, selected: current("kind")),
                Components.select("状态", name: "status", options: [("", "全部")] + ProjectStatus.allCases.map { ($0.rawValue, $0.rawValue) }, selected: current("status")),
                Components.select("设施类别", name: "category", options: [("", "全部")] + FacilityCategory.allCases.map { ($0.rawValue, $0.rawValue) }, selected: current("category")),
                Components.select("逾期", name: "late", options: [("", "全部"), ("true", "只看逾期未完成")], selected: current("late")),
                .button(.type(.submit), .text("筛选"))
            ),
            .unwrap(added) { count in
                .section(.class("card figures"), FacilityPages.figure("本年新增护理型床位（张，按床位变动记录）", "\(count)"))
            },
            .section(
                .class("card"),
                .h2(.text("重点任务分解表口径：已完成项目数" + (year.map { "（\($0)年）" } ?? ""))),
                Components.table(["区镇"] + BreakdownColumn.allCases.map(\.rawValue), breakdown.map { name, counts in
                    [.text(name)] + BreakdownColumn.allCases.map { .text("\(counts[$0] ?? 0)") }
                }, empty: "本辖区没有下级区划")
            ),
            .p(.class("toolbar"),
               .a(.class("button secondary"), .href(escaping: FacilityURL.projectsExport.path + "?" + xlsxQuery), .text("导出 XLSX（当前筛选的全部 \(records.count) 条）")),
               .a(.class("button secondary"), .href(escaping: FacilityURL.projectsExport.path + "?" + csvQuery), .text("导出 CSV"))),
            Components.table(["项目", "设施", "类型", "状态", "计划完成", "实际完成", "投资（万元）", "逾期"], records.map { record in
                let project = record.project
                return [
                    .text(project.name), .a(.href(escaping: FacilityURL.facility(record.facility.id).path), .text(record.facility.name)),
                    .text(project.kind.rawValue + (project.upgradeKind.map { "（\($0.rawValue)）" } ?? "")), .text(project.status.rawValue),
                    .text(project.plannedCompletion?.description ?? ""), .text(project.actualCompletion?.description ?? ""),
                    .text(project.investment.map { String(format: "%.1f", Double($0) / 10_000) } ?? ""),
                    ProjectRules.isLate(project.facts, on: today) ? .span(.class("bad"), .text("逾期")) : .text("—"),
                ]
            }, empty: "没有符合条件的项目")
        )
        return Layout.response(Layout.document(title: "设施项目", context: context, content))
    }

    /// 新增护理型床位 of the year in the region, from the capacity snapshots of its facilities.
    static func nursingBedsAdded(year: Int?, regionCode: String?, user: CurrentUser, platform: Platform) async throws -> Int? {
        guard let year, let regionCode, let region = try await RegionStore(sql: platform.sql).find(regionCode), user.scope.contains(region) else { return nil }
        let store = platform.facilityStore()
        let facilities = try await store.visibleRecords(for: user, in: region)
        let history = try await store.nursingBedHistory(facilities.map(\.id))
        return history.values.saturatingSum { CapacityHistory.nursingBedsAdded(in: year, $0) }
    }

    /// Completed projects per breakdown column for each unit directly below the region, plus 合计.
    static func breakdownRows(regionCode: String?, year: Int?, user: CurrentUser, platform: Platform) async throws -> [(String, [BreakdownColumn: Int])] {
        guard let regionCode, let region = try await RegionStore(sql: platform.sql).find(regionCode), user.scope.contains(region) else { return [] }
        let records = try await ProjectStore(sql: platform.sql).records(for: user, year: year, region: region)
        let today = platform.clock.today
        let children = try await RegionStore(sql: platform.sql).children(of: region.code).filter { $0.entry.isEffective(on: today) }
        let subtree = try await RegionStore(sql: platform.sql).subtree(of: region)
        let childOf = Dictionary(uniqueKeysWithValues: subtree.compactMap { unit -> (String, String)? in
            let child = children.first { $0.code == unit.code || unit.ancestorCode(at: $0.level) == $0.code }
            return child.map { (unit.code, $0.code) }
        })
        var counts: [String: [BreakdownColumn: Int]] = [:]
        var total: [BreakdownColumn: Int] = [:]
        for record in records {
            for column in record.breakdownColumns {
                total[column, default: 0] += 1
                if let child = childOf[record.facility.regionCode] { counts[child, default: [:]][column, default: 0] += 1 }
            }
        }
        return children.map { ($0.name, counts[$0.code] ?? [:]) } + [("合计", total)]
    }
}
