import Testing
@testable import YanglaoCore

@Suite struct RegionRowTests {
    func row(_ code: String, _ name: String, _ level: String, _ parent: String = "", extra: [String: String] = [:]) -> [String: String] {
        var fields = ["区划代码": code, "名称": name, "层级": level, "上级区划代码": parent]
        fields.merge(extra) { $1 }
        return fields
    }

    @Test func aCompleteRow() {
        let parsed = RegionRow.parse(row("320685101000", "角斜镇", "乡", "320685", extra: ["类型": "镇"]))
        #expect(parsed == .valid(RegionEntry(code: "320685101", name: "角斜镇", level: .town, kind: "镇", parentCode: "320685")))
    }

    @Test func everyProblemOfARowIsNamedAtItsField() {
        guard case let .invalid(problems) = RegionRow.parse(row("abc", "", "区", "12")) else {
            Issue.record("row should be invalid")
            return
        }
        #expect(Set(problems.map(\.field)) == ["名称", "层级", "上级区划代码"])
        #expect(problems.contains { $0.message == "层级“区”无效，应为 省、市、县、乡、村 之一" })
    }

    @Test func kindMustBelongToTheLevel() {
        guard case let .invalid(problems) = RegionRow.parse(row("320685101", "角斜镇", "乡", "320685", extra: ["类型": "社区"])) else {
            Issue.record("row should be invalid")
            return
        }
        #expect(problems.map(\.field) == ["类型"])
    }

    @Test func mergedUnitNeedsAnEndDateAfterItsStart() {
        guard case let .invalid(problems) = RegionRow.parse(row(
            "320621", "海安县", "县", "320600", extra: ["并入区划代码": "320685", "生效日期": "2018-05-11"]
        )) else {
            Issue.record("row should be invalid")
            return
        }
        #expect(problems.map(\.message) == ["已填写并入区划代码，须同时填写失效日期"])

        guard case let .invalid(dateProblems) = RegionRow.parse(row(
            "320621", "海安县", "县", "320600", extra: ["生效日期": "2018-05-11", "失效日期": "2018-01-01"]
        )) else {
            Issue.record("row should be invalid")
            return
        }
        #expect(dateProblems.map(\.field) == ["失效日期"])
    }

    @Test func cellsRoundTrip() {
        let entry = RegionEntry(
            code: "320621", name: "海安县", level: .county, kind: "县", parentCode: "320600",
            effectiveTo: LocalDate(year: 2018, month: 5, day: 11), mergedInto: "320685"
        )
        let columns = RegionRow.requiredColumns + RegionRow.optionalColumns
        let fields = Dictionary(uniqueKeysWithValues: zip(columns, RegionRow.cells(of: entry)))
        #expect(RegionRow.parse(fields) == .valid(entry))
    }
}

@Suite struct RegionTreeCheckTests {
    let city = RegionEntry(code: "320600", name: "南通市", level: .prefecture)
    let haian = RegionEntry(code: "320685", name: "海安市", level: .county, parentCode: "320600")

    func numbered(_ entries: [RegionEntry]) -> [RegionTreeCheck.NumberedEntry] {
        entries.enumerated().map { .init(row: $0.offset + 2, entry: $0.element) }
    }

    @Test func aSoundFileHasNoProblems() {
        let town = RegionEntry(code: "320685101", name: "角斜镇", level: .town, parentCode: "320685")
        #expect(RegionTreeCheck.problems(incoming: numbered([city, haian, town]), stored: [:]).isEmpty)
    }

    @Test func parentMayBeStoredAlready() {
        let town = RegionEntry(code: "320685101", name: "角斜镇", level: .town, parentCode: "320685")
        #expect(RegionTreeCheck.problems(incoming: numbered([town]), stored: ["320685": haian, "320600": city]).isEmpty)
    }

    @Test func duplicatesUnknownParentsAndUpsideDownLevels() {
        let orphan = RegionEntry(code: "150523", name: "开鲁县", level: .county, parentCode: "159900")
        let upsideDown = RegionEntry(code: "320600", name: "南通市", level: .prefecture, parentCode: "320685")
        let problems = RegionTreeCheck.problems(incoming: numbered([haian, orphan, haian, upsideDown]), stored: ["320600": city])
        #expect(problems.map(\.row) == [3, 4, 5])
        #expect(problems[0].message == "上级区划代码 159900 不存在（文件和系统中都没有）")
        #expect(problems[1].message == "区划代码 320685 与第2行重复")
        #expect(problems[2].field == "上级区划代码")
    }

    @Test func skippedLevelsAreAllowed() {
        let town = RegionEntry(code: "441900003", name: "东城街道", level: .town, parentCode: "441900")
        let prefecture = RegionEntry(code: "441900", name: "东莞市", level: .prefecture)
        #expect(RegionTreeCheck.problems(incoming: numbered([prefecture, town]), stored: [:]).isEmpty)
    }

    @Test func changingALevelAboveStoredChildrenIsRefusedAtThatRow() {
        let village = RegionEntry(code: "320685101201", name: "沿口村", level: .village, parentCode: "320685101")
        let town = RegionEntry(code: "320685101", name: "角斜镇", level: .town, parentCode: "320685")
        var demoted = town
        demoted.level = .village
        demoted.code = "320685101"
        let problems = RegionTreeCheck.problems(
            incoming: numbered([demoted]), stored: ["320600": city, "320685": haian, "320685101": town, "320685101201": village]
        )
        #expect(problems.map(\.row) == [2])
        #expect(problems.first?.field == "层级")
    }

    @Test func mergedIntoMustExist() {
        var old = RegionEntry(code: "320621", name: "海安县", level: .county, parentCode: "320600")
        old.mergedInto = "320699"
        old.effectiveTo = LocalDate(year: 2018, month: 5, day: 11)
        let problems = RegionTreeCheck.problems(incoming: numbered([old]), stored: ["320600": city])
        #expect(problems.map(\.field) == ["并入区划代码"])
    }

    @Test func ancestryFollowsTheTreeNotTheDigits() {
        let town = RegionEntry(code: "320685101", name: "角斜镇", level: .town, parentCode: "320685")
        let village = RegionEntry(code: "320685101201", name: "沿口村", level: .village, parentCode: "320685101")
        let ancestry = RegionAncestry.compute(["320600": city, "320685": haian, "320685101": town, "320685101201": village])
        #expect(ancestry["320685101201"] == [.prefecture: "320600", .county: "320685", .town: "320685101", .village: "320685101201"])
        #expect(ancestry["320600"] == [.prefecture: "320600"])
    }
}
