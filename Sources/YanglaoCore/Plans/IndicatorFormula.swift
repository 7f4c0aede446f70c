/// What a formula sums over records: a numerator and, for a share, a denominator. Inputs of rows
/// add up to the inputs of their total, so every table's rows add up to its 合计.
public struct IndicatorInputs: Sendable, Equatable {
    public var numerator: Double
    public var denominator: Double?

    public init(numerator: Double, denominator: Double? = nil) {
        self.numerator = numerator
        self.denominator = denominator
    }

    public static let zero = IndicatorInputs(numerator: 0)

    public static func + (lhs: IndicatorInputs, rhs: IndicatorInputs) -> IndicatorInputs {
        let denominator: Double? = lhs.denominator == nil && rhs.denominator == nil ? nil : (lhs.denominator ?? 0) + (rhs.denominator ?? 0)
        return IndicatorInputs(numerator: lhs.numerator + rhs.numerator, denominator: denominator)
    }

    /// The figure in the indicator's unit: a share in per cent (nil with nothing to count), a count as is.
    public func figure(in unit: IndicatorUnit) -> Double? {
        guard unit.isShare else { return numerator }
        guard let denominator, denominator > 0 else { return nil }
        return numerator / denominator * 100
    }
}


extension IndicatorInputs {
    /// A counted rate (a register's share of persons) as inputs.
    public init(_ rate: CountedRate) {
        self.init(numerator: Double(rate.counted), denominator: Double(rate.of))
    }
}

/// The name of the rule a computed indicator is measured by. Plans hold it without knowing what it
/// reads: the capability that owns the records declares the indicator with its formula, answers it
/// (an indicator provider) and keeps the rule, per record, beside its facts in YanglaoCore.
public struct IndicatorFormula: Sendable, Hashable, CustomStringConvertible {
    public let key: String

    public init(_ key: String) { self.key = key }

    public var description: String { key }
}
