import Testing
@testable import YanglaoCore

@Suite struct RegionCodeTests {
    @Test func sixDigitCodesByLevel() throws {
        #expect(try RegionCode.normalized("150000", level: .province) == "150000")
        #expect(try RegionCode.normalized("320600", level: .prefecture) == "320600")
        #expect(try RegionCode.normalized(" 320685 ", level: .county) == "320685")
    }

    @Test func twelveDigitStatisticsCodesAreTrimmedToTheirLevel() throws {
        #expect(try RegionCode.normalized("320685000000", level: .county) == "320685")
        #expect(try RegionCode.normalized("320685101000", level: .town) == "320685101")
        #expect(try RegionCode.normalized("320685101201", level: .village) == "320685101201")
    }

    @Test func wrongShapesAreRefusedWithAReason() {
        #expect(throws: RegionCode.Problem.notDigits) { try RegionCode.normalized("32068A", level: .county) }
        #expect(throws: RegionCode.Problem.wrongLength(level: .county, length: 5)) { try RegionCode.normalized("15052", level: .county) }
        #expect(throws: RegionCode.Problem.wrongSuffix(level: .county)) { try RegionCode.normalized("320600", level: .county) }
        #expect(throws: RegionCode.Problem.wrongSuffix(level: .prefecture)) { try RegionCode.normalized("320000", level: .prefecture) }
        #expect(throws: RegionCode.Problem.wrongSuffix(level: .province)) { try RegionCode.normalized("320600", level: .province) }
        #expect(throws: RegionCode.Problem.wrongLength(level: .village, length: 9)) { try RegionCode.normalized("320685101", level: .village) }
        #expect(throws: RegionCode.Problem.wrongSuffix(level: .village)) { try RegionCode.normalized("320685101000", level: .village) }
    }

    @Test func messagesAreChinese() {
        #expect(RegionCode.Problem.wrongLength(level: .town, length: 7).message == "乡级区划代码应为9（或以000结尾的12）位，实际为7位")
        #expect(RegionCode.Problem.notDigits.message == "区划代码只能由数字组成")
    }

    @Test func referencesOfUnknownLevel() {
        #expect(RegionCode.normalizedReference("320600000000") == "320600")
        #expect(RegionCode.normalizedReference("320685101000") == "320685101")
        #expect(RegionCode.normalizedReference("320685101201") == "320685101201")
        #expect(RegionCode.normalizedReference("3206") == nil)
        #expect(RegionCode.normalizedReference("32060x") == nil)
    }

    @Test func levelsOrderFromTheTop() {
        #expect(RegionLevel.province < RegionLevel.county)
        #expect(RegionLevel(label: "乡") == .town)
        #expect(RegionLevel(label: "区") == nil)
    }
}

@Suite struct LocalDateTests {
    @Test(arguments: ["2018-05-11", "2018/5/11", "2018.5.11", "2018年5月11日", "20180511"])
    func spreadsheetSpellings(_ text: String) {
        #expect(LocalDate(parsing: text)?.description == "2018-05-11")
    }

    @Test(arguments: ["2018-02-30", "2018-13-01", "18-5-11", "明天", "", "2018-05"])
    func impossibleDatesAreRefused(_ text: String) {
        #expect(LocalDate(parsing: text) == nil)
    }

    @Test func leapYears() {
        #expect(LocalDate(year: 2020, month: 2, day: 29) != nil)
        #expect(LocalDate(year: 2021, month: 2, day: 29) == nil)
        #expect(LocalDate(year: 2000, month: 2, day: 29) != nil)
        #expect(LocalDate(year: 1900, month: 2, day: 29) == nil)
    }

    @Test func effectiveRangeIncludesTheStartAndExcludesTheEnd() throws {
        let from = try #require(LocalDate(parsing: "2018-05-11"))
        let to = try #require(LocalDate(parsing: "2020-01-01"))
        let entry = RegionEntry(code: "320685", name: "海安市", level: .county, effectiveFrom: from, effectiveTo: to)
        #expect(entry.isEffective(on: from))
        #expect(!entry.isEffective(on: LocalDate(year: 2018, month: 5, day: 10)!))
        #expect(entry.isEffective(on: LocalDate(year: 2019, month: 12, day: 31)!))
        #expect(!entry.isEffective(on: to))
    }
}
