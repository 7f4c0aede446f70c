import Foundation
import Plot
import YanglaoCore
import YanglaoPlatform

/// 设施项目 as a Model (the data of the page, built and tested without HTML) and a View (Plot).
enum ProjectListPage {
    struct Model: Equatable, Sendable {
        struct Row: Equatable, Sendable {
            var name: String
            var facilityHref: String
            var facilityName: String
            /// 提升改造（双改造双提升）.
            var kind: String
            var status: String
            var plannedCompletion: String
            var actualCompletion: String
            /// 万元, one decimal; empty where none was entered.
            var investment: String
            var late: Bool
        }

        var years: [Int]
        var filterValues: [String: String]
        /// 本年新增护理型床位 of the region, where a year and a region are chosen.
        var nursingBedsAdded: Int?
        var plansPath: String?
        var total: Int
        var rows: [Row]
        var exportXLSX: String
        var exportCSV: String
        var pager: RegistryPageComponents.Pager
    }

    static func model(
        _ records: [ProjectRecord], total: Int, years: [Int], filterValues: [String: String], nursingBedsAdded: Int?, plansPath: String?,
        today: LocalDate, exportQuery: (String) -> String, pager: RegistryPageComponents.Pager
    ) -> Model {
        let rows = records.map { record in
            let project = record.project
            return Model.Row(
                name: project.name, facilityHref: FacilityURL.facility(record.facility.id).path, facilityName: record.facility.name,
                kind: project.kind.rawValue + (project.upgradeKind.map { "（\($0.rawValue)）" } ?? ""), status: project.status.rawValue,
                plannedCompletion: project.plannedCompletion?.label ?? "", actualCompletion: project.actualCompletion?.label ?? "",
                investment: project.investment.map { String(format: "%.1f", Double($0) / 10_000) } ?? "",
                late: ProjectRules.isLate(project.facts, on: today)
            )
        }
        return Model(
            years: years, filterValues: filterValues, nursingBedsAdded: nursingBedsAdded, plansPath: plansPath, total: total, rows: rows,
            exportXLSX: FacilityURL.projectsExport.path + "?" + exportQuery("xlsx"), exportCSV: FacilityURL.projectsExport.path + "?" + exportQuery("csv"),
            pager: pager
        )
    }

    static func view(_ model: Model) -> Node<HTML.BodyContext> {
        let current = { (name: String) in model.filterValues[name] ?? "" }
        let all: [(String, String)] = [("", "全部")]
        return .group(
            .form(
                .class("filters"), .action(escaping: FacilityURL.projects.path), .method(.get),
                .input(.type(.hidden), .name("region"), .value(escaping: current("region"))),
                Components.select("年度", name: "year", options: model.years.map { (String($0), "\($0)年") }, selected: current("year")),
                Components.select("项目类型", name: "kind", options: all + ProjectKind.allCases.map { ($0.rawValue, $0.rawValue) }, selected: current("kind")),
                Components.select("状态", name: "status", options: all + ProjectStatus.allCases.map { ($0.rawValue, $0.rawValue) }, selected: current("status")),
                Components.select("设施类别", name: "category", options: all + FacilityCategory.allCases.map { ($0.rawValue, $0.rawValue) }, selected: current("category")),
                Components.select("逾期", name: "late", options: all + [("true", "只看逾期未完成")], selected: current("late")),
                Components.select("计入分解表", name: "column", options: all + BreakdownColumn.allCases.map { ($0.rawValue, $0.rawValue) },
                                  selected: current("column")),
                .button(.type(.submit), .text("筛选"))
            ),
            .unwrap(model.nursingBedsAdded) { count in
                .section(.class("card figures"), Components.figure("本年新增护理型床位（张，按床位变动记录）", "\(count)"))
            },
            .section(
                .class("card"),
                .p(.text("重点任务指标分解表（各区镇的目标、完成数、完成率和进度）见"),
                   model.plansPath.map { .a(.href(escaping: $0), .text("计划指标")) } ?? .text("计划指标"),
                   .text("；分解表中的项目类指标按本页“已完成”项目的实际完成日期计数。"))
            ),
            .p(.class("toolbar"),
               .a(.class("button secondary"), .href(escaping: model.exportXLSX), .text("导出 XLSX（当前筛选的全部 \(model.total) 条）")),
               .a(.class("button secondary"), .href(escaping: model.exportCSV), .text("导出 CSV"))),
            Components.table(["项目", "设施", "类型", "状态", "计划完成", "实际完成", "投资（万元）", "逾期"], model.rows.map { row in
                [
                    .text(row.name), .a(.href(escaping: row.facilityHref), .text(row.facilityName)), .text(row.kind), .text(row.status),
                    .span(.class("date"), .text(row.plannedCompletion)), .span(.class("date"), .text(row.actualCompletion)),
                    .span(.class("num"), .text(row.investment)),
                    row.late ? .span(.class("bad"), .text("逾期")) : .text("—"),
                ]
            }, empty: "没有符合条件的项目"),
            RegistryPageComponents.pager(model.pager)
        )
    }
}
