import YanglaoPlatform
import Foundation
import YanglaoCore

/// The facilities registry's fields, each once. The order is that of the exports and the import
/// template; the form and the record page group them by section in this order.
enum FacilityFields {
    typealias Field = RegistryField<FacilityRecord>

    static let basics = "基本情况", filing = "备案", capacity = "床位与入住", medical = "医养结合", safety = "安全"
    static let fourHaves = "四有（社区设施）", system = "登记信息"

    static let all: [Field] = [
        .requiredText("code", "设施编码", section: basics, \.facility.code, limit: 40, access: .fixedAfterCreation).optionalOnInput()
            .withHint("不填则按所在县级区划自动编号，如 320685-0001"),
        .requiredText("name", "名称", section: basics, \.facility.name),
        .requiredOneOf("category", "类别", section: basics, \.facility.category),
        .severalOf("functions", "功能", section: basics, \.functions),
        .requiredText("regionCode", "所在区划", section: basics, \.facility.regionCode, kind: .region),
        .requiredText("supervisingRegionCode", "主管部门", section: basics, \.facility.supervisingRegionCode, kind: .region)
            .withHint("不填则为所在乡镇（街道）；须为所在区划或其上级").optionalOnInput(),
        .oneOf("institutionKind", "机构类别", section: basics, \.facility.institutionKind),
        .requiredOneOf("status", "状态", section: basics, \.facility.status).optionalOnInput(),
        .date("statusChangedOn", "状态变更日期", section: basics, \.facility.statusChangedOn),
        .text("address", "地址", section: basics, \.facility.address, limit: TextLimit.medium),
        .decimal("latitude", "纬度（WGS-84）", section: basics, \.facility.latitude, kind: .latitude),
        .decimal("longitude", "经度（WGS-84）", section: basics, \.facility.longitude, kind: .longitude),
        .text("operatorName", "运营单位", section: basics, \.facility.operatorName),
        .text("creditCode", "统一社会信用代码", section: basics, \.facility.creditCode),
        .oneOf("profitType", "营利性质", section: basics, \.facility.profitType),
        .oneOf("registrationType", "登记类型", section: basics, \.facility.registrationType),
        .text("legalRepresentative", "法定代表人（负责人）", section: basics, \.facility.legalRepresentative),
        .text("contactPerson", "联系人", section: basics, \.facility.contactPerson),
        .text("contactPhone", "联系电话", section: basics, \.facility.contactPhone),
        .decimal("buildingArea", "服务设施面积（平方米）", section: basics, \.facility.buildingArea, kind: .area),
        .requiredOneOf("filingStatus", "备案状态", section: filing, \.facility.filingStatus).optionalOnInput(),
        .text("filingNumber", "备案回执编号", section: filing, \.facility.filingNumber),
        .text("filingBureau", "备案机关", section: filing, \.facility.filingBureau),
        .date("filedOn", "备案日期", section: filing, \.facility.filedOn),
        .text("filingMissing", "待补正材料", section: filing, \.facility.filingMissing, limit: TextLimit.medium),
        .date("openedOn", "开业（首次收住）日期", section: filing, \.facility.openedOn),
        .count("beds", "床位数", section: capacity, \.facility.beds),
        .count("nursingBeds", "护理型床位数", section: capacity, \.facility.nursingBeds),
        .count("occupiedBeds", "在用床位数", section: capacity, \.facility.occupiedBeds),
        .count("residents", "入住人数", section: capacity, \.facility.residents),
        .count("specialHardshipResidents", "其中特困人员", section: capacity, \.facility.specialHardshipResidents),
        .count("fosterResidents", "其中社会老人寄养", section: capacity, \.facility.fosterResidents),
        .count("staffCount", "工作人员数", section: capacity, \.facility.staffCount),
        .oneOf("operationMode", "运营方式", section: basics, \.facility.operationMode),
        .flag("socialised", "社会化运营", section: basics, \.facility.socialised),
        .text("chainOperator", "连锁运营单位", section: basics, \.facility.chainOperator),
        .flag("internalClinic", "内设医务室", section: medical, \.facility.internalClinic),
        .flag("nursingStation", "内设护理站", section: medical, \.facility.nursingStation),
        .count("standardClinicYear", "标准化卫生室建成年份", section: medical, \.facility.standardClinicYear, kind: .year),
        .flag("medicalInsurance", "医保协议", section: medical, \.facility.medicalInsurance),
        .flag("longTermCareInsurance", "长护险协议", section: medical, \.facility.longTermCareInsurance),
        .flag("fireAcceptance", "消防审验（验收）", section: safety, \.facility.fireAcceptance),
        .date("fireAcceptanceOn", "消防审验日期", section: safety, \.facility.fireAcceptanceOn),
        .flag("fireCompliant", "消防安全达标", section: safety, \.facility.fireCompliant),
        .date("fireCheckedOn", "消防检查日期", section: safety, \.facility.fireCheckedOn),
        .flag("foodCompliant", "食品安全达标", section: safety, \.facility.foodCompliant),
        .date("foodCheckedOn", "食品检查日期", section: safety, \.facility.foodCheckedOn),
        .flag("electricalAlarmRequired", "需安装电气火灾报警", section: safety, \.facility.electricalAlarmRequired),
        .flag("electricalAlarmInstalled", "已安装电气火灾报警", section: safety, \.facility.electricalAlarmInstalled),
        .flag("gasAlarmRequired", "需安装燃气泄漏报警", section: safety, \.facility.gasAlarmRequired),
        .flag("gasAlarmInstalled", "已安装燃气泄漏报警", section: safety, \.facility.gasAlarmInstalled),
        .flag("fumeTreated", "油烟治理完成", section: safety, \.facility.fumeTreated),
        .flag("sewageConnected", "污水接管完成", section: safety, \.facility.sewageConnected),
        .flag("hasSite", "有场地", section: fourHaves, \.facility.hasSite),
        .flag("hasSign", "有牌子", section: fourHaves, \.facility.hasSign),
        .requiredText("id", "记录标识", section: system, \.facility.id, limit: 64, access: .system),
        .requiredText("createdAt", "登记时间", section: system, \.facility.createdAt, limit: 64, access: .system),
        .requiredText("updatedAt", "更新时间", section: system, \.facility.updatedAt, limit: 64, access: .system),
    ]

