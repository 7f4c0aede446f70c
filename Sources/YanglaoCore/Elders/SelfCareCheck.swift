/// The self-care check of special-hardship persons (特困人员生活自理能力认定): six items; all met →
/// 具备生活自理能力, 1–3 not met → 部分丧失, 4 or more not met → 完全丧失; with the care tier used locally.
public enum SelfCareCheck {
    public enum Item: String, Sendable, CaseIterable {
        case eating = "自主吃饭"
        case dressing = "自主穿衣"
        case gettingInOutOfBed = "自主上下床"
        case toileting = "自主如厕"
        case walkingIndoors = "室内自主行走"
        case bathing = "自主洗澡"
    }

    public enum Result: String, Sendable, CaseIterable {
        case capable = "具备生活自理能力"
        case partlyLost = "部分丧失生活自理能力"
        case fullyLost = "完全丧失生活自理能力"

        /// 全自理 / 半护理 / 全护理 (the common local mapping; amounts are local settings).
        public var careTier: String {
            switch self {
            case .capable: "全自理"
            case .partlyLost: "半护理"
            case .fullyLost: "全护理"
            }
        }

        /// 生活不能自理 as the centralised-support indicator counts it (部分 or 完全丧失).
        public var unableToLookAfterThemselves: Bool { self != .capable }
    }

    /// The result from the items the person can do.
    public static func result(canDo: Set<Item>) -> Result {
        switch Item.allCases.count - canDo.count {
        case 0: .capable
        case 1...3: .partlyLost
        default: .fullyLost
        }
    }
}
