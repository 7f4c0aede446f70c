import Testing
@testable import YanglaoCore

@Suite struct ResidentIDTests {
    @Test func aValidNumberGivesItsBirthDateSexAndMask() throws {
        // 11010519491231002X: the standard's own example (Beijing, 1949-12-31, female, check X).
        let id = try ResidentID.parse("11010519491231002x").get()
        #expect(id.value == "11010519491231002X", "the check character upper-case")
        #expect(id.birthDate == LocalDate(year: 1949, month: 12, day: 31))
        #expect(id.sex == .female)
        #expect(id.masked == "110105************")
        #expect(id.age(on: LocalDate(year: 2021, month: 12, day: 30)!) == 71)
        #expect(id.age(on: LocalDate(year: 2021, month: 12, day: 31)!) == 72)
        #expect(try ResidentID.parse("320685194506120026").get().sex == .female)
        #expect(try ResidentID.parse("150521194001010033").get().sex == .male)
    }

    @Test func aWrongCheckCharacterLengthDigitOrDateIsNamed() {
        #expect(ResidentID.parse("110105194912310021") == .failure(.checkCharacter(expected: "X")))
        #expect(ResidentID.parse("11010519491231002") == .failure(.length(17)))
        #expect(ResidentID.parse("1101051949123100AX") == .failure(.characters))
        #expect(ResidentID.parse("110105194902300021").map(\.value) == .failure(.birthDate("19490230")))
        #expect(ResidentID.Problem.checkCharacter(expected: "X").message.contains("校验位"))
    }

    @Test func aLegacyFifteenDigitNumberIsUpgraded() throws {
        let id = try ResidentID.parse("110105491231002").get()
        #expect(id.value == "11010519491231002X")
        #expect(id.birthDate == LocalDate(year: 1949, month: 12, day: 31))
    }

    @Test func aGivenBirthDateOrSexMustAgree() throws {
        let id = try ResidentID.parse("11010519491231002X").get()
        #expect(id.contradictions(birthDate: LocalDate(year: 1949, month: 12, day: 31), sex: .female).isEmpty)
        #expect(Set(id.contradictions(birthDate: LocalDate(year: 1950, month: 1, day: 1), sex: .male).keys) == ["birthDate", "sex"])
    }
}

@Suite struct AbilityAssessmentTests {
    static let assessedOn = LocalDate(year: 2021, month: 8, day: 31)!

    /// Scores that add up to `total`, filling items in order up to their maximum.
    static func scores(total: Int) -> [String: Int] {
        var left = total
        var scores: [String: Int] = [:]
        for item in AbilityAssessment.items {
            let score = min(item.maximum, left)
            scores[item.code] = score
            left -= score
        }
        return scores
    }

    @Test func theItemsAreTheStandardsTwentySix() {
        #expect(AbilityAssessment.items.count == 26)
        #expect(AbilityAssessment.items.map(\.maximum).reduce(0, +) == 90)
        let byDimension = Dictionary(grouping: AbilityAssessment.items, by: \.dimension).mapValues { $0.map(\.maximum).reduce(0, +) }
        #expect(byDimension == [.selfCare: 32, .basicMotion: 15, .mentalState: 28, .perceptionAndSocial: 15])
    }

    @Test(arguments: [(90, 0), (89, 1), (66, 1), (65, 2), (46, 2), (45, 3), (30, 3), (29, 4), (0, 4)])
    func everyBandEdgeGivesItsLevel(total: Int, level: Int) {
        let result = AbilityAssessment.score(Self.scores(total: total), circumstances: .init(), assessedOn: Self.assessedOn)
        #expect(result.total == total)
        #expect(result.preliminaryLevel.rawValue == level)
        #expect(result.level.rawValue == level, "no adjustment, no change")
        #expect(result.adjustments.isEmpty)
    }

