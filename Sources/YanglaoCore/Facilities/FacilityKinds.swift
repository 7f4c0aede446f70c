/// The legal kind of a facility (DESIGN.md capability 2). Values are the Chinese terms, as users
/// write them in spreadsheets and read them on screen.
public enum FacilityCategory: String, CaseIterable, Codable, Sendable {
    case institution = "养老机构"
    case dayCareCentre = "日间照料中心"
    case homeCareCentre = "居家养老服务中心"
    case homeCareStation = "居家养老服务站"
    case mutualAidHome = "互助幸福院"
    case mealPoint = "助餐点"
    case medicalInstitution = "医疗机构"

    /// 社区养老服务设施: the 四有 check applies to them.
    public var isCommunityFacility: Bool {
        switch self {
        case .dayCareCentre, .homeCareCentre, .homeCareStation, .mutualAidHome, .mealPoint: true
        case .institution, .medicalInstitution: false
        }
    }

    /// 养老服务机构: every facility of the registry but the partner medical institutions. The safety
    /// targets of the seeds (消防、食品、报警装置) apply to all of them.
    public var isElderlyCareService: Bool { self != .medicalInstitution }
}

/// Sub-kinds of 养老机构.
public enum InstitutionKind: String, CaseIterable, Codable, Sendable {
    /// 特困人员供养服务机构（敬老院）.
    case specialHardship = "特困人员供养服务机构（敬老院）"
    case other = "其他养老机构"
}

/// Attributes a facility may carry whatever its category.
public enum FacilityFunction: String, CaseIterable, Codable, Sendable {
    case regionalCentre = "区域性养老服务中心"
    case dementiaCare = "失能失智集中照护中心"
    case medicalCare = "医养结合型"
    case nursing = "护理型"
    case chain = "连锁"
    case inclusive = "普惠"
}

/// The life cycle 规划 → 在建 → 建成 → 运营 → 停业 / 注销.
public enum FacilityStatus: String, CaseIterable, Codable, Sendable {
    case planned = "规划"
    case underConstruction = "在建"
    case built = "建成"
    case operating = "运营"
    case suspended = "停业"
    case deregistered = "注销"
}

public enum OperationMode: String, CaseIterable, Codable, Sendable {
    case publicOwnedPublicRun = "公办公营"
    case publicOwnedPrivateRun = "公建民营"
    case privateRun = "民办"
}

public enum ProfitType: String, CaseIterable, Codable, Sendable {
    case forProfit = "营利"
    case nonProfit = "非营利"
}

public enum RegistrationType: String, CaseIterable, Codable, Sendable {
    case enterprise = "企业"
    case privateNonEnterprise = "民办非企业单位"
    case publicInstitution = "事业单位"
}

/// 备案 under 养老机构管理办法: a receipt, or guidance to complete the materials.
public enum FilingStatus: String, CaseIterable, Codable, Sendable {
    case notFiled = "未备案"
    case incomplete = "待补正材料"
    case filed = "已备案"
}

/// Which bureau supervises a facility and therefore may edit it.
public enum SupervisingLevel: String, CaseIterable, Codable, Sendable {
    case city = "市直"
    case county = "县直"
    case town = "乡镇"
}

extension CaseIterable where Self: RawRepresentable, RawValue == String {
    /// "a、b、c" for messages that list what is allowed.
    public static var allowedList: String { allCases.map(\.rawValue).joined(separator: "、") }
}
