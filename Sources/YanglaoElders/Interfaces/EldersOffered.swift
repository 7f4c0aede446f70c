import SQLKit
import YanglaoCore
import YanglaoPlatform

/// What the elders register answers for the other capabilities (`CapabilityInterfaces.residents`).
struct EldersOffered: ResidentRegister {
    /// Persons in 集中供养 at each facility on the date (admitted by then, alive, not moved away),
    /// and the 特困 among them.
    func residents(ofFacilities ids: [String], on date: LocalDate, sql: any SQLDatabase) async throws -> [String: RegisteredResidents] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await sql.select().column("facility_id")
            .column(SQLAlias(SQLRaw("COUNT(*)"), as: SQLIdentifier("residents")))
            .column(SQLAlias(SQLRaw("CAST(COALESCE(SUM(CASE WHEN categories LIKE '%特困%' THEN 1 ELSE 0 END), 0) AS BIGINT)"), as: SQLIdentifier("hardship")))
            .from("elders").where("facility_id", .in, ids).where("support_mode", .equal, SupportMode.centralised.rawValue)
            .where(ElderSQL.counted(on: date)).where(SQLQueryString("(admitted_on IS NULL OR admitted_on <= \(bind: date.description))"))
            .groupBy("facility_id").all()
        var found: [String: RegisteredResidents] = [:]
        for row in rows {
            found[try row.decode(column: "facility_id", as: String.self)] = RegisteredResidents(
                residents: try row.decode(column: "residents", as: Int.self), specialHardship: try row.decode(column: "hardship", as: Int.self))
        }
        return found
    }

    func residentsPath(ofFacility id: String) -> String? {
        ElderURL.elders.with(["facility": id, "status": "current"])
    }
}

/// The two centralised-support rates, from their SQL aggregates by village.
struct ElderRateIndicators: IndicatorProvider {
    var definitions: [IndicatorDefinition] { ElderFormula.definitions }

    func measures(_ formula: IndicatorFormula) -> Bool { ElderFormula(formula) != nil }

    func measure(_ formulas: [String: IndicatorFormula], request: IndicatorRequest, platform: Platform) async throws -> IndicatorMeasurement {
        var measured = IndicatorMeasurement()
        guard !formulas.isEmpty else { return measured }
        let query = ElderIndicatorQuery(platform: platform, caller: request.caller)
        let rates = try await ElderSQL.rates(on: request.date, unable: platform.unableSelfCare, scope: query.scope(request.rows.region), sql: platform.sql)
        for (code, formula) in formulas {
            for rate in rates {
                measured.add(code, row: request.rows.row(of: rate.region),
                             IndicatorInputs(ElderFormula(formula) == .unableSpecialHardshipInCare ? rate.unable : rate.willing))
            }
        }
        return measured
    }

    func recordsPath(_ formula: IndicatorFormula, region: String, year: Int) -> String? {
        ElderURL.indicators.with(["region": region])
    }
}
