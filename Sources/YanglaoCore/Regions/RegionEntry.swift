/// One administrative unit as the platform knows it: the validated form of an import row or a stored region.
public struct RegionEntry: Equatable, Hashable, Sendable, Codable {
    public var code: String
    public var name: String
    public var level: RegionLevel
    /// 类型 (镇, 街道, 苏木, 社区 …), taken from the imported list, never inferred from the code's digits.
    public var kind: String?
    public var parentCode: String?
    public var effectiveFrom: LocalDate?
    /// 失效日期: the first day on which the unit no longer exists (exclusive).
    public var effectiveTo: LocalDate?
    /// 并入区划代码: the unit that took over a merged or renamed unit, so that its records keep their history.
    public var mergedInto: String?

    public init(
        code: String, name: String, level: RegionLevel, kind: String? = nil, parentCode: String? = nil,
        effectiveFrom: LocalDate? = nil, effectiveTo: LocalDate? = nil, mergedInto: String? = nil
    ) {
        self.code = code
        self.name = name
        self.level = level
        self.kind = kind
        self.parentCode = parentCode
        self.effectiveFrom = effectiveFrom
        self.effectiveTo = effectiveTo
        self.mergedInto = mergedInto
    }

    /// Whether the unit exists on a date: from its effective date (inclusive) to its end date (exclusive).
    public func isEffective(on date: LocalDate) -> Bool {
        if let from = effectiveFrom, date < from { return false }
        if let to = effectiveTo, date >= to { return false }
        return true
    }
}

/// A problem with one field of one row, reported to the user in Chinese.
public struct FieldProblem: Equatable, Sendable, Error {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// A problem found in a numbered row of an imported table (row 1 is the header).
public struct RowProblem: Equatable, Sendable {
    public var row: Int
    public var field: String?
    public var message: String

    public init(row: Int, field: String?, message: String) {
        self.row = row
        self.field = field
        self.message = message
    }
}
