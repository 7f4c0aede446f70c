import Foundation
import Spreadsheet
import YanglaoCore

/// Every plain field of a facility once: its JSON key, its Chinese column header, how it is shown
/// and how it is read from text. The API, the import and the exports all go through this table.
struct FacilityField: Sendable {
    let key: String
    let label: String
    /// The field's JSON Schema in the OpenAPI document.
    var schema: JSONValue = ["type": "string"]
    /// The JSON type the field accepts (a wrong one is refused at the field).
    var input: InputValue.Kind = .text
    let read: @Sendable (Facility) -> String
    /// Sets the field from text (a JSON value or a spreadsheet cell); an error message when the text is wrong.
    let write: @Sendable (inout Facility, String) -> String?

    static func text(_ key: String, _ label: String, _ path: WritableKeyPath<Facility, String?> & Sendable, limit: Int = TextLimit.short) -> FacilityField {
        FacilityField(key: key, label: label, schema: ["type": ["string", "null"], "maxLength": .number(limit), "description": .string(label)], read: { $0[keyPath: path] ?? "" }, write: { facility, text in
            if let problem = TextLimit.problem(text, limit: limit) { return label + problem }
            facility[keyPath: path] = text.isEmpty ? nil : text
            return nil
        })
    }

    static func count(_ key: String, _ label: String, _ path: WritableKeyPath<Facility, Int> & Sendable) -> FacilityField {
        let kind = NumberKind.count
        return FacilityField(key: key, label: label, schema: ["type": "integer", "minimum": 0, "maximum": .number(Int(kind.range.upperBound)), "description": .string(label)], input: .number, read: { String($0[keyPath: path]) }, write: { facility, text in
            if text.isEmpty { facility[keyPath: path] = 0; return nil }
            switch kind.parseInteger(text) {
            case let .success(value): facility[keyPath: path] = value; return nil
            case let .failure(problem): return problem.message(label, text)
            }
        })
    }

    static func number(_ key: String, _ label: String, _ path: WritableKeyPath<Facility, Double?> & Sendable, kind: NumberKind) -> FacilityField {
        FacilityField(key: key, label: label, schema: ["type": ["number", "null"], "minimum": .double(kind.range.lowerBound), "maximum": .double(kind.range.upperBound), "description": .string(label)], input: .number, read: { $0[keyPath: path].map { String($0) } ?? "" }, write: { facility, text in
            if text.isEmpty { facility[keyPath: path] = nil; return nil }
            switch kind.parse(text) {
            case let .success(value): facility[keyPath: path] = value; return nil
            case let .failure(problem): return problem.message(label, text)
            }
        })
    }

    static func flag(_ key: String, _ label: String, _ path: WritableKeyPath<Facility, Bool> & Sendable) -> FacilityField {
        FacilityField(key: key, label: label, schema: ["type": "boolean", "description": .string(label)], input: .flag, read: { $0[keyPath: path] ? "是" : "否" }, write: { facility, text in
            guard let value = parseFlag(text) else { return "\(label)应为“是”或“否”，实际为“\(text.prefix(40))”" }
            facility[keyPath: path] = value
            return nil
        })
    }

    static func date(_ key: String, _ label: String, _ path: WritableKeyPath<Facility, LocalDate?> & Sendable) -> FacilityField {
        FacilityField(key: key, label: label, schema: ["type": ["string", "null"], "format": "date", "description": .string(label)], read: { $0[keyPath: path]?.description ?? "" }, write: { facility, text in
            if text.isEmpty { facility[keyPath: path] = nil; return nil }
            guard let date = LocalDate(parsing: text) else { return "\(label)“\(text.prefix(40))”无法识别，应为 YYYY-MM-DD" }
            facility[keyPath: path] = date
            return nil
        })
    }

    static func choice<E: RawRepresentable & CaseIterable & Sendable>(
        _ key: String, _ label: String, _ path: WritableKeyPath<Facility, E?> & Sendable
    ) -> FacilityField where E.RawValue == String {
        FacilityField(key: key, label: label, schema: ["type": ["string", "null"], "enum": .array(E.allCases.map { .string($0.rawValue) } + [.null]), "description": .string(label)], read: { $0[keyPath: path]?.rawValue ?? "" }, write: { facility, text in
            if text.isEmpty { facility[keyPath: path] = nil; return nil }
            guard let value = E(rawValue: text) else { return "\(label)“\(text.prefix(40))”无效，应为 \(E.allowedList) 之一" }
            facility[keyPath: path] = value
            return nil
        })
    }

    static func requiredChoice<E: RawRepresentable & CaseIterable & Sendable>(
        _ key: String, _ label: String, _ path: WritableKeyPath<Facility, E> & Sendable
    ) -> FacilityField where E.RawValue == String {
        FacilityField(key: key, label: label, schema: ["type": "string", "enum": .array(E.allCases.map { .string($0.rawValue) }), "description": .string(label)], read: { $0[keyPath: path].rawValue }, write: { facility, text in
            guard let value = E(rawValue: text) else { return "\(label)“\(text.prefix(40))”无效，应为 \(E.allowedList) 之一" }
            facility[keyPath: path] = value
            return nil
        })
    }

