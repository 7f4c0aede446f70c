/// Works on facilities: building, extending, upgrading. The breakdown table counts the year's
/// completed projects, not the stock of facilities.
public enum ProjectKind: String, CaseIterable, Codable, Sendable {
    case newBuild = "新建"
    case expansion = "改扩建"
    case upgrade = "提升改造"
}

/// What an upgrade (提升改造) is about, as the seeds name them.
public enum UpgradeKind: String, CaseIterable, Codable, Sendable {
    case doubleRenovation = "双改造双提升"
    case dayCareUpgrade = "日间照料中心提升"
    case fumeTreatment = "油烟治理"
    case sewageConnection = "污水接管"
    case ageFriendly = "机构适老化改造"
    case standardClinic = "标准化卫生室"
}

public enum ProjectStatus: String, CaseIterable, Codable, Sendable {
    case planned = "计划"
    case inProgress = "在建"
    case completed = "已完成"
    case cancelled = "已取消"
}

public enum FundingSource: String, CaseIterable, Codable, Sendable {
    case budget = "财政"
    case welfareLottery = "福彩公益金"
    case charity = "慈善"
    case socialInvestment = "社会投资"
    case other = "其他"
}

public struct ProjectFacts: Sendable, Equatable {
    public var kind: ProjectKind
    public var upgradeKind: UpgradeKind?
    public var year: Int
    public var status: ProjectStatus
    public var plannedCompletion: LocalDate?
    public var actualCompletion: LocalDate?

    public init(kind: ProjectKind, upgradeKind: UpgradeKind? = nil, year: Int, status: ProjectStatus,
                plannedCompletion: LocalDate? = nil, actualCompletion: LocalDate? = nil) {
        self.kind = kind
        self.upgradeKind = upgradeKind
        self.year = year
        self.status = status
        self.plannedCompletion = plannedCompletion
        self.actualCompletion = actualCompletion
    }
}

/// The columns of the Hai'an breakdown table that count facility projects.
public enum BreakdownColumn: String, CaseIterable, Sendable {
    case dayCareCentres = "日间照料中心"
    case townHomeCareCentres = "镇级居家养老服务中心"
    case newMedicalCareInstitutions = "新建医养结合型养老机构"
    case dementiaCareCentres = "失能失智集中照护中心"
    case regionalCentres = "区域性养老服务中心"
}

public enum ProjectRules {
    public static func validate(_ project: ProjectFacts) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if project.kind == .upgrade, project.upgradeKind == nil {
            problems.append(FieldProblem(field: "upgradeKind", message: "提升改造项目须注明改造内容（\(UpgradeKind.allowedList)）"))
        }
        if project.kind != .upgrade, project.upgradeKind != nil {
            problems.append(FieldProblem(field: "upgradeKind", message: "只有提升改造项目才填写改造内容"))
        }
        if project.status == .completed, project.actualCompletion == nil {
            problems.append(FieldProblem(field: "actualCompletion", message: "已完成的项目须填写实际完成日期"))
        }
        if project.status != .completed, project.actualCompletion != nil {
            problems.append(FieldProblem(field: "actualCompletion", message: "未完成的项目不能有实际完成日期"))
        }
        if !(2000...2100).contains(project.year) {
            problems.append(FieldProblem(field: "year", message: "年度应为四位年份"))
        }
        return problems
    }

    /// Late: not completed (nor cancelled) after its planned completion date.
    public static func isLate(_ project: ProjectFacts, on date: LocalDate) -> Bool {
        guard project.status == .planned || project.status == .inProgress, let planned = project.plannedCompletion else { return false }
        return planned < date
    }

    /// Which breakdown columns a completed project counts in, from what it did and to which facility.
    /// A day-care centre counts when built or upgraded; the other columns count facilities that
    /// were built, extended or upgraded into what the column names.
    public static func breakdownColumns(
        _ project: ProjectFacts, category: FacilityCategory, functions: Set<FacilityFunction>, isTownLevel: Bool
    ) -> Set<BreakdownColumn> {
        guard project.status == .completed else { return [] }
        var columns: Set<BreakdownColumn> = []
        if category == .dayCareCentre { columns.insert(.dayCareCentres) }
        if category == .homeCareCentre, isTownLevel { columns.insert(.townHomeCareCentres) }
        if project.kind == .newBuild, category == .institution, functions.contains(.medicalCare) { columns.insert(.newMedicalCareInstitutions) }
        if functions.contains(.dementiaCare) { columns.insert(.dementiaCareCentres) }
        if functions.contains(.regionalCentre) { columns.insert(.regionalCentres) }
        return columns
    }

    /// The year a completed project counts in: the year of its actual completion.
    public static func completionYear(_ project: ProjectFacts) -> Int? {
        project.status == .completed ? project.actualCompletion?.year : nil
    }
}
