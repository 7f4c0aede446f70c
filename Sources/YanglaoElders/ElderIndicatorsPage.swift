import Foundation
import Plot
import Vapor
import YanglaoCore
import YanglaoPlatform

/// 供养指标: for a region and a date, the two centralised-support rates of the seeds with who is
/// missing from each, the rates town by town, and the persons by category, level and support mode,
/// each figure a link to the persons it counts.
enum ElderIndicatorsPage {
    static func register(on pages: any RoutesBuilder, platform: Platform) {
        pages.get(ElderURL.indicators, access: .may(.readElders)) { try await show($0, platform) }
    }

    /// The region asked for (in scope, else 404 audited) or the working region, and the date.
    static func place(_ request: Request, _ platform: Platform, caller: Caller) async throws -> (StoredRegion, LocalDate) {
        let code = request.queryText("region") ?? request.workingRegion ?? caller.user.scope.rootCode ?? ""
        guard let region = try await RegionStore(sql: platform.sql).find(code), caller.user.scope.contains(region) else {
            try await platform.audit(caller.actor, action: "access.out_of_scope", entityType: "region", entityID: String(code.prefix(64)), outcome: "not_found")
            throw APIError.notFound("区划")
        }
        var date = platform.clock.today
        if let text = request.queryText("date") {
            guard let parsed = LocalDate(parsing: text), parsed <= date else {
                throw APIError.invalid("日期有误", fields: ["date": "日期“\(text.prefix(20))”无法识别或晚于今天，应为 YYYY-MM-DD"])
            }
            date = parsed
        }
        return (region, date)
    }

