import Testing
@testable import YanglaoCore

@Suite struct FacilityRulesTests {
    let today = LocalDate(year: 2021, month: 10, day: 1)!

    /// An institution that breaks nothing.
    var compliant: FacilityFacts {
        FacilityFacts(
            category: .institution, institutionKind: .other, status: .operating, beds: 120, nursingBeds: 80, occupiedBeds: 90,
            residents: 90, openedOn: LocalDate(year: 2018, month: 3, day: 1), filingStatus: .filed, filedOn: LocalDate(year: 2018, month: 3, day: 10),
            internalClinic: true, fireAcceptance: true, fireCompliant: true, foodCompliant: true,
            electricalAlarmRequired: true, electricalAlarmInstalled: true, gasAlarmRequired: true, gasAlarmInstalled: true,
            fumeTreated: true, sewageConnected: true
        )
    }

    @Test func aCompliantInstitutionHasNoProblems() {
        #expect(FacilityRules.validate(compliant).isEmpty)
        #expect(FacilityRules.problems(compliant, on: today).isEmpty)
    }

    @Test func impossibleNumbersAreRefusedAtTheirField() {
        var facts = compliant
        facts.nursingBeds = 130
        facts.occupiedBeds = 121
        facts.specialHardshipResidents = 100
        let problems = FacilityRules.validate(facts)
        #expect(problems.map(\.field) == ["nursingBeds", "occupiedBeds", "specialHardshipResidents"])
        #expect(problems[0].message == "护理型床位（130）不能多于床位总数（120）")
    }

    @Test func filingBeforeOpeningAndBackwardAgreementsAreRefused() {
        var facts = compliant
        facts.filedOn = LocalDate(year: 2018, month: 2, day: 1)
        facts.agreements = [MedicalAgreement(partner: "海安市人民医院", startsOn: LocalDate(year: 2021, month: 1, day: 1)!, endsOn: LocalDate(year: 2020, month: 12, day: 31))]
        #expect(FacilityRules.validate(facts).map(\.field) == ["filedOn", "agreements[0].endsOn"])
        facts.filedOn = nil
        #expect(FacilityRules.validate(facts).map(\.field) == ["filedOn", "agreements[0].endsOn"], "已备案 needs a date")
    }

    @Test(arguments: [(99, 0, false), (100, 0, true), (40, 29, false), (40, 30, true)])
    func theClinicRule(beds: Int, hardship: Int, required: Bool) {
        var facts = compliant
        facts.institutionKind = .specialHardship
        facts.beds = beds
        facts.nursingBeds = 0
        facts.occupiedBeds = 0
        facts.residents = hardship
        facts.specialHardshipResidents = hardship
        facts.internalClinic = false
        facts.nursingStation = false
        facts.agreements = [MedicalAgreement(partner: "卫生院", startsOn: LocalDate(year: 2020, month: 1, day: 1)!, endsOn: nil)]
        #expect(FacilityRules.requiresInternalMedicalService(facts) == required)
        #expect(FacilityRules.problems(facts, on: today).contains(.clinicRequired) == required)
        facts.nursingStation = true
        #expect(!FacilityRules.problems(facts, on: today).contains(.clinicRequired))
    }

    @Test func thirtyResidentsCountOnlyForSpecialHardshipInstitutions() {
        var facts = compliant
        facts.institutionKind = .other
        facts.beds = 50
        facts.nursingBeds = 10
        facts.occupiedBeds = 40
        facts.residents = 40
        facts.specialHardshipResidents = 35
        #expect(!FacilityRules.requiresInternalMedicalService(facts))
    }

    @Test func medicalServiceByAgreementDependsOnTheDate() {
        var facts = compliant
        facts.internalClinic = false
        facts.beds = 60
        facts.nursingBeds = 30
        facts.occupiedBeds = 40
        facts.agreements = [MedicalAgreement(partner: "镇卫生院", startsOn: LocalDate(year: 2020, month: 1, day: 1)!, endsOn: LocalDate(year: 2021, month: 6, day: 30))]
        #expect(FacilityRules.providesMedicalService(facts, on: LocalDate(year: 2021, month: 6, day: 30)!))
        #expect(!FacilityRules.providesMedicalService(facts, on: LocalDate(year: 2021, month: 7, day: 1)!))
        #expect(FacilityRules.problems(facts, on: today) == [.noMedicalService])
    }

    @Test func safetyAppliesToCommunityFacilitiesToo() {
        let station = FacilityFacts(category: .homeCareStation, status: .operating, fireAcceptance: true, fireCompliant: false,
                                    foodCompliant: true, gasAlarmRequired: true, gasAlarmInstalled: false)
        #expect(FacilityRules.problems(station, on: today) == [.fireNonCompliant, .gasAlarmMissing])
        // Alarms not required are not missing.
        let quiet = FacilityFacts(category: .dayCareCentre, status: .operating, fireAcceptance: true, fireCompliant: true, foodCompliant: true)
        #expect(FacilityRules.problems(quiet, on: today).isEmpty)
        // Partner hospitals are not 养老服务机构.
        let hospital = FacilityFacts(category: .medicalInstitution, status: .operating)
        #expect(FacilityRules.problems(hospital, on: today).isEmpty)
    }

