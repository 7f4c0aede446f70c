import Testing
@testable import YanglaoCore

/// The catalogue as the assembly puts it together from the registries' declarations.
let catalogue = IndicatorCatalogue(IndicatorCatalogue.reported + FacilityFormula.definitions + ElderFormula.definitions)

@Suite struct PlanRulesTests {
    func date(_ text: String) -> LocalDate { LocalDate(parsing: text)! }

    // MARK: Schedule and status

    @Test func linearShareOverTheYear() {
        let schedule = ProgressSchedule()
        #expect(schedule.expectedShare(on: date("2020-12-31"), year: 2021) == 0)
        #expect(abs(schedule.expectedShare(on: date("2021-06-30"), year: 2021) - 181.0 / 365) < 1e-12)
        #expect(schedule.expectedShare(on: date("2021-12-31"), year: 2021) == 1)
        #expect(schedule.expectedShare(on: date("2022-03-01"), year: 2021) == 1)
    }

    @Test func aDeadlineBringsTheShareForward() {
        let schedule = ProgressSchedule()
        #expect(schedule.expectedShare(on: date("2021-09-30"), year: 2021, deadline: date("2021-09-30")) == 1)
        #expect(schedule.expectedShare(on: date("2021-05-15"), year: 2021, deadline: date("2021-09-30")) > schedule.expectedShare(on: date("2021-05-15"), year: 2021))
    }

    @Test func quarterlyPaceSteps() {
        let schedule = ProgressSchedule(pace: .quarterly)
        #expect(schedule.expectedShare(on: date("2021-03-30"), year: 2021) == 0)
        #expect(schedule.expectedShare(on: date("2021-04-01"), year: 2021) == ProgressSchedule().expectedShare(on: date("2021-03-31"), year: 2021))
        #expect(schedule.expectedShare(on: date("2021-11-15"), year: 2021) == ProgressSchedule().expectedShare(on: date("2021-09-30"), year: 2021))
        #expect(schedule.expectedShare(on: date("2021-12-31"), year: 2021) == 1)
    }

    @Test func statusAgainstTheExpectedShare() {
        let june = date("2021-06-30")
        func status(_ value: Double?, _ target: Double?, _ direction: IndicatorDirection = .atLeast, on day: LocalDate? = nil) -> ProgressStatus? {
            ProgressRules.evaluate(value: value, target: target, direction: direction, on: day ?? june, year: 2021).status
        }
        #expect(status(88, 88) == .met)
        #expect(status(50, 88) == .onTrack, "57 % done when half the year is expected")
        #expect(status(30, 88) == .behind, "34 % done: behind by 16 points")
        #expect(status(10, 88) == .seriouslyBehind, "11 %: behind by more than a quarter")
        #expect(status(0, 1, on: date("2021-12-31")) == .seriouslyBehind, "the year is over and the target is missed")
        #expect(status(878, 900, on: date("2021-12-31")) == .behind, "the year is over, 98 % done")
        #expect(status(nil, 88) == nil, "no figure: no status claimed")
        #expect(status(3, nil) == nil, "no target: no status (a blank cell)")
        #expect(status(0, 0, .atMost) == .met, "hazards cleared to zero")
        #expect(status(2, 0, .atMost, on: date("2021-12-31")) == .seriouslyBehind)
        #expect(status(55.00000000000001, 55) == .met)
        #expect(status(54.9, 55) == .onTrack)
    }

    @Test func completionIsCapped() {
        #expect(ProgressRules.completionShare(value: 120, target: 100, direction: .atLeast) == 1)
        #expect(ProgressRules.completionShare(value: 40, target: 80, direction: .atLeast) == 0.5)
        #expect(ProgressRules.completionShare(value: 4, target: 2, direction: .atMost) == 0.5)
        #expect(ProgressRules.completionShare(value: 3, target: 0, direction: .atLeast) == 1)
    }

    // MARK: Formulas

    @Test func rowsAddUpToTheirTotal() {
        let rows = [IndicatorInputs(numerator: 20, denominator: 45), IndicatorInputs(numerator: 0, denominator: 0), IndicatorInputs(numerator: 120, denominator: 150)]
        let total = rows.reduce(.zero, +)
        #expect(total == IndicatorInputs(numerator: 140, denominator: 195))
        #expect(abs(total.figure(in: .percent)! - 140.0 / 195 * 100) < 1e-9)
        #expect(IndicatorInputs(numerator: 0, denominator: 0).figure(in: .percent) == nil, "nothing to count is not 0 %")
        #expect([IndicatorInputs(numerator: 2), IndicatorInputs(numerator: 3)].reduce(.zero, +).figure(in: .units) == 5)
    }