    static func show(_ request: Request, _ platform: Platform) async throws -> Response {
        let caller = try platform.caller(request)
        let (region, date) = try await place(request, platform, caller: caller)
        let figures = try await ElderIndicatorQuery(platform: platform, caller: caller).figures(region: region, on: date)
        let context = try await PageContext.make(request, platform, currentRegion: region.code)
        let shown = (figures.unableInCare.leftOut.prefix(shownLimit) + figures.willingInCare.leftOut.prefix(shownLimit)).map(\.regionCode)
        let names = try await RegionStore(sql: platform.sql).names(of: Set(shown))
        let list = { (filters: [String: String]) -> String in
            var query = ["region": region.code, "status": "current"]
            query.merge(filters) { $1 }
            return ElderURL.elders.with(query.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        }
        let content: Node<HTML.BodyContext> = .group(
            .form(.class("filters"), .action(escaping: ElderURL.indicators.path), .method(.get),
                  Components.select("区划", name: "region", options: context.regions.map { ($0.code, String(repeating: "　", count: $0.depth) + $0.name) },
                                    selected: region.code),
                  Components.field("日期", name: "date", value: date.description, type: .date),
                  .button(.type(.submit), .text("查看"))),
            .p(.class("list-heading"), .text("\(region.name) · 特困人员集中供养 · \(date)")),
            .div(.class("figures"),
                 rateFigure("生活不能自理特困人员集中供养率", figures.unableInCare.rate, target: "≥ 60%"),
                 rateFigure("有集中供养意愿的特困老年人集中供养率", figures.willingInCare.rate, target: "100%")),
            .p(.class("muted"), .text("生活不能自理：特困人员生活自理能力认定为\(platform.unableSelfCare.map(\.rawValue).sorted().joined(separator: "或"))（按本地设置）。死亡或迁出者自该日起不计。")),
            leftOutSection("未集中供养的生活不能自理特困人员", figures.unableInCare.leftOut, date: date, names: names),
            leftOutSection("有集中供养意愿、尚在等待的特困老年人", figures.willingInCare.leftOut, date: date, names: names),
            .if(!figures.byChild.isEmpty, .section(.class("card"), .h2(.text("分区划")), Components.table(
                ["区划", "生活不能自理特困人员", "其中集中供养", "集中供养率", "有意愿的特困老年人", "其中已集中供养", "集中供养率"], figures.byChild.map { row in
                    [.a(.href(escaping: ElderURL.indicators.with(["region": row.region.code, "date": date.description])), .text(row.region.code == region.code ? "\(row.region.name)本级" : row.region.name)),
                     .span(.class("num"), .text("\(row.unable.of)")), .span(.class("num"), .text("\(row.unable.counted)")), .span(.class("num"), .text(percent(row.unable.value))),
                     .span(.class("num"), .text("\(row.willing.of)")), .span(.class("num"), .text("\(row.willing.counted)")), .span(.class("num"), .text(percent(row.willing.value)))]
                }))),
            .section(.class("card"), .h2(.text("在册老年人 \(figures.counted) 人")), .div(.class("figures"),
                .forEach(figures.byCategory) { category, count in link(category.rawValue, count, list(["category": category.rawValue])) })),
            .section(.class("card"), .h2(.text("按能力等级")), .div(.class("figures"),
                .forEach(figures.byLevel) { level, count in
                    link(level.map { "\($0.rawValue) \($0.name)" } ?? "未评估", count, list(["level": level.map { "\($0.rawValue)" } ?? "none"]))
                },
                link("复评已逾期", figures.overdue, list(["due": "overdue"])))),
            .section(.class("card"), .h2(.text("按供养方式")), .div(.class("figures"),
                .forEach(figures.bySupportMode) { mode, count in
                    mode.map { link($0.rawValue, count, list(["supportMode": $0.rawValue])) } ?? Components.figure("未填供养方式", "\(count)")
                }))
        )
        return Layout.response(Layout.document(title: "供养指标", context: context, content))
    }

    static func percent(_ value: Double?) -> String { value.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }

    static func rateFigure(_ label: String, _ rate: CountedRate, target: String) -> Node<HTML.BodyContext> {
        .div(.class("figure"), .span(.class("value"), .text(percent(rate.value))),
             .span(.class("label"), .text("\(label)（\(rate.counted)/\(rate.of)，目标 \(target)）")))
    }

    static func link(_ label: String, _ count: Int, _ href: String) -> Node<HTML.BodyContext> {
        .a(.class("figure"), .href(escaping: href), .span(.class("value"), .text("\(count)")), .span(.class("label"), .text(label)))
    }

    static let shownLimit = 200

    static func leftOutSection(_ title: String, _ persons: [ElderIndicatorQuery.Person], date: LocalDate, names: [String: String]) -> Node<HTML.BodyContext> {
        .section(.class("card"), .h2(.text("\(title)（\(persons.count) 人）")), Components.table(
            ["姓名", "年龄", "居住区划", "自理能力", "供养方式", "集中供养意愿"], persons.prefix(shownLimit).map { person in
                [.a(.href(escaping: ElderURL.elder(person.id).path), .text(person.name)), .span(.class("num"), .text("\(person.facts.age(on: date))")),
                 .text(names[person.regionCode] ?? person.regionCode), .text(person.facts.selfCare?.rawValue ?? "—"), .text(person.facts.supportMode?.rawValue ?? "—"),
                 .text(person.facts.willingForCentralised.map { $0 ? "有" : "无" } ?? "未登记")]
            }, empty: "没有"),
            .if(persons.count > shownLimit, .p(.class("muted"), .text("仅列出前 \(shownLimit) 人；请选择下级区划查看其余人员，或使用 API 获取完整名单。"))))
    }
}

/// `GET /api/v1/elders/indicators?region=CODE&date=YYYY-MM-DD`.
enum ElderIndicatorsAPI {
    static func indicators(_ request: Request, _ platform: Platform) async throws -> Response {
        let caller = try platform.caller(request)
        let (region, date) = try await ElderIndicatorsPage.place(request, platform, caller: caller)
        // `parts=rates` leaves out the counts by category, level and mode (a scan of every person of the region).
        let parts = Set((request.queryText("parts") ?? "rates,counts").split(separator: ",").map(String.init))
        guard !parts.isEmpty, parts.isSubset(of: ["rates", "counts"]) else {
            throw APIError.invalid("parts 无效", fields: ["parts": "应为 rates、counts 或 rates,counts"])
        }
        let figures = try await ElderIndicatorQuery(platform: platform, caller: caller).figures(region: region, on: date, counts: parts.contains("counts"))
        func rate(_ rate: ElderIndicatorQuery.Rate, listKey: String) -> JSONValue {
            .object(["counted": .number(rate.rate.counted), "of": .number(rate.rate.of), "rate": rate.rate.value.map(JSONValue.double) ?? .null,
                     listKey: .array(rate.leftOut.map { ["id": .string($0.id), "name": .string($0.name), "regionCode": .string($0.regionCode)] })])
        }
        var categories: [String: JSONValue] = [:]
        for (category, count) in figures.byCategory { categories[category.rawValue] = .number(count) }
        var levels: [String: JSONValue] = [:]
        for (level, count) in figures.byLevel { levels[level.map { "\($0.rawValue)" } ?? "none"] = .number(count) }
        var modes: [String: JSONValue] = [:]
        for (mode, count) in figures.bySupportMode { modes[mode?.rawValue ?? "none"] = .number(count) }
        var answer: [String: JSONValue] = [
            "regionCode": .string(region.code), "date": .string(date.description),
            "unableSpecialHardshipInCare": rate(figures.unableInCare, listKey: "notInCare"),
            "willingSpecialHardshipInCare": rate(figures.willingInCare, listKey: "waiting"),
        ]
        if parts.contains("counts") {
            answer["counted"] = .number(figures.counted)
            answer["byCategory"] = .object(categories)
            answer["byLevel"] = .object(levels)
            answer["bySupportMode"] = .object(modes)
            answer["reassessment"] = ["overdue": .number(figures.overdue), "never": .number(figures.neverAssessed)]
        }
        return JSONValue.object(answer).response()
    }
}
