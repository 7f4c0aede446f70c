import Foundation
import SQLKit
import YanglaoCore
import YanglaoPlatform

/// The demo registry of older residents: a synthetic population of the demo towns (through the
/// same streamed import as a bureau's own file), two named persons the tests and the browser
/// journeys use, assessments at every level with every adjustment, and a few moves with their history.
package enum ElderDemo {
    static let count = 3000
    static let seed: UInt64 = 2021

    /// 张桂英 of 老坝港村, 角斜镇 (a 特困 resident of 角斜镇敬老院) and 李秀兰 of 李堡镇: one inside and one
    /// outside a 角斜镇 account's scope.
    static func named(_ today: LocalDate, territory: DemoTerritory) -> [[String]] {
        let day = { (days: Int) in today.adding(days: -days).description }
        let jiaoxie = territory.homes.first { $0.name == "角斜镇敬老院" }?.code ?? ""
        return [
        ["张桂英", "320685193803150024", "13912344321", "海安市角斜镇老坝港村12组3号", "320685101201", "特困、独居", "王建国（侄）", "13862711234", "",
         "集中供养", jiaoxie, day(900), "是", day(930), day(270), "自主洗澡、自主穿衣", "", ""],
        ["李秀兰", "320685194205120022", "13771234567", "海安市李堡镇杨庄村3组8号", "320685102201", "特困", "", "", "",
         "分散供养", "", "", "是", day(200), day(200), "自主洗澡、自主如厕、自主上下床、自主穿衣", "", ""],
        ]
    }

    package static func seed(_ platform: Platform, territory: DemoTerritory) async throws {
        let today = platform.clock.today
        var generator = try SyntheticElders(seed: seed, today: today, territory: territory)
        generator.placesInHomes = false
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("yanglao-demo-elders-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try generator.writeCSV(count: count, to: path, first: named(today, territory: territory)) { generator in
            var rows: [[String]] = []
            for home in homes(territory) {
                // 张桂英 (named above) is one of 角斜镇敬老院's.
                let hardship = home.specialHardship - (home.name == "角斜镇敬老院" ? 1 : 0)
                for _ in 0..<hardship { rows.append(generator.resident(home: home.code, town: home.town, specialHardship: true)) }
                for _ in 0..<home.others { rows.append(generator.resident(home: home.code, town: home.town, specialHardship: false)) }
            }
            return rows
        }
        let report = try await BulkImportFlow.run(ElderImport(platform: platform, scope: .unrestricted), path: path, dryRun: false,
                                                  writer: platform.writer, actor: .commandLine, limits: platform.configuration.bulkImportLimits)
        guard report.committed else {
            throw ImportFileError(message: "演示老年人数据有误：\(report.errors.prefix(3).map { "第\($0.row)行 \($0.message)" }.joined(separator: "；"))")
        }
        try await assess(platform, today: today)
        try await move(platform, today: today)
    }

    /// The operating 敬老院 of the demo with the residents the registry gives them: what each home
    /// reported, except two homes whose registry holds a few fewer 特困 residents than they reported
    /// (the facility page and the problems list say so).
    struct Home {
        var name: String
        var code: String
        var town: String
        var specialHardship: Int
        var others: Int
    }

    static func homes(_ territory: DemoTerritory) -> [Home] {
        territory.homes.map { home in
            let occupied = home.beds * 3 / 4, reported = min(home.hardship, occupied)
            let short = ["角斜镇敬老院": 2, "李堡镇敬老院": 3][home.name] ?? 0
            return Home(name: home.name, code: home.code, town: home.town, specialHardship: reported - short, others: occupied - reported)
        }
    }

    /// Every fourth person assessed, the totals spread over every band, with each adjustment among them.
    static func assess(_ platform: Platform, today: LocalDate) async throws {
        let ids = try await platform.sql.select().column("id").from("elders").orderBy("id").all().map { try $0.decode(column: "id", as: String.self) }
        let settings = platform.assessmentSettings
        try await platform.writer.write { sql in
            var random = SplitMix64(seed: seed)
            let store = ElderStore(sql: sql, cipher: platform.personalData)
            for (index, id) in ids.enumerated() where index % 4 == 0 {
                let total = [90, 78, 70, 55, 50, 40, 33, 20, 8][random.below(9)]
                let circumstances: AbilityAssessment.Circumstances = switch index % 40 {
                case 4: .init(diagnoses: ["F03"])
                case 8: .init(riskEventsIn30Days: 2)
                case 12: .init(diagnoses: ["F20"], riskEventsIn30Days: 3)
                case 16: .init(coma: true)
                default: .init()
                }
                // Some are overdue: assessed more than the interval ago.
                let assessedOn = today.adding(days: -(20 + random.below(260)))
                let scores = Self.scores(total: total)
                try await store.insert(StoredAssessment(
                    id: UUID().uuidString.lowercased(), elderID: id, assessedOn: assessedOn,
                    reason: index % 3 == 0 ? "首次评估" : "常规评估", assessors: ["周丽华", "陈志刚"], scores: scores, circumstances: circumstances,
                    result: AbilityAssessment.score(scores, circumstances: circumstances, assessedOn: assessedOn, settings: settings),
                    recordedBy: "（演示）", recordedAt: Clock.timestamp()))
            }
            try await AuditLog.record(on: sql, actor: .commandLine, action: "elder.assess", entityType: "elder", outcome: "demo assessments")
        }
    }

    /// Item scores that add up to `total`, filling the items in order up to their maxima.
    static func scores(total: Int) -> [String: Int] {
        var left = total
        var scores: [String: Int] = [:]
        for item in AbilityAssessment.items {
            let score = min(item.maximum, left)
            scores[item.code] = score
            left -= score
        }
        return scores
    }

    /// A few persons moved to another village of their town some months ago: their history shows it.
    static func move(_ platform: Platform, today: LocalDate) async throws {
        let rows = try await platform.sql.select().column("*").from("elders").where("region_code", .equal, "320685101201")
            .where(SQLIdentifier("support_mode"), .notEqual, SQLBind(SupportMode.centralised.rawValue)).orderBy("id").limit(6).all()
        let people = try rows.map(ElderFields.schema.decode)
        try await platform.writer.write { sql in
            let store = ElderStore(sql: sql, cipher: platform.personalData)
            for (index, person) in people.enumerated() {
                var moved = person
                moved.regionCode = index % 2 == 0 ? "320685101202" : "320685101001"
                moved.residentSince = today.adding(months: -(2 + index))
                try await store.save(moved, previous: person, stays: nil, today: today)
            }
            try await AuditLog.record(on: sql, actor: .commandLine, action: "elder.update", entityType: "elder", outcome: "demo moves=\(people.count)")
        }
    }
}

/// The demo territory as the register's demo needs it: the region list (villages to live in) and
/// the operating 敬老院 of the towns (given by the assembly from the facilities' demo).
package struct DemoTerritory: Sendable {
    package struct Home: Sendable {
        package var name: String
        package var code: String
        package var town: String
        package var beds: Int
        /// The 特困 residents the home reported.
        package var hardship: Int

        package init(name: String, code: String, town: String, beds: Int, hardship: Int) {
            self.name = name
            self.code = code
            self.town = town
            self.beds = beds
            self.hardship = hardship
        }
    }

    package var regionsFile: [UInt8]
    package var homes: [Home]

    package init(regionsFile: [UInt8], homes: [Home]) {
        self.regionsFile = regionsFile
        self.homes = homes
    }
}
