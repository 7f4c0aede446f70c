import Foundation
import Spreadsheet
import Plot
import Vapor
import YanglaoCore

/// The registry's pages: the list with its filters and totals, one facility with everything the
/// registry holds on it, the problems overview, and the CSV export of exactly the filtered list.
enum FacilityPages {
    static func register(on pages: any RoutesBuilder, platform: Platform) {
        pages.get("facilities") { try await list($0, platform) }
        pages.get("facilities", "export") { request -> Response in
            let user = try await platform.require(.readFacilities, request)
            let query = try await FacilityQuery.from(request, platform: platform)
            let records = try await query.run(for: user, platform: platform)
            return try await FacilityExport.response(records, format: try ExportFormat.requested(request) ?? .xlsx, on: query.date, platform: platform)
        }
        pages.get("facilities", "problems") { try await problems($0, platform) }
        pages.get("facilities", "import") { try await importPage($0, platform, report: nil, fileError: nil) }
        pages.on(.POST, "facilities", "import", body: .collect(maxSize: "64mb")) { request in
            let user = try await platform.require(.editFacilities, request)
            return try await ImportPage.handle(request, platform, importer: FacilityImport(platform: platform, user: user), user: user) { report, error in
                try await importPage(request, platform, report: report, fileError: error)
            }
        }
        pages.get("facilities", "import", "template") { request in
            _ = try await platform.require(.editFacilities, request)
            return try FacilitiesAPI.templateResponse(request)
        }
        pages.get("facilities", ":id") { try await show($0, platform) }
    }

    static let pageSize = 50

    static func list(_ request: Request, _ platform: Platform) async throws -> Response {
        let user = try await platform.require(.readFacilities, request)
        let query = try await FacilityQuery.from(request, platform: platform)
        let records = try await query.run(for: user, platform: platform)
        let offset = max(request.query[Int.self, at: "offset"] ?? 0, 0)
        let page = Array(records.dropFirst(offset).prefix(pageSize))
        let names = try await regionNames(page.map(\.facility.regionCode), platform: platform)
        let context = try await PageContext.make(request, platform, currentRegion: query.filters.region?.code)
        let summary = query.summary(records)
        let queryString = exportQuery(request)
        let content: Node<HTML.BodyContext> = .group(
            filterForm(request, query: query),
            summaryCard(summary),
            .p(
                .class("toolbar"),
                .a(.class("button secondary"), .href("/facilities/export?format=xlsx" + queryString), .text("导出 XLSX（当前筛选的全部 \(records.count) 条）")),
                .a(.class("button secondary"), .href("/facilities/export?format=csv" + queryString), .text("导出 CSV")),
                .if(Action.editFacilities.isAllowed(for: user.account.role), .group(
                    .a(.class("button"), .href("/facilities/new"), .text("登记设施")),
                    .a(.class("button secondary"), .href("/facilities/import"), .text("批量导入"))
                ))
            ),
            Components.table(["名称", "类别", "所在区划", "状态", "床位", "护理型床位", "在用床位", "问题"], page.map { record in
                let problems = record.problems(on: query.date)
                return [
                    .a(.href("/facilities/\(record.facility.id)"), .text(record.facility.name)),
                    .text(record.facility.category.rawValue), .text(names[record.facility.regionCode] ?? record.facility.regionCode),
                    .text(record.facility.status.rawValue), .text("\(record.facility.beds)"), .text("\(record.facility.nursingBeds)"),
                    .text("\(record.facility.occupiedBeds)"),
                    problems.isEmpty ? .text("—") : .span(.class("bad"), .text(problems.map(\.label).joined(separator: "；"))),
                ]
            }, empty: "没有符合条件的设施"),
            pager(request, offset: offset, total: records.count)
        )
        return Layout.response(Layout.document(title: "设施名录", context: context, content))
    }

    /// The page's filters, to carry over to an export link (`&…`, without paging).
    static func exportQuery(_ request: Request) -> String {
        let items = URLComponents(string: "/?" + (request.url.query ?? ""))?.queryItems?.filter { $0.name != "offset" && $0.name != "format" } ?? []
        var components = URLComponents()
        components.queryItems = items
        return items.isEmpty ? "" : "&" + (components.percentEncodedQuery ?? "")
    }

    static func importPage(_ request: Request, _ platform: Platform, report: ImportReport?, fileError: String?) async throws -> Response {
        _ = try await platform.require(.editFacilities, request)
        let help = "必填列：名称、类别、所在区划代码；其余列见模板（可从“设施名录”导出后修改再导入）。按设施编码匹配已有设施，无编码时按统一社会信用代码，再无时按所在区划与名称；"
            + "任何一行有误则不写入任何数据；重复导入同一文件不产生变化。只能导入由本级或下级主管的设施。"
        return ImportPage.render(
            title: "设施批量导入", help: help, templatePath: "/facilities/import/template", action: "/facilities/import",
            context: try await PageContext.make(request, platform), report: report, fileError: fileError
        )
    }

