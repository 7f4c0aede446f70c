/// The registry's own rules on a person as entered (the ID number has `ResidentID`'s, the
/// assessment `AssessmentSubmission`'s): each names the field it refuses, in Chinese.
public enum ElderRules {
    /// Older residents are registered from 60; younger only with a reason (some programmes start earlier).
    public static let registrationAge = 60

    /// A birth date (from the ID number) in the future, or a person under 60 without a reason.
    public static func birthProblem(birthDate: LocalDate, under60Reason: String?, today: LocalDate) -> FieldProblem? {
        if birthDate > today { return FieldProblem(field: "idNumber", message: "身份证号码中的出生日期（\(birthDate)）晚于今天") }
        let age = birthDate.age(on: today)
        guard age < registrationAge, (under60Reason ?? "").isEmpty else { return nil }
        return FieldProblem(field: "under60Reason", message: "未满 \(registrationAge) 周岁（\(age) 岁）的人员须填写登记理由")
    }

    /// 集中供养 names its institution; no other support mode does.
    public static func supportProblem(mode: SupportMode?, hasFacility: Bool) -> FieldProblem? {
        switch (mode == .centralised, hasFacility) {
        case (true, false): FieldProblem(field: "facilityId", message: "集中供养的人员须填写所在机构")
        case (false, true): FieldProblem(field: "facilityId", message: "只有集中供养的人员登记所在机构（当前供养方式：\(mode?.rawValue ?? "未填")）")
        default: nil
        }
    }

    /// The 特困 self-care check's result from the items the person cannot do, on the check's date
    /// (nil: not checked); items without a date are refused.
    public static func selfCare(checkedOn: LocalDate?, unable: Set<SelfCareCheck.Item>) -> Result<SelfCareCheck.Result?, FieldProblem> {
        guard checkedOn != nil else {
            return unable.isEmpty ? .success(nil) : .failure(FieldProblem(field: "selfCareCheckedOn", message: "填写了自理能力项目，须填写认定日期"))
        }
        return .success(SelfCareCheck.result(canDo: Set(SelfCareCheck.Item.allCases).subtracting(unable)))
    }

    /// A dated event of a person's record: its field, its label and whether it may precede birth
    /// (a residence start may be the birth place's).
    public struct Event: Sendable {
        public var field: String
        public var label: String
        public var date: LocalDate?
        public var mayPrecedeBirth: Bool

        public init(field: String, label: String, date: LocalDate?, mayPrecedeBirth: Bool = false) {
            self.field = field
            self.label = label
            self.date = date
            self.mayPrecedeBirth = mayPrecedeBirth
        }
    }

    /// Events dated in the future or before birth.
    public static func dateProblems(_ events: [Event], birthDate: LocalDate?, today: LocalDate) -> [FieldProblem] {
        events.compactMap { event in
            guard let date = event.date else { return nil }
            if date > today { return FieldProblem(field: event.field, message: "\(event.label)（\(date)）晚于今天") }
            if let birthDate, date < birthDate, !event.mayPrecedeBirth { return FieldProblem(field: event.field, message: "\(event.label)（\(date)）早于出生日期") }
            return nil
        }
    }
}
