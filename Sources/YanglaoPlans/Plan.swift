import Foundation
import SQLKit
import Vapor
import YanglaoCore
import YanglaoPlatform

/// A row of `plans`: a region's work plan for a year (工作要点, 实施方案).
struct Plan: Content, Equatable {
    var id: String
    var regionCode: String
    var year: Int
    var title: String
    var documentNumber: String
    var issuingBody: String
    var issuedOn: LocalDate?
    /// When the year-end summary is due upward (the Tongliao plan: 12月15日前).
    var reportDue: LocalDate
    var createdAt: String
    var updatedAt: String
}

/// A numbered task of a plan, under its section, with who answers for it and by when.
struct PlanTask: Content, Equatable {
    var id: String
    var planId: String
    var position: Int
    /// "三、提升机构养老服务支撑能力".
    var section: String
    /// "（四）".
    var number: String
    var title: String
    var body: String
    /// The regions and departments responsible ("各镇、街道；卫健委").
    var responsible: String
    var deadline: LocalDate?
}

/// An indicator a plan sets: its label in the plan (the breakdown table's column heading), the
/// plan-wide target, the task it belongs to and whether it is a column of the breakdown table.
struct PlanIndicator: Content, Equatable {
    var planId: String
    var indicatorCode: String
    var position: Int
    var label: String
    var target: Double?
    var taskId: String?
    var inBreakdown: Bool
    /// What the catalogue says of the indicator (nil: no capability declares it now), set on loading.
    var definition: IndicatorDefinition? = nil

    enum CodingKeys: String, CodingKey {
        case planId, indicatorCode, position, label, target, taskId, inBreakdown
    }
}

/// A version of a plan's breakdown: the targets of the regions below, in the table's order of rows.
struct Breakdown: Content, Equatable {
    var id: String
    var planId: String
    var version: Int
    /// Where it came from: the file's name, or 页面编辑.
    var source: String
    /// Why the towns' targets may not add up to the table's 合计 (required when they do not).
    var reason: String?
    var createdBy: String
    var createdAt: String
}

/// A breakdown with its rows and targets.
struct BreakdownTable: Sendable, Equatable {
    var breakdown: Breakdown
    /// Region codes in the table's order.
    var order: [String]
    /// Targets by region, then indicator. The plan's own region holds the table's 合计 row.
    var targets: [String: [String: Double]]
}

/// A plan as pages and answers use it.
struct PlanRecord: Sendable {
    var plan: Plan
    var tasks: [PlanTask]
    var indicators: [PlanIndicator]
    var breakdown: BreakdownTable?

    /// The indicators the catalogue knows, in the plan's order.
    var measured: [(PlanIndicator, IndicatorDefinition)] {
        indicators.sorted { $0.position < $1.position }.compactMap { indicator in indicator.definition.map { (indicator, $0) } }
    }

    func task(_ id: String?) -> PlanTask? { id.flatMap { id in tasks.first { $0.id == id } } }

    /// The target of a region for an indicator: its cell in the breakdown; for the plan's region the
    /// plan's text (or the table's 合计); a share applies at every level; a count below the breakdown has none.
    /// The own row of a region ("镇本级") has no target of its own.
    func target(_ indicator: PlanIndicator, definition: IndicatorDefinition, region: String, ownRow: Bool = false) -> Double? {
        if ownRow { return nil }
        if region == plan.regionCode {
            return BreakdownRules.regionTarget(planTarget: indicator.target, tableTotal: breakdown?.targets[region]?[indicator.indicatorCode])
        }
        if let cell = breakdown?.targets[region]?[indicator.indicatorCode] { return cell }
        return definition.unit.isShare ? indicator.target : nil
    }
}

struct PlanStore: Sendable {
    let sql: any SQLDatabase

    func plans() async throws -> [Plan] {
        try await sql.select().column("*").from("plans").orderBy("year", .descending).orderBy("region_code")
            .all(decoding: Plan.self, keyDecodingStrategy: .fromSnakeCase)
    }

    func find(id: String) async throws -> Plan? {
        try await sql.select().column("*").from("plans").where("id", .equal, id).first(decoding: Plan.self, keyDecodingStrategy: .fromSnakeCase)
    }

