/// The columns of a region list and how one row of it becomes a `RegionEntry`.
public enum RegionRow {
    public static let code = "区划代码"
    public static let name = "名称"
    public static let level = "层级"
    public static let parent = "上级区划代码"
    public static let kind = "类型"
    public static let effectiveFrom = "生效日期"
    public static let effectiveTo = "失效日期"
    public static let mergedInto = "并入区划代码"

    public static let requiredColumns = [code, name, level, parent]
    public static let optionalColumns = [kind, effectiveFrom, effectiveTo, mergedInto]

    /// Validates the fields of one row on their own; relations between rows are `RegionTreeCheck`'s job.
    /// A parent or merged-into code is normalised by the length of its digits, since its level is not in the row.
    public static func parse(_ fields: [String: String]) -> RowParse<RegionEntry> {
        var problems: [FieldProblem] = []
        func value(_ column: String) -> String? {
            let text = fields[column]?.trimmingWhitespace() ?? ""
            return text.isEmpty ? nil : text
        }

        let name = value(Self.name)
        if name == nil { problems.append(FieldProblem(field: Self.name, message: "名称不能为空")) }
        if let name, let problem = TextLimit.problem(name, limit: TextLimit.short) {
            problems.append(FieldProblem(field: Self.name, message: "名称" + problem))
        }

        var level: RegionLevel?
        if let raw = value(Self.level) {
            level = RegionLevel(label: raw)
            if level == nil {
                problems.append(FieldProblem(field: Self.level, message: "层级“\(raw)”无效，应为 省、市、县、乡、村 之一"))
            }
        } else {
            problems.append(FieldProblem(field: Self.level, message: "层级不能为空"))
        }

        var code: String?
        if let raw = value(Self.code) {
            if let level {
                do { code = try RegionCode.normalized(raw, level: level) } catch {
                    problems.append(FieldProblem(field: Self.code, message: "区划代码“\(raw)”有误：\(error.message)"))
                }
            }
        } else {
            problems.append(FieldProblem(field: Self.code, message: "区划代码不能为空"))
        }

        let parent = referencedCode(value(Self.parent), column: Self.parent, into: &problems)
        let mergedInto = referencedCode(value(Self.mergedInto), column: Self.mergedInto, into: &problems)

        let kind = value(Self.kind)
        if let kind, let level, !level.allowedKinds.contains(kind) {
            let allowed = level.allowedKinds.joined(separator: "、")
            problems.append(FieldProblem(field: Self.kind, message: "类型“\(kind)”不属于\(level.label)级，应为 \(allowed) 之一"))
        }

        let from = date(value(Self.effectiveFrom), column: Self.effectiveFrom, into: &problems)
        let to = date(value(Self.effectiveTo), column: Self.effectiveTo, into: &problems)
        if let from, let to, to <= from {
            problems.append(FieldProblem(field: Self.effectiveTo, message: "失效日期（\(to)）应晚于生效日期（\(from)）"))
        }
        if mergedInto != nil, to == nil {
            problems.append(FieldProblem(field: Self.effectiveTo, message: "已填写并入区划代码，须同时填写失效日期"))
        }
        if let mergedInto, mergedInto == code {
            problems.append(FieldProblem(field: Self.mergedInto, message: "并入区划代码不能是本区划自身"))
        }

        guard problems.isEmpty, let code, let name, let level else { return .invalid(problems) }
        return .valid(RegionEntry(
            code: code, name: name, level: level, kind: kind, parentCode: parent,
            effectiveFrom: from, effectiveTo: to, mergedInto: mergedInto
        ))
    }

    /// The row's cells for an entry, in the order of `requiredColumns + optionalColumns`.
    public static func cells(of entry: RegionEntry) -> [String] {
        [entry.code, entry.name, entry.level.label, entry.parentCode ?? "", entry.kind ?? "",
         entry.effectiveFrom?.description ?? "", entry.effectiveTo?.description ?? "", entry.mergedInto ?? ""]
    }

    private static func referencedCode(_ raw: String?, column: String, into problems: inout [FieldProblem]) -> String? {
        guard let raw else { return nil }
        guard let code = RegionCode.normalizedReference(raw) else {
            problems.append(FieldProblem(field: column, message: "\(column)“\(raw)”不是有效的区划代码"))
            return nil
        }
        return code
    }

    private static func date(_ raw: String?, column: String, into problems: inout [FieldProblem]) -> LocalDate? {
        guard let raw else { return nil }
        guard let date = LocalDate(parsing: raw) else {
            problems.append(FieldProblem(field: column, message: "\(column)“\(raw)”无法识别，应为 YYYY-MM-DD"))
            return nil
        }
        return date
    }
}
