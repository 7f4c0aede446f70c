import Testing
@testable import YanglaoCore

@Suite struct CommunityRulesTests {
    let today = LocalDate(year: 2021, month: 10, day: 1)!

    func activity(_ daysAgo: Int, participants: Int = 12, record: String = "签到表") -> CommunityRules.Activity {
        CommunityRules.Activity(heldOn: today.adding(days: -daysAgo), participants: participants, record: record)
    }

    @Test func allFourWhenSiteSignAndARecordedRecentActivity() {
        #expect(CommunityRules.missingFourHaves(hasSite: true, hasSign: true, activities: [activity(5)], on: today).isEmpty)
    }

    @Test func eachOfTheFourCanBeMissing() {
        #expect(CommunityRules.missingFourHaves(hasSite: false, hasSign: false, activities: [], on: today) == [.site, .sign, .activities, .records])
        #expect(CommunityRules.missingFourHaves(hasSite: true, hasSign: true, activities: [activity(5, participants: 0)], on: today) == [.records])
        #expect(CommunityRules.missingFourHaves(hasSite: true, hasSign: true, activities: [activity(5, record: "  ")], on: today) == [.records])
    }

    @Test func onlyActivitiesInsideTheWindowCount() {
        #expect(CommunityRules.missingFourHaves(hasSite: true, hasSign: true, activities: [activity(90)], on: today).isEmpty)
        #expect(CommunityRules.missingFourHaves(hasSite: true, hasSign: true, activities: [activity(91)], on: today) == [.activities, .records])
        #expect(CommunityRules.missingFourHaves(hasSite: true, hasSign: true, activities: [activity(91)], on: today, windowDays: 120).isEmpty)
        #expect(CommunityRules.missingFourHaves(hasSite: true, hasSign: true, activities: [activity(-3)], on: today) == [.activities, .records], "future dates do not count")
    }

    @Test func everyTownItsCentre() {
        let towns = ["320685101", "320685102", "320685103"]
        let centres: [(regionCode: String, status: FacilityStatus)] = [("320685101", .operating), ("320685102", .underConstruction), ("320685101001", .operating)]
        #expect(CommunityRules.townsWithoutCentre(towns: towns, centres: centres) == ["320685102", "320685103"])
    }

    @Test func socialisedShareCountsOperatingCentresAndStations() {
        let share = CommunityRules.socialisedShare([
            (.homeCareCentre, .operating, true), (.homeCareStation, .operating, false), (.homeCareCentre, .suspended, true),
            (.dayCareCentre, .operating, true),
        ])
        #expect(share.socialised == 1)
        #expect(share.total == 2)
    }

    @Test func fourHavesAreAProblemOfOperatingCommunityFacilities() {
        var facts = FacilityFacts(category: .mutualAidHome, status: .operating, fireAcceptance: true, fireCompliant: true, foodCompliant: true,
                                  missingFourHaves: [.records])
        #expect(FacilityRules.problems(facts, on: today) == [.fourHavesIncomplete])
        facts.status = .underConstruction
        #expect(FacilityRules.problems(facts, on: today).isEmpty)
    }

    @Test func addingDaysCrossesMonthsYearsAndLeapDays() {
        #expect(LocalDate(year: 2021, month: 3, day: 1)!.adding(days: -1).description == "2021-02-28")
        #expect(LocalDate(year: 2020, month: 3, day: 1)!.adding(days: -1).description == "2020-02-29")
        #expect(LocalDate(year: 2021, month: 12, day: 31)!.adding(days: 1).description == "2022-01-01")
        #expect(LocalDate(year: 2021, month: 10, day: 1)!.adding(days: -90).description == "2021-07-03")
    }
}

@Suite struct ActivityAndUsernameRulesTests {
    let today = LocalDate(year: 2021, month: 10, day: 1)!

    @Test func anActivityIsRecordedAfterItWasHeldAtACommunityFacility() {
        #expect(CommunityRules.activityProblems(category: .dayCareCentre, heldOn: today, kind: "讲座", participants: 10, today: today).isEmpty)
        let problems = CommunityRules.activityProblems(category: .institution, heldOn: today.adding(days: 1), kind: " ", participants: -1, today: today)
        #expect(problems.map(\.field) == ["facility", "heldOn", "kind", "participants"])
        #expect(CommunityRules.activityProblems(category: .mealPoint, heldOn: nil, kind: "助餐", participants: nil, today: today).map(\.field) == ["heldOn", "participants"])
    }

    @Test func userNames() {
        #expect(UsernamePolicy.problem("demo-town") == nil)
        #expect(UsernamePolicy.problem("ab") != nil)
        #expect(UsernamePolicy.problem("张三") != nil)
        #expect(UsernamePolicy.problem("a b c") != nil)
    }
}
