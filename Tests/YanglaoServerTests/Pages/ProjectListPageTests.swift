import Plot
import SnapshotTesting
import Testing
import YanglaoCore
@testable import YanglaoPlatform
@testable import YanglaoFacilities

/// 设施项目: its model from a page of projects (no HTML), and its view against a recorded snapshot
/// (`Pages/__Snapshots__/`; re-record by deleting the file).
@Suite struct ProjectListPageTests {
    static let today = LocalDate(year: 2021, month: 12, day: 1)!

    static func records() -> [ProjectRecord] {
        let home = Facility.empty(id: "f1", code: "320685-0005", name: "胡集街道敬老院", category: .institution, regionCode: "320685003")
        let dayCare = Facility.empty(id: "f2", code: "320685-0031", name: "西场社区日间照料中心", category: .dayCareCentre, regionCode: "320685005201")
        func project(_ id: String, _ name: String, facility: Facility, kind: ProjectKind, upgrade: UpgradeKind? = nil, status: ProjectStatus,
                     planned: LocalDate?, actual: LocalDate? = nil, investment: Int64?) -> ProjectRecord {
            ProjectRecord(project: FacilityProject(id: id, facilityId: facility.id, name: name, kind: kind, upgradeKind: upgrade, year: 2021, status: status,
                                                   investment: investment, fundingSource: nil, plannedCompletion: planned, actualCompletion: actual,
                                                   createdAt: "", updatedAt: ""),
                          facility: facility, functions: [], facilityAtTownLevel: false)
        }
        return [
            project("p1", "胡集街道敬老院失能失智照护改造", facility: home, kind: .upgrade, upgrade: UpgradeKind.allCases.first, status: .inProgress,
                    planned: LocalDate(year: 2021, month: 11, day: 30)!, investment: 2_400_000),
            project("p2", "西场社区日间照料中心新建", facility: dayCare, kind: .newBuild, status: .completed,
                    planned: LocalDate(year: 2021, month: 9, day: 30)!, actual: LocalDate(year: 2021, month: 9, day: 15)!, investment: nil),
        ]
    }

    static func model() -> ProjectListPage.Model {
        ProjectListPage.model(
            records(), total: 60, years: [2021, 2020], filterValues: ["year": "2021", "region": "320685"], nursingBedsAdded: 260,
            plansPath: "/plans", today: today, exportQuery: { "year=2021&region=320685&format=\($0)" },
            pager: .init(from: 1, shown: 2, total: ListCount(value: 60), firstHref: nil, nextHref: "/projects?year=2021&cursor=CURSOR&from=3")
        )
    }

    @Test func theModelWritesDatesAndMoneyAsPeopleReadThem() {
        let model = Self.model()
        #expect(model.rows.map(\.name) == ["胡集街道敬老院失能失智照护改造", "西场社区日间照料中心新建"])
        #expect(model.rows[0].plannedCompletion == "2021年11月30日" && model.rows[0].actualCompletion == "", "dates in Chinese, none where none")
        #expect(model.rows[0].investment == "240.0" && model.rows[1].investment == "", "万元 with one decimal; blank where not entered")
        #expect(model.rows[0].late && !model.rows[1].late, "in progress past its planned date is late; completed is not")
        #expect(model.rows[0].kind.hasPrefix("提升改造（") && model.rows[1].kind == "新建")
        #expect(model.rows[1].facilityHref == "/facilities/f2")
        #expect(model.exportXLSX == "/projects/export?year=2021&region=320685&format=xlsx")
    }

    @Test func theViewMatchesItsSnapshot() {
        let html = HTML(.body(ProjectListPage.view(Self.model()))).render(indentedBy: .spaces(1))
        assertSnapshot(of: html, as: .lines)
    }
}
