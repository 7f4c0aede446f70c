import Testing
@testable import YanglaoCore

@Suite struct LedgerRulesTests {
    @Test func theReportingRegionFillsInAndSubmitsWhileOpen() {
        #expect(LedgerRules.refusal(.save, state: .draft, standing: .reporting) == nil)
        #expect(LedgerRules.refusal(.submit, state: .returned, standing: .reporting) == nil)
        #expect(LedgerRules.refusal(.save, state: .approved, standing: .reporting).map { if case .wrongState = $0 { true } else { false } } == true,
                "a locked month is not edited")
        #expect(LedgerRules.refusal(.save, state: .submitted, standing: .reporting) != nil)
        #expect(LedgerRules.refusal(.submit, state: .draft, standing: .above).map { if case .notAllowed = $0 { true } else { false } } == true,
                "the level above does not fill in a town's ledger")
    }

    @Test func theLevelAboveApprovesAndNeverItsOwn() {
        #expect(LedgerRules.refusal(.approve, state: .submitted, standing: .above) == nil)
        #expect(LedgerRules.refusal(.approve, state: .submitted, standing: .reporting) == .notAllowed("不能审核本级报送的台账，应由上级审核"))
        #expect(LedgerRules.refusal(.approve, state: .submitted, standing: .above, actorSubmittedIt: true) == .notAllowed("不能审核自己报送的台账"))
        #expect(LedgerRules.refusal(.approve, state: .draft, standing: .above) != nil, "nothing submitted yet")
        #expect(LedgerRules.refusal(.approve, state: .submitted, standing: .other) != nil)
        #expect(LedgerRules.refusal(.return, state: .submitted, standing: .above, reason: "  ") == .invalid(field: "reason", message: "退回须注明理由（至少 2 个可见的字）"))
        #expect(LedgerRules.refusal(.return, state: .submitted, standing: .above, reason: "数据不符") == nil)
    }

    @Test func onlyAnExplicitUnlockWithAReasonOpensALockedMonth() {
        #expect(LedgerRules.refusal(.unlock, state: .approved, standing: .above, reason: "更正培训人数") == nil)
        #expect(LedgerRules.refusal(.unlock, state: .approved, standing: .above) == .invalid(field: "reason", message: "解锁须注明理由（至少 2 个可见的字）"))
        #expect(LedgerRules.refusal(.unlock, state: .approved, standing: .reporting, reason: "x") != nil)
        #expect(LedgerRules.refusal(.unlock, state: .submitted, standing: .above, reason: "x") != nil)
        #expect(LedgerRules.state(after: .unlock, from: .approved) == .returned)
        #expect(LedgerRules.state(after: .approve, from: .submitted).isLocked)
    }

    @Test func dueByTheFifthOfTheNextMonth() {
        let june = YearMonth(year: 2021, month: 6)!
        #expect(LedgerRules.deadline(of: june) == LocalDate(year: 2021, month: 7, day: 5))
        #expect(LedgerRules.deadline(of: YearMonth(year: 2021, month: 12)!, dueDay: 10) == LocalDate(year: 2022, month: 1, day: 10))
        #expect(!LedgerRules.isLate(.draft, month: june, today: LocalDate(year: 2021, month: 7, day: 5)!))
        #expect(LedgerRules.isLate(.draft, month: june, today: LocalDate(year: 2021, month: 7, day: 6)!))
        #expect(LedgerRules.isLate(.returned, month: june, today: LocalDate(year: 2021, month: 8, day: 1)!))
        #expect(!LedgerRules.isLate(.submitted, month: june, today: LocalDate(year: 2021, month: 8, day: 1)!))
    }
}
