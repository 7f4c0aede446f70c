import Plot
import SnapshotTesting
import Testing
import YanglaoCore
@testable import YanglaoPlatform
@testable import YanglaoElders
@testable import YanglaoFacilities
@testable import YanglaoPlans
@testable import YanglaoServer

/// 设施名录: its model from a page of the service (no HTML), and its view against a recorded
/// snapshot (`Pages/__Snapshots__/`; re-record by deleting the file).
@Suite struct FacilityListPageTests {
    static let today = LocalDate(year: 2026, month: 11, day: 28)!

    static func page() -> FacilityService.Page {
        var known = FacilityRecord(facility: .empty(id: "f1", code: "320685-0005", name: "角斜镇敬老院", category: .institution, regionCode: "320685101"),
                                   functions: [], agreements: [])
        known.facility.beds = 45
        known.facility.nursingBeds = 20
        known.facility.occupiedBeds = 33
        let unknown = FacilityRecord(facility: .empty(id: "f2", code: "320685-0099", name: "新登记的助餐点", category: .mealPoint, regionCode: "320685101201"),
                                     functions: [], agreements: [])
        return FacilityService.Page(
            records: [known, unknown], problems: ["f1": [.clinicRequired], "f2": [.factsMissing]],
            names: ["320685101": "角斜镇", "320685101201": "老坝港村"], next: "CURSOR", total: ListCount(value: 120),
            summary: FacilityList.Summary(facilities: 120, beds: 3200, nursingBeds: 1800, nursingBedRatio: 0.5625, occupiedBeds: 2400, withProblems: 31),
            descriptions: ["角斜镇", "存在问题"]
        )
    }

    static func model() -> FacilityListPage.Model {
        let frame = RegistryListFrame(
            path: FacilityURL.facilities.path, export: FacilityURL.facilitiesExport.path, subject: "养老服务设施", regionName: "角斜镇",
            descriptions: ["角斜镇", "存在问题"], today: today, filterValues: ["region": "320685101", "problem": "any"],
            regionOptions: [("320685101", "角斜镇")], exportQuery: { "problem=any&region=320685101&format=\($0)" }, total: ListCount(value: 120),
            actions: FacilityListPage.actions(canEdit: true),
            pager: .init(from: 51, shown: 2, total: ListCount(value: 120), firstHref: "/facilities?problem=any", nextHref: "/facilities?problem=any&cursor=CURSOR&from=53"))
        return FacilityListPage.model(page(), frame: frame)
    }

    @Test func theModelNumbersRowsAndShowsUnknownFactsAsDashes() {
        let model = Self.model()
        #expect(model.frame.heading == "角斜镇 · 养老服务设施 · 存在问题 · 2026年11月28日", "the region once, the filters, the day as people write it")
        #expect(model.rows.map(\.number) == [51, 52], "序号 continue from the page's first row")
        #expect(model.rows[0].beds == "45" && model.rows[0].problems == [FacilityRules.Problem.clinicRequired.label])
        #expect(model.rows[1].beds == "—" && model.rows[1].nursingBeds == "—", "a figure nobody entered is —, not 0")
        #expect(model.rows[1].region == "老坝港村")
        #expect(model.frame.exportScope == "当前筛选的全部 120 条")
        #expect(model.frame.actions.map(\.label) == ["登记设施", "批量导入"])
        #expect(model.frame.exportXLSX == "/facilities/export?problem=any&region=320685101&format=xlsx")
    }

    @Test func theViewMatchesItsSnapshot() {
        let html = HTML(.body(FacilityListPage.view(Self.model()))).render(indentedBy: .spaces(1))
        assertSnapshot(of: html, as: .lines)
    }
}
