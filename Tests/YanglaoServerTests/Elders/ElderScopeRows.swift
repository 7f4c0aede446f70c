import Foundation
import Testing
import Vapor
import YanglaoCore
@testable import YanglaoPlatform

/// Scope-table rows of one capability (see `ScopeTableTests`).
extension ScopeTableTests {
    static let elderReaders: Set<Role> = Set(Role.allCases.filter { Action.readElders.isAllowed(for: $0) })
    static let elderEditors: Set<Role> = Set(Role.allCases.filter { Action.editElders.isAllowed(for: $0) })
    static let assessors: Set<Role> = Set(Role.allCases.filter { Action.assessElders.isAllowed(for: $0) })
    /// 张桂英 lives in 角斜镇 (a resident of 角斜镇敬老院, whose operator sees her); 李秀兰 in 李堡镇.
    static let insideElderList: @Sendable (String) -> Bool = { $0.contains("张桂英") && !$0.contains("李秀兰") }
    /// Pairs of 核实甲 lie wholly in 角斜镇; the pair of 核实乙 has its original in 李堡镇.
    static let heldPairsInside: @Sendable (String) -> Bool = { $0.contains("核实甲") && !$0.contains("核实乙") }
    static let assessment = #"{"items":{"B.1.1":4,"B.1.2":4,"B.1.3":3,"B.1.4":4,"B.1.5":4,"B.1.6":4,"B.1.7":4,"B.1.8":4,"B.2.1":4,"B.2.2":4,"B.2.3":3,"B.2.4":2,"B.3.1":4,"B.3.2":4,"B.3.3":4,"B.3.4":3,"B.3.5":4,"B.3.6":4,"B.3.7":1,"B.3.8":1,"B.3.9":2,"B.4.1":2,"B.4.2":2,"B.4.3":3,"B.4.4":2,"B.4.5":4},"reason":"常规评估","assessors":["周丽华","陈志刚"],"assessedOn":"2026-11-01"}"#
    static var assessmentForm: [String: String] {
        var form = ["reason": "常规评估", "assessor1": "周丽华", "assessor2": "陈志刚", "assessedOn": "2026-11-01", "action": "save"]
        for item in AbilityAssessment.items { form[item.code] = "\(item.maximum)" }
        return form
    }