    static func summaryCard(_ summary: FacilityQuery.Summary) -> Node<HTML.BodyContext> {
        .section(
            .class("card figures"),
            figure("设施", "\(summary.facilities)"), figure("床位", "\(summary.beds)"), figure("护理型床位", "\(summary.nursingBeds)"),
            figure("护理型床位占比", summary.nursingBedRatio.map { String(format: "%.1f%%", $0 * 100) } ?? "—"),
            figure("在用床位", "\(summary.occupiedBeds)"), figure("存在问题的设施", "\(summary.withProblems)")
        )
    }

    static func figure(_ label: String, _ value: String) -> Node<HTML.BodyContext> {
        .div(.class("figure"), .span(.class("value"), .text(value)), .span(.class("label"), .text(label)))
    }

    static func filterForm(_ request: Request, query: FacilityQuery) -> Node<HTML.BodyContext> {
        let current = { (name: String) in request.query[String.self, at: name] ?? "" }
        func select(_ name: String, _ label: String, _ options: [(String, String)]) -> Node<HTML.FormContext> {
            Components.select(label, name: name, options: [("", "全部")] + options, selected: current(name))
        }
        let pairs = { (values: [String]) in values.map { ($0, $0) } }
        return .form(
            .class("filters"), .action("/facilities"), .method(.get),
            .input(.type(.hidden), .name("region"), .value(current("region"))),
            select("category", "类别", pairs(FacilityCategory.allCases.map(\.rawValue))),
            select("function", "功能", pairs(FacilityFunction.allCases.map(\.rawValue))),
            select("status", "状态", pairs(FacilityStatus.allCases.map(\.rawValue))),
            select("operationMode", "运营方式", pairs(OperationMode.allCases.map(\.rawValue))),
            select("problem", "问题", [("any", "存在任一问题")] + FacilityRules.Problem.allCases.map { ($0.rawValue, $0.label) }),
            Components.field("名称或编码", name: "q", value: current("q")),
            .button(.type(.submit), .text("筛选"))
        )
    }

    static func pager(_ request: Request, offset: Int, total: Int) -> Node<HTML.BodyContext> {
        guard total > pageSize else { return .empty }
        var items = URLComponents(string: "/?" + (request.url.query ?? ""))?.queryItems?.filter { $0.name != "offset" } ?? []
        func link(_ target: Int, _ label: String) -> Node<HTML.BodyContext> {
            var components = URLComponents()
            items.removeAll { $0.name == "offset" }
            components.queryItems = items + [URLQueryItem(name: "offset", value: String(target))]
            return .a(.class("button secondary"), .href("\(request.url.path)?\(components.percentEncodedQuery ?? "")"), .text(label))
        }
        return .p(
            .class("pager"),
            .if(offset > 0, link(max(0, offset - pageSize), "上一页")),
            .span(.text(" 第\(offset / pageSize + 1)页，共\((total + pageSize - 1) / pageSize)页 ")),
            .if(offset + pageSize < total, link(offset + pageSize, "下一页"))
        )
    }

    static func problems(_ request: Request, _ platform: Platform) async throws -> Response {
        let user = try await platform.require(.readFacilities, request)
        let query = try await FacilityQuery.from(request, platform: platform)
        let records = try await query.run(for: user, platform: platform)
        let region = query.filters.region.map { "&region=\($0.code)" } ?? ""
        let context = try await PageContext.make(request, platform, currentRegion: query.filters.region?.code)
        let counts = FacilityRules.Problem.allCases.map { problem in
            (problem, records.filter { $0.problems(on: query.date).contains(problem) }.count)
        }
        let content: Node<HTML.BodyContext> = .group(
            .p(.text("本辖区 \(records.count) 家设施中，\(records.filter { !$0.problems(on: query.date).isEmpty }.count) 家存在下列问题（运营、建成的设施按规则逐项检查）。")),
            Components.table(["问题", "设施数"], counts.map { problem, count in
                [count > 0 ? .a(.href("/facilities?problem=\(problem.rawValue)\(region)"), .text(problem.label)) : .text(problem.label),
                 .text("\(count)")]
            })
        )
        return Layout.response(Layout.document(title: "问题清单", context: context, content))
    }