    @Test func facilityChecksCountWhatTheRuleCovers() {
        var home = FacilityFacts(category: .institution, institutionKind: .specialHardship, beds: 60, nursingBeds: 30, residents: 40,
                                 specialHardshipResidents: 32, internalClinic: false, nursingStation: false, fireCompliant: true, foodCompliant: nil)
        let day = date("2021-10-01")
        #expect(FacilityFormula.nursingBedShare.contribution(of: home, on: day) == IndicatorInputs(numerator: 30, denominator: 60))
        #expect(FacilityFormula.facilityShare(.clinicWhereRequired).contribution(of: home, on: day) == IndicatorInputs(numerator: 0, denominator: 1),
                "a 敬老院 with 32 特困 residents needs a clinic")
        #expect(FacilityFormula.facilityShare(.fireAndFoodCompliant).contribution(of: home, on: day) == IndicatorInputs(numerator: 0, denominator: 1),
                "food safety not entered is not compliance")
        home.specialHardshipResidents = 20
        home.residents = 20
        #expect(FacilityFormula.facilityShare(.clinicWhereRequired).contribution(of: home, on: day) == nil, "not required: not counted")
        home.status = .underConstruction
        #expect(FacilityFormula.nursingBedShare.contribution(of: home, on: day) == nil, "beds not in use")
        let centre = FacilityFacts(category: .dayCareCentre, status: .operating, electricalAlarmRequired: true, electricalAlarmInstalled: true,
                                   gasAlarmRequired: true, gasAlarmInstalled: false, missingFourHaves: [.sign])
        #expect(FacilityFormula.alarmsInstalled.contribution(of: centre, on: day) == IndicatorInputs(numerator: 1, denominator: 2))
        #expect(FacilityFormula.facilityShare(.fourHaves).contribution(of: centre, on: day) == IndicatorInputs(numerator: 0, denominator: 1))
        #expect(FacilityFormula.nursingBedShare.contribution(of: centre, on: day) == nil)
    }

    @Test func projectsCountInTheYearOfCompletionUpToTheDate() {
        let done = ProjectFacts(kind: .newBuild, year: 2021, status: .completed, actualCompletion: date("2021-09-10"))
        let formula = FacilityFormula.completedProjects(.townHomeCareCentres)
        func count(_ project: ProjectFacts, on day: String, year: Int = 2021, townLevel: Bool = true) -> IndicatorInputs? {
            formula.contribution(of: project, category: .homeCareCentre, institutionKind: nil, functions: [], isTownLevel: townLevel, year: year, on: date(day))
        }
        #expect(count(done, on: "2021-12-31") == IndicatorInputs(numerator: 1))
        #expect(count(done, on: "2021-08-31") == nil, "not yet completed at the end of August")
        #expect(count(done, on: "2022-12-31", year: 2022) == nil, "counted in the year it was completed")
        #expect(count(done, on: "2021-12-31", townLevel: false) == nil, "a village centre is not 镇级")
        let expansion = ProjectFacts(kind: .expansion, year: 2021, status: .completed, actualCompletion: date("2021-08-30"))
        #expect(FacilityFormula.completedHardshipHomeWorks.contribution(of: expansion, category: .institution, institutionKind: .specialHardship,
                                                                         functions: [], isTownLevel: true, year: 2021, on: date("2021-12-31")) != nil)
        #expect(FacilityFormula.completedHardshipHomeWorks.contribution(of: expansion, category: .institution, institutionKind: .other,
                                                                         functions: [], isTownLevel: true, year: 2021, on: date("2021-12-31")) == nil)
    }

    @Test func nursingBedsAddedWithinTheYear() {
        let history = [CapacityHistory.Point(date: date("2019-01-01"), nursingBeds: 20), CapacityHistory.Point(date: date("2021-10-20"), nursingBeds: 45)]
        #expect(FacilityFormula.nursingBedsAdded.contribution(ofCapacity: history, year: 2021, on: date("2021-09-30")) == IndicatorInputs(numerator: 0))
        #expect(FacilityFormula.nursingBedsAdded.contribution(ofCapacity: history, year: 2021, on: date("2021-12-31")) == IndicatorInputs(numerator: 25))
        #expect(FacilityFormula.nursingBedsAdded.contribution(ofCapacity: history, year: 2021, on: date("2026-01-31")) == IndicatorInputs(numerator: 25),
                "a past year is counted to its end")
    }

    @Test func aComputedIndicatorKeepsItsReportedHistory() {
        let measure = IndicatorMeasure.computed(FacilityFormula.nursingBedsAdded.formula, since: YearMonth(year: 2022, month: 1))
        #expect(measure.formula(for: YearMonth(year: 2021, month: 12)!) == nil)
        #expect(measure.formula(for: YearMonth(year: 2022, month: 1)!).flatMap(FacilityFormula.init) == .nursingBedsAdded)
        #expect(IndicatorMeasure.reported.formula(for: YearMonth(year: 2022, month: 1)!) == nil)
    }

    @Test func theCatalogueIsConsistent() {
        let declared = IndicatorCatalogue.reported + FacilityFormula.definitions + ElderFormula.definitions
        #expect(Set(declared.map(\.code)).count == declared.count, "codes are unique")
        for indicator in catalogue.all {
            #expect(indicator.unit.isShare != indicator.accumulates || indicator.measure == .reported, "\(indicator.code): shares are levels")
        }
        #expect(catalogue.named("nursing_bed_share")?.unit == .percent)
        let formulas = FacilityFormula.all.map(\.formula) + ElderFormula.allCases.map(\.formula)
        #expect(Set(formulas).count == formulas.count, "every formula has a name of its own")
        #expect(FacilityFormula.all.allSatisfy { FacilityFormula($0.formula) == $0 }, "a formula's name leads back to it")
        #expect(FacilityFormula(ElderFormula.willingSpecialHardshipInCare.formula) == nil, "a registry answers only its own formulas")
    }

    @Test func aRegistryThatComesToMeasureAnIndicatorTakesTheReportedOnesPlace() {
        let trained = IndicatorDefinition(code: "workers_trained", name: "养老服务从业人员培训数", unit: .persons,
                                          measure: .computed(IndicatorFormula("workforce.trained"), since: YearMonth(year: 2021, month: 10)),
                                          accumulates: true, explanation: "培训记录中合格的人员")
        let joined = IndicatorCatalogue(IndicatorCatalogue.reported + [trained])
        #expect(joined.all.count == IndicatorCatalogue.reported.count, "the code keeps one entry")
        #expect(joined.all.map(\.code) == IndicatorCatalogue.reported.map(\.code), "and its place")
        #expect(joined.named("workers_trained")?.measure.formula(for: YearMonth(year: 2021, month: 9)!) == nil, "months before are the ledgers'")
        #expect(joined.named("workers_trained")?.measure.formula(for: YearMonth(year: 2021, month: 10)!) == IndicatorFormula("workforce.trained"))
    }

    // MARK: Reported figures and the breakdown

    @Test func reportedFiguresAreBounded() {
        let renovations = catalogue.named("home_renovations")!
        #expect(renovations.reportedProblem(value: 12, denominator: nil) == nil)
        #expect(renovations.reportedProblem(value: -1, denominator: nil) != nil)
        #expect(renovations.reportedProblem(value: .infinity, denominator: nil) != nil)
        #expect(renovations.reportedProblem(value: 1.5, denominator: nil) != nil)
        #expect(renovations.reportedProblem(value: 12, denominator: 100) != nil, "a count has no denominator")
        let share = catalogue.named("home_service_share")!
        #expect(share.reportedProblem(value: 12, denominator: nil) != nil, "a share needs its denominator")
        #expect(share.reportedProblem(value: 120, denominator: 100) != nil)
        #expect(share.reportedProblem(value: 18, denominator: 100) == nil)
    }

    @Test func breakdownCells() {
        let trained = catalogue.named("workers_trained")!, share = catalogue.named("nursing_bed_share")!
        #expect(BreakdownRules.parseTarget("", indicator: trained, label: "培训") == .blank)
        #expect(BreakdownRules.parseTarget(" 58 ", indicator: trained, label: "培训") == .target(58))
        #expect(BreakdownRules.parseTarget("-3", indicator: trained, label: "培训") == .invalid("“培训”的目标不能为负数"))
        #expect(BreakdownRules.parseTarget("5.5", indicator: trained, label: "培训") != .target(5.5))
        #expect(BreakdownRules.parseTarget("1e400", indicator: trained, label: "培训") != .target(.infinity))
        #expect(BreakdownRules.parseTarget("68%", indicator: share, label: "占比") == .target(68))
        #expect(BreakdownRules.parseTarget("168", indicator: share, label: "占比") != .target(168))
        // What Double() reads but no official writes: hexadecimal, hexadecimal floats, exponents.
        for odd in ["0x10", "0x1p3", "1e3", "1E2", "1_000", "inf", "nan", "١٢"] {
            guard case .invalid = BreakdownRules.parseTarget(odd, indicator: trained, label: "培训") else {
                Issue.record("“\(odd)” was read as a target")
                continue
            }
        }
        #expect(BreakdownRules.parseTarget("60.5", indicator: share, label: "占比") == .target(60.5))
    }

    @Test func totalsNameTheColumnThatDisagrees() {
        let columns = [("适老化改造户数", catalogue.named("home_renovations")!), ("护理型床位占比", catalogue.named("nursing_bed_share")!),
                       ("日间照料中心", catalogue.named("day_care_centres")!)]
        let rows: [[Double?]] = [[88, 60, nil], [95, 70, 1]]
        #expect(BreakdownRules.totalMismatches(columns: columns, rows: rows, total: [183, 68, 1]).isEmpty, "shares are not summed")
        let mismatches = BreakdownRules.totalMismatches(columns: columns, rows: rows, total: [900, 68, nil])
        #expect(mismatches.map(\.column) == [0])
        #expect(mismatches.first?.message.contains("适老化改造户数") == true)
        #expect(BreakdownRules.regionTarget(planTarget: 800, tableTotal: 760) == 800)
        #expect(BreakdownRules.regionTarget(planTarget: nil, tableTotal: 5) == 5)
    }

    @Test func months() {
        #expect(YearMonth(parsing: "2021-06")?.description == "2021-06")
        #expect(YearMonth(parsing: "2021年6月")?.lastDay == date("2021-06-30"))
        #expect(YearMonth(parsing: "2021-13") == nil)
        #expect(YearMonth(parsing: "21-06") == nil)
        #expect(YearMonth(year: 2021, month: 1)!.previous.description == "2020-12")
        #expect(YearMonth(year: 2021, month: 12)!.next.description == "2022-01")
        #expect(YearMonth(year: 2021, month: 3)!.monthsOfYearSoFar.count == 3)
    }
}

