import Foundation
import Plot
import Vapor
import YanglaoCore
import YanglaoPlatform

/// 设施名录 as a Model (the data of the page, built and tested without HTML) and a View (Plot).
enum FacilityListPage {
    struct Model: Equatable, Sendable {
        struct Row: Equatable, Sendable {
            var number: Int
            var id: String
            var code: String
            var name: String
            var category: String
            var region: String
            var status: String
            var beds: String
            var nursingBeds: String
            var occupiedBeds: String
            /// The rules broken, in words; empty for none.
            var problems: [String]
        }

        /// "海安市 · 养老服务设施 · 存在问题 · 2026-11-28": what the list shows, for the page and for paper.
        var heading: String
        var summary: FacilityList.Summary
        var rows: [Row]
        var filterValues: [String: String]
        var regionOptions: [[String]]
        var exportXLSX: String
        var exportCSV: String
        var canEdit: Bool
        var pager: RegistryPageComponents.Pager
    }

    /// The model from a page of the service and where the request stands.
    static func model(
        _ page: FacilityService.Page, filterValues: [String: String], regionName: String?, today: LocalDate, from: Int,
        regionOptions: [(String, String)], exportQuery: (String) -> String, pager: RegistryPageComponents.Pager, canEdit: Bool
    ) -> Model {
        let rows = page.records.enumerated().map { index, record in
            let facility = record.facility
            let figure = { (value: Int?) in value.map(String.init) ?? "—" }
            return Model.Row(
                number: from + index, id: facility.id, code: facility.code, name: facility.name, category: facility.category.rawValue,
                region: page.names[facility.regionCode] ?? facility.regionCode, status: facility.status.rawValue,
                beds: figure(facility.beds), nursingBeds: figure(facility.nursingBeds), occupiedBeds: figure(facility.occupiedBeds),
                problems: (page.problems[record.id] ?? []).map(record.describe)
            )
        }
        let heading = ([regionName ?? "", "养老服务设施"] + page.descriptions.filter { $0 != regionName } + [today.description])
            .filter { !$0.isEmpty }.joined(separator: " · ")
        return Model(
            heading: heading, summary: page.summary, rows: rows, filterValues: filterValues,
            regionOptions: regionOptions.map { [$0.0, $0.1] },
            exportXLSX: FacilityURL.facilitiesExport.path + "?" + exportQuery("xlsx"),
            exportCSV: FacilityURL.facilitiesExport.path + "?" + exportQuery("csv"), canEdit: canEdit, pager: pager
        )
    }

    static func view(_ model: Model) -> Node<HTML.BodyContext> {
        .group(
            RegistryPageComponents.filterForm(FacilityList.listing, action: FacilityURL.facilities.path, values: model.filterValues,
                                              regions: model.regionOptions.map { ($0[0], $0[1]) }),
            .p(.class("list-heading"), .text(model.heading)),
            FacilityPages.summaryCard(model.summary),
            .p(
                .class("toolbar"),
                .a(.class("button secondary"), .href(escaping: model.exportXLSX), .text("导出 XLSX（当前筛选的全部 \(model.summary.facilities) 条）")),
                .a(.class("button secondary"), .href(escaping: model.exportCSV), .text("导出 CSV")),
                .if(model.canEdit, .group(
                    .a(.class("button"), .href(escaping: FacilityURL.facilityNew.path), .text("登记设施")),
                    .a(.class("button secondary"), .href(escaping: FacilityURL.importPage.path), .text("批量导入"))
                ))
            ),
            Components.table(["序号", "设施编码", "名称", "类别", "所在区划", "状态", "床位", "护理型床位", "在用床位", "问题"], model.rows.map { row in
                [
                    .span(.class("num"), .text("\(row.number)")), .span(.class("code"), .text(row.code)),
                    .a(.class("name"), .href(escaping: FacilityURL.facility(row.id).path), .text(row.name)),
                    .text(row.category), .text(row.region), .text(row.status),
                    .span(.class("num"), .text(row.beds)), .span(.class("num"), .text(row.nursingBeds)), .span(.class("num"), .text(row.occupiedBeds)),
                    row.problems.isEmpty ? .text("—") : .span(.class("bad"), .text(row.problems.joined(separator: "；"))),
                ]
            }, empty: "没有符合条件的设施"),
            RegistryPageComponents.pager(model.pager)
        )
    }
}