    @Test func eachAdjustmentRaisesOneLevelAndNeverBeyondFour() {
        let mild = Self.scores(total: 70)
        func level(_ circumstances: AbilityAssessment.Circumstances, _ scores: [String: Int]) -> AbilityAssessment.Result {
            AbilityAssessment.score(scores, circumstances: circumstances, assessedOn: Self.assessedOn)
        }
        #expect(level(.init(diagnoses: ["F03"]), mild).level == .moderate)
        #expect(level(.init(diagnoses: ["F20.0"]), mild).level == .moderate, "another mental disorder (F04–F99)")
        #expect(level(.init(diagnoses: ["I10"]), mild).level == .mild, "a diagnosis outside chapter V changes nothing")
        #expect(level(.init(riskEventsIn30Days: 1), mild).level == .mild)
        #expect(level(.init(riskEventsIn30Days: 2), mild).level == .moderate)
        let both = level(.init(diagnoses: ["F00"], riskEventsIn30Days: 3), mild)
        #expect(both.level == .severe && both.adjustments == [.dementiaOrMentalDisorder, .riskEvents])
        #expect(level(.init(coma: true), mild).level == .complete, "coma: 能力完全丧失 by default")
        let settings = AbilityAssessment.Settings(comaLevel: .severe)
        #expect(AbilityAssessment.score(mild, circumstances: .init(coma: true), assessedOn: Self.assessedOn, settings: settings).level == .severe)
        // At level 4 an adjustment is recorded but the level stays 4.
        let complete = level(.init(diagnoses: ["F01"], riskEventsIn30Days: 2), Self.scores(total: 10))
        #expect(complete.preliminaryLevel == .complete && complete.level == .complete && complete.adjustments.count == 2)
    }

    @Test func wrongScoresAreNamedAtTheirItem() {
        var scores = Self.scores(total: 90)
        scores["B.2.4"] = 4
        scores["B.9.9"] = 1
        scores["B.3.9"] = nil
        let problems = AbilityAssessment.problems(scores)
        #expect(problems["B.2.4"] == "B.2.4 上下楼梯的得分应为 0 至 3，实际为 4")
        #expect(problems["B.9.9"] != nil && problems["B.3.9"] != nil && problems.count == 3)
        #expect(AbilityAssessment.problems(Self.scores(total: 45)).isEmpty)
    }

    @Test func theNextAssessmentIsDueSixMonthsOnByDefault() {
        let result = AbilityAssessment.score(Self.scores(total: 50), circumstances: .init(), assessedOn: Self.assessedOn)
        #expect(result.nextDueOn == LocalDate(year: 2022, month: 2, day: 28), "31 August + 6 months: the end of February")
        let quarterly = AbilityAssessment.score(Self.scores(total: 50), circumstances: .init(), assessedOn: LocalDate(year: 2021, month: 11, day: 15)!,
                                                settings: .init(reassessmentMonths: 3))
        #expect(quarterly.nextDueOn == LocalDate(year: 2022, month: 2, day: 15))
    }
}

@Suite struct SelfCareCheckTests {
    @Test func sixItemsGiveTheResultAndTheCareTier() {
        let all = Set(SelfCareCheck.Item.allCases)
        #expect(SelfCareCheck.result(canDo: all) == .capable)
        #expect(SelfCareCheck.result(canDo: all.subtracting([.bathing])) == .partlyLost)
        #expect(SelfCareCheck.result(canDo: all.subtracting([.bathing, .dressing, .toileting])) == .partlyLost)
        #expect(SelfCareCheck.result(canDo: [.eating, .walkingIndoors]) == .fullyLost)
        #expect(SelfCareCheck.result(canDo: []) == .fullyLost)
        #expect(SelfCareCheck.Result.allCases.map(\.careTier) == ["全自理", "半护理", "全护理"])
        #expect(!SelfCareCheck.Result.capable.unableToLookAfterThemselves && SelfCareCheck.Result.partlyLost.unableToLookAfterThemselves)
    }
}

@Suite struct ElderIndicatorTests {
    static func day(_ year: Int, _ month: Int, _ day: Int) -> LocalDate { LocalDate(year: year, month: month, day: day)! }

    @Test func veryOldFollowsTheAgeOnTheDateAsked() {
        let person = ElderFacts(birthDate: Self.day(1941, 6, 1), categories: [.livingAlone, .veryOld])
        #expect(person.categories(on: Self.day(2021, 5, 31)) == [.livingAlone], "79 the day before: 高龄 entered by hand is ignored")
        #expect(person.categories(on: Self.day(2021, 6, 1)) == [.livingAlone, .veryOld])
    }

    @Test func aPersonWhoDiedOrMovedCountsOnlyForTheDaysBefore() {
        let died = ElderFacts(birthDate: Self.day(1940, 1, 1), deathDate: Self.day(2021, 7, 1))
        #expect(died.isCounted(on: Self.day(2021, 6, 30)) && !died.isCounted(on: Self.day(2021, 7, 1)))
        let moved = ElderFacts(birthDate: Self.day(1940, 1, 1), movedAwayOn: Self.day(2021, 3, 15))
        #expect(moved.isCounted(on: Self.day(2021, 3, 14)) && !moved.isCounted(on: Self.day(2021, 3, 15)))
    }

