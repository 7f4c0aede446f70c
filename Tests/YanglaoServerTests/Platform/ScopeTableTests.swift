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
    static let csv = "区划代码,名称,层级,上级区划代码\n"
    static let revealers: Set<Role> = Set(Role.allCases.filter { Action.revealPersonalData.isAllowed(for: $0) })

    /// The rows, one list per capability (each in its capability's folder), the floor's first.
    static var rows: [Row] { floorRows + facilityRows + elderRows + planRows }

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
