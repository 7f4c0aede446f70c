import YanglaoPlatform
import Foundation
import Spreadsheet
import SQLKit
import Vapor
import YanglaoCore

/// `/api/v1/projects`: works on facilities — the year's list with the breakdown counts, and
/// registration and progress by the facility's supervising bureau.
enum ProjectsAPI {
    static func register(on api: any RoutesBuilder, platform: Platform) {
        let projects = api.grouped("projects")
        projects.get(access: .may(.readFacilities)) { try await list($0, platform) }
        projects.post(access: .may(.editFacilities)) { try await create($0, platform) }
        projects.patch(":id", access: .may(.editFacilities), record: resolver) { try await update($0, platform) }
    }

    /// A project whose facility the caller sees: 404 (audited) otherwise.
    static let resolver = RecordResolver(entity: "facility_project") { request in
        let platform = request.application.platform!
        let user = try platform.user(of: request)
        let id = request.parameters.get("id") ?? ""
        guard let project = try await ProjectStore(sql: platform.sql).find(id: id) else { throw APIError.notFound("项目") }
        guard try await platform.facilityStore().isVisible(id: project.facilityId, to: user) else {
            throw try await platform.outOfScope(request, entityType: "facility_project", entityID: id, what: "项目")
        }
        return project
    }

    struct Item: Content {
        var project: FacilityProject
        var facilityName: String
        var facilityCategory: FacilityCategory
        var regionCode: String
        var late: Bool
        var breakdownColumns: [String]

        init(_ record: ProjectRecord, on date: LocalDate) {
            project = record.project
            facilityName = record.facility.name
            facilityCategory = record.facility.category
            regionCode = record.facility.regionCode
            late = ProjectRules.isLate(record.project.facts, on: date)
            breakdownColumns = BreakdownColumn.allCases.filter(record.breakdownColumns.contains).map(\.rawValue)
        }

        enum ExtraKeys: String, CodingKey { case facilityName, facilityCategory, regionCode, late, breakdownColumns }

        func encode(to encoder: any Encoder) throws {
            try project.encode(to: encoder)
            var extra = encoder.container(keyedBy: ExtraKeys.self)
            try extra.encode(facilityName, forKey: .facilityName)
            try extra.encode(facilityCategory, forKey: .facilityCategory)
            try extra.encode(regionCode, forKey: .regionCode)
            try extra.encode(late, forKey: .late)
            try extra.encode(breakdownColumns, forKey: .breakdownColumns)
        }

        init(from decoder: any Decoder) throws {
            project = try FacilityProject(from: decoder)
            let extra = try decoder.container(keyedBy: ExtraKeys.self)
            facilityName = try extra.decode(String.self, forKey: .facilityName)
            facilityCategory = try extra.decode(FacilityCategory.self, forKey: .facilityCategory)
            regionCode = try extra.decode(String.self, forKey: .regionCode)
            late = try extra.decode(Bool.self, forKey: .late)
            breakdownColumns = try extra.decode([String].self, forKey: .breakdownColumns)
        }
    }

    struct Page: Content {
        var items: [Item]
        @NullEncoded var next: String?
        var total: Int
        /// Completed projects of the list per breakdown column (日间照料中心 …).
        var completed: [String: Int]
    }

    /// The list's filters from the request, each wrong one named at its parameter (422).
    static func filters(_ request: Request, _ platform: Platform) async throws -> ProjectQuery.Filters {
        var errors: [String: String] = [:]
        let value = request.queryText
        var filters = ProjectQuery.Filters()
        if let text = value("year") {
            switch NumberKind.year.parseInteger(text) {
            case let .success(value): filters.year = value
            case let .failure(problem): errors["year"] = problem.message("年度", text)
            }
        }
        filters.kind = value("kind").flatMap(ProjectKind.init(rawValue:))
        if let text = value("kind"), filters.kind == nil { errors["kind"] = "项目类型“\(text)”无效，应为 \(ProjectKind.allowedList) 之一" }
        filters.status = value("status").flatMap(ProjectStatus.init(rawValue:))
        if let text = value("status"), filters.status == nil { errors["status"] = "项目状态“\(text)”无效，应为 \(ProjectStatus.allowedList) 之一" }
        filters.category = value("category").flatMap(FacilityCategory.init(rawValue:))
        if let text = value("category"), filters.category == nil { errors["category"] = "类别“\(text)”无效，应为 \(FacilityCategory.allowedList) 之一" }
        filters.column = value("column").flatMap(BreakdownColumn.init(rawValue:))
        if let text = value("column"), filters.column == nil { errors["column"] = "分解表列“\(text.prefix(40))”无效，应为 \(BreakdownColumn.allowedList) 之一" }
        guard errors.isEmpty else { throw APIError.invalid("筛选条件有误", fields: errors) }
        filters.region = try await value("region").asyncMap { try await RegionsAPI.visibleRegion($0, request, platform) }
        filters.lateOnly = value("late") == "true"
        return filters
    }

