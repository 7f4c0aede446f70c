import Foundation
import YanglaoCore
import YanglaoPlatform

/// The elders registry's fields, each once, in the order of the exports and the import template.
enum ElderFields {
    typealias Field = RegistryField<ElderRecord>

    static let person = "基本信息", support = "供养与意愿", selfCare = "特困人员生活自理能力", status = "状态", system = "登记信息"

    static let all: [Field] = [
        .requiredText("name", "姓名", section: person, \.name, limit: 40),
        .personal("idNumber", "身份证号码", section: person, .idNumber, \.idNumber, required: true, access: .fixedAfterCreation)
            .withHint("18 位，按 GB 11643 校验；旧版 15 位自动升位"),
        .oneOf("sex", "性别", section: person, \.sex).withHint("由身份证号码得出；填写时须一致"),
        .date("birthDate", "出生日期", section: person, \.birthDate).withHint("由身份证号码得出；填写时须一致").derivedFromPersonalData(),
        .personal("phone", "联系电话", section: person, .phone, \.phone),
        .personal("address", "居住地址", section: person, .address, \.address),
        .requiredText("regionCode", "居住区划", section: person, \.regionCode, kind: .region).withHint("村（社区）"),
        .date("residentSince", "迁入（居住起始）日期", section: person, \.residentSince),
        .severalOf("categories", "人员类别", section: person, \.categories, column: "categories", options: ElderCategory.entered)
            .withHint("高龄（80 周岁及以上）按年龄自动认定，无须勾选"),
        .text("emergencyContact", "紧急联系人（姓名、关系）", section: person, \.emergencyContact),
        .personal("emergencyPhone", "紧急联系人电话", section: person, .phone, \.emergencyPhone),
        .text("under60Reason", "未满 60 周岁登记理由", section: person, \.under60Reason, limit: TextLimit.medium, column: "under_60_reason"),
        .oneOf("supportMode", "供养方式", section: support, \.supportMode),
        .reference("facilityId", "集中供养机构", section: support, \.facilityId, entity: "facility").withHint("集中供养时必填：设施编码（如 320685-0003）或记录标识"),
        .date("admittedOn", "入住日期", section: support, \.admittedOn),
        .flag("willingForCentralised", "有集中供养意愿", section: support, \.willingForCentralised),
        .date("willingRecordedOn", "意愿登记日期", section: support, \.willingRecordedOn),
        .date("selfCareCheckedOn", "自理能力认定日期", section: selfCare, \.selfCareCheckedOn),
        .severalOf("selfCareUnable", "不能自主完成的项目", section: selfCare, \.selfCareUnable, column: "self_care_unable")
            .withHint("六项均能完成则不勾选；须填写认定日期"),
        .oneOf("selfCare", "自理能力认定结果", section: selfCare, \.selfCare).system(),
        .date("deathDate", "死亡日期", section: status, \.deathDate),
        .date("movedAwayOn", "迁出本辖区日期", section: status, \.movedAwayOn),
        .count("abilityLevel", "能力等级（0–4）", section: status, \.abilityLevel, kind: .abilityLevel).system(),
        .date("assessedOn", "最近评估日期", section: status, \.assessedOn).system(),
        .date("nextAssessmentOn", "下次评估日期", section: status, \.nextAssessmentOn).system(),
        .requiredText("id", "记录标识", section: system, \.id, limit: 64, access: .system),
        .requiredText("createdAt", "登记时间", section: system, \.createdAt, limit: 64, access: .system),
        .requiredText("updatedAt", "更新时间", section: system, \.updatedAt, limit: 64, access: .system),
    ]

    static let schema = RegistrySchema<ElderRecord>(table: "elders", noun: "老年人", fields: all) { ElderRecord(id: $0) }

    /// 住院记录: children of the person, entered with them.
    static let stays = RegistryChildren<HospitalStay>(
        key: "hospitalStays", noun: "住院记录",
        schema: RegistrySchema(table: "elder_hospital_stays", noun: "住院记录", fields: [
            .requiredText("id", "记录标识", section: "住院记录", \.id, limit: 64, access: .system),
            .text("hospital", "医院", section: "住院记录", \.hospital),
            .date("from", "入院日期", section: "住院记录", \.from, required: true, column: "from_date"),
            .date("to", "出院日期", section: "住院记录", \.to, column: "to_date"),
        ]) { HospitalStay(id: $0) },
        parentColumn: "elder_id", order: "from_date")
}
