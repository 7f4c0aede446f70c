/// What a plan must hold to be saved: its header, its numbered tasks and the indicators it sets.
public enum PlanRules {
    public struct Task: Sendable, Equatable {
        public var section: String
        public var number: String
        public var title: String
        public var body: String
        public var responsible: String
        public var deadline: LocalDate?

        public init(section: String, number: String, title: String, body: String = "", responsible: String = "", deadline: LocalDate? = nil) {
            self.section = section
            self.number = number
            self.title = title
            self.body = body
            self.responsible = responsible
            self.deadline = deadline
        }
    }

    public struct Indicator: Sendable, Equatable {
        public var code: String
        public var label: String
        public var target: Double?
        /// The number of the task it belongs to ("（三）").
        public var task: String?
        public var inBreakdown: Bool

        public init(code: String, label: String, target: Double?, task: String?, inBreakdown: Bool) {
            self.code = code
            self.label = label
            self.target = target
            self.task = task
            self.inBreakdown = inBreakdown
        }
    }

    /// Problems by field (JSON key, `tasks[2].title`, `indicators.workers_trained`), in Chinese.
    public static func problems(
        year: Int, title: String, documentNumber: String, issuingBody: String, reportDue: LocalDate?, tasks: [Task], indicators: [Indicator],
        catalogue: IndicatorCatalogue
    ) -> [String: String] {
        var problems: [String: String] = [:]
        if !(2000...2100).contains(year) { problems["year"] = "年度应为 2000 至 2100 之间的四位年份" }
        for (key, label, text) in [("title", "标题", title), ("issuingBody", "发文单位", issuingBody)] where text.trimmingWhitespace().isEmpty {
            problems[key] = "请填写\(label)"
        }
        for (key, text) in [("title", title), ("documentNumber", documentNumber), ("issuingBody", issuingBody)] {
            if problems[key] == nil, let problem = TextLimit.problem(text, limit: TextLimit.short) { problems[key] = problem }
        }
        if let reportDue, reportDue.year != year, !(reportDue.year == year + 1 && reportDue.month <= 3) {
            problems["reportDue"] = "总结报送期限应在 \(year) 年内（或次年一季度）"
        }
        var numbers: Set<String> = []
        for (index, task) in tasks.enumerated() {
            let key = "tasks[\(index)]"
            if task.number.trimmingWhitespace().isEmpty { problems["\(key).number"] = "第\(index + 1)项任务缺少序号" }
            else if !numbers.insert(task.section + task.number).inserted { problems["\(key).number"] = "任务序号“\(task.number)”在“\(task.section)”中重复" }
            if task.title.trimmingWhitespace().isEmpty { problems["\(key).title"] = "第\(index + 1)项任务缺少标题" }
            for (field, text, limit) in [("title", task.title, TextLimit.short), ("section", task.section, TextLimit.short), ("number", task.number, 20),
                                         ("responsible", task.responsible, TextLimit.medium), ("body", task.body, TextLimit.long)] {
                if problems["\(key).\(field)"] == nil, let problem = TextLimit.problem(text, limit: limit) { problems["\(key).\(field)"] = problem }
            }
            if let deadline = task.deadline, abs(deadline.year - year) > 1 { problems["\(key).deadline"] = "期限（\(deadline)）应在 \(year) 年前后" }
        }
        var codes: Set<String> = []
        for indicator in indicators {
            let key = "indicators.\(indicator.code.prefix(40))"
            guard let definition = catalogue.named(indicator.code) else { problems[key] = "指标目录中没有“\(indicator.code.prefix(40))”"; continue }
            if !codes.insert(indicator.code).inserted { problems[key] = "指标“\(definition.name)”重复" }
            if let problem = TextLimit.problem(indicator.label, limit: TextLimit.short) { problems[key] = "名称" + problem }
            if let target = indicator.target {
                if case let .invalid(message) = BreakdownRules.parseTarget(String(target), indicator: definition, label: indicator.label) {
                    problems[key] = message
                }
            }
            if let task = indicator.task, !task.isEmpty, !tasks.contains(where: { $0.number == task }) {
                problems[key] = "“\(indicator.label)”所属任务“\(task.prefix(20))”不在本计划的任务中"
            }
        }
        return problems
    }

    /// A task's number as typed ("三", "(三)", "（三）") written as the plans write it: "（三）"; empty stays empty.
    public static func taskNumber(_ text: String) -> String {
        var number = String(text.trimmingWhitespace().map { $0 == "(" ? "（" : $0 == ")" ? "）" : $0 })
        guard !number.isEmpty else { return "" }
        if !number.hasPrefix("（") { number = "（" + number }
        if !number.hasSuffix("）") { number += "）" }
        return number
    }

    /// Tasks as officials type them, one per line: a line "一、……" opens a section; a task line is
    /// "（一）标题｜内容｜责任单位｜期限" (the parts after the title optional, 期限 as YYYY-MM-DD).
    /// Returns the tasks and the problems by line number (1-based).
    public static func parseTasks(_ text: String) -> (tasks: [Task], problems: [Int: String]) {
        var tasks: [Task] = []
        var problems: [Int: String] = [:]
        var section = ""
        let numerals: Set<Character> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw).trimmingWhitespace()
            if line.isEmpty { continue }
            if let first = line.first, numerals.contains(first), line.contains("、"), !line.hasPrefix("（"), !line.contains("｜"), !line.contains("|") {
                section = line
                continue
            }
            guard line.hasPrefix("（") || line.hasPrefix("("), let close = line.firstIndex(where: { $0 == "）" || $0 == ")" }) else {
                problems[index + 1] = "第\(index + 1)行应为“一、部分标题”或“（一）任务标题｜内容｜责任单位｜期限”"
                continue
            }
            let number = "（" + line[line.index(after: line.startIndex)..<close] + "）"
            let parts = line[line.index(after: close)...].split(separator: "｜", omittingEmptySubsequences: false)
                .flatMap { $0.split(separator: "|", omittingEmptySubsequences: false) }.map { String($0).trimmingWhitespace() }
            var deadline: LocalDate?
            if parts.count > 3, !parts[3].isEmpty {
                deadline = LocalDate(parsing: parts[3])
                if deadline == nil { problems[index + 1] = "第\(index + 1)行的期限“\(parts[3].prefix(20))”应为 YYYY-MM-DD" }
            }
            tasks.append(Task(section: section, number: number, title: parts.first ?? "", body: parts.count > 1 ? parts[1] : "",
                              responsible: parts.count > 2 ? parts[2] : "", deadline: deadline))
        }
        return (tasks, problems)
    }
}
