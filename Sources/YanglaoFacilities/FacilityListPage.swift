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

        /// The filters, heading, exports, actions and pager every registry list has.
        var frame: RegistryListFrame
        var summary: FacilityList.Summary
        var rows: [Row]
    }

    /// The model from a page of the service and the list's frame.
    static func model(_ page: FacilityService.Page, frame: RegistryListFrame) -> Model {
        let rows = page.records.enumerated().map { index, record in
            let facility = record.facility
            let figure = { (value: Int?) in value.map(String.init) ?? "—" }
            return Model.Row(
                number: frame.from + index, id: facility.id, code: facility.code, name: facility.name, category: facility.category.rawValue,
                region: page.names[facility.regionCode] ?? facility.regionCode, status: facility.status.rawValue,
                beds: figure(facility.beds), nursingBeds: figure(facility.nursingBeds), occupiedBeds: figure(facility.occupiedBeds),
                problems: (page.problems[record.id] ?? []).map(record.describe)
            )
        }
        return Model(frame: frame, summary: page.summary, rows: rows)
    }

    /// What the caller may start from the list.
    static func actions(canEdit: Bool) -> [RegistryListFrame.Link] {
        canEdit ? [.init("登记设施", FacilityURL.facilityNew.path, primary: true), .init("批量导入", FacilityURL.importPage.path)] : []
    }

    static func view(_ model: Model) -> Node<HTML.BodyContext> {
        RegistryPageComponents.listPage(
            model.frame, listing: FacilityList.listing, above: FacilityPages.summaryCard(model.summary),
            table: Components.table(["序号", "设施编码", "名称", "类别", "所在区划", "状态", "床位", "护理型床位", "在用床位", "问题"], model.rows.map { row in
                [
                    .span(.class("num"), .text("\(row.number)")), .span(.class("code"), .text(row.code)),
                    .a(.class("name"), .href(escaping: FacilityURL.facility(row.id).path), .text(row.name)),
                    .text(row.category), .text(row.region), .text(row.status),
                    .span(.class("num"), .text(row.beds)), .span(.class("num"), .text(row.nursingBeds)), .span(.class("num"), .text(row.occupiedBeds)),
                    row.problems.isEmpty ? .text("—") : .span(.class("bad"), .text(row.problems.joined(separator: "；"))),
                ]
            }, empty: "没有符合条件的设施"))
    }
}