    /// The register's routes (API, then pages).
    static let elderRows: [Row] = [
        Row(route: "GET /api/v1/elders", client: .api, allowed: elderReaders,
            inside: Probe(method: .GET, path: "/api/v1/elders?limit=200&sort=name&name=%E6%A1%82%E8%8B%B1", expected: .ok, check: insideElderList),
            outside: Probe(method: .GET, path: "/api/v1/elders?region=\(otherTown)", expected: .notFound)),
        Row(route: "POST /api/v1/elders", client: .api, allowed: elderEditors,
            inside: Probe(method: .POST, path: "/api/v1/elders", body: #"{"name":"周新","idNumber":"{role-id-number}","regionCode":"320685101202","categories":["空巢"]}"#, expected: .created),
            outside: Probe(method: .POST, path: "/api/v1/elders", body: #"{"name":"吴新","idNumber":"{role-id-number-2}","regionCode":"320685102201"}"#, expected: .unprocessableEntity)),
        Row(route: "GET /api/v1/elders/indicators", client: .api, allowed: elderReaders,
            inside: Probe(method: .GET, path: "/api/v1/elders/indicators?region=\(town)", expected: .ok),
            outside: Probe(method: .GET, path: "/api/v1/elders/indicators?region=\(otherTown)", expected: .notFound)),
        Row(route: "GET /api/v1/elders/:id", client: .api, allowed: elderReaders,
            inside: Probe(method: .GET, path: "/api/v1/elders/{inside-elder}", expected: .ok, check: { $0.contains("320685************") && !$0.contains("320685193803150024") }),
            outside: Probe(method: .GET, path: "/api/v1/elders/{outside-elder}", expected: .notFound)),
        Row(route: "PATCH /api/v1/elders/:id", client: .api, allowed: elderEditors,
            inside: Probe(method: .PATCH, path: "/api/v1/elders/{inside-elder}", body: #"{"emergencyContact":"王建国（侄）"}"#, expected: .ok),
            outside: Probe(method: .PATCH, path: "/api/v1/elders/{outside-elder}", body: #"{"emergencyContact":"王建国（侄）"}"#, expected: .notFound)),
        Row(route: "POST /api/v1/elders/:id/reveal", client: .api, allowed: revealers,
            inside: Probe(method: .POST, path: "/api/v1/elders/{inside-elder}/reveal", body: #"{"field":"idNumber","reason":"上门核实身份"}"#, expected: .ok,
                          check: { $0.contains("320685193803150024") }),
            outside: Probe(method: .POST, path: "/api/v1/elders/{outside-elder}/reveal", body: #"{"field":"idNumber","reason":"上门核实身份"}"#, expected: .notFound)),
        Row(route: "GET /api/v1/elders/:id/assessments", client: .api, allowed: elderReaders,
            inside: Probe(method: .GET, path: "/api/v1/elders/{inside-elder}/assessments", expected: .ok),
            outside: Probe(method: .GET, path: "/api/v1/elders/{outside-elder}/assessments", expected: .notFound)),
        Row(route: "POST /api/v1/elders/:id/assessments", client: .api, allowed: assessors,
            inside: Probe(method: .POST, path: "/api/v1/elders/{inside-elder}/assessments", body: assessment, expected: .created),
            outside: Probe(method: .POST, path: "/api/v1/elders/{outside-elder}/assessments", body: assessment, expected: .notFound)),
        Row(route: "POST /api/v1/elders/import", client: .api, allowed: elderEditors,
            inside: Probe(method: .POST, path: "/api/v1/elders/import?dryRun=true", body: "姓名,身份证号码,居住区划代码\n周新,{role-id-number},320685101202\n", expected: .ok),
            outside: Probe(method: .POST, path: "/api/v1/elders/import?dryRun=false", body: "姓名,身份证号码,居住区划代码\n吴新,{role-id-number-2},320685102201\n", expected: .unprocessableEntity)),
        Row(route: "GET /api/v1/elders/duplicates", client: .api, allowed: elderEditors,
            inside: Probe(method: .GET, path: "/api/v1/elders/duplicates", expected: .ok, check: heldPairsInside),
            outside: nil, why: "lists only pairs whose two sides both lie in the caller's scope: its check shows the pair with an original in 李堡镇 left out"),
        Row(route: "POST /api/v1/elders/duplicates/:id/merge", client: .api, allowed: elderEditors,
            inside: Probe(method: .POST, path: "/api/v1/elders/duplicates/{own-held-merge}/merge", body: "{}", expected: .ok),
            outside: Probe(method: .POST, path: "/api/v1/elders/duplicates/{outside-held}/merge", body: "{}", expected: .notFound)),
        Row(route: "POST /api/v1/elders/duplicates/:id/refuse", client: .api, allowed: elderEditors,
            inside: Probe(method: .POST, path: "/api/v1/elders/duplicates/{own-held-refuse}/refuse", body: #"{"reason":"查无此人"}"#, expected: .ok),
            outside: Probe(method: .POST, path: "/api/v1/elders/duplicates/{outside-held}/refuse", body: #"{"reason":"查无此人"}"#, expected: .notFound)),
        Row(route: "GET /api/v1/elders/import/template", client: .api, allowed: elderEditors,
            inside: Probe(method: .GET, path: "/api/v1/elders/import/template", expected: .ok),
            outside: nil, why: "the template is the same for every region"),
        Row(route: "GET /elders", client: .web, allowed: elderReaders,
            inside: Probe(method: .GET, path: "/elders?name=%E6%A1%82%E8%8B%B1", expected: .ok, check: insideElderList),
            outside: Probe(method: .GET, path: "/elders?region=\(otherTown)", expected: .notFound)),
        Row(route: "GET /elders/export", client: .web, allowed: elderReaders,
            inside: Probe(method: .GET, path: "/elders/export?format=csv&name=%E6%A1%82%E8%8B%B1", expected: .ok, check: insideElderList),
            outside: Probe(method: .GET, path: "/elders/export?region=\(otherTown)", expected: .notFound)),
        Row(route: "GET /elders/indicators", client: .web, allowed: elderReaders,
            inside: Probe(method: .GET, path: "/elders/indicators?region=\(town)", expected: .ok),
            outside: Probe(method: .GET, path: "/elders/indicators?region=\(otherTown)", expected: .notFound)),
        Row(route: "GET /elders/new", client: .web, allowed: elderEditors, inside: Probe(method: .GET, path: "/elders/new", expected: .ok),
            outside: nil, why: "an empty form whose region choices are the scope"),
        Row(route: "POST /elders/new", client: .web, allowed: elderEditors,
            inside: Probe(method: .POST, path: "/elders/new", form: ["name": "周新", "idNumber": "{role-id-number-3}", "regionCode": "320685101202"], expected: .seeOther),
            outside: Probe(method: .POST, path: "/elders/new", form: ["name": "吴新", "idNumber": "{role-id-number-4}", "regionCode": "320685102201"], expected: .unprocessableEntity)),
        Row(route: "GET /elders/:id", client: .web, allowed: elderReaders,
            inside: Probe(method: .GET, path: "/elders/{inside-elder}", expected: .ok, check: { $0.contains("320685************") && !$0.contains("320685193803150024") }),
            outside: Probe(method: .GET, path: "/elders/{outside-elder}", expected: .notFound)),
        Row(route: "GET /elders/:id/edit", client: .web, allowed: elderEditors,
            inside: Probe(method: .GET, path: "/elders/{inside-elder}/edit", expected: .ok),
            outside: Probe(method: .GET, path: "/elders/{outside-elder}/edit", expected: .notFound)),
        Row(route: "POST /elders/:id/edit", client: .web, allowed: elderEditors,
            inside: Probe(method: .POST, path: "/elders/{inside-elder}/edit", form: ["name": "张桂英", "regionCode": "320685101201", "emergencyContact": "王建国（侄）"], expected: .seeOther),
            outside: Probe(method: .POST, path: "/elders/{outside-elder}/edit", form: ["name": "李秀兰"], expected: .notFound)),
        Row(route: "POST /elders/:id/reveal", client: .web, allowed: revealers,
            inside: Probe(method: .POST, path: "/elders/{inside-elder}/reveal", form: ["field": "phone", "reason": "联系家属"], expected: .ok, check: { $0.contains("13912344321") }),
            outside: Probe(method: .POST, path: "/elders/{outside-elder}/reveal", form: ["field": "phone", "reason": "联系家属"], expected: .notFound)),
        Row(route: "GET /elders/:id/assess", client: .web, allowed: assessors,
            inside: Probe(method: .GET, path: "/elders/{inside-elder}/assess", expected: .ok),
            outside: Probe(method: .GET, path: "/elders/{outside-elder}/assess", expected: .notFound)),
        Row(route: "POST /elders/:id/assess", client: .web, allowed: assessors,
            inside: Probe(method: .POST, path: "/elders/{inside-elder}/assess", form: assessmentForm, expected: .created),
            outside: Probe(method: .POST, path: "/elders/{outside-elder}/assess", form: assessmentForm, expected: .notFound)),
        Row(route: "GET /elders/duplicates", client: .web, allowed: elderEditors,
            inside: Probe(method: .GET, path: "/elders/duplicates", expected: .ok, check: heldPairsInside),
            outside: nil, why: "lists only pairs whose two sides both lie in the caller's scope: its check shows the pair with an original in 李堡镇 left out"),
        Row(route: "POST /elders/duplicates/:id/merge", client: .web, allowed: elderEditors,
            inside: Probe(method: .POST, path: "/elders/duplicates/{own-held-merge-page}/merge", expected: .seeOther),
            outside: Probe(method: .POST, path: "/elders/duplicates/{outside-held}/merge", expected: .notFound)),
        Row(route: "POST /elders/duplicates/:id/refuse", client: .web, allowed: elderEditors,
            inside: Probe(method: .POST, path: "/elders/duplicates/{own-held-refuse-page}/refuse", form: ["reason": "查无此人"], expected: .seeOther),
            outside: Probe(method: .POST, path: "/elders/duplicates/{outside-held}/refuse", form: ["reason": "查无此人"], expected: .notFound)),
        Row(route: "GET /elders/import", client: .web, allowed: elderEditors, inside: Probe(method: .GET, path: "/elders/import", expected: .ok),
            outside: nil, why: "an empty upload form"),
        Row(route: "POST /elders/import", client: .web, allowed: elderEditors,
            inside: Probe(method: .POST, path: "/elders/import", form: ["dryRun": "1"], upload: "姓名,身份证号码,居住区划代码\n周新,{role-id-number},320685101202\n", expected: .seeOther),
            outside: nil, why: "the upload starts a job of the caller's own; its rows are checked against the scope in the job (the API row probes that)"),
        Row(route: "GET /elders/import/template", client: .web, allowed: elderEditors,
            inside: Probe(method: .GET, path: "/elders/import/template?format=csv", expected: .ok),
            outside: nil, why: "the template is the same for every region"),
        Row(route: "GET /elders/import/jobs/:id", client: .web, allowed: elderEditors,
            inside: Probe(method: .GET, path: "/elders/import/jobs/{own-job}", expected: .ok, check: { $0.contains("文件有误") }),
            outside: Probe(method: .GET, path: "/elders/import/jobs/{others-job}", expected: .notFound)),
        Row(route: "GET /elders/import/jobs/:id/problems", client: .web, allowed: elderEditors,
            inside: Probe(method: .GET, path: "/elders/import/jobs/{own-job}/problems", expected: .ok, check: { $0.contains("行号") }),
            outside: Probe(method: .GET, path: "/elders/import/jobs/{others-job}/problems", expected: .notFound)),
        Row(route: "POST /elders/import/jobs/:id/commit", client: .web, allowed: elderEditors,
            inside: Probe(method: .POST, path: "/elders/import/jobs/{own-job}/commit", expected: .conflict),
            outside: Probe(method: .POST, path: "/elders/import/jobs/{others-job}/commit", expected: .notFound)),
    ]
}