    /// The plan with its tasks, indicators (defined by the catalogue) and current breakdown.
    func record(_ plan: Plan, catalogue: IndicatorCatalogue) async throws -> PlanRecord {
        let tasks = try await sql.select().column("*").from("plan_tasks").where("plan_id", .equal, plan.id).orderBy("position")
            .all(decoding: PlanTask.self, keyDecodingStrategy: .fromSnakeCase)
        let indicators = try await sql.select().column("*").from("plan_indicators").where("plan_id", .equal, plan.id).orderBy("position")
            .all(decoding: PlanIndicator.self, keyDecodingStrategy: .fromSnakeCase)
            .map { indicator in
                var defined = indicator
                defined.definition = catalogue.named(indicator.indicatorCode)
                return defined
            }
        return PlanRecord(plan: plan, tasks: tasks, indicators: indicators, breakdown: try await currentBreakdown(of: plan.id))
    }

    func breakdowns(of planID: String) async throws -> [Breakdown] {
        try await sql.select().column("*").from("breakdowns").where("plan_id", .equal, planID).orderBy("version", .descending)
            .all(decoding: Breakdown.self, keyDecodingStrategy: .fromSnakeCase)
    }

    func currentBreakdown(of planID: String) async throws -> BreakdownTable? {
        guard let latest = try await breakdowns(of: planID).first else { return nil }
        return try await table(latest)
    }

    func table(_ breakdown: Breakdown) async throws -> BreakdownTable {
        struct Row: Codable { var regionCode: String; var position: Int }
        struct Cell: Codable { var regionCode: String; var indicatorCode: String; var target: Double }
        let rows = try await sql.select().columns("region_code", "position").from("breakdown_rows").where("breakdown_id", .equal, breakdown.id)
            .orderBy("position").all(decoding: Row.self, keyDecodingStrategy: .fromSnakeCase)
        var targets: [String: [String: Double]] = [:]
        for cell in try await sql.select().columns("region_code", "indicator_code", "target").from("breakdown_cells")
            .where("breakdown_id", .equal, breakdown.id).all(decoding: Cell.self, keyDecodingStrategy: .fromSnakeCase) {
            targets[cell.regionCode, default: [:]][cell.indicatorCode] = cell.target
        }
        return BreakdownTable(breakdown: breakdown, order: rows.map(\.regionCode), targets: targets)
    }

    // MARK: Writing

    func insert(_ plan: Plan, tasks: [PlanTask], indicators: [PlanIndicator]) async throws {
        try await sql.insert(into: "plans").model(plan, keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil).run()
        for task in tasks {
            try await sql.insert(into: "plan_tasks").model(task, keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil).run()
        }
        for indicator in indicators {
            try await sql.insert(into: "plan_indicators").model(indicator, keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil).run()
        }
    }

    /// A plan's header and its indicators' plan-wide targets, changed.
    func update(_ plan: Plan, targets: [String: Double?]) async throws {
        try await sql.update("plans").set(model: plan, keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil)
            .where("id", .equal, plan.id).run()
        for (code, target) in targets {
            try await sql.update("plan_indicators").set("target", to: SQLBind(target)).where("plan_id", .equal, plan.id)
                .where("indicator_code", .equal, code).run()
        }
    }

    /// Writes a new version of a plan's breakdown (earlier versions stay).
    func insert(_ table: BreakdownTable) async throws {
        try await sql.insert(into: "breakdowns").model(table.breakdown, keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil).run()
        let id = table.breakdown.id
        if !table.order.isEmpty {
            try await sql.insert(into: "breakdown_rows").columns("breakdown_id", "region_code", "position")
                .rows(table.order.enumerated().map { [SQLBind(id), SQLBind($1), SQLBind($0)] as [any SQLExpression] }).run()
        }
        let cells = table.targets.sorted { $0.key < $1.key }.flatMap { region, targets in
            targets.sorted { $0.key < $1.key }.map { [SQLBind(id), SQLBind(region), SQLBind($0.key), SQLBind($0.value)] as [any SQLExpression] }
        }
        if !cells.isEmpty {
            try await sql.insert(into: "breakdown_cells").columns("breakdown_id", "region_code", "indicator_code", "target").rows(cells).run()
        }
    }

    func nextBreakdownVersion(of planID: String) async throws -> Int {
        (try await breakdowns(of: planID).first?.version ?? 0) + 1
    }
}