    static func query(_ platform: Platform, user: CurrentUser) -> ProjectQuery {
        ProjectQuery(sql: platform.sql, user: user, today: platform.clock.today)
    }

    static func list(_ request: Request, _ platform: Platform) async throws -> Response {
        let user = try platform.user(of: request)
        let filters = try await filters(request, platform)
        let query = query(platform, user: user)
        let today = platform.clock.today
        if let format = try ExportFormat.requested(request) {
            return try format.response(sheet: ProjectExport.sheet(try await query.all(filters), on: today), name: "设施项目")
        }
        let page = try await query.page(filters, cursor: request.queryText("cursor"), limit: try PageRequest.limit(request), cursors: platform.pager().cursors)
        let totals = try await query.totals(filters)
        return try await Page(
            items: page.records.map { Item($0, on: today) }, next: page.next,
            total: totals.total, completed: totals.completed
        ).encodeResponse(for: request)
    }

    static func create(_ request: Request, _ platform: Platform) async throws -> Response {
        let user = try platform.user(of: request)
        let fields = try request.jsonObject()
        guard let facilityID = fields["facilityId"]?.text, !facilityID.isEmpty else {
            throw APIError.invalid("项目信息有误，未保存", fields: ["facilityId": "请指定设施"])
        }
        let facility = try await editableFacility(facilityID, request, platform, user: user)
        let now = Clock.timestamp()
        let draft = FacilityProject(id: UUID().uuidString.lowercased(), facilityId: facility.id, name: "", kind: .newBuild, upgradeKind: nil,
                                    year: platform.clock.today.year, status: .planned, investment: nil, fundingSource: nil,
                                    plannedCompletion: nil, actualCompletion: nil, createdAt: now, updatedAt: now)
        let project = try apply(fields, to: draft, isNew: true)
        try await platform.writer.write { sql in
            try await ProjectStore(sql: sql).insert(project)
            try await AuditLog.record(on: sql, actor: AuditActor(user.account, ip: request.clientIP), action: "project.create",
                                      entityType: "facility_project", entityID: project.id, after: auditJSONString(project))
        }
        let response = try await project.encodeResponse(for: request)
        response.status = .created
        return response
    }

    static func update(_ request: Request, _ platform: Platform) async throws -> FacilityProject {
        let user = try platform.user(of: request)
        let id = request.parameters.get("id") ?? ""
        let current = try request.resolved(FacilityProject.self)
        let facility = try await editableFacility(current.facilityId, request, platform, user: user, projectID: id)
        var project = try apply(try request.jsonObject(), to: current, isNew: false)
        project.facilityId = facility.id
        project.updatedAt = Clock.timestamp()
        let saved = project
        try await platform.writer.write { sql in
            try await ProjectStore(sql: sql).update(saved)
            try await AuditLog.record(on: sql, actor: AuditActor(user.account, ip: request.clientIP), action: "project.update",
                                      entityType: "facility_project", entityID: saved.id, before: auditJSONString(current), after: auditJSONString(saved))
        }
        return saved
    }

    /// The facility a project belongs to: visible to the caller (else 404) and supervised within
    /// their region (else 403).
    static func editableFacility(_ id: String, _ request: Request, _ platform: Platform, user: CurrentUser, projectID: String? = nil) async throws -> Facility {
        let store = platform.facilityStore()
        let visible = try await store.isVisible(id: id, to: user)
        let facility = try await store.find(id: id)?.facility
        guard visible, let facility else {
            if let projectID {
                throw try await platform.outOfScope(request, entityType: "facility_project", entityID: projectID, what: "项目")
            }
            if facility != nil { throw try await platform.outOfScope(request, entityType: "facility", entityID: id, what: "设施") }
            throw APIError.invalid("项目信息有误，未保存", fields: ["facilityId": "设施不存在"])
        }
        try await FacilitiesAPI.service(request, platform).requireEditor(FacilityRecord(facility: facility, functions: [], agreements: []))
        return facility
    }

