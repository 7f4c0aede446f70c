import Foundation
import SQLKit
import YanglaoCore
import YanglaoPlatform

/// The elders list declared once: who sees whom, the filters and the orders. Search is by name, or
/// by a full ID number or phone through their keyed hashes (a part of a number finds nothing).
enum ElderList {
    /// Region accounts see the persons living in their region; an institution operator the
    /// residents (集中供养) of their own facility.
    static func visibleFilter(_ user: CurrentUser, facilities: any FacilityDirectory) -> any SQLExpression {
        let inRegion = user.scope.regionFilter("region_code")
        guard user.account.role == .institutionOperator else { return inRegion }
        let centralised = SQLBinaryExpression(SQLIdentifier("support_mode"), .equal, SQLBind(SupportMode.centralised.rawValue))
        let own = SQLBinaryExpression(centralised, .and, facilities.isFacility(coded: user.account.organisationId ?? "", column: "facility_id"))
        return SQLBinaryExpression(inRegion, .and, own)
    }

    /// `column` holds `value` among the values joined by 、.
    static func contains(_ column: String, _ value: String) -> any SQLExpression {
        SQLQueryString("('、' || \(ident: column) || '、') LIKE \(bind: "%、" + value + "、%")")
    }

    /// Age bands as birth-date ranges on the day asked.
    enum AgeBand: String, CaseIterable {
        case under60 = "60岁以下", sixties = "60-69岁", seventies = "70-79岁", eighties = "80-89岁", ninetiesAndOver = "90岁及以上"

        var ages: (from: Int, to: Int?) {
            switch self {
            case .under60: (0, 59)
            case .sixties: (60, 69)
            case .seventies: (70, 79)
            case .eighties: (80, 89)
            case .ninetiesAndOver: (90, nil)
            }
        }

        /// Born on or before `latest` (at least `from` years old) and after `earliest` (at most `to`).
        func predicate(on today: LocalDate) -> any SQLExpression {
            let latest = today.adding(months: -12 * ages.from).description
            guard let to = ages.to else { return SQLQueryString("birth_date <= \(bind: latest)") }
            let earliest = today.adding(months: -12 * (to + 1)).description
            return SQLQueryString("(birth_date <= \(bind: latest) AND birth_date > \(bind: earliest))")
        }
    }

    static let listing = RegistryListing(
        table: "elders",
        entityType: "elder",
        visible: { visibleFilter($0.user, facilities: $0.interfaces.facilities) },
        filters: [
            .region("region", "居住区划", column: "region_code"),
            nameFilter,
            .personal("idNumber", "身份证号码", column: "id_number", kind: .idNumber, alsoHashColumn: "held_hash"),
            .personal("phone", "联系电话", column: "phone", kind: .phone),
            categoryFilter,
            RegistryFilter(name: "level", label: "能力等级", control: .choice(AbilityAssessment.Level.allCases.map { ("\($0.rawValue)", $0.name) } + [("none", "未评估")]),
                           help: "能力等级：0–4，或 none（未评估）") { value, _, _ in
                if value == "none" { return .success(.init(predicate: SQLQueryString("ability_level IS NULL"), description: "未评估")) }
                guard let number = Int(value), let level = AbilityAssessment.Level(rawValue: number) else {
                    return .failure(FieldError("能力等级“\(value.prefix(20))”无效，应为 0–4 或 none"))
                }
                return .success(.init(predicate: SQLBinaryExpression(SQLIdentifier("ability_level"), .equal, SQLBind(number)), description: level.name))
            },
            .oneOf("supportMode", "供养方式", column: "support_mode", SupportMode.self),
            .oneOf("selfCare", "自理能力", column: "self_care", SelfCareCheck.Result.self),
            RegistryFilter(name: "ageBand", label: "年龄段", control: .choice(AgeBand.allCases.map { ($0.rawValue, $0.rawValue) }), help: "年龄段（按当日计算）") { value, _, caller in
                guard let band = AgeBand(rawValue: value) else {
                    return .failure(FieldError("年龄段“\(value.prefix(20))”无效，应为 \(AgeBand.allCases.map(\.rawValue).joined(separator: "、")) 之一"))
                }
                return .success(.init(predicate: band.predicate(on: caller.today), description: band.rawValue))
            },
            RegistryFilter(name: "due", label: "复评", control: .choice([("overdue", "已逾期"), ("30days", "30 天内到期（含逾期）"), ("never", "从未评估")]),
                           help: "复评：overdue（已逾期）、30days（30 天内到期，含逾期）、never（从未评估）") { value, _, caller in
                let today = caller.today
                switch value {
                case "overdue": return .success(.init(predicate: SQLQueryString("next_assessment_on < \(bind: today.description)"), description: "复评已逾期"))
                case "30days":
                    return .success(.init(predicate: SQLQueryString("next_assessment_on <= \(bind: today.adding(days: 30).description)"), description: "30 天内须复评"))
                case "never": return .success(.init(predicate: SQLQueryString("assessed_on IS NULL"), description: "从未评估"))
                default: return .failure(FieldError("复评条件“\(value.prefix(20))”无效，应为 overdue、30days 或 never"))
                }
            },
            RegistryFilter(name: "status", label: "状态", control: .choice([("current", "在册"), ("deceased", "已故"), ("movedAway", "已迁出")]),
                           help: "状态：current（在册）、deceased（已故）、movedAway（已迁出），按当日") { value, _, caller in
                let today = caller.today.description
                switch value {
                case "current": return .success(.init(predicate: ElderSQL.counted(on: caller.today), description: "在册"))
                case "deceased": return .success(.init(predicate: SQLQueryString("death_date <= \(bind: today)"), description: "已故"))
                case "movedAway": return .success(.init(predicate: SQLQueryString("moved_away_on <= \(bind: today)"), description: "已迁出"))
                default: return .failure(FieldError("状态“\(value.prefix(20))”无效，应为 current、deceased 或 movedAway"))
                }
            },
            RegistryFilter(name: "facility", label: "集中供养机构", control: .search, help: "集中供养机构的记录标识") { value, _, _ in
                if let problem = TextLimit.problem(value, limit: 64) { return .failure(FieldError("机构标识" + problem)) }
                return .success(.init(predicate: SQLQueryString("facility_id = \(bind: value) AND support_mode = \(bind: SupportMode.centralised.rawValue)"),
                                      description: "集中供养于所选机构"))
            },
        ],
        sorts: [
            RegistrySort(name: "region", label: "按区划", keys: [RegistrySort.ascending("region_code"), RegistrySort.ascending("name")]),
            RegistrySort(name: "name", label: "按姓名", keys: [RegistrySort.ascending("name")]),
            // By birth year, then by record id: an order by birth date beside the ages shown would
            // place each person's birthday within days (see `Masking`).
            RegistrySort(name: "age", label: "按年龄（长到幼，按出生年份）", keys: [RegistrySort.ascending("substr(birth_date, 1, 4)")]),
            RegistrySort(name: "nextAssessment", label: "按下次评估日期", keys: [RegistrySort.ascending("COALESCE(next_assessment_on, '')")]),
        ],
        regionScoped: { $0.user.account.role != .institutionOperator }
    )

