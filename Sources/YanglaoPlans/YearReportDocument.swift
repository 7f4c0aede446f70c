import Foundation
import Plot
import Spreadsheet
import YanglaoCore
import YanglaoPlatform

/// The year-end report as an official document (公文): 红头 (the issuing body in red over a red
/// line), document number, title, addressee, the four parts, the tables and a chart, 落款 with the
/// seal and signature places — on the page (printed on A4 with page numbers), as .docx and its
/// tables as XLSX.
struct YearReportDocument {
    var report: YearReport
    var table: ProgressTable
    /// To whom it goes: the bureau of the level above.
    var addressee: String
    var date: LocalDate

    var dateText: String { date.label }

    func paragraphs(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: true).map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    /// 附表: the indicators of the region, and (for a region with regions below) its breakdown table.
    var tables: [(title: String, rows: [[String]])] {
        guard let total = table.total else { return [] }
        var tables: [(String, [[String]])] = [("附表1 \(table.plan.plan.year)年主要指标完成情况", [["指标", "完成", "目标", "完成率", "状态"]] + zip(table.columns, total.cells).map { column, cell in
            let unit = column.definition.unit
            return [column.indicator.label, cell.value.map { ProgressTableView.number($0, unit: unit) } ?? "—",
                    cell.target.map { ProgressTableView.number($0, unit: unit) } ?? "—",
                    cell.progress.completion.map { String(format: "%.0f%%", $0 * 100) } ?? "—", cell.status?.rawValue ?? "—"]
        })]
        let breakdown = table.only { $0.indicator.inBreakdown }
        if breakdown.rows.count > 1, !breakdown.columns.isEmpty {
            tables.append(("附表2 重点任务指标分解表完成情况（完成 / 目标）", [[ProgressTableView.heading(breakdown)] + breakdown.columns.map(\.indicator.label)]
                + breakdown.rows.map { row in [row.name] + zip(breakdown.columns, row.cells).map { ProgressTableView.cellText($1, unit: $0.definition.unit) } }))
        }
        return tables
    }

    // MARK: Page

    var html: Node<HTML.BodyContext> {
        let chartIndex = table.columns.indices.first { index in table.rows.contains { $0.kind == .child && $0.cells[index].target != nil } }
        return .element(named: "article", nodes: [
            .class("official"),
            .div(.class("red-head"), .p(.class("issuer"), .text(report.issuingBody + "文件")), .p(.class("doc-number"), .text(report.documentNumber))),
            .hr(.class("red-line")),
            .h2(.class("doc-title"), .text(report.title)),
            .p(.class("addressee"), .text(addressee + "：")),
            .forEach(YearReportSection.allCases) { section in
                .group(.h3(.text(section.heading)), .forEach(paragraphs(report.text(section))) { .p(.class("body"), .text($0)) })
            },
            .forEach(tables) { table in
                .group(.h3(.class("table-title"), .text(table.title)), Components.table(table.rows.first ?? [], table.rows.dropFirst().map { $0.map { .text($0) } }))
            },
            .unwrap(chartIndex) { index in
                Charts.bars(table.rows.filter { $0.kind != .total }.map { row in
                    Charts.Bar(label: row.name, value: row.cells[index].value, target: row.cells[index].target, status: row.cells[index].status?.key)
                }, title: "附图 \(table.columns[index].indicator.label)：各\(ProgressTableView.heading(table))完成与目标", unit: table.columns[index].definition.unit.rawValue)
            },
            .div(.class("sign-off"), .p(.text(report.issuingBody)), .p(.class("seal"), .text("（盖章）")), .p(.text(dateText)),
                 .p(.class("signer"), .text("签发人：　　　　　　"))),
        ])
    }

    // MARK: Word

    var word: WordDocument {
        let red = "C00000"
        var blocks: [WordDocument.Block] = [
            .paragraph([.init(report.issuingBody + "文件", bold: true, size: 72, color: red, font: "方正小标宋简体")], alignment: .center, spacingAfter: 300),
            .paragraph([.init(report.documentNumber)], alignment: .center),
            .rule(color: red),
            .paragraph([.init(report.title, bold: true, size: 44, font: "方正小标宋简体")], alignment: .center, spacingAfter: 300),
            .paragraph([.init(addressee + "：")], alignment: .left),
        ]
        for section in YearReportSection.allCases {
            blocks.append(.paragraph([.init(section.heading, font: "黑体")], alignment: .left, firstLineIndent: true))
            blocks += paragraphs(report.text(section)).map { .paragraph([.init($0)], firstLineIndent: true) }
        }
        for table in tables {
            blocks.append(.paragraph([.init(table.title, bold: true, size: 28)], alignment: .center))
            blocks.append(.table(table.rows))
        }
        blocks += [
            .paragraph([.init(report.issuingBody)], alignment: .right),
            .paragraph([.init("（盖章）")], alignment: .right),
            .paragraph([.init(dateText)], alignment: .right),
            .paragraph([.init("签发人：")], alignment: .left),
        ]
        return WordDocument(blocks: blocks)
    }

    // MARK: Sheets

    var sheets: [Sheet] {
        tables.map { table in
            var sheet = Sheet(name: String(table.title.prefix(3)), header: table.rows.first ?? [], rows: table.rows.dropFirst().map { $0.map { Cell.text($0) } })
            sheet.preamble = [table.title, "\(report.issuingBody)　\(dateText)"]
            return sheet
        }
    }
}