    static func apply(_ fields: [String: InputValue], to project: FacilityProject, isNew: Bool) throws -> FacilityProject {
        var project = project
        var errors: [String: String] = [:]
        func choice<E: RawRepresentable & CaseIterable>(_ key: String, _ label: String) -> E?? where E.RawValue == String {
            guard let value = fields[key] else { return .none }
            if value.text.isEmpty { return .some(nil) }
            guard errors[key] == nil else { return .none }
            guard let parsed = E(rawValue: value.text) else {
                errors[key] = "\(label)“\(value.text.prefix(40))”无效，应为 \(E.allowedList) 之一"
                return .none
            }
            return .some(parsed)
        }
        func date(_ key: String, _ label: String) -> LocalDate?? {
            guard let value = fields[key] else { return .none }
            if value.text.isEmpty { return .some(nil) }
            guard errors[key] == nil else { return .none }
            guard let parsed = LocalDate(parsing: value.text) else {
                errors[key] = "\(label)“\(value.text.prefix(40))”无法识别，应为 YYYY-MM-DD"
                return .none
            }
            return .some(parsed)
        }
        let known: Set<String> = ["facilityId", "name", "kind", "upgradeKind", "year", "status", "investment", "fundingSource", "plannedCompletion", "actualCompletion"]
        for key in fields.keys where !known.contains(key) { errors[key] = "未知字段“\(key.prefix(40))”" }
        errors.merge(InputValue.typeProblems(fields, keys: fields.keys.filter { $0 != "year" && $0 != "investment" })) { $1 }
        if let name = fields["name"]?.text, errors["name"] == nil {
            if name.isEmpty { errors["name"] = "项目名称不能为空" }
            else if let problem = TextLimit.problem(name, limit: TextLimit.short) { errors["name"] = "项目名称" + problem }
            else { project.name = name }
        } else if isNew, errors["name"] == nil { errors["name"] = "项目名称不能为空" }
        if let kind: ProjectKind? = choice("kind", "项目类型") { if let kind { project.kind = kind } else { errors["kind"] = "项目类型不能为空" } }
        if let upgrade: UpgradeKind? = choice("upgradeKind", "改造内容") { project.upgradeKind = upgrade }
        if let status: ProjectStatus? = choice("status", "项目状态") { if let status { project.status = status } else { errors["status"] = "项目状态不能为空" } }
        if let source: FundingSource? = choice("fundingSource", "资金来源") { project.fundingSource = source }
        if let planned = date("plannedCompletion", "计划完成日期") { project.plannedCompletion = planned }
        if let actual = date("actualCompletion", "实际完成日期") { project.actualCompletion = actual }
        if let year = fields["year"] {
            switch year.text(as: .number).map(NumberKind.year.parseInteger) {
            case let .success(value)?: project.year = value
            case let .failure(problem)?: errors["year"] = problem.message("年度", year.text)
            case nil: errors["year"] = "年度应为数字"
            }
        }
        if let investment = fields["investment"] {
            switch investment.text(as: .number) {
            case nil: errors["investment"] = "投资额（元）应为数字"
            case ""?: project.investment = nil
            case let text?:
                switch NumberKind.money.parse(text) {
                case let .success(value): project.investment = Int64(value.rounded())
                case let .failure(problem): errors["investment"] = problem.message("投资额（元）", text)
                }
            }
        }
        for problem in ProjectRules.validate(project.facts) where errors[problem.field] == nil { errors[problem.field] = problem.message }
        guard errors.isEmpty else { throw APIError.invalid("项目信息有误，未保存", fields: errors) }
        return project
    }
}

enum ProjectExport {
    static let header = ["设施编码", "设施名称", "设施类别", "所在区划代码", "项目名称", "项目类型", "改造内容", "年度", "状态",
                         "投资额（元）", "资金来源", "计划完成日期", "实际完成日期", "是否逾期", "计入分解表"]

    static func sheet(_ records: [ProjectRecord], on date: LocalDate) -> Sheet {
        Sheet(name: "设施项目", header: header, rows: records.map { record in
            let project = record.project
            return [.text(record.facility.code), .text(record.facility.name), .text(record.facility.category.rawValue), .text(record.facility.regionCode),
                    .text(project.name), .text(project.kind.rawValue), .text(project.upgradeKind?.rawValue ?? ""), .integer(project.year),
                    .text(project.status.rawValue), project.investment.map { .integer(Int($0)) } ?? .empty, .text(project.fundingSource?.rawValue ?? ""),
                    .date(project.plannedCompletion), .date(project.actualCompletion),
                    .text(ProjectRules.isLate(project.facts, on: date) ? "是" : "否"),
                    .text(BreakdownColumn.allCases.filter(record.breakdownColumns.contains).map(\.rawValue).joined(separator: "、"))]
        })
    }
}