    static let nameFilter = RegistryFilter(name: "name", label: "姓名", control: .search, help: "姓名（包含）") { text, _, _ in
        if let problem = TextLimit.problem(text, limit: 40) { return .failure(FieldError("姓名" + problem)) }
        return .success(.init(predicate: RegistryFilter.containing(text, in: "name"), description: "姓名含“\(text)”"))
    }

    /// A category; 高龄 is the age on the day asked (80 or more), never a stored mark.
    static let categoryFilter = RegistryFilter(
        name: "category", label: "人员类别", control: .choice(ElderCategory.allCases.map { ($0.rawValue, $0.rawValue) }), help: "人员类别（高龄按当日年龄）"
    ) { value, _, caller in
        guard let category = ElderCategory(rawValue: value) else {
            return .failure(FieldError("人员类别“\(value.prefix(20))”无效，应为 \(ElderCategory.allCases.map(\.rawValue).joined(separator: "、")) 之一"))
        }
        if category == .veryOld {
            let latest = caller.today.adding(months: -12 * ElderCategory.veryOldAge).description
            return .success(.init(predicate: SQLQueryString("birth_date <= \(bind: latest)"), description: "高龄"))
        }
        return .success(.init(predicate: contains("categories", category.rawValue), description: category.rawValue))
    }
}

/// The SQL side of Core's rules where a list or an aggregate must select in the database; each
/// mirrors the rule it names, and `ElderIndicatorTests` holds them to it on the same persons.
enum ElderSQL {
    /// `ElderFacts.isCentralised(on:)`: in an institution on the day.
    static func centralised(on date: LocalDate) -> any SQLExpression {
        SQLQueryString("(support_mode = \(bind: SupportMode.centralised.rawValue) AND (admitted_on IS NULL OR admitted_on <= \(bind: date.description)))")
    }

    /// `ElderIndicators`' two rates as SQL aggregates by the region persons live in, over the 特困
    /// persons counted on the day (read through the partial index of migration 011): for each, the
    /// persons it concerns and those in care. `ElderIndicatorTests` holds them equal to Core's rules.
    static func rates(on date: LocalDate, unable: Set<SelfCareCheck.Result>, scope: any SQLExpression, sql: any SQLDatabase)
        async throws -> [(region: String, unable: CountedRate, willing: CountedRate)] {
        let unableValues = unable.map(\.rawValue).sorted()
        let sixty = date.adding(months: -12 * 60).description
        let isUnable = SQLQueryString("self_care IN (\(binds: unableValues))")
        let isWilling = SQLQueryString("(willing_for_centralised = \(bind: true) AND birth_date <= \(bind: sixty))")
        let inCare = centralised(on: date)
        func sum(_ condition: any SQLExpression, _ name: String) -> any SQLExpression {
            SQLAlias(SQLQueryString("CAST(SUM(CASE WHEN \(condition) THEN 1 ELSE 0 END) AS BIGINT)"), as: SQLIdentifier(name))
        }
        let rows = try await sql.select().column("region_code")
            .column(sum(isUnable, "unable_of")).column(sum(SQLQueryString("\(isUnable) AND \(inCare)"), "unable_in"))
            .column(sum(isWilling, "willing_of")).column(sum(SQLQueryString("\(isWilling) AND \(inCare)"), "willing_in"))
            .from("elders").where(SQLRaw("categories LIKE '%特困%'")).where(scope).where(counted(on: date))
            .groupBy("region_code").all()
        return try rows.map { row in
            let value = { (name: String) in try row.decode(column: name, as: Int.self) }
            return (try row.decode(column: "region_code", as: String.self),
                    CountedRate(counted: try value("unable_in"), of: try value("unable_of"), leftOut: []),
                    CountedRate(counted: try value("willing_in"), of: try value("willing_of"), leftOut: []))
        }
    }

    /// `ElderFacts.isCounted(on:)`: alive and living here on the day, born by then.
    static func counted(on date: LocalDate) -> any SQLExpression {
        let day = date.description
        return SQLQueryString("((death_date IS NULL OR death_date > \(bind: day)) AND (moved_away_on IS NULL OR moved_away_on > \(bind: day)) AND birth_date <= \(bind: day))")
    }
}
