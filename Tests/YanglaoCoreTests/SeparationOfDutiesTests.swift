import Testing
@testable import YanglaoCore

@Suite struct SeparationOfDutiesTests {
    @Test func nobodyActsOnTheirOwnAccount() {
        for change in SeparationOfDuties.Change.allCases {
            guard case .refused = SeparationOfDuties.verdict(change, actorID: "a", targetID: "a", targetRole: .securityAdmin, requestedBy: nil) else {
                Issue.record("\(change) of one's own account was allowed")
                continue
            }
        }
    }

    @Test func businessAccountsAreResetByOneAdministrator() {
        for role in Role.allCases where !SeparationOfDuties.isGuarded(role) {
            #expect(SeparationOfDuties.verdict(.resetPassword, actorID: "a", targetID: "t", targetRole: role, requestedBy: nil) == .allowed)
        }
    }

    @Test func auditorsAndSecurityAdministratorsNeedTwo() {
        for role in [Role.auditor, .securityAdmin] {
            #expect(SeparationOfDuties.verdict(.resetPassword, actorID: "a", targetID: "t", targetRole: role, requestedBy: nil) == .needsSecondAdministrator)
            #expect(SeparationOfDuties.verdict(.resetPassword, actorID: "a", targetID: "t", targetRole: role, requestedBy: "a")
                == .refused("重置\(role.label)的密码须由另一名安全管理员确认，发起人不能自己确认"))
            #expect(SeparationOfDuties.verdict(.resetPassword, actorID: "b", targetID: "t", targetRole: role, requestedBy: "a") == .allowed)
            #expect(SeparationOfDuties.verdict(.unlock, actorID: "a", targetID: "t", targetRole: role, requestedBy: nil) == .allowed)
        }
    }

    @Test func oneTimePasswordsMeetThePolicy() {
        for _ in 0..<200 {
            let password = OneTimePassword.make()
            #expect(password.count == 12)
            #expect(PasswordPolicy.problems(password: password, username: "demo-town").isEmpty, "\(password)")
            #expect(!password.contains { "0O1lI".contains($0) })
        }
    }
}
