import Testing
import Vapor
import VaporTesting
import YanglaoCore
@testable import YanglaoPlatform
@testable import YanglaoElders
@testable import YanglaoFacilities
@testable import YanglaoPlans
@testable import YanglaoServer

/// Pages are named once: the value that registers a route is the one links are built from.
@Suite struct SiteURLTests {
    @Test func linksAndRoutesComeFromOneName() {
        #expect(SiteURL.region("320685101").path == "/regions/320685101")
        #expect(SiteURL.region(.codeKey).pathComponents == ["regions", .parameter("code")])
        #expect(SiteURL.accountAction("a1", .disable).path == "/accounts/a1/disable")
        #expect(FacilityURL.facilityEdit("f1").path == "/facilities/f1/edit")
        #expect(FacilityURL.facilityEdit(.idKey).pathComponents == ["facilities", .parameter("id"), "edit"])
        #expect(SiteURL.home.pathComponents.isEmpty)
        #expect(SiteURL.regions(region: "320685").pathComponents == ["regions"], "the query is not part of the route")
    }

    /// Every page route the server has is registered from a named page: none from a literal path.
    @Test func everyPageRouteIsANamedPage() async throws {
        try await withTestApp(.sqlite) { app, _ in
            let named: [any Resourceable] = [
                SiteURL.home, .login, .logout, .password, .regions(), .workingRegion, .region(.codeKey), .regionImport, .regionExport(.codeKey),
                .regionTemplate, .audit, .auditVerify, .accounts, .accountNew, .account(.idKey), .asset(":file"),
            ] + SiteURL.AccountAction.allCases.map { SiteURL.accountAction(.idKey, $0) } + [
                FacilityURL.facilities, .facilitiesExport, .problems, .facility(.idKey), .facilityEdit(.idKey), .facilityNew,
                .facilityAttachments(.idKey), .facilityActivities(.idKey), .attachment(.idKey), .importPage, .importTemplate,
                .projects, .projectsExport,
            ] + [
                ElderURL.elders, .eldersExport, .elderNew, .elder(.idKey), .elderEdit(.idKey), .elderReveal(.idKey), .elderAssess(.idKey), .indicators,
                .importPage, .importTemplate, .importJob(.idKey), .importProblems(.idKey), .importCommit(.idKey), .duplicates,
            ] + DuplicateRegistration.Decision.allCases.map { ElderURL.duplicateDecision(.idKey, $0) } + [
                PlanURL.plans, .planNew, .planEdit(.idKey), .plan(.idKey), .planExport(.idKey), .breakdownImport(.idKey), .breakdownTemplate(.idKey), .breakdownEdit(.idKey),
                .ledgers(.idKey), .ledger(.idKey, ":region", ":month"), .ledgerReview(.idKey, ":region", ":month"),
                .ledgerAttachments(.idKey, ":region", ":month"), .ledgerAttachment(.idKey, ":region", ":month", ":file"), .urgings(.idKey),
                .dashboard(.idKey), .cockpit(.idKey), .report(.idKey), .reportWord(.idKey), .reportTables(.idKey),
            ]
            let names = Set(named.map { "/" + $0.pathComponents.map(\.description).joined(separator: "/") })
            let pages = app.routes.all.filter { route in
                let first = route.path.first?.description ?? ""
                return !["api", "healthz", "metrics", "openapi.json"].contains(first)
            }
            for route in pages {
                let path = "/" + route.path.map(\.description).joined(separator: "/")
                #expect(names.contains(path), "\(route.method) \(path) is registered from a literal path")
            }
        }
    }
}
