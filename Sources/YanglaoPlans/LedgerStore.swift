import Foundation
import SQLKit
import Vapor
import YanglaoCore
import YanglaoPlatform

/// A row of `ledgers`: one region's monthly report on a plan.
struct Ledger: Content, Equatable {
    var id: String
    var planId: String
    var regionCode: String
    var period: String
    var state: LedgerState
    var submittedAt: String?
    /// The account that submitted it (it may not approve it).
    var submittedBy: String?
    var submittedByName: String?
    var reviewedAt: String?
    var reviewedByName: String?
    /// Why it was returned or unlocked, the last time.
    var reason: String?
    /// The answer to the urgings (督办) of the level above.
    var answer: String?
    var createdAt: String
    var updatedAt: String

    var month: YearMonth? { YearMonth(parsing: period) }
}

/// 进展情况、存在问题、下一步打算 of one task.
struct LedgerNote: Content, Equatable {
    var ledgerId: String
    var taskId: String
    var progress: String
    var problems: String
    var nextSteps: String
}

/// A figure as it stood when the ledger was submitted.
struct LedgerFigure: Content, Equatable {
    var ledgerId: String
    var indicatorCode: String
    var numerator: Double
    var denominator: Double?
    var target: Double?
    var status: String?

    var inputs: IndicatorInputs { IndicatorInputs(numerator: numerator, denominator: denominator) }
}

struct LedgerEvent: Content, Equatable {
    var id: String
    var ledgerId: String
    var action: String
    var state: LedgerState
    var reason: String?
    var actorName: String
    var at: String
}

/// 督办: the level above urges a region on, with a deadline; the region's next submitted ledger answers it.
struct Urging: Content, Equatable {
    var id: String
    var planId: String
    var regionCode: String
    var message: String
    var deadline: LocalDate
    var createdByName: String
    var createdAt: String
    var answeredLedgerId: String?
    var answeredAt: String?
}

/// An entered figure of a region and month.
struct ReportedValue: Codable, Equatable, Sendable {
    var indicatorCode: String
    var regionCode: String
    var period: String
    var value: Double
    var denominator: Double?
    var note: String?
    var enteredBy: String
    var enteredAt: String
}

struct LedgerStore: Sendable {
    let sql: any SQLDatabase

    func find(plan: String, region: String, period: String) async throws -> Ledger? {
        try await sql.select().column("*").from("ledgers").where("plan_id", .equal, plan).where("region_code", .equal, region)
            .where("period", .equal, period).first(decoding: Ledger.self, keyDecodingStrategy: .fromSnakeCase)
    }

    func ledgers(plan: String, period: String) async throws -> [Ledger] {
        try await sql.select().column("*").from("ledgers").where("plan_id", .equal, plan).where("period", .equal, period)
            .all(decoding: Ledger.self, keyDecodingStrategy: .fromSnakeCase)
    }

    func ledgers(plan: String, region: String) async throws -> [Ledger] {
        try await sql.select().column("*").from("ledgers").where("plan_id", .equal, plan).where("region_code", .equal, region)
            .orderBy("period").all(decoding: Ledger.self, keyDecodingStrategy: .fromSnakeCase)
    }

    func insert(_ ledger: Ledger) async throws {
        try await sql.insert(into: "ledgers").model(ledger, keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil).run()
    }

    func update(_ ledger: Ledger) async throws {
        try await sql.update("ledgers").set(model: ledger, keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil)
            .where("id", .equal, ledger.id).run()
    }

    func notes(_ ledgerID: String) async throws -> [LedgerNote] {
        try await sql.select().column("*").from("ledger_notes").where("ledger_id", .equal, ledgerID)
            .all(decoding: LedgerNote.self, keyDecodingStrategy: .fromSnakeCase)
    }

    /// The notes of several ledgers, in batched queries.
    func notes(ofLedgers ids: [String]) async throws -> [LedgerNote] {
        var notes: [LedgerNote] = []
        for batch in ids.chunked(into: 500) {
            notes += try await sql.select().column("*").from("ledger_notes").where("ledger_id", .in, Array(batch))
                .all(decoding: LedgerNote.self, keyDecodingStrategy: .fromSnakeCase)
        }
        return notes
    }

    func replaceNotes(_ ledgerID: String, _ notes: [LedgerNote]) async throws {
        try await sql.delete(from: "ledger_notes").where("ledger_id", .equal, ledgerID).run()
        for note in notes { try await sql.insert(into: "ledger_notes").model(note, keyEncodingStrategy: .convertToSnakeCase).run() }
    }

    func figures(_ ledgerIDs: [String]) async throws -> [LedgerFigure] {
        guard !ledgerIDs.isEmpty else { return [] }
        var figures: [LedgerFigure] = []
        for batch in ledgerIDs.chunked(into: 500) {
            figures += try await sql.select().column("*").from("ledger_figures").where("ledger_id", .in, Array(batch))
                .all(decoding: LedgerFigure.self, keyDecodingStrategy: .fromSnakeCase)
        }
        return figures
    }

    func replaceFigures(_ ledgerID: String, _ figures: [LedgerFigure]) async throws {
        try await sql.delete(from: "ledger_figures").where("ledger_id", .equal, ledgerID).run()
        guard !figures.isEmpty else { return }
        try await sql.insert(into: "ledger_figures").columns("ledger_id", "indicator_code", "numerator", "denominator", "target", "status")
            .rows(figures.map { [SQLBind($0.ledgerId), SQLBind($0.indicatorCode), SQLBind($0.numerator), SQLBind($0.denominator), SQLBind($0.target),
                                 SQLBind($0.status)] as [any SQLExpression] }).run()
    }

    func events(_ ledgerID: String) async throws -> [LedgerEvent] {
        try await sql.select().column("*").from("ledger_events").where("ledger_id", .equal, ledgerID).orderBy("at")
            .all(decoding: LedgerEvent.self, keyDecodingStrategy: .fromSnakeCase)
    }

    func addEvent(_ event: LedgerEvent) async throws {
        try await sql.insert(into: "ledger_events").model(event, keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil).run()
    }

    func urgings(plan: String, region: String) async throws -> [Urging] {
        try await sql.select().column("*").from("urgings").where("plan_id", .equal, plan).where("region_code", .equal, region)
            .orderBy("created_at", .descending).all(decoding: Urging.self, keyDecodingStrategy: .fromSnakeCase)
    }

    func insert(_ urging: Urging) async throws {
        try await sql.insert(into: "urgings").model(urging, keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil).run()
    }

    func answer(urgings ids: [String], with ledgerID: String, at time: String) async throws {
        guard !ids.isEmpty else { return }
        try await sql.update("urgings").set("answered_ledger_id", to: SQLBind(ledgerID)).set("answered_at", to: SQLBind(time))
            .where("id", .in, ids).run()
    }

    func reported(region: String, period: String, codes: [String]) async throws -> [ReportedValue] {
        guard !codes.isEmpty else { return [] }
        return try await sql.select().column("*").from("reported_values").where("region_code", .equal, region).where("period", .equal, period)
            .where("indicator_code", .in, codes).all(decoding: ReportedValue.self, keyDecodingStrategy: .fromSnakeCase)
    }

    func replaceReported(region: String, period: String, codes: [String], with values: [ReportedValue]) async throws {
        guard !codes.isEmpty else { return }
        try await sql.delete(from: "reported_values").where("region_code", .equal, region).where("period", .equal, period)
            .where("indicator_code", .in, codes).run()
        for value in values {
            try await sql.insert(into: "reported_values").model(value, keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil).run()
        }
    }
}
