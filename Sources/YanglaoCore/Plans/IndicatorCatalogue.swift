/// The indicators plans set targets on (DESIGN.md, "Indicators the seeds name"). Adding one is one
/// declaration here; a computed one names its formula, a reported one is entered in the ledgers.
public enum IndicatorCatalogue {
    public static let all: [IndicatorDefinition] = [
        // Shares of facilities, as they stand.
        share("nursing_bed_share", "护理型床位占比", .nursingBedShare, "养老机构（运营、建成）护理型床位数 ÷ 床位总数"),
        share("fire_compliance", "消防安全达标率", .facilityShare(.fireCompliant), "养老服务机构（运营、建成）中消防安全达标的比例"),
        share("food_compliance", "食品安全达标率", .facilityShare(.foodCompliant), "养老服务机构（运营、建成）中食品安全达标的比例"),
        share("fire_food_compliance", "消防、食品安全达标率", .facilityShare(.fireAndFoodCompliant), "养老机构（运营、建成）中消防和食品安全均达标的比例"),
        share("clinic_where_required", "内设医务室或护理站设置率", .facilityShare(.clinicWhereRequired),
              "床位≥100张的养老机构及入住特困人员≥30人的特困供养机构中，内设医务室或护理站的比例"),
        share("medical_agreement", "医养签约率", .facilityShare(.medicalAgreement), "养老机构（运营、建成）中与医疗机构签约且协议有效的比例"),
        share("medical_service", "养老机构提供医疗卫生服务比例", .facilityShare(.medicalService),
              "养老机构中内设医务室、护理站或有有效医养协议的比例"),
        share("four_haves", "社区养老服务设施“四有”达标率", .facilityShare(.fourHaves), "运营中的社区养老服务设施有场地、有牌子、有活动、有记录的比例"),
        share("alarms_installed", "报警装置安装率", .alarmsInstalled, "按标准需安装电气火灾、燃气泄漏报警装置的，已安装的比例（按装置计）"),
        // Shares of persons, from the register.
        share("hardship_unable_in_care", "生活不能自理特困人员集中供养率", .unableSpecialHardshipInCare, "生活不能自理的特困人员中集中供养的比例"),
        share("hardship_willing_in_care", "有意愿特困老年人集中供养率", .willingSpecialHardshipInCare, "有集中供养意愿的特困老年人中集中供养的比例"),
        // The year's completed works.
        count("day_care_centres", "日间照料中心", .units, .completedProjects(.dayCareCentres)),
        count("town_home_care_centres", "镇级居家养老服务中心", .units, .completedProjects(.townHomeCareCentres)),
        count("new_medical_care_institutions", "新建医养结合型养老机构", .institutions, .completedProjects(.newMedicalCareInstitutions)),
        count("dementia_care_centres", "失能失智集中照护中心", .units, .completedProjects(.dementiaCareCentres)),
        count("regional_centres", "区域性养老服务中心", .units, .completedProjects(.regionalCentres)),
        count("hardship_homes_completed", "特困供养机构新建、改扩建建成", .homes, .completedHardshipHomeWorks),
        count("standard_clinics", "敬老院新建标准化卫生室", .units, .completedUpgrades(.standardClinic)),
        count("nursing_beds_added", "新增护理型床位", .beds, .nursingBedsAdded, explanation: "年末（或当日）护理型床位数减去上年末数"),
        // Entered until their registries exist.
        reported("home_renovations", "适老化改造户数", .households, accumulates: true, "本月完成居家适老化改造的户数（逐月填报，累计）"),
        reported("workers_trained", "养老服务从业人员培训数", .persons, accumulates: true, "本月参加培训的养老服务从业人员（逐月填报，累计）"),
        reported("safety_articles", "安全管理新闻宣传稿件", .articles, accumulates: true, "本月刊发的安全管理新闻宣传稿件（逐月填报，累计）"),
        reported("home_service_share", "居家上门服务老年人比例", .percent, accumulates: false, "接受居家上门服务的老年人 ÷ 老年人总数（月末）"),
        reported("management_standards", "养老院建立内部管理服务制度比例", .percent, accumulates: false,
                 "按 GB/T 35796 建立健全内部管理服务制度与标准规范的养老院 ÷ 养老院总数"),
    ]

    public static func named(_ code: String) -> IndicatorDefinition? { byCode[code] }

    static let byCode = Dictionary(uniqueKeysWithValues: all.map { ($0.code, $0) })

    static func share(_ code: String, _ name: String, _ formula: IndicatorFormula, _ explanation: String) -> IndicatorDefinition {
        IndicatorDefinition(code: code, name: name, unit: .percent, measure: .computed(formula), accumulates: false, explanation: explanation)
    }

    static func count(_ code: String, _ name: String, _ unit: IndicatorUnit, _ formula: IndicatorFormula,
                      explanation: String? = nil) -> IndicatorDefinition {
        IndicatorDefinition(code: code, name: name, unit: unit, measure: .computed(formula), accumulates: true,
                            explanation: explanation ?? "本年度已完成（按实际完成日期）的“\(name)”项目数")
    }

    static func reported(_ code: String, _ name: String, _ unit: IndicatorUnit, accumulates: Bool, _ explanation: String) -> IndicatorDefinition {
        IndicatorDefinition(code: code, name: name, unit: unit, measure: .reported, accumulates: accumulates, explanation: explanation)
    }
}