    @Test func theCentralisedSupportRatesCountAndListThoseLeftOut() {
        let on = Self.day(2021, 12, 31)
        let persons = [
            ElderFacts(birthDate: Self.day(1945, 1, 1), categories: [.specialHardship], supportMode: .centralised, supportSince: Self.day(2020, 1, 1),
                       willingForCentralised: true, selfCare: .fullyLost),
            ElderFacts(birthDate: Self.day(1950, 1, 1), categories: [.specialHardship], supportMode: .dispersed, willingForCentralised: true,
                       selfCare: .partlyLost),
            ElderFacts(birthDate: Self.day(1948, 1, 1), categories: [.specialHardship], supportMode: .dispersed, willingForCentralised: false,
                       selfCare: .capable),
            // Admitted only next year: not yet in care on the date.
            ElderFacts(birthDate: Self.day(1944, 1, 1), categories: [.specialHardship], supportMode: .centralised, supportSince: Self.day(2022, 2, 1),
                       selfCare: .partlyLost),
            // Died in the year: counted for the months before only.
            ElderFacts(birthDate: Self.day(1930, 1, 1), categories: [.specialHardship], supportMode: .dispersed, selfCare: .fullyLost,
                       deathDate: Self.day(2021, 10, 1)),
            ElderFacts(birthDate: Self.day(1946, 1, 1), categories: [.minimumLiving], supportMode: .dispersed, selfCare: .fullyLost),
        ]
        let unable = ElderIndicators.unableSpecialHardshipInCare(persons, on: on)
        #expect(unable.counted == 1 && unable.of == 3 && unable.leftOut == [1, 3])
        #expect(abs((unable.value ?? 0) - 1.0 / 3.0) < 1e-9)
        #expect(ElderIndicators.unableSpecialHardshipInCare(persons, on: Self.day(2021, 9, 30)).of == 4, "the one who died counts before")
        let onlyFullyLost = ElderIndicators.unableSpecialHardshipInCare(persons, on: on, unable: [.fullyLost])
        #expect(onlyFullyLost.counted == 1 && onlyFullyLost.of == 1, "the definition is a setting")
        let willing = ElderIndicators.willingSpecialHardshipInCare(persons, on: on)
        #expect(willing.counted == 1 && willing.of == 2 && willing.leftOut == [1])
        #expect(ElderIndicators.willingSpecialHardshipInCare([], on: on).value == nil)
    }
}

@Suite struct MaskingTests {
    @Test func phonesAndAddressesAreMasked() {
        #expect(Masking.phone("139 1234 4321") == "139****4321")
        #expect(Masking.phone("0513-88881234") == "051*******34")
        #expect(Masking.phoneDigits("+86 139-1234-4321") == "13912344321")
        #expect(Masking.address("海安市角斜镇人民路1号") == "海安市角斜镇*****")
        #expect(Masking.address("角斜镇") == "***")
    }
}

@Suite struct FacilityResidentsRuleTests {
    func home(residents: Int?, hardship: Int?, registered: Int?, registeredHardship: Int?) -> FacilityFacts {
        var facts = FacilityFacts(category: .institution, institutionKind: .specialHardship, beds: 45, residents: residents, specialHardshipResidents: hardship)
        facts.registeredResidents = registered
        facts.registeredSpecialHardshipResidents = registeredHardship
        return facts
    }

    @Test func theRegistryWinsWhereItHoldsTheResidents() {
        #expect(home(residents: 33, hardship: 33, registered: 28, registeredHardship: 25).countedSpecialHardshipResidents == 25)
        #expect(home(residents: 33, hardship: 33, registered: nil, registeredHardship: nil).countedSpecialHardshipResidents == 33)
        // 30 特困 reported, 28 registered: the clinic rule follows the registry.
        #expect(FacilityRules.requiresInternalMedicalService(home(residents: 30, hardship: 30, registered: nil, registeredHardship: nil)))
        #expect(!FacilityRules.requiresInternalMedicalService(home(residents: 30, hardship: 30, registered: 28, registeredHardship: 28)))
    }