    static let schema = RegistrySchema<FacilityRecord>(table: "facilities", noun: "设施", fields: all) { id in
        FacilityRecord(facility: .empty(id: id), functions: [], agreements: [])
    }

    /// 签约医疗机构: children of the facility, entered with it (Core's rules read them as `MedicalAgreement`s).
    static let agreements = RegistryChildren<AgreementRecord>(
        key: "agreements", noun: "签约医疗机构",
        schema: RegistrySchema(table: "facility_agreements", noun: "签约医疗机构", fields: [
            .requiredText("id", "记录标识", section: "签约医疗机构", \.id, limit: 64, access: .system),
            .requiredText("partner", "医疗机构", section: "签约医疗机构", \.partner),
            .date("startsOn", "起始日期", section: "签约医疗机构", \.startsOn, required: true),
            .date("endsOn", "到期日期", section: "签约医疗机构", \.endsOn),
        ]) { AgreementRecord(id: $0) },
        parentColumn: "facility_id", order: "starts_on", maximum: 50)
}

/// A 签约医疗机构 as the kit keeps it; every stored one has its start.
struct AgreementRecord: RegistryRecord, Equatable {
    var id: String
    var custom: [String: FieldValue] = [:]
    var partner = ""
    var startsOn: LocalDate?
    var endsOn: LocalDate?

    init(id: String) { self.id = id }

    init(_ agreement: MedicalAgreement) {
        self.init(id: UUID().uuidString.lowercased())
        partner = agreement.partner
        startsOn = agreement.startsOn
        endsOn = agreement.endsOn
    }

    /// What Core's rules read (nil while the start is missing: the parse has named it).
    var agreement: MedicalAgreement? { startsOn.map { MedicalAgreement(partner: partner, startsOn: $0, endsOn: endsOn) } }
}
