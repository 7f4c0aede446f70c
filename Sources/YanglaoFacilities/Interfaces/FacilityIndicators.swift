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
        let rows = request.rows
        let facilities = try await platform.facilityStore().visibleRecords(for: request.caller.user, in: rows.region)
        let today = platform.clock.today
        var projectFormulas: [(String, FacilityFormula)] = []
        var capacityFormulas: [(String, FacilityFormula)] = []
        for (code, formula) in formulas {
            switch formula {
            case .completedProjects, .completedHardshipHomeWorks, .completedUpgrades: projectFormulas.append((code, formula))
            case .nursingBedsAdded: capacityFormulas.append((code, formula))
            default:
                // Facility facts are kept as they stand: a past month is known only from what was recorded then.
                guard request.isCurrent || request.factsAsTheyStand else { measured.unknown.insert(code); continue }
                for record in facilities {
                    measured.add(code, row: rows.row(of: record.facility.regionCode), formula.contribution(of: record.facts(on: today), on: today))
                }
            }
        }
        if !projectFormulas.isEmpty {
            let byID = Dictionary(uniqueKeysWithValues: facilities.map { ($0.id, $0) })
            let townLevel = Set(try await RegionStore(sql: platform.sql).find(codes: Array(Set(facilities.map(\.facility.regionCode))))
                .filter { $0.level == .town }.map(\.code))
            let projects = try await ProjectStore(sql: platform.sql).projects(ofFacilities: Array(byID.keys))
            for (code, formula) in projectFormulas {
                for project in projects {
                    guard let record = byID[project.facilityId] else { continue }
                    let facility = record.facility
                    measured.add(code, row: rows.row(of: facility.regionCode), formula.contribution(
                        of: project.facts, category: facility.category, institutionKind: facility.institutionKind, functions: record.functions,
                        isTownLevel: townLevel.contains(facility.regionCode), year: request.year, on: request.date))
                }
            }
        }
        if !capacityFormulas.isEmpty {
            let institutions = facilities.filter { $0.facility.category == .institution }
            let history = try await platform.facilityStore().nursingBedHistory(institutions.map(\.id))
            for (code, formula) in capacityFormulas {
                for record in institutions {
                    measured.add(code, row: rows.row(of: record.facility.regionCode),
                                 formula.contribution(ofCapacity: history[record.id] ?? [], year: request.year, on: request.date))
                }
            }
        }
        return measured
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
