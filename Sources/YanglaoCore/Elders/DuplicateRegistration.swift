/// A person is registered once, by ID number; but whether a number is registered somewhere else is
/// itself personal data. So a registration whose number is already registered outside the caller's
/// region must answer exactly as a new person would: it is kept as a registration held for review
/// (a duplicate), and the level whose region holds both decides — the person moved here (the
/// original record moves, with its history) or the registration is refused (with a reason, told to
/// the region that made it). Only a registration already visible to the caller is refused outright.
public enum DuplicateRegistration {
    /// A record already carrying the number (the original, or a registration held for review).
    public struct Match: Sendable, Equatable {
        public var id: String
        /// The caller may see this record (its region lies in the caller's scope).
        public var visible: Bool
        /// A registration held for review, not the original.
        public var held: Bool

        public init(id: String, visible: Bool, held: Bool) {
            self.id = id
            self.visible = visible
            self.held = held
        }
    }

    public enum Outcome: Sendable, Equatable {
        /// Nobody carries the number: an ordinary registration.
        case new
        /// The caller sees a record with this number: refused, naming it (the caller may know it).
        case alreadyRegistered(id: String)
        /// Registered only outside the caller's sight: kept, and held for review against the original.
        case held(originalID: String)
    }

    /// What a registration of a number becomes, given every other record carrying it.
    public static func decide(_ matches: [Match]) -> Outcome {
        if let seen = matches.first(where: \.visible) { return .alreadyRegistered(id: seen.id) }
        if let original = matches.first(where: { !$0.held }) { return .held(originalID: original.id) }
        // Held registrations whose original is gone cannot happen (an original is never deleted);
        // should one, the number is free again.
        return .new
    }

    /// What the reviewing level may decide.
    public enum Decision: String, Sendable, CaseIterable {
        /// 确认迁入: the original record moves to the region that registered the person again,
        /// taking that registration's details; the held registration is merged into it.
        case merge
        /// 不予登记: the held registration is removed; the region that made it is told why.
        case refuse

        public var label: String {
            switch self {
            case .merge: "确认迁入"
            case .refuse: "不予登记"
            }
        }
    }
}
