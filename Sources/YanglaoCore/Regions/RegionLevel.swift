/// The five levels of the administrative tree (STANDARDS.md §7). A deployment's root may sit at any
/// level and levels may be skipped (海安市 has towns directly below it), so a level says what a unit
/// is, never how deep it sits in a particular tree.
public enum RegionLevel: String, CaseIterable, Codable, Sendable, Comparable {
    case province
    case prefecture
    case county
    case town
    case village

    /// The label used in imports and on screen: 省/市/县/乡/村.
    public var label: String {
        switch self {
        case .province: "省"
        case .prefecture: "市"
        case .county: "县"
        case .town: "乡"
        case .village: "村"
        }
    }

    public init?(label: String) {
        guard let level = Self.allCases.first(where: { $0.label == label }) else { return nil }
        self = level
    }

    /// 0 for 省 … 4 for 村: a parent always has a smaller rank than its children.
    public var rank: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: RegionLevel, rhs: RegionLevel) -> Bool { lhs.rank < rhs.rank }

    /// The kinds of unit a level may hold (STANDARDS.md §7 "Kinds seen", plus their usual synonyms).
    public var allowedKinds: [String] {
        switch self {
        case .province: ["省", "自治区", "直辖市", "特别行政区"]
        case .prefecture: ["市", "地区", "盟", "自治州"]
        case .county: ["区", "县", "旗", "县级市", "自治县", "自治旗", "特区", "林区"]
        case .town: ["街道", "镇", "乡", "民族乡", "苏木", "民族苏木", "农场", "林场", "牧场", "区公所"]
        case .village: ["社区", "村", "嘎查", "居委会", "村委会"]
        }
    }
}