    /// 是/否 as spreadsheets write them, and JSON's true/false.
    static func parseFlag(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "是", "有", "已", "true", "1", "y", "yes", "√": true
        case "否", "无", "未", "false", "0", "n", "no", "": false
        default: nil
        }
    }

    /// In the order of the export and the import template, after 设施编码, 名称, 类别, 功能, 所在区划, 主管部门.
    static let all: [FacilityField] = [
        .choice("institutionKind", "机构类别", \.institutionKind),
        .requiredChoice("status", "状态", \.status),
        .date("statusChangedOn", "状态变更日期", \.statusChangedOn),
        .text("address", "地址", \.address, limit: TextLimit.medium),
        .number("latitude", "纬度（WGS-84）", \.latitude, kind: .latitude),
        .number("longitude", "经度（WGS-84）", \.longitude, kind: .longitude),
        .text("operatorName", "运营单位", \.operatorName),
        .text("creditCode", "统一社会信用代码", \.creditCode),
        .choice("profitType", "营利性质", \.profitType),
        .choice("registrationType", "登记类型", \.registrationType),
        .text("legalRepresentative", "法定代表人（负责人）", \.legalRepresentative),
        .text("contactPerson", "联系人", \.contactPerson),
        .text("contactPhone", "联系电话", \.contactPhone),
        .number("buildingArea", "服务设施面积（平方米）", \.buildingArea, kind: .area),
        .requiredChoice("filingStatus", "备案状态", \.filingStatus),
        .text("filingNumber", "备案回执编号", \.filingNumber),
        .text("filingBureau", "备案机关", \.filingBureau),
        .date("filedOn", "备案日期", \.filedOn),
        .text("filingMissing", "待补正材料", \.filingMissing, limit: TextLimit.medium),
        .date("openedOn", "开业（首次收住）日期", \.openedOn),
        .count("beds", "床位数", \.beds),
        .count("nursingBeds", "护理型床位数", \.nursingBeds),
        .count("occupiedBeds", "在用床位数", \.occupiedBeds),
        .count("residents", "入住人数", \.residents),
        .count("specialHardshipResidents", "其中特困人员", \.specialHardshipResidents),
        .count("fosterResidents", "其中社会老人寄养", \.fosterResidents),
        .count("staffCount", "工作人员数", \.staffCount),
        .choice("operationMode", "运营方式", \.operationMode),
        .flag("socialised", "社会化运营", \.socialised),
        .text("chainOperator", "连锁运营单位", \.chainOperator),
        .flag("internalClinic", "内设医务室", \.internalClinic),
        .flag("nursingStation", "内设护理站", \.nursingStation),
        FacilityField(key: "standardClinicYear", label: "标准化卫生室建成年份", schema: ["type": ["integer", "null"], "minimum": 1900, "maximum": 2100], input: .number, read: { $0.standardClinicYear.map(String.init) ?? "" }, write: { facility, text in
            if text.isEmpty { facility.standardClinicYear = nil; return nil }
            switch NumberKind.year.parseInteger(text) {
            case let .success(year): facility.standardClinicYear = year; return nil
            case let .failure(problem): return problem.message("标准化卫生室建成年份", text)
            }
        }),
        .flag("medicalInsurance", "医保协议", \.medicalInsurance),
        .flag("longTermCareInsurance", "长护险协议", \.longTermCareInsurance),
        .flag("fireAcceptance", "消防审验（验收）", \.fireAcceptance),
        .date("fireAcceptanceOn", "消防审验日期", \.fireAcceptanceOn),
        .flag("fireCompliant", "消防安全达标", \.fireCompliant),
        .date("fireCheckedOn", "消防检查日期", \.fireCheckedOn),
        .flag("foodCompliant", "食品安全达标", \.foodCompliant),
        .date("foodCheckedOn", "食品检查日期", \.foodCheckedOn),
        .flag("electricalAlarmRequired", "需安装电气火灾报警", \.electricalAlarmRequired),
        .flag("electricalAlarmInstalled", "已安装电气火灾报警", \.electricalAlarmInstalled),
        .flag("gasAlarmRequired", "需安装燃气泄漏报警", \.gasAlarmRequired),
        .flag("gasAlarmInstalled", "已安装燃气泄漏报警", \.gasAlarmInstalled),
        .flag("fumeTreated", "油烟治理完成", \.fumeTreated),
        .flag("sewageConnected", "污水接管完成", \.sewageConnected),
        .flag("hasSite", "有场地", \.hasSite),
        .flag("hasSign", "有牌子", \.hasSign),
    ]

    static let byKey = Dictionary(uniqueKeysWithValues: all.map { ($0.key, $0) })

    /// The field as a typed spreadsheet cell: counts as numbers, dates as dates, the rest as text.
    func cell(_ facility: Facility) -> Cell {
        let text = read(facility)
        guard !text.isEmpty else { return .empty }
        switch schema["type"] {
        case .string("integer")?: return Int(text).map(Cell.integer) ?? .text(text)
        case .array(let types)? where types.contains(.string("number")) || types.contains(.string("integer")):
            return Double(text).map(Cell.number) ?? .text(text)
        default:
            if schema["format"] == .string("date") { return Cell.date(LocalDate(parsing: text)) }
            return .text(text)
        }
    }
}
