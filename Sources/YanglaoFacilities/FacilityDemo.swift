import YanglaoPlatform
import Foundation
import SQLKit
import YanglaoCore

/// The demo registry: facilities of every category and function in the towns of 海安市 and
/// 通辽市, most compliant and some breaking each rule; the 2021 projects that, once all completed,
/// give the first five columns of the Hai'an breakdown table; and the five 敬老院 the Tongliao
/// plan names, as projects.
package enum FacilityDemo {
    /// What a demo facility gets wrong; everything else is in order.
    enum Flaw {
        case noClinic, expiredAgreement, fireNonCompliant, foodNonCompliant, gasAlarmMissing, electricalAlarmMissing
        case fumeUntreated, sewageUnconnected, notFiled, noFireAcceptance
        /// 四有: no sign at the door; no activity in the window; activities without a written record.
        case noSign, noActivities, unrecordedActivities
    }

    struct Project {
        var name: String
        var kind: ProjectKind
        var upgrade: UpgradeKind? = nil
        var status: ProjectStatus
        var planned: String
        var completed: String? = nil
        var investment: Int64
        var funding: FundingSource = .budget
    }

    struct Item {
        var name: String
        var category: FacilityCategory
        var region: String
        var kind: InstitutionKind? = nil
        var functions: Set<FacilityFunction> = []
        var beds = 0, nursing = 0, occupied = 0, hardship = 0
        var status: FacilityStatus = .operating
        var supervising: String? = nil
        var mode: OperationMode = .publicOwnedPublicRun
        var socialised = false
        var flaws: Set<Flaw> = []
        var projects: [Project] = []
    }

    static func institution(_ name: String, _ region: String, beds: Int, nursing: Int, hardship: Int = 0, kind: InstitutionKind = .specialHardship,
                            functions: Set<FacilityFunction> = [], supervising: String? = nil, mode: OperationMode = .publicOwnedPublicRun,
                            status: FacilityStatus = .operating, flaws: Set<Flaw> = [], projects: [Project] = []) -> Item {
        Item(name: name, category: .institution, region: region, kind: kind, functions: functions, beds: beds, nursing: nursing,
             occupied: beds * 3 / 4, hardship: hardship, status: status, supervising: supervising, mode: mode,
             socialised: mode == .publicOwnedPrivateRun, flaws: flaws, projects: projects)
    }

    static func community(_ name: String, _ category: FacilityCategory, _ region: String, socialised: Bool = false, status: FacilityStatus = .operating,
                          functions: Set<FacilityFunction> = [], flaws: Set<Flaw> = [], projects: [Project] = []) -> Item {
        Item(name: name, category: category, region: region, functions: functions, status: status,
             mode: socialised ? .publicOwnedPrivateRun : .publicOwnedPublicRun, socialised: socialised, flaws: flaws, projects: projects)
    }

    static func done(_ name: String, _ kind: ProjectKind, _ upgrade: UpgradeKind? = nil, on date: String, investment: Int64) -> Project {
        Project(name: name, kind: kind, upgrade: upgrade, status: .completed, planned: date, completed: date, investment: investment)
    }

    static func building(_ name: String, _ kind: ProjectKind, _ upgrade: UpgradeKind? = nil, planned: String, investment: Int64) -> Project {
        Project(name: name, kind: kind, upgrade: upgrade, status: .inProgress, planned: planned, investment: investment)
    }

    static let haian: [Item] = [
        institution("海安市社会福利院", "320685001", beds: 300, nursing: 220, kind: .other, functions: [.medicalCare, .nursing], supervising: "320685"),
        // 2021 新建医养结合型养老机构 ×3 (海安街道、隆政街道、立发街道).
        institution("海安街道医养结合养老院", "320685001", beds: 150, nursing: 120, kind: .other, functions: [.medicalCare, .nursing, .inclusive],
                    supervising: "320685", mode: .publicOwnedPrivateRun,
                    projects: [done("海安街道医养结合养老院新建工程", .newBuild, on: "2021-09-28", investment: 32_000_000)]),
        institution("隆政街道颐康护理院", "320685003", beds: 110, nursing: 90, kind: .other, functions: [.medicalCare, .nursing],
                    mode: .privateRun, projects: [done("隆政街道颐康护理院新建工程", .newBuild, on: "2021-11-15", investment: 21_000_000)]),
        institution("立发街道医养结合中心", "320685006", beds: 100, nursing: 80, kind: .other, functions: [.medicalCare, .nursing],
                    status: .underConstruction, projects: [building("立发街道医养结合中心新建工程", .newBuild, planned: "2021-12-31", investment: 18_000_000)]),
        // 2021 失能失智集中照护中心 ×2 (角斜镇、胡集街道): 敬老院 upgraded under 双改造双提升.
        institution("角斜镇敬老院", "320685101", beds: 45, nursing: 20, hardship: 35, functions: [.dementiaCare], flaws: [.noClinic],
                    projects: [done("角斜镇敬老院失能失智照护改造", .upgrade, .doubleRenovation, on: "2021-10-20", investment: 2_600_000)]),
        institution("胡集街道敬老院", "320685004", beds: 60, nursing: 30, hardship: 28, functions: [.dementiaCare],
                    projects: [building("胡集街道敬老院失能失智照护改造", .upgrade, .doubleRenovation, planned: "2021-11-30", investment: 2_400_000)]),
        // 2021 区域性养老服务中心 ×2 (角斜镇、曲塘镇).
        institution("角斜镇区域性养老服务中心", "320685101", beds: 90, nursing: 50, hardship: 20, functions: [.regionalCentre, .nursing],
                    mode: .publicOwnedPrivateRun,
                    projects: [done("角斜镇区域性养老服务中心标准化建设", .upgrade, .doubleRenovation, on: "2021-12-10", investment: 3_500_000)]),
        institution("曲塘镇敬老院", "320685104", beds: 80, nursing: 40, hardship: 25, functions: [.regionalCentre], flaws: [.expiredAgreement],
                    projects: [building("曲塘镇敬老院区域性养老服务中心建设", .upgrade, .doubleRenovation, planned: "2021-10-31", investment: 3_000_000)]),
        institution("李堡镇敬老院", "320685102", beds: 70, nursing: 40, hardship: 30),
        institution("雅周镇敬老院", "320685103", beds: 50, nursing: 25, hardship: 22, flaws: [.gasAlarmMissing]),
        institution("白甸镇敬老院", "320685108", beds: 40, nursing: 18, hardship: 20, flaws: [.fumeUntreated, .sewageUnconnected],
                    projects: [building("白甸镇敬老院油烟治理", .upgrade, .fumeTreatment, planned: "2021-08-31", investment: 180_000),
                               building("白甸镇敬老院污水接管", .upgrade, .sewageConnection, planned: "2021-09-30", investment: 260_000)]),
        institution("南莫镇敬老院", "320685106", beds: 55, nursing: 30, hardship: 24,
                    projects: [done("南莫镇敬老院机构适老化改造", .upgrade, .ageFriendly, on: "2021-06-30", investment: 420_000)]),
        institution("海安市福康养老服务中心", "320685002", beds: 120, nursing: 70, kind: .other, functions: [.chain, .inclusive],
                    supervising: "320685", mode: .privateRun, flaws: [.noClinic]),
        institution("海安市夕阳红老年公寓", "320685005", beds: 60, nursing: 20, kind: .other, mode: .privateRun, flaws: [.fireNonCompliant, .electricalAlarmMissing]),
        institution("洋蛮河街道安康老年公寓", "320685007", beds: 8, nursing: 0, kind: .other, mode: .privateRun, flaws: [.notFiled]),
        Item(name: "海安市康复护理院", category: .medicalInstitution, region: "320685001", functions: [.medicalCare], beds: 80, nursing: 80, occupied: 60,
             supervising: "320685", mode: .privateRun),
        // 2021 日间照料中心 ×5 (西场、海安、隆政、胡集、孙庄).
        community("星海社区日间照料中心", .dayCareCentre, "320685001001", socialised: true, flaws: [.foodNonCompliant],
                  projects: [done("星海社区日间照料中心提升", .upgrade, .dayCareUpgrade, on: "2021-07-15", investment: 350_000)]),
        community("西场社区日间照料中心", .dayCareCentre, "320685005001", status: .underConstruction,
                  projects: [building("西场社区日间照料中心新建", .newBuild, planned: "2021-09-30", investment: 900_000)]),
        community("隆政社区日间照料中心", .dayCareCentre, "320685003001", socialised: true,
                  projects: [done("隆政社区日间照料中心新建", .newBuild, on: "2021-08-20", investment: 850_000)]),
        community("胡集社区日间照料中心", .dayCareCentre, "320685004001",
                  projects: [done("胡集社区日间照料中心提升", .upgrade, .dayCareUpgrade, on: "2021-10-08", investment: 300_000)]),
        community("孙庄社区日间照料中心", .dayCareCentre, "320685002001", socialised: true,
                  projects: [done("孙庄社区日间照料中心提升", .upgrade, .dayCareUpgrade, on: "2021-05-31", investment: 280_000)]),
        // 2021 镇级居家养老服务中心 ×3 (李堡镇、南莫镇、墩头镇).
        community("李堡镇居家养老服务中心", .homeCareCentre, "320685102", socialised: true,
                  projects: [done("李堡镇居家养老服务中心建设", .newBuild, on: "2021-06-18", investment: 1_200_000)]),
        community("南莫镇居家养老服务中心", .homeCareCentre, "320685106",
                  projects: [done("南莫镇居家养老服务中心建设", .newBuild, on: "2021-09-10", investment: 1_100_000)]),
        community("墩头镇居家养老服务中心", .homeCareCentre, "320685107", status: .underConstruction,
                  projects: [building("墩头镇居家养老服务中心建设", .newBuild, planned: "2021-10-31", investment: 1_300_000)]),
        community("贲巷社区日间照料中心", .dayCareCentre, "320685105001", flaws: [.electricalAlarmMissing]),
        community("新雅社区居家养老服务站", .homeCareStation, "320685103001", flaws: [.noFireAcceptance]),
        community("中坝社区助餐点", .mealPoint, "320685001002", socialised: true, flaws: [.noActivities]),
        community("老坝港村互助幸福院", .mutualAidHome, "320685101201", flaws: [.unrecordedActivities]),
    ] + ["320685001", "320685002", "320685003", "320685004", "320685005", "320685006", "320685007",
         "320685101", "320685103", "320685104", "320685105", "320685108"].enumerated().map { index, town in
        // The town-level centres that stood before 2021: every town has one.
        community("\(townNames[town] ?? town)居家养老服务中心", .homeCareCentre, town, socialised: index % 2 == 0)
    }

    static let townNames = [
        "320685001": "海安街道", "320685002": "孙庄街道", "320685003": "隆政街道", "320685004": "胡集街道", "320685005": "西场街道",
        "320685006": "立发街道", "320685007": "洋蛮河街道", "320685101": "角斜镇", "320685103": "雅周镇", "320685104": "曲塘镇",
        "320685105": "大公镇", "320685108": "白甸镇",
    ]

    static let tongliao: [Item] = [
        institution("通辽市社会福利院", "150502", beds: 260, nursing: 170, kind: .other, functions: [.medicalCare, .nursing], supervising: "150500"),
        // The five 敬老院 the 2021 plan names: built and operating within the year.
        institution("敖力布皋镇敬老院", "150502108", beds: 60, nursing: 36, hardship: 32,
                    projects: [done("敖力布皋镇敬老院新建", .newBuild, on: "2021-11-20", investment: 6_800_000)]),
        institution("舍伯吐中心敬老院", "150521104", beds: 80, nursing: 45, status: .underConstruction,
                    projects: [building("舍伯吐中心敬老院改扩建", .expansion, planned: "2021-10-31", investment: 5_200_000)]),
        institution("保康中心敬老院", "150521100", beds: 120, nursing: 70, hardship: 58, supervising: "150521",
                    projects: [done("保康中心敬老院新建", .newBuild, on: "2021-09-30", investment: 9_500_000),
                               done("保康中心敬老院标准化卫生室", .upgrade, .standardClinic, on: "2021-10-15", investment: 300_000)]),
        institution("霍林郭勒市中心敬老院", "150581001", beds: 100, nursing: 60, hardship: 40, supervising: "150581",
                    projects: [done("霍林郭勒市中心敬老院新建", .newBuild, on: "2021-12-05", investment: 8_000_000)]),
        institution("八仙筒中心敬老院", "150525101", beds: 70, nursing: 30, hardship: 34, flaws: [.noClinic],
                    projects: [done("八仙筒中心敬老院改扩建", .expansion, on: "2021-08-30", investment: 4_300_000),
                               building("八仙筒中心敬老院标准化卫生室", .upgrade, .standardClinic, planned: "2021-11-30", investment: 280_000)]),
        institution("通辽市颐养园", "150502", beds: 150, nursing: 90, kind: .other, functions: [.chain, .inclusive, .nursing],
                    supervising: "150502", mode: .privateRun),
        institution("科左中旗康乐老年公寓", "150521100", beds: 40, nursing: 10, kind: .other, mode: .privateRun, flaws: [.fireNonCompliant, .foodNonCompliant]),
        Item(name: "科尔沁区康复护理院", category: .medicalInstitution, region: "150502", functions: [.medicalCare], beds: 60, nursing: 60, occupied: 40,
             supervising: "150502", mode: .privateRun),
        community("敖力布皋社区日间照料中心", .dayCareCentre, "150502108001"),
        community("保康社区助餐点", .mealPoint, "150521100001", socialised: true),
        community("舍伯吐嘎查互助幸福院", .mutualAidHome, "150521104201", flaws: [.foodNonCompliant, .noFireAcceptance]),
        community("东胜嘎查互助幸福院", .mutualAidHome, "150521100201", flaws: [.noSign]),
        community("达来嘎查互助幸福院", .mutualAidHome, "150581201201", flaws: [.gasAlarmMissing]),
        community("珠斯花街道居家养老服务中心", .homeCareCentre, "150581001", socialised: true),
    ]

    static func record(_ item: Item, index: Int, region: StoredRegion, county: String, now: String) -> (FacilityRecord, [FacilityProject]) {
        var facility = Facility.empty(id: UUID().uuidString.lowercased(), code: "\(region.code.prefix(6))-\(String(format: "%04d", index))",
                                      name: item.name, category: item.category, regionCode: region.code, now: now)
        let flaws = item.flaws
        facility.institutionKind = item.kind
        facility.supervisingRegionCode = item.supervising ?? region.townCode ?? region.code
        facility.status = item.status
        facility.beds = item.beds
        facility.nursingBeds = item.nursing
        facility.occupiedBeds = item.status == .operating ? item.occupied : 0
        facility.residents = facility.occupiedBeds
        facility.specialHardshipResidents = item.status == .operating ? min(item.hardship, facility.residents ?? 0) : 0
        facility.staffCount = max(2, item.beds / 8)
        facility.operationMode = item.mode
        facility.socialised = item.socialised
        facility.operatorName = item.mode == .publicOwnedPublicRun ? "\(item.name)（公办）" : "\(item.name.prefix(4))养老服务有限公司"
        facility.openedOn = item.status == .operating ? LocalDate(year: 2015 + index % 6, month: 3 + index % 9, day: 1) : nil
        if item.category == .institution, item.status == .operating {
            facility.profitType = item.mode == .privateRun ? .forProfit : .nonProfit
            facility.registrationType = item.mode == .privateRun ? .enterprise : .publicInstitution
            facility.filingStatus = flaws.contains(.notFiled) ? .incomplete : .filed
            facility.filingMissing = flaws.contains(.notFiled) ? "消防安全承诺书、房屋产权证明" : nil
            facility.filedOn = flaws.contains(.notFiled) ? nil : facility.openedOn.flatMap { LocalDate(year: $0.year, month: $0.month, day: 10) }
            facility.filingBureau = flaws.contains(.notFiled) ? nil : "\(county)民政局"
        }
        let inUse = item.status == .operating || item.status == .built
        facility.internalClinic = item.category == .institution && item.beds >= 100 && !flaws.contains(.noClinic)
        facility.nursingStation = item.category == .institution && item.kind == .specialHardship && item.hardship >= 30 && !flaws.contains(.noClinic)
        facility.fireAcceptance = inUse && !flaws.contains(.noFireAcceptance)
        facility.fireCompliant = inUse && !flaws.contains(.fireNonCompliant)
        facility.foodCompliant = inUse && !flaws.contains(.foodNonCompliant)
        facility.electricalAlarmRequired = item.category == .institution || item.category == .dayCareCentre
        facility.electricalAlarmInstalled = facility.electricalAlarmRequired == true && inUse && !flaws.contains(.electricalAlarmMissing)
        facility.gasAlarmRequired = item.category != .medicalInstitution
        facility.gasAlarmInstalled = facility.gasAlarmRequired == true && inUse && !flaws.contains(.gasAlarmMissing)
        facility.fumeTreated = inUse && !flaws.contains(.fumeUntreated)
        facility.sewageConnected = inUse && !flaws.contains(.sewageUnconnected)
        facility.hasSite = item.category.isCommunityFacility
        facility.hasSign = item.category.isCommunityFacility && !flaws.contains(.noSign)
        facility.medicalInsurance = facility.internalClinic
        var agreements: [MedicalAgreement] = []
        if item.category == .institution {
            let expired = flaws.contains(.expiredAgreement)
            agreements = [MedicalAgreement(partner: "\(region.name)卫生院", startsOn: LocalDate(year: 2019, month: 1, day: 1)!,
                                           endsOn: expired ? LocalDate(year: 2020, month: 12, day: 31) : LocalDate(year: 2030, month: 12, day: 31))]
        }
        let projects = item.projects.map { project in
            FacilityProject(
                id: UUID().uuidString.lowercased(), facilityId: facility.id, name: project.name, kind: project.kind,
                upgradeKind: project.upgrade, year: 2021, status: project.status, investment: project.investment,
                fundingSource: project.funding, plannedCompletion: LocalDate(parsing: project.planned),
                actualCompletion: project.completed.flatMap(LocalDate.init(parsing:)), createdAt: now, updatedAt: now
            )
        }
        return (FacilityRecord(facility: facility, functions: item.functions, agreements: agreements), projects)
    }

    /// Community facilities hold activities in the weeks before the demo starts, with their records.
    static func activities(_ item: Item, facilityID: String, now: String, today: LocalDate) -> [FacilityActivity] {
        guard item.category.isCommunityFacility, item.status == .operating, !item.flaws.contains(.noActivities) else { return [] }
        let unrecorded = item.flaws.contains(.unrecordedActivities)
        return [("健康讲座", 10, 26), ("文体活动", 25, 18), ("助餐服务", 40, 32)].map { kind, daysAgo, participants in
            FacilityActivity(
                id: UUID().uuidString.lowercased(), facilityId: facilityID, heldOn: today.adding(days: -daysAgo), kind: kind,
                participants: unrecorded ? 0 : participants, record: unrecorded ? "" : "\(kind)：签到表、照片存档", createdAt: now
            )
        }
    }

    /// The code a demo facility gets (its place in the demo list, under its county's code).
    static func code(of name: String) -> String? {
        guard let index = (haian + tongliao).firstIndex(where: { $0.name == name }) else { return nil }
        return "\((haian + tongliao)[index].region.prefix(6))-\(String(format: "%04d", index + 1))"
    }

    /// Writes the demo registry in one transaction, audited as the command line's.
    package static func seed(_ platform: Platform) async throws {
        try await registry(platform)
        try await currentYearProjects(platform, today: platform.clock.today)
    }

    /// The operating 敬老院 of the towns, for the register's demo residents.
    package static var hardshipHomes: [(name: String, code: String, town: String, beds: Int, hardship: Int)] {
        (haian + tongliao).compactMap { item in
            guard item.kind == .specialHardship, item.status == .operating, item.region.count == 9, let code = code(of: item.name) else { return nil }
            return (item.name, code, item.region, item.beds, item.hardship)
        }
    }

    static func registry(_ platform: Platform) async throws {
        try await platform.writer.write { sql in
            let now = platform.clock.timestamp
            let regions = RegionStore(sql: sql)
            for (index, item) in (haian + tongliao).enumerated() {
                guard let region = try await regions.find(item.region) else {
                    throw ImportFileError(message: "演示设施“\(item.name)”的区划 \(item.region) 不存在")
                }
                let county = try await region.countyCode.asyncMap { try await regions.find($0)?.name } ?? nil
                let (record, projects) = record(item, index: index + 1, region: region, county: county ?? region.name, now: now)
                // Capacity as it stood: since opening, or from the completion of the year's works
                // (an upgrade doubled the nursing beds it had before).
                let completed = projects.filter { $0.status == .completed }.compactMap(\.actualCompletion).min()
                let store = platform.facilityStore(sql)
                if let completed, projects.contains(where: { $0.kind == .upgrade && $0.status == .completed }) {
                    try await store.save(record, previous: nil, snapshotOn: completed)
                    var before = record.facility
                    before.nursingBeds = before.nursingBeds.map { $0 / 2 }
                    try await store.snapshot(before, on: LocalDate(year: 2020, month: 12, day: 31)!)
                } else {
                    try await store.save(record, previous: nil, snapshotOn: completed ?? record.facility.openedOn ?? LocalDate(year: 2020, month: 12, day: 31)!)
                }
                for project in projects { try await ProjectStore(sql: sql).insert(project) }
                for activity in activities(item, facilityID: record.facility.id, now: now, today: platform.clock.today) {
                    try await platform.facilityStore(sql).addActivity(activity)
                }
            }
            // The activities complete 四有 of the community facilities written before them.
            try await platform.facilityStore(sql).refreshAll(writer: nil)
            try await AuditLog.record(on: sql, actor: .commandLine, action: "facility.import", entityType: "facility",
                                      outcome: "demo facilities=\((haian + tongliao).count)")
        }
    }

    /// The current year's works: a town-level centre finished, a day-care centre upgraded, and one
    /// still being built past its planned date.
    static func currentYearProjects(_ platform: Platform, today: LocalDate) async throws {
        let year = today.year
        func day(_ month: Int, _ day: Int) -> LocalDate {
            min(today, LocalDate(year: year, month: month, day: day)!)
        }
        let works: [(facility: String, name: String, kind: ProjectKind, upgrade: UpgradeKind?, status: ProjectStatus, planned: LocalDate, done: LocalDate?)] = [
            ("贲巷社区日间照料中心", "贲巷社区日间照料中心提升", .upgrade, .dayCareUpgrade, .completed, day(6, 30), day(6, 28)),
            ("墩头镇居家养老服务中心", "墩头镇居家养老服务中心建设（续建）", .newBuild, nil, .completed, day(5, 31), day(5, 20)),
            ("西场社区日间照料中心", "西场社区日间照料中心新建（续建）", .newBuild, nil, .inProgress, day(9, 30), nil),
        ]
        try await platform.writer.write { sql in
            for work in works {
                guard let facility = try await sql.select().column("id").from("facilities").where("name", .equal, work.facility)
                    .first(decodingColumn: "id", as: String.self) else { continue }
                let now = platform.clock.timestamp
                try await ProjectStore(sql: sql).insert(FacilityProject(
                    id: UUID().uuidString.lowercased(), facilityId: facility, name: work.name, kind: work.kind, upgradeKind: work.upgrade, year: year,
                    status: work.status, investment: 600_000, fundingSource: .budget, plannedCompletion: work.planned, actualCompletion: work.done,
                    createdAt: now, updatedAt: now))
            }
        }
    }
}