@Suite struct PlanDraftRulesTests {
    @Test func tasksAreTypedOnePerLine() {
        let text = """
        一、巩固居家社区养老基础地位
        （二）完善社区养老服务设施功能｜镇级居家养老服务中心全覆盖｜各镇、街道
        （三）提升居家养老服务质量｜900户适老化改造｜各镇、街道｜2021-12-31

        三、提升机构养老服务支撑能力
        （四）推进农村敬老院升级改造
        推进敬老院改造
        （五）推行链式养老服务模式｜｜｜2021年13月
        """
        let (tasks, problems) = PlanRules.parseTasks(text)
        #expect(tasks.map(\.number) == ["（二）", "（三）", "（四）", "（五）"])
        #expect(tasks[0].section == "一、巩固居家社区养老基础地位" && tasks[2].section == "三、提升机构养老服务支撑能力")
        #expect(tasks[1].deadline == LocalDate(year: 2021, month: 12, day: 31) && tasks[1].responsible == "各镇、街道")
        #expect(problems[7] != nil, "a line that is neither a section nor a task is named")
        #expect(problems[8]?.contains("YYYY-MM-DD") == true)
    }

    @Test func taskNumbersAreWrittenAsThePlansWriteThem() {
        #expect(PlanRules.taskNumber("三") == "（三）")
        #expect(PlanRules.taskNumber(" (十二) ") == "（十二）")
        #expect(PlanRules.taskNumber("（五）") == "（五）")
        #expect(PlanRules.taskNumber("  ") == "")
    }

