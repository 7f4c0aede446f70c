/// What an assessor hands in: the scores, why and when the person was assessed, by whom, and the
/// circumstances that adjust the level. `problems` names every wrong part by its key.
public struct AssessmentSubmission: Sendable, Equatable {
    public enum Reason: String, Sendable, CaseIterable {
        case first = "首次评估"
        case routine = "常规评估"
        case immediate = "即时评估"
        case disputed = "复评（对结果有疑问）"
        case other = "其他"
    }

    public var scores: [String: Int]
    public var reason: Reason?
    public var assessors: [String]
    public var assessedOn: LocalDate?
    public var circumstances: AbilityAssessment.Circumstances

    public init(scores: [String: Int], reason: Reason?, assessors: [String], assessedOn: LocalDate?, circumstances: AbilityAssessment.Circumstances) {
        self.scores = scores
        self.reason = reason
        self.assessors = assessors
        self.assessedOn = assessedOn
        self.circumstances = circumstances
    }

    /// Two assessors sign (GB/T 42195).
    public static let assessorsRequired = 2
    public static let maximumRiskEvents = 1000

    /// An ICD-10 code as written on a diagnosis: a letter, two digits, an optional subdivision (F03, F00.1).
    public static func isICD10(_ code: String) -> Bool {
        let characters = Array(code)
        guard (3...6).contains(characters.count), characters[0].isLetter, characters[0].isASCII,
              characters[1].isASCII, characters[1].isNumber, characters[2].isASCII, characters[2].isNumber else { return false }
        guard characters.count > 3 else { return true }
        return characters[3] == "." && characters.count > 4 && characters[4...].allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Every problem, by key: item codes, `reason`, `assessors`, `assessedOn`, `diagnoses`, `riskEvents30d`.
    public func problems(birthDate: LocalDate?, today: LocalDate) -> [String: String] {
        var problems = AbilityAssessment.problems(scores)
        if reason == nil { problems["reason"] = "请选择评估原因：\(Reason.allCases.map(\.rawValue).joined(separator: "、"))" }
        let names = assessors.map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        if names.count != Self.assessorsRequired {
            problems["assessors"] = "评估须由 \(Self.assessorsRequired) 名评估员共同完成并签名，实际为 \(names.count) 名"
        } else if Set(names).count != names.count {
            problems["assessors"] = "两名评估员不能是同一人"
        } else if let long = names.first(where: { $0.count > 40 }) {
            problems["assessors"] = "评估员姓名“\(long.prefix(20))…”过长（不超过 40 字）"
        }
        if let assessedOn {
            if assessedOn > today { problems["assessedOn"] = "评估日期（\(assessedOn)）晚于今天" }
            if let birthDate, assessedOn < birthDate { problems["assessedOn"] = "评估日期（\(assessedOn)）早于出生日期" }
        } else {
            problems["assessedOn"] = "请填写评估日期"
        }
        if let wrong = circumstances.diagnoses.first(where: { !Self.isICD10($0) }) {
            problems["diagnoses"] = "诊断“\(wrong.prefix(20))”不是 ICD-10 编码（如 F03、F00.1）"
        } else if circumstances.diagnoses.count > 20 {
            problems["diagnoses"] = "诊断最多 20 项"
        }
        if !(0...Self.maximumRiskEvents).contains(circumstances.riskEventsIn30Days) {
            problems["riskEvents30d"] = "近 30 天照护风险事件次数应为 0 至 \(Self.maximumRiskEvents) 之间的整数"
        }
        return problems
    }
}

extension AbilityAssessment.Item {
    /// The usual wording of a 0–4 score; items of other ranges are scored by number.
    public func wording(_ score: Int) -> String? {
        guard maximum == 4 else { return nil }
        return ["完全依赖且不能配合", "主要依靠他人协助", "需协助但以自身为主", "指导或提示下完成", "独立完成"][score]
    }
}
