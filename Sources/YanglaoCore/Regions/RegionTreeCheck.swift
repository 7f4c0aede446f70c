/// The rules that relate the rows of a region list to each other and to the regions already stored:
/// codes are unique, a parent exists and sits at a higher level, a merged unit points at one that exists.
public enum RegionTreeCheck {
    public struct NumberedEntry: Sendable {
        public var row: Int
        public var entry: RegionEntry

        public init(row: Int, entry: RegionEntry) {
            self.row = row
            self.entry = entry
        }
    }

    /// Problems of the incoming rows against the stored tree; empty when the merged tree is sound.
    public static func problems(incoming: [NumberedEntry], stored: [String: RegionEntry]) -> [RowProblem] {
        var problems: [RowProblem] = []
        var firstRow: [String: Int] = [:]
        var merged = stored
        for item in incoming {
            if let earlier = firstRow[item.entry.code] {
                problems.append(RowProblem(row: item.row, field: RegionRow.code, message: "区划代码 \(item.entry.code) 与第\(earlier)行重复"))
                continue
            }
            firstRow[item.entry.code] = item.row
            merged[item.entry.code] = item.entry
        }

        for item in incoming where firstRow[item.entry.code] == item.row {
            let entry = item.entry
            if let parentCode = entry.parentCode {
                if let parent = merged[parentCode] {
                    if parent.level >= entry.level {
                        problems.append(RowProblem(
                            row: item.row, field: RegionRow.parent,
                            message: "上级区划 \(parentCode)（\(parent.name)，\(parent.level.label)级）的层级应高于本区划（\(entry.level.label)级）"
                        ))
                    }
                } else {
                    problems.append(RowProblem(row: item.row, field: RegionRow.parent, message: "上级区划代码 \(parentCode) 不存在（文件和系统中都没有）"))
                }
            }
            if let target = entry.mergedInto, merged[target] == nil {
                problems.append(RowProblem(row: item.row, field: RegionRow.mergedInto, message: "并入区划代码 \(target) 不存在（文件和系统中都没有）"))
            }
        }

        // A stored child whose parent changes level in this file: the fault lies with the parent's row.
        for child in stored.values where firstRow[child.code] == nil {
            guard let parentCode = child.parentCode, let row = firstRow[parentCode], let parent = merged[parentCode],
                  parent.level >= child.level else { continue }
            problems.append(RowProblem(
                row: row, field: RegionRow.level,
                message: "层级改为\(parent.level.label)后，不再高于其下级区划 \(child.code)（\(child.name)，\(child.level.label)级）"
            ))
        }
        return problems.sorted { ($0.row, $0.field ?? "") < ($1.row, $1.field ?? "") }
    }
}

/// Each region's own code and its ancestors' codes by level, the denormalised columns that make a
/// subtree one indexed equality (`county_code = '320685'`) instead of a recursive walk.
public enum RegionAncestry {
    public static func compute(_ regions: [String: RegionEntry]) -> [String: [RegionLevel: String]] {
        var result: [String: [RegionLevel: String]] = [:]
        for code in regions.keys {
            _ = ancestry(of: code, in: regions, memo: &result, depth: 0)
        }
        return result
    }

    private static func ancestry(
        of code: String, in regions: [String: RegionEntry], memo: inout [String: [RegionLevel: String]], depth: Int
    ) -> [RegionLevel: String] {
        if let known = memo[code] { return known }
        guard let entry = regions[code] else { return [:] }
        var columns: [RegionLevel: String] = [:]
        // Levels strictly decrease towards the root, so a chain is at most five long; the depth guard
        // only protects against a corrupt tree.
        if let parent = entry.parentCode, depth < RegionLevel.allCases.count {
            columns = ancestry(of: parent, in: regions, memo: &memo, depth: depth + 1)
        }
        columns[entry.level] = entry.code
        memo[code] = columns
        return columns
    }
}