    @Test func aPlanIsCheckedAtItsFields() {
        let tasks = [PlanRules.Task(section: "三、主要任务", number: "（五）", title: "实施养老服务人才培养培训工程")]
        let good = PlanRules.problems(year: 2021, title: "实施方案", documentNumber: "通民福字〔2021〕1号", issuingBody: "通辽市民政局",
                                      reportDue: LocalDate(year: 2021, month: 12, day: 15), tasks: tasks,
                                      indicators: [.init(code: "workers_trained", label: "培训", target: 500, task: "（五）", inBreakdown: true)],
                                      catalogue: catalogue)
        #expect(good.isEmpty)
        let bad = PlanRules.problems(year: 1999, title: " ", documentNumber: "", issuingBody: "通辽市民政局", reportDue: LocalDate(year: 2025, month: 1, day: 1),
                                     tasks: tasks + tasks, indicators: [
                                        .init(code: "workers_trained", label: "培训", target: -5, task: "（九）", inBreakdown: true),
                                        .init(code: "nursing_bed_share", label: "占比", target: 120, task: nil, inBreakdown: false),
                                        .init(code: "unknown", label: "x", target: nil, task: nil, inBreakdown: false)],
                                     catalogue: catalogue)
        #expect(bad["year"] != nil && bad["title"] != nil && bad["reportDue"] != nil)
        #expect(bad["tasks[1].number"]?.contains("重复") == true)
        #expect(bad["indicators.workers_trained"] != nil && bad["indicators.nursing_bed_share"]?.contains("0 至 100") == true)
        #expect(bad["indicators.unknown"] != nil)
    }
}
