import Foundation
import Plot
import Spreadsheet
import YanglaoCore
import YanglaoPlatform

/// The breakdown table as officials know it: regions as rows in the plan's order, the plan's columns
/// in its order, each cell "done / target" coloured by status, blank where there is neither target nor
/// anything done, and 合计 — on the page, in print (A4 landscape) and in XLSX.
enum ProgressTableView {
    static func number(_ value: Double, unit: IndicatorUnit) -> String {
        if unit.isShare { return String(format: "%.1f%%", value) }
        return value.rounded() == value && abs(value) < 1e12 ? String(Int(value)) : String(format: "%.1f", value)
    }

    /// "3 / 5", "57.1% / 68%", "2" (done without a target), "" (neither), "— / 5" (not known).
    static func cellText(_ cell: ProgressTable.Cell, unit: IndicatorUnit) -> String {
        let done = cell.value.map { number($0, unit: unit) }
        guard let target = cell.target else {
            if let value = cell.value, value != 0 { return number(value, unit: unit) }
            return ""
        }
        return "\(done ?? "—") / \(number(target, unit: unit))"
    }

    static func heading(_ table: ProgressTable) -> String { heading(below: table.region) }

    /// The first column's heading of a region's table: "旗县市区" under a prefecture, "区镇" under a county.
    static func heading(below region: StoredRegion) -> String {
        region.level == .prefecture ? "旗县市区" : region.level == .county ? "区镇" : "区划"
    }

    static func title(_ table: ProgressTable) -> String {
        "\(table.plan.plan.year)年\(table.region.name)重点任务指标分解表完成情况"
    }

    static func asOf(_ table: ProgressTable) -> String {
        table.date.map { "统计截至 \($0.description)（\(table.month.label)）" } ?? "\(table.month.label)尚未开始"
    }

    /// The table on the page: row names drill down, cells link to the records they count.
    static func html(_ table: ProgressTable, link: (ProgressTable.Row) -> String?, records: (ProgressTable.Column, ProgressTable.Row) -> String?)
        -> Node<HTML.BodyContext> {
        .div(
            .class("table-wrap breakdown"),
            .table(
                .class("breakdown"),
                .caption(.text(title(table)), .span(.class("as-of"), .text("　" + asOf(table)))),
                .thead(.tr(.th(.text(heading(table))), .forEach(table.columns) { column in
                    .th(.text(column.indicator.label), .span(.class("unit"), .text("（\(column.definition.unit.rawValue)）")))
                })),
                .tbody(.forEach(table.rows) { row in
                    .tr(
                        .class(row.kind == .total ? "total" : row.kind == .own ? "own" : ""),
                        .th(.attribute(named: "scope", value: "row"), .unwrap(link(row), { .a(.href(escaping: $0), .text(row.name)) }, else: .text(row.name))),
                        .forEach(Array(zip(table.columns, row.cells))) { column, cell in
                            let text = cellText(cell, unit: column.definition.unit)
                            let status = cell.status
                            return .td(
                                .class("cell" + (status.map { " status-\($0.key)" } ?? "")),
                                .attribute(named: "title", escaping: status.map { status in
                                    "\(status.rawValue)" + (cell.progress.completion.map { String(format: "，完成 %.0f%%", $0 * 100) } ?? "")
                                        + (cell.progress.expected.map { String(format: "，应完成 %.0f%%", $0 * 100) } ?? "")
                                }),
                                text.isEmpty ? .empty : .unwrap(records(column, row), { .a(.href(escaping: $0), .text(text)) }, else: .text(text)),
                                .unwrap(status) { .span(.class("status-word"), .text($0.rawValue)) }
                            )
                        }
                    )
                })
            )
        )
    }

    static var legend: Node<HTML.BodyContext> { .p(
        .class("legend"),
        .text("单元格为“完成 / 目标”；空白表示该区镇无此项目标。"),
        .forEach(ProgressStatus.allCases) { .span(.class("chip status-\($0.key)"), .text($0.rawValue)) },
        .text("进度按全年（或任务期限）均衡计算。")
    ) }

    /// The same table as an XLSX sheet: title, unit and date above, regions as rows, indicators as
    /// columns, 合计 last.
    static func sheet(_ table: ProgressTable) -> Sheet {
        var sheet = Sheet(
            name: "分解表完成情况",
            header: [heading(table)] + table.columns.map { "\($0.indicator.label)（\($0.definition.unit.rawValue)）" },
            rows: table.rows.map { row in
                [Cell.text(row.name)] + zip(table.columns, row.cells).map { column, cell in
                    let text = cellText(cell, unit: column.definition.unit)
                    return .text(text.isEmpty ? "" : text + (cell.status.map { "（\($0.rawValue)）" } ?? ""))
                }
            })
        sheet.preamble = [title(table), "填报单位：\(table.plan.plan.issuingBody)　　\(asOf(table))　　单元格：完成 / 目标（状态）"]
        return sheet
    }
}
