import Spreadsheet
import YanglaoCore

/// An import template drawn from a field table: the sheet to fill in (required columns marked with
/// *, an example row, a drop-down on every one-of and yes/no column), a 说明 sheet listing every
/// column with whether it is required, what it takes and its allowed values, and the 选项 sheet the
/// drop-downs read from.
package enum RegistryTemplate {
    /// Rows whose first cell starts with this are examples: imports skip them.
    package static let exampleMark = "【示例】"

    package struct Column<Record: RegistryRecord>: Sendable {
        package var field: RegistryField<Record>
        package var header: String
        package var example: String

        package init(field: RegistryField<Record>, header: String, example: String) {
            self.field = field
            self.header = header
            self.example = example
        }
    }

    package static func sheets<Record>(name: String, columns: [Column<Record>]) -> [Sheet] {
        var optionColumns: [(String, [String])] = []
        var validations: [ListValidation] = []
        for (index, column) in columns.enumerated() {
            guard let options = column.field.kind.options, !isSeveral(column.field.kind) else { continue }
            let letter = XLSXWriter.columnName(optionColumns.count)
            optionColumns.append((column.header, options))
            validations.append(ListValidation(column: index, source: "'选项'!$\(letter)$2:$\(letter)$\(options.count + 1)"))
        }
        let headers = columns.map { $0.field.requiredOnInput ? $0.header + "*" : $0.header }
        var example = columns.map { Cell.text($0.example) }
        if !example.isEmpty, case let .text(first) = example[0] { example[0] = .text(exampleMark + first) }
        let template = Sheet(name: name, header: headers, rows: [example], validations: validations)
        let guide = Sheet(name: "说明", header: ["列名", "是否必填", "填写内容", "允许的值", "说明"], rows: columns.map { column in
            [.text(column.header), .text(column.field.requiredOnInput ? "必填" : "选填"), .text(describe(column.field.kind)),
             .text(column.field.kind.options?.joined(separator: "、") ?? ""), .text(column.field.hint ?? "")]
        } + [[.text("（示例行）"), .text(""), .text("模板第 2 行以“\(exampleMark)”开头，仅作示例，导入时跳过"), .text(""), .text("")]])
        let longest = optionColumns.map(\.1.count).max() ?? 0
        let options = Sheet(name: "选项", header: optionColumns.map(\.0), rows: (0..<longest).map { row in
            optionColumns.map { row < $0.1.count ? Cell.text($0.1[row]) : .empty }
        })
        return [template, guide] + (optionColumns.isEmpty ? [] : [options])
    }

    static func isSeveral(_ kind: FieldKind) -> Bool {
        if case .severalOf = kind { true } else { false }
    }

    /// What a column takes, in words.
    static func describe(_ kind: FieldKind) -> String {
        switch kind {
        case let .text(limit): "文本，不超过 \(limit) 字"
        case let .integer(number): number.described
        case let .decimal(number): number.described
        case .date: "日期，YYYY-MM-DD"
        case .flag: "是 或 否"
        case .oneOf: "下列之一"
        case .severalOf: "下列中的若干项，以“、”分隔"
        case .region: "区划代码（本辖区内）"
        case let .reference(entity): "\(entity)的标识"
        case .personal(.idNumber): "18 位居民身份证号码（旧版 15 位自动升位）"
        case .personal(.phone): "手机或固定电话号码"
        case .personal(.address): "文本，不超过 \(TextLimit.medium) 字"
        }
    }
}
