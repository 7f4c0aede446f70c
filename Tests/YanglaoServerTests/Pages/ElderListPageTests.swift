import Plot
import SnapshotTesting
import Testing
import YanglaoCore
@testable import YanglaoPlatform
@testable import YanglaoElders

/// 老年人 (the register's list): its model from a page of the service (no HTML), and its view
/// against a recorded snapshot (`Pages/__Snapshots__/`; re-record by deleting the file).
@Suite struct ElderListPageTests {
    static let today = LocalDate(year: 2026, month: 11, day: 28)!

    static func page() -> ElderService.Page {
        var assessed = ElderRecord(id: "e1")
        assessed.name = "张桂英"
        assessed.sex = .female
        assessed.birthDate = LocalDate(year: 1938, month: 3, day: 2)
        assessed.idNumber = PersonalText(plain: nil, sealed: "s", hash: "h", mask: "320685********0026")
        assessed.regionCode = "320685101"
        assessed.categories = [.specialHardship]
        assessed.supportMode = .centralised
        assessed.abilityLevel = 3
        assessed.nextAssessmentOn = LocalDate(year: 2026, month: 10, day: 1)
        var died = ElderRecord(id: "e2")
        died.name = "李秀兰"
        died.regionCode = "320685101201"
        died.deathDate = LocalDate(year: 2026, month: 6, day: 5)
        return ElderService.Page(records: [assessed, died], names: ["320685101": "角斜镇", "320685101201": "老坝港村"], next: nil,
                                 total: ListCount(value: 100_000, isAtLeast: true), descriptions: ["角斜镇", "人员类别：特困"])
    }

    static func model(canEdit: Bool = true, held: Int = 2) -> ElderListPage.Model {
        let total = ListCount(value: 100_000, isAtLeast: true)
        let frame = RegistryListFrame(
            path: ElderURL.elders.path, export: ElderURL.eldersExport.path, subject: "老年人", regionName: "角斜镇",
            descriptions: ["角斜镇", "人员类别：特困"], today: today, filterValues: ["region": "320685101", "category": "特困"],
            regionOptions: [("320685101", "角斜镇")], exportQuery: { "category=特困&region=320685101&format=\($0)" }, total: total, unit: "人",
            actions: ElderListPage.actions(canEdit: canEdit),
            pager: .init(from: 1, shown: 2, total: total, firstHref: nil, nextHref: "/elders?category=特困&cursor=C&from=3"))
        return ElderListPage.model(page(), frame: frame, today: today, held: held, decided: 0)
    }

    @Test func theModelSaysWhatTheListShowsInWords() {
        let model = Self.model()
        #expect(model.frame.heading == "角斜镇 · 老年人 · 人员类别：特困 · 2026年11月28日")
        #expect(model.frame.exportScope == "当前筛选的全部，超过 100000 人", "a bounded count says it is a lower bound")
        let first = model.rows[0]
        #expect(first.number == 1 && first.age == "88" && first.idNumber == "320685********0026", "masked, never the number")
        #expect(first.due == "2026年10月1日（逾期）" && first.overdue, "a date as people write it, overdue marked")
        #expect(first.level.hasPrefix("3 "))
        #expect(model.rows[1].name == "李秀兰（已故）" && model.rows[1].due == "未评估" && model.rows[1].age == "—")
        #expect(model.duplicateNotices.count == 1 && model.duplicateNotices[0].contains("2 条重复登记"))
        #expect(model.frame.actions.map(\.label) == ["登记老年人", "批量导入"])
    }

    @Test func aReaderSeesNoRegistrationAndNoReviews() {
        let model = Self.model(canEdit: false, held: 0)
        #expect(model.frame.actions.isEmpty && model.duplicateNotices.isEmpty)
    }

    @Test func theViewMatchesItsSnapshot() {
        let html = HTML(.body(ElderListPage.view(Self.model()))).render(indentedBy: .spaces(1))
        assertSnapshot(of: html, as: .lines)
    }
}
