import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
import YanglaoCore
@testable import YanglaoPlatform
@testable import YanglaoElders
@testable import YanglaoFacilities
@testable import YanglaoPlans
@testable import YanglaoServer

/// Every route × every role × a record inside and outside the caller's scope. Each role gets an
/// account at 角斜镇; "inside" probes touch 角斜镇 and below, "outside" probes touch 李堡镇. A role
/// the route allows gets the inside and the outside answer; any other role gets 403. API routes
/// are called with a bearer token, pages with a session and its CSRF token. The suite fails when a
/// route has no row here: a new route needs its row.
@Suite struct ScopeTableTests {
    enum Client: Sendable {
        /// `/api/v1`, with a bearer token.
        case api
        /// A page, with a signed-in session.
        case web
        /// No account needed (logging in, assets, health); called without credentials.
        case open
    }

    struct Probe: Sendable {
        var method: HTTPMethod
        /// `{inside-account}` and `{outside-account}` stand for account ids known only at run time.
        var path: String
        var body: String? = nil
        /// Web posts: a URL-encoded form, or a file upload when `upload` is set.
        var form: [String: String] = [:]
        var upload: String? = nil
        /// The uploaded file's name.
        var uploadName = "regions.csv"
        var expected: HTTPStatus
        /// A further check of the answer, for lists whose scope shows in what they hold.
        var check: (@Sendable (String) -> Bool)? = nil
    }

    struct Row: Sendable {
        var route: String
        var client: Client
        /// Roles that may use the route; nil for open routes.
        var allowed: Set<Role>?
        var inside: Probe
        /// nil only where the route has no record of another scope to reach; `why` says so.
        var outside: Probe?
        var why: String = ""
        /// The inside record is a facility other than the institution operator's own, which that
        /// role cannot see at all (404).
        var notTheOperatorsFacility = false
    }

    static let town = "320685101"  // 角斜镇
    static let otherTown = "320685102"  // 李堡镇
    static let everyone = Set(Role.allCases)
    static let facilityReaders: Set<Role> = Set(Role.allCases.filter { Action.readFacilities.isAllowed(for: $0) })
    static let csv = "区划代码,名称,层级,上级区划代码\n"
    static let elderReaders: Set<Role> = Set(Role.allCases.filter { Action.readElders.isAllowed(for: $0) })
    static let elderEditors: Set<Role> = Set(Role.allCases.filter { Action.editElders.isAllowed(for: $0) })
    static let assessors: Set<Role> = Set(Role.allCases.filter { Action.assessElders.isAllowed(for: $0) })
    static let revealers: Set<Role> = Set(Role.allCases.filter { Action.revealPersonalData.isAllowed(for: $0) })
    static let planReaders: Set<Role> = Set(Role.allCases.filter { Action.readPlans.isAllowed(for: $0) })
    static let planEditors: Set<Role> = Set(Role.allCases.filter { Action.editPlans.isAllowed(for: $0) })
    /// A town plan's breakdown across its villages (one of 角斜镇's).
    static let townBreakdown = "区划代码,适老化改造户数\n\(town)201,10\n合计,10\n"
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