    @Test func fireAcceptanceAndFireComplianceAreDifferentFacts() {
        var facts = compliant
        facts.fireAcceptance = false
        #expect(FacilityRules.problems(facts, on: today) == [.noFireAcceptance])
        facts.fireAcceptance = true
        facts.fireCompliant = false
        #expect(FacilityRules.problems(facts, on: today) == [.fireNonCompliant])
    }

    @Test func institutionsNeedTenBedsFilingFumeAndSewage() {
        var facts = compliant
        facts.beds = 9
        facts.nursingBeds = 0
        facts.occupiedBeds = 0
        facts.filingStatus = .incomplete
        facts.fumeTreated = false
        facts.sewageConnected = false
        #expect(FacilityRules.problems(facts, on: today) == [.tooFewBedsForInstitution, .notFiled, .fumeUntreated, .sewageUnconnected])
    }

    @Test func facilitiesNotInUseAreNotJudged() {
        var facts = compliant
        facts.fireCompliant = false
        for status in [FacilityStatus.planned, .underConstruction, .suspended, .deregistered] {
            facts.status = status
            #expect(FacilityRules.problems(facts, on: today).isEmpty, "\(status)")
        }
    }

    @Test func nursingBedRatio() {
        #expect(FacilityRules.nursingBedRatio(beds: 200, nursingBeds: 110) == 0.55)
        #expect(FacilityRules.nursingBedRatio(beds: 0, nursingBeds: 0) == nil)
    }
}

@Suite struct ProjectRulesTests {
    let planned = LocalDate(year: 2021, month: 6, day: 30)!

    @Test func lateMeansUnfinishedAfterThePlannedDate() {
        let project = ProjectFacts(kind: .newBuild, year: 2021, status: .inProgress, plannedCompletion: planned)
        #expect(!ProjectRules.isLate(project, on: planned))
        #expect(ProjectRules.isLate(project, on: LocalDate(year: 2021, month: 7, day: 1)!))
        var done = project
        done.status = .completed
        done.actualCompletion = LocalDate(year: 2021, month: 8, day: 1)
        #expect(!ProjectRules.isLate(done, on: LocalDate(year: 2021, month: 9, day: 1)!))
        var cancelled = project
        cancelled.status = .cancelled
        #expect(!ProjectRules.isLate(cancelled, on: LocalDate(year: 2022, month: 1, day: 1)!))
    }

    @Test func upgradesNameWhatTheyUpgradeAndCompletedProjectsTheirDate() {
        let problems = ProjectRules.validate(ProjectFacts(kind: .upgrade, year: 2021, status: .completed))
        #expect(problems.map(\.field) == ["upgradeKind", "actualCompletion"])
        #expect(ProjectRules.validate(ProjectFacts(kind: .newBuild, upgradeKind: .fumeTreatment, year: 21, status: .planned)).map(\.field) == ["upgradeKind", "year"])
    }

    @Test func breakdownColumnsCountCompletedProjectsByWhatTheyProduce() {
        let done = ProjectFacts(kind: .upgrade, upgradeKind: .dayCareUpgrade, year: 2021, status: .completed, actualCompletion: planned)
        #expect(ProjectRules.breakdownColumns(done, category: .dayCareCentre, functions: [], isTownLevel: false) == [.dayCareCentres])
        #expect(ProjectRules.breakdownColumns(done, category: .homeCareCentre, functions: [], isTownLevel: true) == [.townHomeCareCentres])
        #expect(ProjectRules.breakdownColumns(done, category: .homeCareCentre, functions: [], isTownLevel: false).isEmpty)
        let newBuild = ProjectFacts(kind: .newBuild, year: 2021, status: .completed, actualCompletion: planned)
        #expect(ProjectRules.breakdownColumns(newBuild, category: .institution, functions: [.medicalCare, .dementiaCare], isTownLevel: false)
            == [.newMedicalCareInstitutions, .dementiaCareCentres])
        // An upgraded 医养结合型 institution is not a new one.
        #expect(ProjectRules.breakdownColumns(done, category: .institution, functions: [.medicalCare], isTownLevel: false).isEmpty)
        var unfinished = newBuild
        unfinished.status = .inProgress
        #expect(ProjectRules.breakdownColumns(unfinished, category: .dayCareCentre, functions: [.regionalCentre], isTownLevel: true).isEmpty)
        #expect(ProjectRules.completionYear(newBuild) == 2021)
    }
}

@Suite struct CapacityHistoryTests {
    func point(_ text: String, _ beds: Int) -> CapacityHistory.Point {
        CapacityHistory.Point(date: LocalDate(parsing: text)!, nursingBeds: beds)
    }

    @Test func nursingBedsAddedInAYear() {
        let points = [point("2019-03-01", 20), point("2021-06-30", 45), point("2021-11-01", 60), point("2022-02-01", 50)]
        #expect(CapacityHistory.nursingBeds(at: LocalDate(parsing: "2020-12-31")!, points) == 20)
        #expect(CapacityHistory.nursingBedsAdded(in: 2021, points) == 40)
        #expect(CapacityHistory.nursingBedsAdded(in: 2022, points) == -10)
        #expect(CapacityHistory.nursingBedsAdded(in: 2019, points) == 20, "a facility opened in the year adds all its beds")
        #expect(CapacityHistory.nursingBedsAdded(in: 2018, points) == 0)
    }
}
