/// 三员分立 (等保): the security administrator manages accounts but cannot take one over, and no one
/// acts on their own account. One rule for the pages and the API.
public enum SeparationOfDuties {
    public enum Change: String, Sendable, CaseIterable {
        case disable, enable, unlock, resetPassword
    }

    public enum Verdict: Sendable, Equatable {
        case allowed
        /// The first of two security administrators asks; a second one must confirm.
        case needsSecondAdministrator
        case refused(String)
    }

    /// Accounts whose password a single security administrator may not reset: the auditor's, who
    /// reviews the security administrator's actions, and the other security administrators'.
    public static func isGuarded(_ role: Role) -> Bool {
        role == .auditor || role == .securityAdmin
    }

    /// May `actorID` make `change` to the account `targetID` of `targetRole`? `requestedBy` is the
    /// security administrator who asked for a reset still waiting for confirmation, if any.
    public static func verdict(_ change: Change, actorID: String, targetID: String, targetRole: Role, requestedBy: String?) -> Verdict {
        if actorID == targetID {
            return .refused("不能对自己的账户执行此操作（三员分立：任何人不得为自己的账户解锁、启用、停用或重置密码）")
        }
        guard change == .resetPassword, isGuarded(targetRole) else { return .allowed }
        guard let requestedBy else { return .needsSecondAdministrator }
        if requestedBy == actorID {
            return .refused("重置\(targetRole.label)的密码须由另一名安全管理员确认，发起人不能自己确认")
        }
        return .allowed
    }
}

/// The one-time password a reset issues: shown once to the security administrator, to be changed by
/// the owner at the first sign-in. 12 characters without look-alikes (0/O, 1/l/I), with letters,
/// digits and a symbol, so that it meets `PasswordPolicy`.
public enum OneTimePassword {
    static let letters = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ")
    static let digits = Array("23456789")
    static let symbols = Array("-_.@#%+")

    public static func make<G: RandomNumberGenerator>(using generator: inout G) -> String {
        var characters: [Character] = (0..<8).map { _ in letters.randomElement(using: &generator)! }
        characters += (0..<3).map { _ in digits.randomElement(using: &generator)! }
        characters.append(symbols.randomElement(using: &generator)!)
        return String(characters.shuffled(using: &generator))
    }

    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return make(using: &generator)
    }
}
