import SQLKit
import YanglaoCore
import YanglaoPlatform

/// How the audit page names the plans' records: a ledger by its month and region (2021年12月
/// 角斜镇台账), a report or an urging by its region and plan.
enum PlanAuditNames {
    static func ledgers(_ ids: [String], sql: any SQLDatabase) async throws -> [String: String] {
        var rows: [(id: String, region: String, period: String)] = []
        for batch in Array(Set(ids)).chunked(into: 500) {
            for row in try await sql.select().columns("id", "region_code", "period").from("ledgers").where("id", .in, Array(batch)).all() {
                rows.append((try row.decode(column: "id", as: String.self), try row.decode(column: "region_code", as: String.self),
                             try row.decode(column: "period", as: String.self)))
            }
        }
        let regions = try await RegionStore(sql: sql).names(of: Set(rows.map(\.region)))
        var names: [String: String] = [:]
        for row in rows {
            let month = YearMonth(parsing: row.period)?.label ?? row.period
            names[row.id] = "\(month) \(regions[row.region] ?? row.region)台账"
        }
        return names
    }

    /// A record of `table` with `plan_id` and `region_code`: 角斜镇 · 2021年养老服务工作要点 总结报告.
    static func regional(_ ids: [String], table: String, suffix: String, sql: any SQLDatabase) async throws -> [String: String] {
        var rows: [(id: String, region: String, plan: String)] = []
        for batch in Array(Set(ids)).chunked(into: 500) {
            for row in try await sql.select().columns("id", "region_code", "plan_id").from(table).where("id", .in, Array(batch)).all() {
                rows.append((try row.decode(column: "id", as: String.self), try row.decode(column: "region_code", as: String.self),
                             try row.decode(column: "plan_id", as: String.self)))
            }
        }
        let regions = try await RegionStore(sql: sql).names(of: Set(rows.map(\.region)))
        var plans: [String: String] = [:]
        for batch in Array(Set(rows.map(\.plan))).chunked(into: 500) {
            for row in try await sql.select().columns("id", "title").from("plans").where("id", .in, Array(batch)).all() {
                plans[try row.decode(column: "id", as: String.self)] = try row.decode(column: "title", as: String.self)
            }
        }
        var names: [String: String] = [:]
        for row in rows { names[row.id] = "\(regions[row.region] ?? row.region) · \(plans[row.plan] ?? "")\(suffix)" }
        return names
    }
}
