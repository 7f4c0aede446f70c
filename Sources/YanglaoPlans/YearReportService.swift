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

    /// The ledgers standing returned of the region and of every region below it, read on `sql`
    /// (the submitting transaction's), with the names of the regions below.
    func returnedLedgers(_ plan: Plan, region: StoredRegion, on sql: any SQLDatabase) async throws -> [YearReportRules.ReturnedLedger] {
        let scope = AccessScope.region(code: region.code, level: region.level, organisation: nil)
        let rows = try await sql.select().columns("region_code", "period").from("ledgers").where("plan_id", .equal, plan.id)
            .where("state", .equal, LedgerState.returned.rawValue).where(scope.regionFilter("region_code")).all()
        let found = try rows.map { (try $0.decode(column: "region_code", as: String.self), try $0.decode(column: "period", as: String.self)) }
        let names = try await RegionStore(sql: sql).names(of: found.map(\.0).filter { $0 != region.code })
        return found.compactMap { code, period in
            YearMonth(parsing: period).map { YearReportRules.ReturnedLedger(region: code == region.code ? nil : names[code] ?? code, month: $0) }
        }
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
        // The state is checked again where the row changes: a save that read the draft before a
        // submit must not write it back as a draft, and two first saves must not both insert.
        let outcome = try await platform.writer.write { sql -> APIError? in
            let written = isNew
                ? try await sql.insert(into: "year_reports").model(saved, keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil)
                    .ignoringConflicts().returning("id").all()
                : try await sql.update("year_reports").set(model: saved, keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil)
                    .where("id", .equal, saved.id).where("state", .equal, YearReportState.draft.rawValue).returning("id").all()
            guard !written.isEmpty else {
                return APIError(.conflict, code: "conflict", message: isNew ? "总结报告刚由他人保存，请刷新后再修改" : "总结报告已报送，不能修改")
            }
            try await AuditLog.record(on: sql, actor: caller.actor, action: "report.save", entityType: "year_report", entityID: saved.id,
                                      after: auditJSONString(["region": region.code, "planId": plan.plan.id, "title": saved.title]))
            return nil
        }
        if let outcome { throw outcome }
        return saved
    }

    @discardableResult
    /// Submits the report (saving the draft first if it never was): the state read, the check of
    /// the ledgers below and the change happen in one write transaction, so of submits sent at once
    /// one succeeds and the others are told it is already submitted (409).
    func submit(_ plan: PlanRecord, region: StoredRegion) async throws -> YearReport {
        if try await stored(plan.plan, region: region.code) == nil {
            // A draft saved by another request meanwhile is as good as this one.
            do { try await save(plan, region: region, input: Input()) } catch let error as APIError where error.status == .conflict {}
        }
        let standing = standing(region), caller = caller, now = platform.clock.timestamp
        let late = String(today > plan.plan.reportDue)
        let outcome = try await platform.writer.write { sql -> Result<YearReport, APIError> in
            guard var report = try await sql.select().column("*").from("year_reports").where("plan_id", .equal, plan.plan.id)
                .where("region_code", .equal, region.code).first(decoding: YearReport.self, keyDecodingStrategy: .fromSnakeCase) else {
                return .failure(APIError(.conflict, code: "conflict", message: "总结报告未保存，请重试"))
            }
            let returned = try await returnedLedgers(plan.plan, region: region, on: sql)
            if let refusal = YearReportRules.submitRefusal(state: report.state, standing: standing, returnedLedgers: returned) {
                return .failure(LedgerService.refused(refusal))
            }
            report.state = .submitted
            report.submittedAt = now
            report.submittedByName = caller.actor.username
            report.updatedAt = now
            // On PostgreSQL write transactions run side by side: the row changes only while still a
            // draft, and a submit that changed nothing was beaten by another.
            let changed = try await sql.update("year_reports").set(model: report, keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil)
                .where("id", .equal, report.id).where("state", .equal, YearReportState.draft.rawValue).returning("id").all()
            guard !changed.isEmpty else { return .failure(LedgerService.refused(.wrongState("总结报告已报送，不能重复报送"))) }
            try await AuditLog.record(on: sql, actor: caller.actor, action: "report.submit", entityType: "year_report", entityID: report.id,
                                      after: auditJSONString(["region": region.code, "planId": plan.plan.id, "late": late]))
            return .success(report)
        }
        return try outcome.get()
    }
}