    static func show(_ request: Request, _ platform: Platform) async throws -> Response {
        let user = try await platform.require(.readFacilities, request)
        let record = try await FacilitiesAPI.visibleRecord(request, platform, user: user)
        let facility = record.facility
        let names = try await regionNames([facility.regionCode, facility.supervisingRegionCode], platform: platform)
        let projects = try await ProjectStore(sql: platform.sql).projects(ofFacilities: [facility.id])
        let snapshots = try await FacilityStore(sql: platform.sql).snapshots(of: facility.id)
        let today = LocalDate.today()
        let context = try await PageContext.make(request, platform, currentRegion: facility.regionCode)
        let problems = record.problems(on: today)
        let canEdit = try await canEdit(user, facility, platform)
        let content: Node<HTML.BodyContext> = .group(
            .p(.class("muted"), .text("设施编码 \(facility.code) · \(facility.category.rawValue)" + (facility.institutionKind.map { " · \($0.rawValue)" } ?? ""))),
            problems.isEmpty
                ? .p(.class("notice"), .text("未发现问题"))
                : .div(.class("notice error"), .attribute(named: "role", value: "alert"), .h2(.text("存在的问题")), .ul(.forEach(problems) { .li(.text($0.label)) })),
            .if(canEdit, .p(.a(.class("button"), .href("/facilities/\(facility.id)/edit"), .text("修改")))),
            section("基本情况", [
                ("名称", facility.name), ("功能", FacilityFunction.allCases.filter(record.functions.contains).map(\.rawValue).joined(separator: "、")),
                ("所在区划", names[facility.regionCode] ?? facility.regionCode), ("主管部门", names[facility.supervisingRegionCode] ?? facility.supervisingRegionCode),
            ] + fields(facility, ["status", "statusChangedOn", "address", "operatorName", "creditCode", "profitType", "registrationType",
                                  "legalRepresentative", "contactPerson", "contactPhone", "operationMode", "socialised", "chainOperator"])),
            section("备案", fields(facility, ["filingStatus", "filingNumber", "filingBureau", "filedOn", "filingMissing", "openedOn"])),
            section("床位与入住", fields(facility, ["beds", "nursingBeds", "occupiedBeds", "residents", "specialHardshipResidents", "fosterResidents", "staffCount"])
                    + [("护理型床位占比", FacilityRules.nursingBedRatio(beds: facility.beds, nursingBeds: facility.nursingBeds).map { String(format: "%.1f%%", $0 * 100) } ?? "—")]),
            section("医养结合", fields(facility, ["internalClinic", "nursingStation", "standardClinicYear", "medicalInsurance", "longTermCareInsurance"])),
            .section(.class("card"), .h2(.text("签约医疗机构")), Components.table(["医疗机构", "起始日", "到期日", "今日有效"], record.agreements.map { agreement in
                [.text(agreement.partner), .text(agreement.startsOn.description), .text(agreement.endsOn?.description ?? "长期"),
                 .text(agreement.isValid(on: today) ? "是" : "否")]
            }, empty: "没有签约协议")),
            section("安全", fields(facility, ["fireAcceptance", "fireAcceptanceOn", "fireCompliant", "fireCheckedOn", "foodCompliant", "foodCheckedOn",
                                             "electricalAlarmRequired", "electricalAlarmInstalled", "gasAlarmRequired", "gasAlarmInstalled",
                                             "fumeTreated", "sewageConnected"])),
            .if(facility.category.isCommunityFacility, section("四有", fields(facility, ["hasSite", "hasSign"]))),
            .section(.class("card"), .h2(.text("项目")), Components.table(["项目", "类型", "年度", "状态", "计划完成", "实际完成", "逾期"], projects.map { project in
                [.text(project.name), .text(project.kind.rawValue + (project.upgradeKind.map { "（\($0.rawValue)）" } ?? "")), .text("\(project.year)"),
                 .text(project.status.rawValue), .text(project.plannedCompletion?.description ?? ""), .text(project.actualCompletion?.description ?? ""),
                 ProjectRules.isLate(project.facts, on: today) ? .span(.class("bad"), .text("逾期")) : .text("—")]
            }, empty: "没有项目")),
            .section(.class("card"), .h2(.text("床位变动记录")), Components.table(["日期", "床位", "护理型床位", "在用床位", "入住人数", "工作人员"], snapshots.map { snapshot in
                [.text(snapshot.takenOn.description), .text("\(snapshot.beds)"), .text("\(snapshot.nursingBeds)"), .text("\(snapshot.occupiedBeds)"),
                 .text("\(snapshot.residents)"), .text("\(snapshot.staffCount)")]
            }))
        )
        return Layout.response(Layout.document(title: facility.name, context: context, content))
    }

    static func canEdit(_ user: CurrentUser, _ facility: Facility, _ platform: Platform) async throws -> Bool {
        guard Action.editFacilities.isAllowed(for: user.account.role),
              let bureau = try await RegionStore(sql: platform.sql).find(facility.supervisingRegionCode) else { return false }
        return user.scope.contains(bureau)
    }

    static func fields(_ facility: Facility, _ keys: [String]) -> [(String, String)] {
        keys.compactMap { FacilityField.byKey[$0] }.map { ($0.label, $0.read(facility)) }
    }

    static func section(_ title: String, _ rows: [(String, String)]) -> Node<HTML.BodyContext> {
        .section(.class("card"), .h2(.text(title)), .dl(.forEach(rows) { label, value in
            .group(.dt(.text(label)), .dd(.text(value.isEmpty ? "—" : value)))
        }))
    }
}
