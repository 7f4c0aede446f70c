import Foundation
import Plot
import YanglaoCore
import YanglaoPlatform

/// 老年人 (the register's list) as a Model (the data of the page, built and tested without HTML)
/// and a View (Plot) on the kit's list frame.
enum ElderListPage {
    struct Model: Equatable, Sendable {
        struct Row: Equatable, Sendable {
            var number: Int
            var id: String
            /// The name, with （已故） or （已迁出） where that is so today.
            var name: String
            var sex: String
            var age: String
            /// The masked ID number.
            var idNumber: String
            var region: String
            var categories: String
            var supportMode: String
            var level: String
            /// The next assessment's date in words, or 未评估.
            var due: String
            var overdue: Bool
        }

        var frame: RegistryListFrame
        var rows: [Row]
        /// Registrations held for the caller to review, and decisions on the region's own, in words.
        var duplicateNotices: [String]
    }

    static func model(_ page: ElderService.Page, frame: RegistryListFrame, today: LocalDate, held: Int, decided: Int) -> Model {
        let rows = page.records.enumerated().map { index, record in row(record, number: frame.from + index, names: page.names, today: today) }
        var notices: [String] = []
        if held > 0 { notices.append("有 \(held) 条重复登记待您核实：同一身份证号码在您辖区内的两处各登记了一次，核实之前两处均计入统计。") }
        if decided > 0 { notices.append("30 天内有 \(decided) 条本辖区的登记经上级核实（确认迁入或不予登记）。") }
        return Model(frame: frame, rows: rows, duplicateNotices: notices)
    }

    static func row(_ record: ElderRecord, number: Int, names: [String: String], today: LocalDate) -> Model.Row {
        let categories = record.facts?.categories(on: today) ?? record.categories
        let status = record.deathDate.map { $0 <= today ? "（已故）" : "" } ?? record.movedAwayOn.map { $0 <= today ? "（已迁出）" : "" } ?? ""
        let overdue = record.nextAssessmentOn.map { $0 < today } ?? false
        return Model.Row(
            number: number, id: record.id, name: record.name + status, sex: record.sex?.rawValue ?? "—",
            age: record.birthDate.map { "\($0.age(on: today))" } ?? "—", idNumber: record.idNumber?.mask ?? "—",
            region: names[record.regionCode] ?? record.regionCode,
            categories: categories.isEmpty ? "—" : ElderCategory.allCases.filter(categories.contains).map(\.rawValue).joined(separator: "、"),
            supportMode: record.supportMode?.rawValue ?? "—",
            level: record.abilityLevel.flatMap(AbilityAssessment.Level.init(rawValue:)).map { "\($0.rawValue) \($0.name)" } ?? "—",
            due: record.nextAssessmentOn.map { $0.label + (overdue ? "（逾期）" : "") } ?? "未评估", overdue: overdue)
    }

    static func actions(canEdit: Bool) -> [RegistryListFrame.Link] {
        canEdit ? [.init("登记老年人", ElderURL.elderNew.path, primary: true), .init("批量导入", ElderURL.importPage.path)] : []
    }

    static func view(_ model: Model) -> Node<HTML.BodyContext> {
        .group(
            .if(!model.duplicateNotices.isEmpty, .div(
                .class("notice warning"), .forEach(model.duplicateNotices) { .p(.text($0)) },
                .p(.a(.href(escaping: ElderURL.duplicates.path), .text("查看重复登记核实"))))),
            RegistryPageComponents.listPage(
                model.frame, listing: ElderList.listing, note: "按身份证号码或电话查找须输入完整号码（按密文索引查找，部分号码查不到）。",
                table: Components.table(["序号", "姓名", "性别", "年龄", "身份证号码", "居住区划", "人员类别", "供养方式", "能力等级", "下次评估"], model.rows.map { row in
                    [
                        .span(.class("num"), .text("\(row.number)")),
                        .a(.class("name"), .href(escaping: ElderURL.elder(row.id).path), .text(row.name)),
                        .text(row.sex), .span(.class("num"), .text(row.age)), .span(.class("code"), .text(row.idNumber)),
                        .text(row.region), .text(row.categories), .text(row.supportMode), .text(row.level),
                        row.overdue ? .span(.class("bad date"), .text(row.due)) : .span(.class("date"), .text(row.due)),
                    ]
                }, empty: "没有符合条件的老年人"))
        )
    }
}
