import Foundation
import SQLKit
import YanglaoCore
import YanglaoPlatform

/// The demo's plans: Hai'an's and Tongliao's 2021 plans as the seeds write them (Hai'an's breakdown
/// imported from the seed's own table), a Hai'an plan for the current year reusing their
/// indicators, and the towns' monthly figures for what no registry holds yet (some towns behind).
package enum PlanDemo {
    static func seed(_ platform: Platform) async throws {
        let today = platform.clock.today
        let haian = try await insert(PlanSeeds.haian, platform: platform)
        let file = try resource("haian-2021-breakdown.csv")
        let report = try await ImportFlow.run(
            BreakdownImport(plan: try await PlanStore(sql: platform.sql).record(haian, catalogue: platform.interfaces.catalogue), actor: .commandLine, source: "haian-2021-breakdown.csv", today: today),
            file: file, dryRun: false, writer: platform.writer, actor: .commandLine)
        guard report.committed else { throw ImportFileError(message: "演示分解表有误：\(report.errors.map(\.message).joined(separator: "；"))") }
        try await reportedFigures(try await PlanStore(sql: platform.sql).record(haian, catalogue: platform.interfaces.catalogue), platform: platform, today: today)

        let tongliao = try await insert(PlanSeeds.tongliao, platform: platform)
        try await breakdown(tongliao, targets: ["hardship_homes_completed": PlanSeeds.tongliaoHomes], platform: platform,
                            source: "方案所列敬老院（按所在旗县市区）")

        // A plan for the current year, so that the progress is live today (when today is past 2021).
        guard today.year > PlanSeeds.haian.year else { return }
        var current = PlanSeeds.haian
        current.year = today.year
        current.title = "\(today.year)年全市养老服务工作要点"
        current.documentNumber = "海民〔\(today.year)〕8号"
        current.issuedOn = LocalDate(year: today.year, month: 2, day: 20)!.description
        current.tasks = current.tasks.map { task in
            var task = task
            task.deadline = task.deadline.map { "\(today.year)" + $0.dropFirst(4) }
            return task
        }
        let thisYear = try await insert(current, platform: platform)
        try await breakdown(thisYear, targets: [
            "day_care_centres": ["320685105": 1, "320685005": 1],
            "town_home_care_centres": ["320685107": 1],
            "home_renovations": ["320685101": 40, "320685102": 45, "320685005": 30, "320685001": 60, "320685104": 50, "320685107": 55],
            "workers_trained": Dictionary(uniqueKeysWithValues: haianTowns.map { ($0, 40.0) }),
        ], platform: platform, source: "演示数据")
    }

    /// The plans with their ledgers.
    package static func seedAll(_ platform: Platform) async throws {
        try await seed(platform)
        try await LedgerDemo.seed(platform)
    }

    static let haianTowns = ["320685101", "320685102", "320685005", "320685006", "320685007", "320685001", "320685003", "320685004",
                             "320685002", "320685103", "320685104", "320685105", "320685106", "320685107", "320685108"]

    static func insert(_ seed: PlanSeeds.Seed, platform: Platform) async throws -> Plan {
        let now = platform.clock.timestamp
        let plan = Plan(id: UUID().uuidString.lowercased(), regionCode: seed.regionCode, year: seed.year, title: seed.title,
                        documentNumber: seed.documentNumber, issuingBody: seed.issuingBody, issuedOn: seed.issuedOn.flatMap(LocalDate.init(parsing:)),
                        reportDue: LocalDate(year: seed.year, month: 12, day: 15)!, createdAt: now, updatedAt: now)
        let tasks = seed.tasks.enumerated().map { index, task in
            PlanTask(id: UUID().uuidString.lowercased(), planId: plan.id, position: index + 1, section: task.section, number: task.number,
                     title: task.title, body: task.body, responsible: task.responsible, deadline: task.deadline.flatMap(LocalDate.init(parsing:)))
        }
        let indicators = seed.indicators.enumerated().map { index, indicator in
            PlanIndicator(planId: plan.id, indicatorCode: indicator.code, position: index + 1,
                          label: indicator.label ?? platform.interfaces.catalogue.named(indicator.code)?.name ?? indicator.code, target: indicator.target,
                          taskId: indicator.task.flatMap { number in tasks.first { $0.number == number }?.id },
                          inBreakdown: indicator.inBreakdown)
        }
        try await platform.writer.write { sql in
            try await PlanStore(sql: sql).insert(plan, tasks: tasks, indicators: indicators)
            try await AuditLog.record(on: sql, actor: .commandLine, action: "plan.create", entityType: "plan", entityID: plan.id, outcome: "demo")
        }
        return plan
    }

    /// A breakdown written directly: targets by indicator, then region; the plan's region gets the sums.
    static func breakdown(_ plan: Plan, targets: [String: [String: Double]], platform: Platform, source: String) async throws {
        var byRegion: [String: [String: Double]] = [:]
        for (indicator, regions) in targets {
            for (region, target) in regions { byRegion[region, default: [:]][indicator] = target }
            byRegion[plan.regionCode, default: [:]][indicator] = regions.values.reduce(0, +)
        }
        let children = try await RegionStore(sql: platform.sql).children(of: plan.regionCode).map(\.code)
        let order = plan.regionCode == "320685" ? haianTowns : children
        let table = BreakdownTable(
            breakdown: Breakdown(id: UUID().uuidString.lowercased(), planId: plan.id, version: 1, source: source, reason: nil,
                                 createdBy: AuditActor.commandLine.username ?? "", createdAt: platform.clock.timestamp),
            order: order, targets: byRegion)
        try await platform.writer.write { sql in try await PlanStore(sql: sql).insert(table) }
    }

    /// Monthly figures of the counts no registry holds yet, for 2021 and the current year: most towns
    /// reach their targets evenly by December, a few fall behind.
    static func reportedFigures(_ haian: PlanRecord, platform: Platform, today: LocalDate) async throws {
        let reported = Set(haian.measured.filter { $0.1.measure == .reported && $0.0.inBreakdown }.map(\.0.indicatorCode))
        let behind: [String: Double] = ["320685005": 0.55, "320685108": 0.7, "320685103": 0.8]
        var rows: [[any SQLExpression]] = []
        let now = platform.clock.timestamp
        func add(_ indicator: String, _ region: String, _ month: YearMonth, _ value: Double) {
            guard value > 0 else { return }
            rows.append([SQLBind(indicator), SQLBind(region), SQLBind(month.description), SQLBind(value), SQLBind(Optional<Double>.none),
                         SQLBind(Optional<String>.none), SQLBind("（演示数据）"), SQLBind(now)])
        }
        // The towns' targets of the imported table (the plan's region holds its 合计).
        for (code, targets) in haian.breakdown?.targets ?? [:] where code != haian.plan.regionCode {
            let share = behind[code] ?? 1
            for (indicator, target) in targets where reported.contains(indicator) {
                // Spread over the months: whole numbers that add up to the share reached by December.
                let reached = (target * share).rounded(.down)
                var given = 0.0
                for month in 1...12 {
                    let due = (reached * Double(month) / 12).rounded(.down)
                    add(indicator, code, YearMonth(year: 2021, month: month)!, due - given)
                    given = due
                }
            }
        }
        // 通辽市: each 旗县市区 trains a few a month (480 of the 500 by December, 扎鲁特旗 lagging).
        for county in ["150502", "150521", "150522", "150523", "150524", "150525", "150526", "150581"] {
            for month in 1...12 {
                add("workers_trained", county, YearMonth(year: 2021, month: month)!, county == "150526" ? 2 : month % 3 == 0 ? 6 : 5)
            }
        }
        // The current year, up to last month: towns at 80 % of the pace, 西场街道 at a third.
        let current = YearMonth(today)
        for code in haianTowns where today.year > 2021 {
            let pace = code == "320685005" ? 0.3 : 0.8
            for month in current.monthsOfYearSoFar where month < current {
                add("workers_trained", code, month, (40 * pace / 12).rounded(.up))
            }
        }
        guard !rows.isEmpty else { return }
        let entries = rows
        try await platform.writer.write { sql in
            for batch in entries.chunked(into: 500) {
                try await sql.insert(into: "reported_values")
                    .columns("indicator_code", "region_code", "period", "value", "denominator", "note", "entered_by", "entered_at")
                    .rows(Array(batch)).run()
            }
        }
    }
}

extension PlanDemo {
    static func resource(_ name: String) throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Resources/demo") else {
            throw ImportFileError(message: "找不到演示数据文件 \(name)")
        }
        return Array(try Data(contentsOf: url))
    }
}
