import Foundation
import SQLKit
import Vapor
import YanglaoCore
import YanglaoPlatform

/// A row of `year_reports`.
struct YearReport: Content, Equatable {
    var id: String
    var planId: String
    var regionCode: String
    var issuingBody: String
    var documentNumber: String
    var title: String
    var achievements: String
    var problems: String
    var suggestions: String
    var nextSteps: String
    var state: YearReportState
    var submittedAt: String?
    var submittedByName: String?
    var createdAt: String
    var updatedAt: String

    func text(_ section: YearReportSection) -> String {
        switch section {
        case .achievements: achievements
        case .problems: problems
        case .suggestions: suggestions
        case .nextSteps: nextSteps
        }
    }

    mutating func set(_ section: YearReportSection, _ text: String) {
        switch section {
        case .achievements: achievements = text
        case .problems: problems = text
        case .suggestions: suggestions = text
        case .nextSteps: nextSteps = text
        }
    }
}

/// The year-end report of a region on a plan: drafted from the data on first request (the year's
/// figures, the regions behind, the facilities' problems, the ledgers' next steps), edited by the
/// region, submitted upward once — not while one of its ledgers stands returned.
struct YearReportService: Sendable {
    let platform: Platform
    let caller: Caller

    var today: LocalDate { platform.clock.today }

    /// The regions that write a report on a plan: the plan's own and those directly below it, in the caller's scope.
    func region(_ code: String?, of plan: Plan) async throws -> StoredRegion {
        let wanted = code ?? caller.user.scope.rootCode ?? plan.regionCode
        guard let region = try await RegionStore(sql: platform.sql).find(wanted), caller.user.scope.contains(region),
              region.code == plan.regionCode || region.parentCode == plan.regionCode else {
            try await platform.audit(caller.actor, action: "access.out_of_scope", entityType: "region", entityID: String(wanted.prefix(64)), outcome: "not_found")
            throw APIError.notFound("总结报告")
        }
        return region
    }

    /// The month whose figures the report gives: December, or the current month while the year runs.
    func month(of plan: Plan) -> YearMonth {
        today.year == plan.year ? YearMonth(today) : YearMonth(year: plan.year, month: today.year < plan.year ? 1 : 12)!
    }

    func table(_ plan: PlanRecord, region: StoredRegion) async throws -> ProgressTable {
        try await PlanProgressQuery(platform: platform, caller: caller).table(plan, region: region, month: month(of: plan.plan))
    }

    func stored(_ plan: Plan, region: String) async throws -> YearReport? {
        try await platform.sql.select().column("*").from("year_reports").where("plan_id", .equal, plan.id).where("region_code", .equal, region)
            .first(decoding: YearReport.self, keyDecodingStrategy: .fromSnakeCase)
    }

    /// The stored report, or a draft written from the data (not stored until saved).
    func report(_ plan: PlanRecord, region: StoredRegion, table: ProgressTable) async throws -> YearReport {
        if let stored = try await stored(plan.plan, region: region.code) { return stored }
        return try await YearReportDraft(platform: platform, caller: caller).draft(plan, region: region, table: table)
    }

    func returnedLedgers(_ plan: Plan, region: StoredRegion) async throws -> [YearMonth] {
        try await LedgerStore(sql: platform.sql).ledgers(plan: plan.id, region: region.code).filter { $0.state == .returned }.compactMap(\.month)
    }

    func standing(_ region: StoredRegion) -> LedgerStanding { LedgerService(platform: platform, caller: caller).standing(region) }

    struct Input: Sendable {
        var issuingBody: String?
        var documentNumber: String?
        var title: String?
        var sections: [YearReportSection: String] = [:]
    }

    @discardableResult
    func save(_ plan: PlanRecord, region: StoredRegion, input: Input) async throws -> YearReport {
        var errors: [String: String] = [:]
        for (key, value, limit) in [("issuingBody", input.issuingBody, TextLimit.short), ("documentNumber", input.documentNumber, TextLimit.short),
                                    ("title", input.title, TextLimit.short)] {
            if let value, let problem = TextLimit.problem(value, limit: limit) { errors[key] = problem }
            if let value, value.trimmingWhitespace().isEmpty, key != "documentNumber" { errors[key] = "不能为空" }
        }
        for (section, text) in input.sections {
            if let problem = TextLimit.problem(text, limit: 20_000) { errors[section.rawValue] = problem }
        }
        guard errors.isEmpty else { throw APIError.invalid("总结报告有误，未保存", fields: errors) }
        guard standing(region) == .reporting else { throw APIError(.forbidden, code: "forbidden", message: "只有本级可以编辑总结报告") }
        let table = try await table(plan, region: region)
        var report = try await report(plan, region: region, table: table)
        guard report.state == .draft else { throw APIError(.conflict, code: "conflict", message: "总结报告已报送，不能修改") }
        let isNew = try await stored(plan.plan, region: region.code) == nil
        if let value = input.issuingBody { report.issuingBody = value }
        if let value = input.documentNumber { report.documentNumber = value }
        if let value = input.title { report.title = value }
        for (section, text) in input.sections { report.set(section, text) }
        report.updatedAt = platform.clock.timestamp
        let saved = report
        try await platform.writer.write { sql in
            if isNew {
                try await sql.insert(into: "year_reports").model(saved, keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil).run()
            } else {
                try await sql.update("year_reports").set(model: saved, keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil)
                    .where("id", .equal, saved.id).run()
            }
            try await AuditLog.record(on: sql, actor: caller.actor, action: "report.save", entityType: "year_report", entityID: saved.id,
                                      after: auditJSONString(["region": region.code, "planId": plan.plan.id, "title": saved.title]))
        }
        return saved
    }

    @discardableResult
    func submit(_ plan: PlanRecord, region: StoredRegion) async throws -> YearReport {
        let report = try await save(plan, region: region, input: Input())
        if let refusal = YearReportRules.submitRefusal(state: report.state, standing: standing(region),
                                                       returnedLedgers: try await returnedLedgers(plan.plan, region: region)) {
            throw LedgerService.refused(refusal)
        }
        var submitted = report
        submitted.state = .submitted
        submitted.submittedAt = platform.clock.timestamp
        submitted.submittedByName = caller.actor.username
        submitted.updatedAt = platform.clock.timestamp
        let done = submitted
        try await platform.writer.write { sql in
            try await sql.update("year_reports").set(model: done, keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil)
                .where("id", .equal, done.id).run()
            try await AuditLog.record(on: sql, actor: caller.actor, action: "report.submit", entityType: "year_report", entityID: done.id,
                                      after: auditJSONString(["region": region.code, "planId": plan.plan.id, "late": String(today > plan.plan.reportDue)]))
        }
        return done
    }
}