    @Test func disagreementsAreSaidWithBothFigures() {
        #expect(FacilityRules.residentDiscrepancies(home(residents: 30, hardship: 20, registered: 28, registeredHardship: 20)) == ["登记在院 28 人，填报 30 人"])
        #expect(FacilityRules.residentDiscrepancies(home(residents: 30, hardship: 20, registered: 30, registeredHardship: 18)) == ["登记在院特困人员 18 人，填报 20 人"])
        #expect(FacilityRules.residentDiscrepancies(home(residents: nil, hardship: nil, registered: 28, registeredHardship: 20)).isEmpty, "nothing reported, nothing to disagree with")
        #expect(FacilityRules.residentDiscrepancies(home(residents: 30, hardship: 20, registered: nil, registeredHardship: nil)).isEmpty, "no registry figure")
    }
}

@Suite struct AssessmentSubmissionTests {
    static let today = LocalDate(year: 2026, month: 11, day: 28)!
    func submission(assessors: [String] = ["周丽华", "陈志刚"], on date: LocalDate? = today, diagnoses: [String] = [], risk: Int = 0) -> AssessmentSubmission {
        var scores: [String: Int] = [:]
        for item in AbilityAssessment.items { scores[item.code] = item.maximum }
        return AssessmentSubmission(scores: scores, reason: .routine, assessors: assessors, assessedOn: date,
                                    circumstances: .init(diagnoses: diagnoses, riskEventsIn30Days: risk))
    }

    @Test func twoDifferentAssessorsSign() {
        #expect(submission().problems(birthDate: nil, today: Self.today).isEmpty)
        #expect(submission(assessors: ["周丽华"]).problems(birthDate: nil, today: Self.today)["assessors"] != nil)
        #expect(submission(assessors: ["周丽华", " 周丽华 "]).problems(birthDate: nil, today: Self.today)["assessors"] != nil)
        #expect(submission(assessors: ["周丽华", "陈志刚", "王"]).problems(birthDate: nil, today: Self.today)["assessors"] != nil)
    }

    @Test func datesDiagnosesAndEventsAreBounded() {
        #expect(submission(on: LocalDate(year: 2026, month: 11, day: 29)).problems(birthDate: nil, today: Self.today)["assessedOn"] != nil)
        #expect(submission(on: nil).problems(birthDate: nil, today: Self.today)["assessedOn"] != nil)
        #expect(submission(on: LocalDate(year: 1930, month: 1, day: 1)).problems(birthDate: LocalDate(year: 1938, month: 3, day: 15), today: Self.today)["assessedOn"] != nil)
        #expect(submission(diagnoses: ["F03", "F00.1"]).problems(birthDate: nil, today: Self.today).isEmpty)
        #expect(submission(diagnoses: ["痴呆"]).problems(birthDate: nil, today: Self.today)["diagnoses"] != nil)
        #expect(submission(risk: -1).problems(birthDate: nil, today: Self.today)["riskEvents30d"] != nil)
        #expect(AssessmentSubmission.isICD10("F03") && AssessmentSubmission.isICD10("G30.1") && !AssessmentSubmission.isICD10("F3") && !AssessmentSubmission.isICD10("F03."))
    }
}

@Suite struct ElderRegistrationRuleTests {
    static let today = LocalDate(year: 2026, month: 11, day: 28)!

    @Test func sixtyIsTheAgeOfRegistrationAndAFutureBirthIsRefused() {
        let born = { (year: Int) in LocalDate(year: year, month: 11, day: 28)! }
        #expect(ElderRules.birthProblem(birthDate: born(1966), under60Reason: nil, today: Self.today) == nil, "60 on the day")
        #expect(ElderRules.birthProblem(birthDate: LocalDate(year: 1966, month: 11, day: 29)!, under60Reason: nil, today: Self.today)?.field == "under60Reason")
        #expect(ElderRules.birthProblem(birthDate: born(1970), under60Reason: "残疾人托养服务对象", today: Self.today) == nil)
        #expect(ElderRules.birthProblem(birthDate: LocalDate(year: 2026, month: 11, day: 29)!, under60Reason: "x", today: Self.today)?.field == "idNumber")
    }

    @Test func onlyCentralisedSupportNamesAnInstitution() {
        #expect(ElderRules.supportProblem(mode: .centralised, hasFacility: false)?.field == "facilityId")
        #expect(ElderRules.supportProblem(mode: .centralised, hasFacility: true) == nil)
        #expect(ElderRules.supportProblem(mode: .dispersed, hasFacility: true)?.message.contains("分散供养") == true)
        #expect(ElderRules.supportProblem(mode: nil, hasFacility: false) == nil)
    }

