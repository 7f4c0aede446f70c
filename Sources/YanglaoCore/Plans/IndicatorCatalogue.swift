/// The indicators plans set targets on (DESIGN.md, "Indicators the seeds name"): those entered in the
/// ledgers, declared here, and the computed ones each capability declares with its formula (the
/// assembly puts them together). A capability's declaration of a code replaces the reported one, so
/// an indicator a new registry comes to measure keeps its code, its targets and, before `since`,
/// its ledger history.
public struct IndicatorCatalogue: Sendable {
    public let all: [IndicatorDefinition]
    let byCode: [String: IndicatorDefinition]

    /// The definitions in order; a later one with the same code takes the earlier one's place.
    public init(_ definitions: [IndicatorDefinition]) {
        var ordered: [IndicatorDefinition] = []
        var index: [String: Int] = [:]
        for definition in definitions {
            if let at = index[definition.code] { ordered[at] = definition } else {
                index[definition.code] = ordered.count
                ordered.append(definition)
            }
        }
        all = ordered
        byCode = Dictionary(uniqueKeysWithValues: ordered.map { ($0.code, $0) })
    }

    public func named(_ code: String) -> IndicatorDefinition? { byCode[code] }

    /// Entered per region per month until a registry holds their facts.
    public static let reported: [IndicatorDefinition] = [
        reported("home_renovations", "适老化改造户数", .households, accumulates: true, "本月完成居家适老化改造的户数（逐月填报，累计）"),
        reported("workers_trained", "养老服务从业人员培训数", .persons, accumulates: true, "本月参加培训的养老服务从业人员（逐月填报，累计）"),
        reported("safety_articles", "安全管理新闻宣传稿件", .articles, accumulates: true, "本月刊发的安全管理新闻宣传稿件（逐月填报，累计）"),
        reported("home_service_share", "居家上门服务老年人比例", .percent, accumulates: false, "接受居家上门服务的老年人 ÷ 老年人总数（月末）"),
        reported("management_standards", "养老院建立内部管理服务制度比例", .percent, accumulates: false,
                 "按 GB/T 35796 建立健全内部管理服务制度与标准规范的养老院 ÷ 养老院总数"),
    ]

    static func reported(_ code: String, _ name: String, _ unit: IndicatorUnit, accumulates: Bool, _ explanation: String) -> IndicatorDefinition {
        IndicatorDefinition(code: code, name: name, unit: unit, measure: .reported, accumulates: accumulates, explanation: explanation)
    }
}
