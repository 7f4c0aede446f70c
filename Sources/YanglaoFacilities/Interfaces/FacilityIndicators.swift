import Foundation
import SQLKit
import YanglaoCore
import YanglaoPlatform

/// The indicators the facilities registry measures: shares of facilities judged on their facts,
/// the year's completed projects, and nursing beds added from the capacity history.
struct FacilityIndicators: IndicatorProvider {
    var definitions: [IndicatorDefinition] { FacilityFormula.definitions }

    func measures(_ formula: IndicatorFormula) -> Bool { FacilityFormula(formula) != nil }

    func measure(_ asked: [String: IndicatorFormula], request: IndicatorRequest, platform: Platform) async throws -> IndicatorMeasurement {
        var measured = IndicatorMeasurement()
        let formulas = asked.compactMapValues(FacilityFormula.init)
        guard !formulas.isEmpty else { return measured }
        let perFacility = formulas.filter(\.value.isJudgedPerFacility)
        if !perFacility.isEmpty {
            try await measureShares(perFacility, request: request, platform: platform, into: &measured)
        }
        let others = formulas.filter { !$0.value.isJudgedPerFacility }
        guard !others.isEmpty else { return measured }
        let rows = request.rows
        let counts = FacilityIndicatorSQL(sql: platform.sql, user: request.caller.user, region: rows.region)
        let projectFormulas = others.filter { $0.value != .nursingBedsAdded }
        if !projectFormulas.isEmpty {
            let completed = try await counts.completedProjects(year: request.year, by: request.date)
            for (code, formula) in projectFormulas {
                for project in completed {
                    measured.add(code, row: rows.row(of: project.regionCode), formula.contribution(
                        of: project.project, category: project.category, institutionKind: project.institutionKind, functions: project.functions,
                        isTownLevel: project.isTownLevel, year: request.year, on: request.date))
                }
            }
        }
        let bedCodes = others.filter { $0.value == .nursingBedsAdded }.keys
        if !bedCodes.isEmpty {
            for (region, added) in try await counts.nursingBedsAdded(year: request.year, on: request.date) {
                for code in bedCodes { measured.add(code, row: rows.row(of: region), IndicatorInputs(numerator: Double(added))) }
            }
        }
        return measured
    }

    /// The shares of facilities: the month's stored contributions summed in SQL. A month not yet
    /// taken is taken on first need where the records allow it; otherwise the figures are unknown,
    /// with the reason.
    func measureShares(_ formulas: [String: FacilityFormula], request: IndicatorRequest, platform: Platform,
                       into measured: inout IndicatorMeasurement) async throws {
        switch try await FacilityMonthHistory(platform: platform).ensure(request.month) {
        case let .unknown(reason):
            for code in formulas.keys { measured.markUnknown(code, because: reason) }
        case .known:
            let sums = try await FacilityMonthFacts(sql: platform.sql)
                .sums(Array(Set(formulas.values)), month: request.month, visibleTo: request.caller.user, in: request.rows.region)
            for (code, formula) in formulas {
                for sum in sums where sum.formula == formula {
                    measured.add(code, row: request.rows.row(of: sum.regionCode), sum.inputs)
                }
            }
        }
    }

    /// The demo's history: every facility's contributions for each month, judged on the month's
    /// last day from the facts as they stand (the demo's facilities stood so all along).
    func recordHistory(of months: [YearMonth], platform: Platform) async throws {
        try await FacilityMonthHistory(platform: platform).measure(months)
    }

    /// The projects completed, or the facilities judged (with the problem the check names).
    func recordsPath(_ asked: IndicatorFormula, region: String, year: Int) -> String? {
        guard let formula = FacilityFormula(asked) else { return nil }
        func facilities(category: FacilityCategory? = nil, problem: String? = nil) -> String {
            FacilityURL.facilities.with(["region": region, "category": category?.rawValue, "problem": problem])
        }
        func completed(column: BreakdownColumn? = nil) -> String {
            FacilityURL.projects.with(["year": String(year), "region": region, "status": ProjectStatus.completed.rawValue, "column": column?.rawValue])
        }
        switch formula {
        case let .completedProjects(breakdownColumn):
            return completed(column: breakdownColumn)
        case .completedHardshipHomeWorks, .completedUpgrades:
            return completed()
        case .nursingBedShare, .nursingBedsAdded, .facilityShare(.fireAndFoodCompliant), .facilityShare(.medicalAgreement):
            return facilities(category: .institution)
        case let .facilityShare(check):
            let problem: FacilityRules.Problem? = switch check {
            case .fireCompliant: .fireNonCompliant
            case .foodCompliant: .foodNonCompliant
            case .clinicWhereRequired: .clinicRequired
            case .medicalService: .noMedicalService
            case .fourHaves: .fourHavesIncomplete
            default: nil
            }
            return facilities(problem: problem?.rawValue)
        case .alarmsInstalled:
            return facilities(problem: "any")
        }
    }
}