    @Test func theSelfCareCheckNeedsItsDate() {
        #expect(ElderRules.selfCare(checkedOn: nil, unable: []) == .success(nil))
        #expect(ElderRules.selfCare(checkedOn: nil, unable: [.bathing]) == .failure(FieldProblem(field: "selfCareCheckedOn", message: "填写了自理能力项目，须填写认定日期")))
        #expect(ElderRules.selfCare(checkedOn: Self.today, unable: []) == .success(.capable))
        #expect(ElderRules.selfCare(checkedOn: Self.today, unable: [.bathing, .dressing, .eating, .toileting]) == .success(.fullyLost))
    }

    @Test func eventsAreNeitherInTheFutureNorBeforeBirth() {
        let birth = LocalDate(year: 1940, month: 1, day: 1)!
        let events = [
            ElderRules.Event(field: "deathDate", label: "死亡日期", date: LocalDate(year: 2027, month: 1, day: 1)),
            ElderRules.Event(field: "admittedOn", label: "入住日期", date: LocalDate(year: 1930, month: 1, day: 1)),
            ElderRules.Event(field: "residentSince", label: "迁入日期", date: LocalDate(year: 1930, month: 1, day: 1), mayPrecedeBirth: true),
            ElderRules.Event(field: "movedAwayOn", label: "迁出日期", date: nil),
        ]
        #expect(ElderRules.dateProblems(events, birthDate: birth, today: Self.today).map(\.field) == ["deathDate", "admittedOn"])
    }
}

@Suite struct MaskingRuleTests {
    static let today = LocalDate(year: 2026, month: 12, day: 2)!
    static let id = try! ResidentID.parse("320685193803150024").get()

    @Test func theOldMaskBesideTheBirthDateGaveTheNumberBack() {
        let old = MaskedIdentity(mask: "320685********0024", sex: .female, age: 88, on: Self.today, birthDate: Self.id.birthDate)
        #expect(old.candidates(limit: 1000) == 1)
        // Even the shortest mask leaves a few hundred numbers once the birth date is known.
        let birth = MaskedIdentity(mask: Self.id.masked, sex: .female, age: nil, on: Self.today, birthDate: Self.id.birthDate)
        #expect(birth.candidates(limit: 1000) == 500)
    }

    @Test func theMaskWithSexAndAgeLeavesTheNumberOutOfReach() {
        #expect(Self.id.masked == "320685************")
        let view = MaskedIdentity(mask: Self.id.masked, sex: Self.id.sex, age: Self.id.age(on: Self.today), on: Self.today)
        #expect(view.candidates(limit: 100_000) == 100_000)
    }

    @Test func theCountAgreesWithEveryShownDigit() {
        // The check character shown cuts the tries to about one in eleven.
        let view = MaskedIdentity(mask: "320685***********4", sex: .female, age: nil, on: Self.today, birthDate: Self.id.birthDate)
        #expect((40...50).contains(view.candidates(limit: 1000)))
        #expect(MaskedIdentity(mask: "320685193803150024", sex: nil, age: nil, on: Self.today, birthDate: Self.id.birthDate).candidates(limit: 10) == 1)
    }
}

@Suite struct DuplicateRegistrationRuleTests {
    typealias Match = DuplicateRegistration.Match

    @Test func aNumberNobodyCarriesIsAnOrdinaryRegistration() {
        #expect(DuplicateRegistration.decide([]) == .new)
    }

    @Test func aRecordTheCallerSeesRefusesTheNumberWhetherOriginalOrHeld() {
        #expect(DuplicateRegistration.decide([Match(id: "a", visible: true, held: false)]) == .alreadyRegistered(id: "a"))
        // The caller's own earlier registration, held for review, is seen: registered twice by them is refused.
        #expect(DuplicateRegistration.decide([Match(id: "a", visible: false, held: false), Match(id: "b", visible: true, held: true)])
            == .alreadyRegistered(id: "b"))
    }

    @Test func aNumberCarriedOnlyOutOfSightIsHeldAgainstTheOriginal() {
        // Other regions' held registrations of the same number do not change which record is the original.
        #expect(DuplicateRegistration.decide([Match(id: "h", visible: false, held: true), Match(id: "o", visible: false, held: false)])
            == .held(originalID: "o"))
    }
}