    static let apiRows: [Row] = [
        Row(route: "POST /api/v1/auth/token", client: .open, allowed: nil,
            inside: Probe(method: .POST, path: "/api/v1/auth/token", body: #"{"username":"demo-town","password":"yanglao-demo"}"#, expected: .ok),
            outside: nil, why: "logging in reads no record of any region"),
        Row(route: "DELETE /api/v1/auth/token", client: .api, allowed: everyone,
            inside: Probe(method: .DELETE, path: "/api/v1/auth/token", expected: .noContent),
            outside: nil, why: "it revokes the caller's own token; no other token can be named"),
        Row(route: "GET /api/v1/regions", client: .api, allowed: everyone,
            inside: Probe(method: .GET, path: "/api/v1/regions?region=\(town)201", expected: .ok),
            outside: Probe(method: .GET, path: "/api/v1/regions?region=\(otherTown)", expected: .notFound)),
        Row(route: "GET /api/v1/regions/:code", client: .api, allowed: everyone,
            inside: Probe(method: .GET, path: "/api/v1/regions/\(town)", expected: .ok),
            outside: Probe(method: .GET, path: "/api/v1/regions/\(otherTown)", expected: .notFound)),
        Row(route: "POST /api/v1/regions/import", client: .api, allowed: [.admin],
            inside: Probe(method: .POST, path: "/api/v1/regions/import?dryRun=true", body: csv + "\(town)299,新村,村,\(town)\n", expected: .ok),
            outside: Probe(method: .POST, path: "/api/v1/regions/import?dryRun=false", body: csv + "\(otherTown)299,新村,村,\(otherTown)\n", expected: .unprocessableEntity)),
        Row(route: "GET /api/v1/regions/import/template", client: .api, allowed: [.admin],
            inside: Probe(method: .GET, path: "/api/v1/regions/import/template", expected: .ok),
            outside: nil, why: "the template is the same for every region"),
        Row(route: "GET /api/v1/facilities", client: .api, allowed: facilityReaders,
            inside: Probe(method: .GET, path: "/api/v1/facilities", expected: .ok, check: { $0.contains("角斜镇敬老院") && !$0.contains("李堡镇敬老院") }),
            outside: Probe(method: .GET, path: "/api/v1/facilities?region=\(otherTown)", expected: .notFound)),
        Row(route: "GET /api/v1/facilities/:id", client: .api, allowed: facilityReaders,
            inside: Probe(method: .GET, path: "/api/v1/facilities/{inside-facility}", expected: .ok),
            outside: Probe(method: .GET, path: "/api/v1/facilities/{outside-facility}", expected: .notFound)),
        Row(route: "POST /api/v1/facilities", client: .api, allowed: [.admin],
            inside: Probe(method: .POST, path: "/api/v1/facilities", body: #"{"name":"角斜社区助餐点","category":"助餐点","regionCode":"320685101001"}"#, expected: .created),
            outside: Probe(method: .POST, path: "/api/v1/facilities", body: #"{"name":"李堡社区助餐点","category":"助餐点","regionCode":"320685102001"}"#, expected: .unprocessableEntity)),
        Row(route: "PATCH /api/v1/facilities/:id", client: .api, allowed: [.admin],
            inside: Probe(method: .PATCH, path: "/api/v1/facilities/{inside-facility}", body: #"{"staffCount":12}"#, expected: .ok),
            outside: Probe(method: .PATCH, path: "/api/v1/facilities/{outside-facility}", body: #"{"staffCount":12}"#, expected: .notFound),
            ),
        Row(route: "GET /api/v1/facilities/:id/activities", client: .api, allowed: facilityReaders,
            inside: Probe(method: .GET, path: "/api/v1/facilities/{inside-community}/activities", expected: .ok),
            outside: Probe(method: .GET, path: "/api/v1/facilities/{outside-community}/activities", expected: .notFound),
            notTheOperatorsFacility: true),
        Row(route: "POST /api/v1/facilities/:id/activities", client: .api, allowed: [.admin],
            inside: Probe(method: .POST, path: "/api/v1/facilities/{inside-community}/activities", body: #"{"heldOn":"2021-05-01","kind":"健康讲座","participants":20,"record":"签到表"}"#, expected: .created),
            outside: Probe(method: .POST, path: "/api/v1/facilities/{outside-community}/activities", body: #"{"heldOn":"2021-05-01","kind":"健康讲座","participants":20}"#, expected: .notFound),
            ),
        Row(route: "GET /api/v1/facilities/:id/attachments", client: .api, allowed: facilityReaders,
            inside: Probe(method: .GET, path: "/api/v1/facilities/{inside-facility}/attachments", expected: .ok, check: { $0.contains("验收.pdf") }),
            outside: Probe(method: .GET, path: "/api/v1/facilities/{outside-facility}/attachments", expected: .notFound)),
        Row(route: "POST /api/v1/facilities/:id/attachments", client: .api, allowed: [.admin],
            inside: Probe(method: .POST, path: "/api/v1/facilities/{inside-facility}/attachments?name=%E6%A3%80%E6%9F%A5.pdf&kind=%E6%B6%88%E9%98%B2%E6%A3%80%E6%9F%A5", body: "%PDF-1.4 检查记录", expected: .created),
            outside: Probe(method: .POST, path: "/api/v1/facilities/{outside-facility}/attachments?name=a.pdf&kind=%E5%85%B6%E4%BB%96", body: "%PDF-1.4 x", expected: .notFound),
            ),
        Row(route: "GET /api/v1/attachments/:id", client: .api, allowed: facilityReaders,
            inside: Probe(method: .GET, path: "/api/v1/attachments/{inside-attachment}", expected: .ok, check: { $0.hasPrefix("%PDF") }),
            outside: Probe(method: .GET, path: "/api/v1/attachments/{outside-attachment}", expected: .notFound)),
        Row(route: "POST /api/v1/facilities/import", client: .api, allowed: [.admin],
            inside: Probe(method: .POST, path: "/api/v1/facilities/import?dryRun=true", body: "名称,类别,所在区划代码\n角斜社区助餐点,助餐点,\(town)001\n", expected: .ok),
            outside: Probe(method: .POST, path: "/api/v1/facilities/import?dryRun=false", body: "名称,类别,所在区划代码\n李堡社区助餐点,助餐点,\(otherTown)001\n", expected: .unprocessableEntity)),
        Row(route: "GET /api/v1/facilities/import/template", client: .api, allowed: [.admin],
            inside: Probe(method: .GET, path: "/api/v1/facilities/import/template", expected: .ok),
            outside: nil, why: "the template is the same for every region"),
        Row(route: "GET /api/v1/projects", client: .api, allowed: facilityReaders,
            inside: Probe(method: .GET, path: "/api/v1/projects?year=2021", expected: .ok, check: { $0.contains("角斜镇敬老院") && !$0.contains("南莫镇") }),
            outside: Probe(method: .GET, path: "/api/v1/projects?region=\(otherTown)", expected: .notFound)),
        Row(route: "POST /api/v1/projects", client: .api, allowed: [.admin],
            inside: Probe(method: .POST, path: "/api/v1/projects", body: #"{"facilityId":"{inside-facility}","name":"适老化改造","kind":"提升改造","upgradeKind":"机构适老化改造","status":"计划"}"#, expected: .created),
            outside: Probe(method: .POST, path: "/api/v1/projects", body: #"{"facilityId":"{outside-facility}","name":"适老化改造","kind":"提升改造","upgradeKind":"机构适老化改造","status":"计划"}"#, expected: .notFound)),
        Row(route: "PATCH /api/v1/projects/:id", client: .api, allowed: [.admin],
            inside: Probe(method: .PATCH, path: "/api/v1/projects/{inside-project}", body: #"{"investment":2700000}"#, expected: .ok),
            outside: Probe(method: .PATCH, path: "/api/v1/projects/{outside-project}", body: #"{"investment":2700000}"#, expected: .notFound),
            ),
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
        Row(route: "GET /api/v1/plans", client: .api, allowed: planReaders,
            inside: Probe(method: .GET, path: "/api/v1/plans", expected: .ok, check: { $0.contains("海民〔2021〕26号") && !$0.contains("通民福字") }),
            outside: Probe(method: .GET, path: "/api/v1/plans?year=2021", expected: .ok, check: { !$0.contains("李堡镇2021年") }),
            why: "a list of the plans of the caller's region and above"),
        Row(route: "POST /api/v1/plans", client: .api, allowed: planEditors,
            inside: Probe(method: .POST, path: "/api/v1/plans", body: #"{"regionCode":"\#(town)","year":2026,"title":"角斜镇养老服务工作要点","issuingBody":"角斜镇人民政府","tasks":[{"number":"（一）","title":"适老化改造"}],"indicators":[{"indicatorCode":"home_renovations","target":40,"task":"一","inBreakdown":true}]}"#, expected: .created),
            outside: Probe(method: .POST, path: "/api/v1/plans", body: #"{"regionCode":"\#(otherTown)","year":2026,"title":"李堡镇养老服务工作要点","issuingBody":"李堡镇人民政府"}"#, expected: .unprocessableEntity)),
        Row(route: "GET /api/v1/plans/:id", client: .api, allowed: planReaders,
            inside: Probe(method: .GET, path: "/api/v1/plans/{haian-plan}", expected: .ok),
            outside: Probe(method: .GET, path: "/api/v1/plans/{tongliao-plan}", expected: .notFound)),
        Row(route: "PATCH /api/v1/plans/:id", client: .api, allowed: planEditors,
            inside: Probe(method: .PATCH, path: "/api/v1/plans/{town-plan}", body: #"{"targets":{"home_renovations":25}}"#, expected: .ok),
            outside: Probe(method: .PATCH, path: "/api/v1/plans/{other-town-plan}", body: #"{"targets":{"home_renovations":25}}"#, expected: .notFound)),
        Row(route: "GET /api/v1/plans/:id/progress", client: .api, allowed: planReaders,
            inside: Probe(method: .GET, path: "/api/v1/plans/{haian-plan}/progress?region=\(town)&month=2021-12", expected: .ok),
            outside: Probe(method: .GET, path: "/api/v1/plans/{haian-plan}/progress?region=\(otherTown)&month=2021-12", expected: .notFound)),
        Row(route: "GET /api/v1/plans/:id/breakdowns", client: .api, allowed: planReaders,
            inside: Probe(method: .GET, path: "/api/v1/plans/{haian-plan}/breakdowns", expected: .ok),
            outside: Probe(method: .GET, path: "/api/v1/plans/{tongliao-plan}/breakdowns", expected: .notFound)),
        Row(route: "POST /api/v1/plans/:id/breakdowns/import", client: .api, allowed: planEditors,
            inside: Probe(method: .POST, path: "/api/v1/plans/{town-plan}/breakdowns/import?dryRun=true", body: townBreakdown, expected: .ok),
            outside: Probe(method: .POST, path: "/api/v1/plans/{other-town-plan}/breakdowns/import?dryRun=true", body: townBreakdown, expected: .notFound)),
        Row(route: "GET /api/v1/plans/:id/ledgers", client: .api, allowed: planReaders,
            inside: Probe(method: .GET, path: "/api/v1/plans/{fresh-plan}/ledgers?month={fresh-year}-06", expected: .ok, check: { $0.contains(town) && !$0.contains(otherTown) }),
            outside: Probe(method: .GET, path: "/api/v1/plans/{tongliao-plan}/ledgers", expected: .notFound)),
        Row(route: "GET /api/v1/plans/:id/ledgers/:region/:month", client: .api, allowed: planReaders,
            inside: Probe(method: .GET, path: "/api/v1/plans/{fresh-plan}/ledgers/\(town)/{fresh-year}-06", expected: .ok),
            outside: Probe(method: .GET, path: "/api/v1/plans/{fresh-plan}/ledgers/\(otherTown)/{fresh-year}-06", expected: .notFound)),
        Row(route: "PATCH /api/v1/plans/:id/ledgers/:region/:month", client: .api, allowed: planEditors,
            inside: Probe(method: .PATCH, path: "/api/v1/plans/{fresh-plan}/ledgers/\(town)/{fresh-year}-01", body: #"{"reported":{"home_renovations":{"value":3}}}"#, expected: .ok),
            outside: Probe(method: .PATCH, path: "/api/v1/plans/{fresh-plan}/ledgers/\(otherTown)/{fresh-year}-01", body: #"{"reported":{"home_renovations":{"value":3}}}"#, expected: .notFound)),
        Row(route: "POST /api/v1/plans/:id/ledgers/:region/:month/submit", client: .api, allowed: planEditors,
            inside: Probe(method: .POST, path: "/api/v1/plans/{fresh-plan}/ledgers/\(town)/{fresh-year}-01/submit", expected: .ok),
            outside: Probe(method: .POST, path: "/api/v1/plans/{fresh-plan}/ledgers/\(otherTown)/{fresh-year}-01/submit", expected: .notFound)),
    ] + ["approve", "return", "unlock"].map { action in
        // The scope's accounts are the level above 角斜镇's villages: a village's ledger not yet submitted is the wrong moment (409).
        Row(route: "POST /api/v1/plans/:id/ledgers/:region/:month/\(action)", client: .api, allowed: planEditors,
            inside: Probe(method: .POST, path: "/api/v1/plans/{town-plan}/ledgers/\(town)201/2021-06/\(action)", body: #"{"reason":"核实"}"#, expected: .conflict),
            outside: Probe(method: .POST, path: "/api/v1/plans/{other-town-plan}/ledgers/\(otherTown)201/2021-06/\(action)", body: #"{"reason":"核实"}"#, expected: .notFound))
    } + [
        Row(route: "POST /api/v1/plans/:id/urgings", client: .api, allowed: planEditors,
            inside: Probe(method: .POST, path: "/api/v1/plans/{town-plan}/urgings", body: #"{"regionCode":"\#(town)201","message":"请按时报送","deadline":"2099-01-01"}"#, expected: .created),
            outside: Probe(method: .POST, path: "/api/v1/plans/{other-town-plan}/urgings", body: #"{"regionCode":"\#(otherTown)201","message":"请按时报送","deadline":"2099-01-01"}"#, expected: .notFound)),
        Row(route: "GET /api/v1/plans/:id/report", client: .api, allowed: planReaders,
            inside: Probe(method: .GET, path: "/api/v1/plans/{haian-plan}/report?region=\(town)", expected: .ok, check: { $0.contains("角斜镇人民政府") }),
            outside: Probe(method: .GET, path: "/api/v1/plans/{haian-plan}/report?region=\(otherTown)", expected: .notFound)),
        Row(route: "PATCH /api/v1/plans/:id/report", client: .api, allowed: planEditors,
            inside: Probe(method: .PATCH, path: "/api/v1/plans/{fresh-plan}/report?region=\(town)", body: #"{"suggestions":"建议加大投入"}"#, expected: .ok),
            outside: Probe(method: .PATCH, path: "/api/v1/plans/{fresh-plan}/report?region=\(otherTown)", body: #"{"suggestions":"建议加大投入"}"#, expected: .notFound)),
        Row(route: "POST /api/v1/plans/:id/report/submit", client: .api, allowed: planEditors,
            inside: Probe(method: .POST, path: "/api/v1/plans/{fresh-plan}/report/submit?region=\(town)", expected: .ok),
            outside: Probe(method: .POST, path: "/api/v1/plans/{fresh-plan}/report/submit?region=\(otherTown)", expected: .notFound)),
        Row(route: "GET /api/v1/audit", client: .api, allowed: [.auditor],
            inside: Probe(method: .GET, path: "/api/v1/audit?username=demo-town", expected: .ok, check: { $0.contains("\"username\":\"demo-town\"") }),
            outside: Probe(method: .GET, path: "/api/v1/audit?username=demo-town2", expected: .ok, check: { $0.contains("\"total\":0") })),
    ]

    static let pageRows: [Row] = [
        Row(route: "GET /login", client: .open, allowed: nil, inside: Probe(method: .GET, path: "/login", expected: .ok),
            outside: nil, why: "the login form shows no record"),
        Row(route: "POST /login", client: .web, allowed: everyone,
            inside: Probe(method: .POST, path: "/login", form: ["username": "demo-town", "password": "wrong-password-1"], expected: .unauthorized),
            outside: nil, why: "logging in reads no record of any region"),
        Row(route: "POST /logout", client: .web, allowed: everyone, inside: Probe(method: .POST, path: "/logout", expected: .seeOther),
            outside: nil, why: "it ends the caller's own session"),
        Row(route: "POST /region", client: .web, allowed: everyone,
            inside: Probe(method: .POST, path: "/region", form: ["region": "\(town)201", "next": "/"], expected: .seeOther),
            outside: Probe(method: .POST, path: "/region", form: ["region": otherTown, "next": "/"], expected: .notFound)),
        Row(route: "GET /", client: .web, allowed: everyone, inside: Probe(method: .GET, path: "/", expected: .ok),
            outside: nil, why: "the home page shows the caller's own region and nothing else"),
        Row(route: "GET /regions", client: .web, allowed: everyone,
            inside: Probe(method: .GET, path: "/regions?region=\(town)201", expected: .seeOther),
            outside: Probe(method: .GET, path: "/regions?region=\(otherTown)", expected: .notFound)),
        Row(route: "GET /regions/:code", client: .web, allowed: everyone,
            inside: Probe(method: .GET, path: "/regions/\(town)201", expected: .ok),
            outside: Probe(method: .GET, path: "/regions/\(otherTown)201", expected: .notFound)),
        Row(route: "GET /regions/:code/export", client: .web, allowed: everyone,
            inside: Probe(method: .GET, path: "/regions/\(town)/export?format=csv", expected: .ok),
            outside: Probe(method: .GET, path: "/regions/\(otherTown)/export?format=csv", expected: .notFound)),
        Row(route: "GET /regions/import", client: .web, allowed: [.admin], inside: Probe(method: .GET, path: "/regions/import", expected: .ok),
            outside: nil, why: "an empty upload form"),
        Row(route: "POST /regions/import", client: .web, allowed: [.admin],
            inside: Probe(method: .POST, path: "/regions/import", form: ["dryRun": "1"], upload: csv + "\(town)298,新村,村,\(town)\n", expected: .ok),
            outside: Probe(method: .POST, path: "/regions/import", upload: csv + "\(otherTown)298,新村,村,\(otherTown)\n", expected: .unprocessableEntity)),
        Row(route: "GET /regions/import/template", client: .web, allowed: [.admin],
            inside: Probe(method: .GET, path: "/regions/import/template?format=xlsx", expected: .ok),
            outside: nil, why: "the template is the same for every region"),
        Row(route: "GET /accounts", client: .web, allowed: [.securityAdmin],
            inside: Probe(method: .GET, path: "/accounts?q=demo-town", expected: .ok, check: { $0.contains(">demo-town<") }),
            outside: Probe(method: .GET, path: "/accounts?q=demo-town2", expected: .ok, check: { !$0.contains(">demo-town2<") })),
        Row(route: "GET /accounts/new", client: .web, allowed: [.securityAdmin], inside: Probe(method: .GET, path: "/accounts/new", expected: .ok),
            outside: nil, why: "an empty form; its region list is the scope"),
        Row(route: "POST /accounts/new", client: .web, allowed: [.securityAdmin],
            inside: Probe(method: .POST, path: "/accounts/new", form: ["username": "jx-new", "role": "viewer", "region": town, "password": "Jiaoxie-2021"], expected: .seeOther),
            outside: Probe(method: .POST, path: "/accounts/new", form: ["username": "lb-new", "role": "viewer", "region": otherTown, "password": "Libao-2021x"], expected: .unprocessableEntity)),
        Row(route: "GET /accounts/:id", client: .web, allowed: [.securityAdmin],
            inside: Probe(method: .GET, path: "/accounts/{inside-account}", expected: .ok),
            outside: Probe(method: .GET, path: "/accounts/{outside-account}", expected: .notFound)),
    ] + SiteURL.AccountAction.allCases.map { action in
        Row(route: "POST /accounts/:id/\(action.rawValue)", client: .web, allowed: [.securityAdmin],
            // A reset answers with the one-time password on the page itself (never in a redirect's URL).
            inside: Probe(method: .POST, path: "/accounts/{inside-account}/\(action.rawValue)", expected: action == .password ? .ok : .seeOther),
            outside: Probe(method: .POST, path: "/accounts/{outside-account}/\(action.rawValue)", expected: .notFound))
    } + [
        Row(route: "GET /password", client: .web, allowed: everyone, inside: Probe(method: .GET, path: "/password", expected: .ok),
            outside: nil, why: "everyone changes only their own password; no other account can be named"),
        Row(route: "POST /password", client: .web, allowed: everyone,
            inside: Probe(method: .POST, path: "/password", form: ["current": "wrong", "password": "x", "confirmation": "y"], expected: .unprocessableEntity),
            outside: nil, why: "everyone changes only their own password; no other account can be named"),
        Row(route: "GET /facilities", client: .web, allowed: facilityReaders,
            inside: Probe(method: .GET, path: "/facilities", expected: .ok, check: { $0.contains("角斜镇敬老院") && !$0.contains("李堡镇敬老院") }),
            outside: Probe(method: .GET, path: "/facilities?region=\(otherTown)", expected: .notFound)),
        Row(route: "GET /facilities/export", client: .web, allowed: facilityReaders,
            inside: Probe(method: .GET, path: "/facilities/export?format=csv", expected: .ok, check: { $0.contains("角斜镇敬老院") && !$0.contains("李堡镇敬老院") }),
            outside: Probe(method: .GET, path: "/facilities/export?format=xlsx&region=\(otherTown)", expected: .notFound)),
        Row(route: "GET /facilities/problems", client: .web, allowed: facilityReaders,
            inside: Probe(method: .GET, path: "/facilities/problems", expected: .ok),
            outside: Probe(method: .GET, path: "/facilities/problems?region=\(otherTown)", expected: .notFound)),
        Row(route: "GET /facilities/:id", client: .web, allowed: facilityReaders,
            inside: Probe(method: .GET, path: "/facilities/{inside-facility}", expected: .ok),
            outside: Probe(method: .GET, path: "/facilities/{outside-facility}", expected: .notFound)),
        Row(route: "POST /facilities/:id/activities", client: .web, allowed: [.admin],
            inside: Probe(method: .POST, path: "/facilities/{inside-community}/activities", form: ["heldOn": "2021-05-01", "kind": "文体活动", "participants": "15"], expected: .seeOther),
            outside: Probe(method: .POST, path: "/facilities/{outside-community}/activities", form: ["heldOn": "2021-05-01", "kind": "文体活动", "participants": "15"], expected: .notFound),
            ),
        Row(route: "POST /facilities/:id/attachments", client: .web, allowed: [.admin],
            inside: Probe(method: .POST, path: "/facilities/{inside-facility}/attachments", form: ["kind": "其他"], upload: "%PDF-1.4 x", expected: .seeOther),
            outside: Probe(method: .POST, path: "/facilities/{outside-facility}/attachments", form: ["kind": "其他"], upload: "%PDF-1.4 x", expected: .notFound),
            ),
        Row(route: "GET /attachments/:id", client: .web, allowed: facilityReaders,
            inside: Probe(method: .GET, path: "/attachments/{inside-attachment}", expected: .ok),
            outside: Probe(method: .GET, path: "/attachments/{outside-attachment}", expected: .notFound)),
        Row(route: "GET /facilities/import", client: .web, allowed: [.admin], inside: Probe(method: .GET, path: "/facilities/import", expected: .ok),
            outside: nil, why: "an empty upload form"),
        Row(route: "POST /facilities/import", client: .web, allowed: [.admin],
            inside: Probe(method: .POST, path: "/facilities/import", form: ["dryRun": "1"], upload: "名称,类别,所在区划代码\n角斜社区助餐点,助餐点,\(town)001\n", expected: .ok),
            outside: Probe(method: .POST, path: "/facilities/import", form: ["dryRun": "1"], upload: "名称,类别,所在区划代码\n李堡社区助餐点,助餐点,\(otherTown)001\n", expected: .unprocessableEntity)),
        Row(route: "GET /facilities/import/template", client: .web, allowed: [.admin],
            inside: Probe(method: .GET, path: "/facilities/import/template", expected: .ok),
            outside: nil, why: "the template is the same for every region"),
        Row(route: "GET /facilities/new", client: .web, allowed: [.admin], inside: Probe(method: .GET, path: "/facilities/new", expected: .ok),
            outside: nil, why: "an empty form whose region choices are the scope"),
        Row(route: "POST /facilities/new", client: .web, allowed: [.admin],
            inside: Probe(method: .POST, path: "/facilities/new", form: ["name": "角斜社区助餐点", "category": "助餐点", "regionCode": "\(town)001", "status": "运营", "filingStatus": "未备案"], expected: .seeOther),
            outside: Probe(method: .POST, path: "/facilities/new", form: ["name": "李堡社区助餐点", "category": "助餐点", "regionCode": "\(otherTown)001", "status": "运营", "filingStatus": "未备案"], expected: .unprocessableEntity)),
        Row(route: "GET /facilities/:id/edit", client: .web, allowed: [.admin],
            inside: Probe(method: .GET, path: "/facilities/{inside-facility}/edit", expected: .ok),
            outside: Probe(method: .GET, path: "/facilities/{outside-facility}/edit", expected: .notFound)),
        Row(route: "POST /facilities/:id/edit", client: .web, allowed: [.admin],
            inside: Probe(method: .POST, path: "/facilities/{inside-facility}/edit", form: ["staffCount": "12"], expected: .seeOther),
            outside: Probe(method: .POST, path: "/facilities/{outside-facility}/edit", form: ["staffCount": "12"], expected: .notFound)),
        Row(route: "GET /projects", client: .web, allowed: facilityReaders,
            inside: Probe(method: .GET, path: "/projects?year=2021", expected: .ok, check: { $0.contains("角斜镇敬老院") && !$0.contains("南莫镇敬老院") }),
            outside: Probe(method: .GET, path: "/projects?year=2021&region=\(otherTown)", expected: .notFound)),
        Row(route: "GET /projects/export", client: .web, allowed: facilityReaders,
            inside: Probe(method: .GET, path: "/projects/export?format=csv&year=2021", expected: .ok, check: { $0.contains("角斜镇敬老院") && !$0.contains("南莫镇敬老院") }),
            outside: Probe(method: .GET, path: "/projects/export?region=\(otherTown)", expected: .notFound)),
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
        Row(route: "GET /audit", client: .web, allowed: [.auditor],
            inside: Probe(method: .GET, path: "/audit?username=demo-town", expected: .ok, check: { $0.contains("（demo-town）</td>") }),
            outside: Probe(method: .GET, path: "/audit?username=demo-town2", expected: .ok, check: { $0.contains("共 0 条") })),
        Row(route: "POST /audit/verify", client: .web, allowed: [.auditor], inside: Probe(method: .POST, path: "/audit/verify", expected: .ok),
            outside: nil, why: "it checks the chain as a whole and lists the caller's region only"),
        Row(route: "GET /assets/:file", client: .open, allowed: nil, inside: Probe(method: .GET, path: "/assets/app.css", expected: .ok),
            outside: nil, why: "static files, the same for everyone"),
        Row(route: "GET /healthz", client: .open, allowed: nil, inside: Probe(method: .GET, path: "/healthz", expected: .ok),
            outside: nil, why: "no record"),
        Row(route: "GET /plans", client: .web, allowed: planReaders,
            inside: Probe(method: .GET, path: "/plans", expected: .ok, check: { $0.contains("海民〔2021〕26号") && !$0.contains("通民福字") }),
            outside: nil, why: "a list of the plans of the caller's region and above; no region can be asked for"),
        Row(route: "GET /plans/new", client: .web, allowed: planEditors, inside: Probe(method: .GET, path: "/plans/new", expected: .ok),
            outside: nil, why: "an empty form whose region choices are the scope"),
        Row(route: "POST /plans/new", client: .web, allowed: planEditors,
            inside: Probe(method: .POST, path: "/plans/new", form: ["regionCode": town, "year": "2026", "title": "角斜镇工作要点", "issuingBody": "角斜镇人民政府",
                                                                    "tasks": "（一）适老化改造", "use.home_renovations": "1", "target.home_renovations": "40"], expected: .seeOther),
            outside: Probe(method: .POST, path: "/plans/new", form: ["regionCode": otherTown, "year": "2026", "title": "李堡镇工作要点", "issuingBody": "李堡镇人民政府"], expected: .unprocessableEntity)),
        Row(route: "GET /plans/:id", client: .web, allowed: planReaders,
            inside: Probe(method: .GET, path: "/plans/{haian-plan}?region=\(town)&month=2021-12", expected: .ok, check: { $0.contains("镇本级") }),
            outside: Probe(method: .GET, path: "/plans/{haian-plan}?region=\(otherTown)", expected: .notFound)),
        Row(route: "GET /plans/:id/edit", client: .web, allowed: planEditors,
            inside: Probe(method: .GET, path: "/plans/{town-plan}/edit", expected: .ok),
            outside: Probe(method: .GET, path: "/plans/{other-town-plan}/edit", expected: .notFound)),
        Row(route: "POST /plans/:id/edit", client: .web, allowed: planEditors,
            inside: Probe(method: .POST, path: "/plans/{town-plan}/edit", form: ["title": "角斜镇2021年养老服务工作要点", "issuingBody": "角斜镇人民政府",
                                                                          "reportDue": "2021-12-15", "target.home_renovations": "30"], expected: .seeOther),
            outside: Probe(method: .POST, path: "/plans/{other-town-plan}/edit", form: ["title": "x"], expected: .notFound)),
        Row(route: "GET /plans/:id/export", client: .web, allowed: planReaders,
            inside: Probe(method: .GET, path: "/plans/{haian-plan}/export?region=\(town)&month=2021-12", expected: .ok),
            outside: Probe(method: .GET, path: "/plans/{tongliao-plan}/export", expected: .notFound)),
        Row(route: "GET /plans/:id/breakdown/template", client: .web, allowed: planReaders,
            inside: Probe(method: .GET, path: "/plans/{haian-plan}/breakdown/template?format=csv", expected: .ok),
            outside: Probe(method: .GET, path: "/plans/{tongliao-plan}/breakdown/template", expected: .notFound)),
        Row(route: "GET /plans/:id/breakdown/import", client: .web, allowed: planEditors,
            inside: Probe(method: .GET, path: "/plans/{town-plan}/breakdown/import", expected: .ok),
            outside: Probe(method: .GET, path: "/plans/{other-town-plan}/breakdown/import", expected: .notFound)),
        Row(route: "POST /plans/:id/breakdown/import", client: .web, allowed: planEditors,
            inside: Probe(method: .POST, path: "/plans/{town-plan}/breakdown/import", form: ["dryRun": "1"], upload: townBreakdown, expected: .ok),
            outside: Probe(method: .POST, path: "/plans/{other-town-plan}/breakdown/import", form: ["dryRun": "1"], upload: townBreakdown, expected: .notFound)),
        Row(route: "GET /plans/:id/breakdown/edit", client: .web, allowed: planEditors,
            inside: Probe(method: .GET, path: "/plans/{town-plan}/breakdown/edit", expected: .ok),
            outside: Probe(method: .GET, path: "/plans/{other-town-plan}/breakdown/edit", expected: .notFound)),
        Row(route: "POST /plans/:id/breakdown/edit", client: .web, allowed: planEditors,
            inside: Probe(method: .POST, path: "/plans/{town-plan}/breakdown/edit", form: ["c.\(town)201.home_renovations": "10", "c.\(town).home_renovations": "10"], expected: .seeOther),
            outside: Probe(method: .POST, path: "/plans/{other-town-plan}/breakdown/edit", form: ["c.\(otherTown)201.home_renovations": "10"], expected: .notFound)),
        Row(route: "GET /plans/:id/ledgers", client: .web, allowed: planReaders,
            inside: Probe(method: .GET, path: "/plans/{fresh-plan}/ledgers?month={fresh-year}-06", expected: .ok, check: { $0.contains("角斜镇") && !$0.contains("李堡镇") }),
            outside: Probe(method: .GET, path: "/plans/{tongliao-plan}/ledgers", expected: .notFound)),
        Row(route: "GET /plans/:id/ledgers/:region/:month", client: .web, allowed: planReaders,
            inside: Probe(method: .GET, path: "/plans/{fresh-plan}/ledgers/\(town)/{fresh-year}-06", expected: .ok),
            outside: Probe(method: .GET, path: "/plans/{fresh-plan}/ledgers/\(otherTown)/{fresh-year}-06", expected: .notFound)),
        Row(route: "POST /plans/:id/ledgers/:region/:month", client: .web, allowed: planEditors,
            inside: Probe(method: .POST, path: "/plans/{fresh-plan}/ledgers/\(town)/{fresh-year}-02", form: ["action": "save", "reported.home_renovations.value": "4"], expected: .seeOther),
            outside: Probe(method: .POST, path: "/plans/{fresh-plan}/ledgers/\(otherTown)/{fresh-year}-02", form: ["action": "save"], expected: .notFound)),
        Row(route: "POST /plans/:id/ledgers/:region/:month/review", client: .web, allowed: planEditors,
            inside: Probe(method: .POST, path: "/plans/{town-plan}/ledgers/\(town)201/2021-06/review", form: ["action": "approve"], expected: .conflict),
            outside: Probe(method: .POST, path: "/plans/{other-town-plan}/ledgers/\(otherTown)201/2021-06/review", form: ["action": "approve"], expected: .notFound)),
        Row(route: "POST /plans/:id/ledgers/:region/:month/attachments", client: .web, allowed: planEditors,
            inside: Probe(method: .POST, path: "/plans/{fresh-plan}/ledgers/\(town)/{fresh-year}-03/attachments", form: ["kind": "其他"], upload: "%PDF-1.4 x", uploadName: "纪要.pdf", expected: .seeOther),
            outside: Probe(method: .POST, path: "/plans/{fresh-plan}/ledgers/\(otherTown)/{fresh-year}-03/attachments", form: ["kind": "其他"], upload: "%PDF-1.4 x", uploadName: "纪要.pdf", expected: .notFound)),
        Row(route: "GET /plans/:id/ledgers/:region/:month/attachments/:file", client: .web, allowed: planReaders,
            inside: Probe(method: .GET, path: "/plans/{fresh-plan}/ledgers/\(town)/{fresh-year}-04/attachments/{inside-ledger-file}", expected: .ok, check: { $0.hasPrefix("%PDF") }),
            outside: Probe(method: .GET, path: "/plans/{fresh-plan}/ledgers/\(otherTown)/{fresh-year}-04/attachments/{outside-ledger-file}", expected: .notFound)),
        Row(route: "POST /plans/:id/urgings", client: .web, allowed: planEditors,
            inside: Probe(method: .POST, path: "/plans/{town-plan}/urgings", form: ["regionCode": "\(town)201", "message": "请按时报送", "deadline": "2099-01-01"], expected: .seeOther),
            outside: Probe(method: .POST, path: "/plans/{other-town-plan}/urgings", form: ["regionCode": "\(otherTown)201", "message": "请按时报送", "deadline": "2099-01-01"], expected: .notFound)),
        Row(route: "GET /plans/:id/dashboard", client: .web, allowed: planReaders,
            inside: Probe(method: .GET, path: "/plans/{haian-plan}/dashboard?region=\(town)&month=2021-12", expected: .ok, check: { $0.contains("<svg") }),
            outside: Probe(method: .GET, path: "/plans/{haian-plan}/dashboard?region=\(otherTown)", expected: .notFound)),
        Row(route: "GET /plans/:id/cockpit", client: .web, allowed: planReaders,
            inside: Probe(method: .GET, path: "/plans/{haian-plan}/cockpit?month=2021-12", expected: .ok, check: { $0.contains("角斜镇") && !$0.contains("李堡镇") }),
            outside: Probe(method: .GET, path: "/plans/{tongliao-plan}/cockpit", expected: .notFound)),
        Row(route: "GET /plans/:id/report", client: .web, allowed: planReaders,
            inside: Probe(method: .GET, path: "/plans/{haian-plan}/report?region=\(town)", expected: .ok, check: { $0.contains("角斜镇人民政府文件") }),
            outside: Probe(method: .GET, path: "/plans/{haian-plan}/report?region=\(otherTown)", expected: .notFound)),
        Row(route: "POST /plans/:id/report", client: .web, allowed: planEditors,
            inside: Probe(method: .POST, path: "/plans/{town-plan}/report?region=\(town)", form: ["action": "save", "title": "角斜镇2021年工作总结"], expected: .seeOther),
            outside: Probe(method: .POST, path: "/plans/{other-town-plan}/report?region=\(otherTown)", form: ["action": "save"], expected: .notFound)),
        Row(route: "GET /plans/:id/report/docx", client: .web, allowed: planReaders,
            inside: Probe(method: .GET, path: "/plans/{haian-plan}/report/docx?region=\(town)", expected: .ok, check: { $0.hasPrefix("PK") }),
            outside: Probe(method: .GET, path: "/plans/{haian-plan}/report/docx?region=\(otherTown)", expected: .notFound)),
        Row(route: "GET /plans/:id/report/xlsx", client: .web, allowed: planReaders,
            inside: Probe(method: .GET, path: "/plans/{haian-plan}/report/xlsx?region=\(town)", expected: .ok, check: { $0.hasPrefix("PK") }),
            outside: Probe(method: .GET, path: "/plans/{haian-plan}/report/xlsx?region=\(otherTown)", expected: .notFound)),
        Row(route: "GET /metrics", client: .open, allowed: nil, inside: Probe(method: .GET, path: "/metrics", expected: .ok),
            outside: nil, why: "request counts by route, no record"),
        Row(route: "GET /openapi.json", client: .open, allowed: nil, inside: Probe(method: .GET, path: "/openapi.json", expected: .ok),
            outside: nil, why: "the API's description, no record"),
    ]

    static var rows: [Row] { apiRows + pageRows }

    static func routeKey(_ route: Route) -> String {
        "\(route.method.rawValue) /" + route.path.map { component in
            if case let .parameter(name) = component { ":\(name)" } else { component.description }
        }.joined(separator: "/")
    }

    @Test func everyRouteHasARow() async throws {
        try await withTestApp(.sqlite) { app, _ in
            let routes = Set(app.routes.all.map(Self.routeKey))
            let covered = Set(Self.rows.map(\.route))
            #expect(routes.subtracting(covered).isEmpty, "routes without a scope row: \(routes.subtracting(covered).sorted())")
            #expect(covered.subtracting(routes).isEmpty, "rows without a route: \(covered.subtracting(routes).sorted())")
            for row in Self.rows where row.outside == nil {
                #expect(!row.why.isEmpty, "\(row.route) needs an outside probe or a reason")
            }
            // Every route declares who may call it, and the rows probe exactly those roles; a route
            // naming a record in its path declares how that record is resolved in scope.
            let rows = Dictionary(Self.rows.map { ($0.route, $0) }, uniquingKeysWith: { first, _ in first })
            for route in app.routes.all {
                let key = Self.routeKey(route)
                guard let declaration = route.declaration else {
                    Issue.record("\(key) has no access declaration")
                    continue
                }
                // An open route is probed without an account, or (a form behind CSRF) as every role.
                #expect((rows[key]?.allowed ?? Self.everyone) == (declaration.access.allowedRoles ?? Self.everyone),
                        "\(key): the row's roles are the declared ones")
                let named = route.path.contains { if case .parameter = $0 { true } else { false } }
                if named, declaration.access.allowedRoles != nil {
                    #expect(declaration.record != nil, "\(key) names a record but declares no resolver")
                }
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func everyRouteForEveryRoleInsideAndOutside(_ database: TestDatabase) async throws {
        try await withTestApp(database, demo: true) { app, platform in
            // Entries for the audit probes: one login in each town.
            _ = try await app.token("demo-town")
            _ = try await app.token("demo-town2")
            let service = AccountService(platform: platform)
            let facilities = FacilityStore(sql: platform.sql)
            let admin = CurrentUser(account: try #require(try await AccountStore(sql: platform.sql).find(username: "demo-city")), tokenID: nil,
                                    scope: .unrestricted)
            let all = try await facilities.visibleRecords(for: admin).map(\.facility)
            let insideFacility = try #require(all.first { $0.name == "角斜镇敬老院" })
            let outsideFacility = try #require(all.first { $0.name == "李堡镇敬老院" })
            for role in Role.allCases {
                // An institution operator acts for 角斜镇敬老院.
                let organisation = role == .institutionOperator ? insideFacility.code : (role.requiresOrganisation ? "org-jx" : nil)
                _ = try await service.create(
                    .init(username: "scope-\(role.rawValue)", password: "Scope-test-1", role: role.rawValue,
                          regionCode: Self.town, organisationID: organisation),
                    by: .commandLine
                )
            }
            let target = try await service.create(.init(username: "scope-target", password: "Target-2021", role: "viewer", regionCode: Self.town), by: .commandLine)
            let outsider = try #require(try await AccountStore(sql: platform.sql).find(username: "demo-town2"))
            let insideProject = try #require(try await ProjectStore(sql: platform.sql).projects(ofFacilities: [insideFacility.id]).first)
            let nanmo = try #require(all.first { $0.name == "南莫镇敬老院" })
            let outsideProject = try #require(try await ProjectStore(sql: platform.sql).projects(ofFacilities: [nanmo.id]).first)
            let attachments = AttachmentStore(platform: platform)
            let insideAttachment = try attachments.prepare(entityType: "facility", entityID: insideFacility.id, kind: "消防审验（验收）", kinds: FacilityAttachments.evidenceKinds,
                                                          name: "验收.pdf", bytes: Array("%PDF-1.4 验收意见".utf8), by: nil)
            let outsideAttachment = try attachments.prepare(entityType: "facility", entityID: outsideFacility.id, kind: "消防审验（验收）", kinds: FacilityAttachments.evidenceKinds,
                                                           name: "验收.pdf", bytes: Array("%PDF-1.4 李堡".utf8), by: nil)
            try await attachments.insert(insideAttachment)
            try await attachments.insert(outsideAttachment)
            let insideCommunity = try #require(all.first { $0.name == "老坝港村互助幸福院" })
            let outsideCommunity = try #require(all.first { $0.name == "李堡镇居家养老服务中心" })
            let insideElder = try #require(try await platform.sql.select().column("id").from("elders").where("name", .equal, "张桂英").first()?.decode(column: "id", as: String.self))
            let outsideElder = try #require(try await platform.sql.select().column("id").from("elders").where("name", .equal, "李秀兰").first()?.decode(column: "id", as: String.self))
            // Each role's own finished dry run (with a problem), and one of another account.
            var ownJobs: [Role: String] = [:]
            for role in Role.allCases { ownJobs[role] = try await Self.finishedJob(platform, username: "scope-\(role.rawValue)") }
            let othersJob = try await Self.finishedJob(platform, username: "demo-town2")
            let plans = try await PlanStore(sql: platform.sql).plans()
            let haianPlan = try #require(plans.first { $0.regionCode == "320685" && $0.year == 2021 })
            let tongliaoPlan = try #require(plans.first { $0.regionCode == "150500" })
            var townPlans: [String: String] = [:]
            for code in [Self.town, Self.otherTown] {
                var seed = PlanSeeds.haian
                seed.regionCode = code
                seed.title = "\(code == Self.town ? "角斜镇" : "李堡镇")2021年养老服务工作要点"
                seed.indicators = [PlanSeeds.Indicator(code: "home_renovations", label: "适老化改造户数", target: 20, task: nil, inBreakdown: true)]
                townPlans[code] = try await PlanDemo.insert(seed, platform: platform).id
            }
            // A plan of last year with no ledgers yet: 角斜镇's months are open for the reporting probes.
            var fresh = PlanSeeds.haian
            fresh.year = platform.clock.today.year - 1
            fresh.title = "\(fresh.year)年（范围测试）"
            fresh.indicators = [PlanSeeds.Indicator(code: "home_renovations", label: "适老化改造户数", target: 20, task: nil, inBreakdown: true)]
            let freshPlan = try await PlanDemo.insert(fresh, platform: platform)
            var ledgerFiles: [String: String] = [:]
            for code in [Self.town, Self.otherTown] {
                let ledger = Ledger(id: UUID().uuidString.lowercased(), planId: freshPlan.id, regionCode: code, period: "\(fresh.year)-04", state: .draft,
                                    submittedAt: nil, submittedBy: nil, submittedByName: nil, reviewedAt: nil, reviewedByName: nil, reason: nil, answer: nil,
                                    createdAt: Clock.timestamp(), updatedAt: Clock.timestamp())
                let file = try attachments.prepare(entityType: "ledger", entityID: ledger.id, kind: "其他", kinds: LedgerPages.attachmentKinds,
                                                   name: "纪要.pdf", bytes: Array("%PDF-1.4 纪要".utf8), by: nil)
                try await platform.writer.write { sql in
                    try await LedgerStore(sql: sql).insert(ledger)
                    try await AttachmentStore(platform: platform, sql: sql).insert(file)
                }
                ledgerFiles[code] = file.id
            }
            // Registrations held for review: each role's own pairs within 角斜镇 (one per deciding
            // probe), and one held in 角斜镇 whose original is in 李堡镇.
            var ownHeld: [Role: [String: String]] = [:]
            for (index, role) in Role.allCases.enumerated() {
                for (slot, key) in ["{own-held-merge}", "{own-held-refuse}", "{own-held-merge-page}", "{own-held-refuse-page}"].enumerated() {
                    ownHeld[role, default: [:]][key] = try await Self.heldPair(platform, name: "核实甲", heldRegion: "\(Self.town)201", originalRegion: "\(Self.town)202",
                                                                               month: slot + 1, day: index + 1)
                }
            }
            let outsideHeld = try await Self.heldPair(platform, name: "核实乙", heldRegion: "\(Self.town)201", originalRegion: "\(Self.otherTown)201", month: 12, day: 28)
            let ids = ["{outside-held}": outsideHeld, "{fresh-plan}": freshPlan.id, "{fresh-year}": String(fresh.year), "{inside-ledger-file}": ledgerFiles[Self.town]!,
                       "{outside-ledger-file}": ledgerFiles[Self.otherTown]!, "{haian-plan}": haianPlan.id, "{tongliao-plan}": tongliaoPlan.id, "{town-plan}": townPlans[Self.town]!,
                       "{other-town-plan}": townPlans[Self.otherTown]!, "{inside-elder}": insideElder, "{outside-elder}": outsideElder, "{others-job}": othersJob,
                       "{inside-account}": target.id, "{outside-account}": outsider.id,
                       "{inside-community}": insideCommunity.id, "{outside-community}": outsideCommunity.id,
                       "{inside-attachment}": insideAttachment.id, "{outside-attachment}": outsideAttachment.id,
                       "{inside-facility}": insideFacility.id, "{outside-facility}": outsideFacility.id,
                       "{inside-project}": insideProject.id, "{outside-project}": outsideProject.id]

            for row in Self.rows {
                for role in row.allowed == nil ? [Role.admin] : Role.allCases {
                    for (label, probe) in [("inside", row.inside), ("outside", row.outside)] {
                        guard var probe else { continue }
                        for (key, id) in ids.merging(Self.newIDNumbers(role), uniquingKeysWith: { $1 }).merging(["{own-job}": ownJobs[role] ?? ""], uniquingKeysWith: { $1 }).merging(ownHeld[role] ?? [:], uniquingKeysWith: { $1 }) {
                            probe.path = probe.path.replacingOccurrences(of: key, with: id)
                            probe.body = probe.body?.replacingOccurrences(of: key, with: id)
                            probe.form = probe.form.mapValues { $0.replacingOccurrences(of: key, with: id) }
                        }
                        let response = try await send(probe, row.client, as: "scope-\(role.rawValue)", app)
                        let allowed = row.allowed?.contains(role) ?? true
                        // The role is checked before the record is looked for: a role the route does not
                        // allow gets 403 inside and outside alike, and learns nothing of the record.
                        var expected: HTTPStatus = allowed ? probe.expected : .forbidden
                        if row.notTheOperatorsFacility, role == .institutionOperator { expected = .notFound }
                        #expect(response.status == expected, "\(row.route) \(label) as \(role.rawValue): \(response.body.string.prefix(300))")
                        if allowed, let check = probe.check {
                            #expect(check(response.body.string), "\(row.route) \(label) as \(role.rawValue)")
                        }
                    }
                }
            }
            // Every entry the probes left is worded in Chinese on the audit page: its action, and its entity's kind.
            let vocabulary = AuditVocabulary(platform.capabilities)
            let entries = try await auditEntries(platform)
            #expect(Set(entries.map(\.action)).filter { vocabulary.actions[$0] == nil }.isEmpty, "actions without a label")
            #expect(Set(entries.compactMap(\.entityType)).filter { vocabulary.entities[$0] == nil }.isEmpty, "entity types without a label")
        }
    }

    /// A person of `originalRegion` registered again in `heldRegion` and held for review; the held
    /// registration's id. The number is born in 1946 on `month`/`day` (no probe registers such).
    static func heldPair(_ platform: Platform, name: String, heldRegion: String, originalRegion: String, month: Int, day: Int) async throws -> String {
        let first17 = "320685" + "1946" + String(format: "%02d%02d", month, day) + "821"
        let number = first17 + String(ResidentID.checkCharacter(first17))
        let parsed = try ResidentID.parse(number).get()
        let cipher = platform.personalData
        let now = Clock.timestamp()
        func person(_ region: String) -> ElderRecord {
            var record = ElderRecord(id: UUID().uuidString.lowercased())
            record.name = name
            record.regionCode = region
            record.idNumber = PersonalText.entered(parsed.value, kind: .idNumber, cipher: cipher)
            record.sex = parsed.sex
            record.birthDate = parsed.birthDate
            record.createdAt = now
            record.updatedAt = now
            return record
        }
        let original = person(originalRegion)
        var placed = person(heldRegion)
        placed.idNumber?.hash = ElderStore.placeholderHash(placed.id)
        let held = placed
        try await platform.writer.write { sql in
            let store = ElderStore(sql: sql, cipher: cipher)
            try await ElderFields.schema.insert([original, held], on: sql, cipher: cipher)
            try await store.hold(held.id, hash: cipher.lookupHash(parsed.value), originalID: original.id)
        }
        return held.id
    }

    /// A finished dry run of an account, with one problem in its report and its problems file.
    static func finishedJob(_ platform: Platform, username: String) async throws -> String {
        let account = try #require(try await AccountStore(sql: platform.sql).find(username: username))
        let jobs = BulkImportJobs(platform: platform)
        let id = try jobs.keep(ByteBuffer(string: "姓名,身份证号码,居住区划代码\n周新,320685195001010000,320685101202\n"))
        let report = ImportReport(accepted: 0, rejected: 1, errors: [.init(row: 2, field: "身份证号码", message: "身份证号码校验位有误")],
                                  created: 0, updated: 0, unchanged: 0, dryRun: true, committed: false)
        try "行号,列,问题\r\n2,身份证号码,身份证号码校验位有误\r\n".write(toFile: jobs.problemsPath(id), atomically: true, encoding: .utf8)
        let now = Clock.timestamp()
        try await platform.writer.write { sql in
            try await sql.insert(into: "import_jobs")
                .columns("id", "entity_type", "account_id", "file_name", "dry_run", "state", "rows", "problems", "report", "created_at", "updated_at")
                .values(SQLBind(id), SQLBind("elder"), SQLBind(account.id), SQLBind("名册.csv"), SQLBind(true), SQLBind("done"), SQLBind(1), SQLBind(1),
                        SQLBind(String(decoding: try JSONEncoder().encode(report), as: UTF8.self)), SQLBind(now), SQLBind(now)).run()
        }
        return id
    }

    /// A valid ID number no one holds yet, for each role and each registration probe (a person is
    /// registered once: every role registers their own).
    static func newIDNumbers(_ role: Role) -> [String: String] {
        let index = Role.allCases.firstIndex(of: role) ?? 0
        var numbers: [String: String] = [:]
        for (slot, key) in ["{role-id-number}", "{role-id-number-2}", "{role-id-number-3}", "{role-id-number-4}"].enumerated() {
            let first17 = "320685" + "1950" + String(format: "%02d", slot + 1) + String(format: "%02d", index + 1) + "9" + String(format: "%02d", index)
            numbers[key] = first17 + String(ResidentID.checkCharacter(first17))
        }
        return numbers
    }

    func send(_ probe: Probe, _ client: Client, as username: String, _ app: Application) async throws -> TestingHTTPResponse {
        switch client {
        case .open:
            var headers = HTTPHeaders()
            if probe.body != nil { headers.contentType = .json }
            return try await app.testing().sendRequest(probe.method, probe.path, headers: headers, body: probe.body.map { ByteBuffer(string: $0) })
        case .api:
            let token = try await app.token(username, password: "Scope-test-1")
            return try await app.send(probe.method, probe.path, as: token, body: probe.body.map { ByteBuffer(string: $0) })
        case .web:
            var web = try await WebClient.signedIn(app, username, password: "Scope-test-1")
            if let upload = probe.upload { return try await web.upload(probe.path, file: upload, fields: probe.form, name: probe.uploadName) }
            return probe.method == .GET ? try await web.get(probe.path) : try await web.post(probe.path, form: probe.form)
        }
    }
}
