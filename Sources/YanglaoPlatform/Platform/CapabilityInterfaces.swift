import SQLKit
import YanglaoCore

/// What capabilities offer one another. No capability imports another: where one needs another,
/// the floor declares the hook here, the capability that answers it fills it in (`Capability.offer`),
/// and the others call it through `platform.interfaces`. A hook no capability fills answers as a
/// registry that holds nothing would.
package struct CapabilityInterfaces: Sendable {
    package var facilities: any FacilityDirectory = NoFacilities()
    package var residents: any ResidentRegister = NoResidents()
    package var plans: any PlanDirectory = NoPlans()
    /// Who measures the computed indicators, each answering the formulas it declares.
    package private(set) var indicators: [any IndicatorProvider] = []
    /// The indicators plans may set targets on: the reported ones and those the providers declare.
    package private(set) var catalogue = IndicatorCatalogue(IndicatorCatalogue.reported)

    package init() {}

    /// A capability's indicators join the catalogue (replacing a reported one of the same code).
    package mutating func register(_ provider: any IndicatorProvider) {
        indicators.append(provider)
        catalogue = IndicatorCatalogue(catalogue.all + provider.definitions)
    }

    /// The provider that measures a formula, if any does.
    package func provider(of formula: IndicatorFormula) -> (any IndicatorProvider)? {
        indicators.first { $0.measures(formula) }
    }
}

/// The facilities registry, as others may use it.
package protocol FacilityDirectory: Sendable {
    /// The id of the facility with this id or platform code (any region: the caller's scope is
    /// checked on the record that refers to it).
    func facilityID(identifiedBy given: String, sql: any SQLDatabase) async throws -> String?
    /// The names of facilities, by id.
    func names(of ids: [String], platform: Platform) async throws -> [String: String]
    /// An SQL condition on a `facility_id` column: the facility with this code (an operator's own).
    func isFacility(coded code: String, column: String) -> any SQLExpression
    /// Recomputes what the facilities' stored problems depend on in other registries (their residents).
    func refreshProblems(ofFacilities ids: Set<String>, platform: Platform, sql: any SQLDatabase) async throws
    /// Open problems of the facilities of a region that a user sees, by label, in the registry's order.
    func openProblems(in region: StoredRegion, for user: CurrentUser, platform: Platform) async throws -> [(label: String, count: Int)]
}

/// A facility's residents as the elders register holds them on a date: persons in 集中供养 there
/// (admitted by then, alive, not moved away), and the 特困 among them.
package struct RegisteredResidents: Sendable, Equatable {
    package var residents: Int
    package var specialHardship: Int

    package init(residents: Int, specialHardship: Int) {
        self.residents = residents
        self.specialHardship = specialHardship
    }
}

/// The elders register, as the facilities registry uses it.
package protocol ResidentRegister: Sendable {
    /// The registered residents of facilities on a date, by facility id (none registered: absent).
    func residents(ofFacilities ids: [String], on date: LocalDate, sql: any SQLDatabase) async throws -> [String: RegisteredResidents]
    /// The page listing a facility's current residents (nil: no register).
    func residentsPath(ofFacility id: String) -> String?
}

/// Plans and their progress, as other pages point to them.
package protocol PlanDirectory: Sendable {
    /// The plans' list page (nil: no plans capability).
    var plansPath: String? { get }
}

/// Measures computed indicators for the rows of a region table: what each record contributes is
/// decided by YanglaoCore, summed by row.
package protocol IndicatorProvider: Sendable {
    /// The indicators it answers (each `.computed` with one of its formulas).
    var definitions: [IndicatorDefinition] { get }
    func measures(_ formula: IndicatorFormula) -> Bool
    /// The formulas' inputs by indicator code and row; codes it cannot give for the month are left
    /// out of `inputs` and named in `unknown` with the reason.
    func measure(_ formulas: [String: IndicatorFormula], request: IndicatorRequest, platform: Platform) async throws -> IndicatorMeasurement
    /// The list of records behind a formula's figure for a region (nil: none to show).
    func recordsPath(_ formula: IndicatorFormula, region: String, year: Int) -> String?
    /// Keeps, for each of these months, what a past month needs, from the records as they stand
    /// (a seed's history: the demo's records stood so all along).
    func recordHistory(of months: [YearMonth], platform: Platform) async throws
}

extension IndicatorProvider {
    /// A provider that measures a past month from its records' own dates keeps nothing.
    package func recordHistory(of months: [YearMonth], platform: Platform) async throws {}
}

/// What a table asks of the providers: its rows, the month, the day the month is measured on, and
/// the year the plan counts (the year's completed works).
package struct IndicatorRequest: Sendable {
    package var rows: RegionRows
    package var caller: Caller
    package var month: YearMonth
    package var date: LocalDate
    package var year: Int

    package init(rows: RegionRows, caller: Caller, month: YearMonth, date: LocalDate, year: Int) {
        self.rows = rows
        self.caller = caller
        self.month = month
        self.date = date
        self.year = year
    }
}

package struct IndicatorMeasurement: Sendable {
    /// Summed inputs by indicator code and row code.
    package var inputs: [String: [String: IndicatorInputs]] = [:]
    /// Codes whose figures the records cannot give for the month.
    package var unknown: Set<String> = []
    /// Why, by code, in words for the page.
    package var reasons: [String: String] = [:]

    package init() {}

    package mutating func markUnknown(_ code: String, because reason: String) {
        unknown.insert(code)
        reasons[code] = reason
    }

    package mutating func add(_ code: String, row: String?, _ contribution: IndicatorInputs?) {
        guard let row, let contribution else { return }
        inputs[code, default: [:]][row] = (inputs[code]?[row] ?? .zero) + contribution
    }
}

struct NoFacilities: FacilityDirectory {
    func facilityID(identifiedBy given: String, sql: any SQLDatabase) async throws -> String? { nil }
    func names(of ids: [String], platform: Platform) async throws -> [String: String] { [:] }
    func isFacility(coded code: String, column: String) -> any SQLExpression { SQLRaw("1 = 0") }
    func refreshProblems(ofFacilities ids: Set<String>, platform: Platform, sql: any SQLDatabase) async throws {}
    func openProblems(in region: StoredRegion, for user: CurrentUser, platform: Platform) async throws -> [(label: String, count: Int)] { [] }
}

struct NoResidents: ResidentRegister {
    func residents(ofFacilities ids: [String], on date: LocalDate, sql: any SQLDatabase) async throws -> [String: RegisteredResidents] { [:] }
    func residentsPath(ofFacility id: String) -> String? { nil }
}

struct NoPlans: PlanDirectory {
    var plansPath: String? { nil }
}
