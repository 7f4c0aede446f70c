import Foundation
import SQLKit
import Vapor
import YanglaoCore

/// A filtered view of the facilities a caller may see, shared by the API, the pages and the
/// exports: the same URL parameters give the same rows everywhere.
struct FacilityQuery: Sendable {
    var filters = FacilityStore.Filters()
    /// A rule's identifier, or "any" for facilities that break at least one.
    var problem: String?
    var date: LocalDate
    var sort: Sort = .region

    /// The orders a list may be read in.
    enum Sort: String, CaseIterable {
        case region, name, beds, nursingBeds, problems

        var label: String {
            switch self {
            case .region: "按区划"
            case .name: "按名称"
            case .beds: "按床位（多到少）"
            case .nursingBeds: "按护理型床位（多到少）"
            case .problems: "按问题数（多到少）"
            }
        }
    }

    struct Summary: Content, Equatable {
        var facilities: Int
        var beds: Int
        var nursingBeds: Int
        /// 护理型床位占比, 0…1; null without beds.
        var nursingBedRatio: Double?
        var occupiedBeds: Int
        var withProblems: Int
    }

    /// Reads the filters from the query string; a wrong value is a 422 naming the parameter.
    static func from(_ request: Request, platform: Platform) async throws -> FacilityQuery {
        var query = FacilityQuery(date: platform.clock.today)
        var errors: [String: String] = [:]
        func value(_ name: String) -> String? {
            guard let text = request.query[String.self, at: name]?.trimmingWhitespace(), !text.isEmpty else { return nil }
            return text
        }
        func choice<E: RawRepresentable & CaseIterable>(_ name: String, _ label: String) -> E? where E.RawValue == String {
            guard let text = value(name) else { return nil }
            guard let parsed = E(rawValue: text) else {
                errors[name] = "\(label)“\(text)”无效，应为 \(E.allowedList) 之一"
                return nil
            }
            return parsed
        }
        query.filters.category = choice("category", "类别")
        query.filters.function = choice("function", "功能")
        query.filters.status = choice("status", "状态")
        query.filters.operationMode = choice("operationMode", "运营方式")
        query.filters.supervisingRegionCode = value("supervisingRegionCode")
        query.filters.search = value("q")
        if let problem = value("problem") {
            if problem == "any" || FacilityRules.Problem(rawValue: problem) != nil { query.problem = problem } else {
                errors["problem"] = "问题类型“\(problem)”无效"
            }
        }
        if let text = value("sort") {
            if let sort = Sort(rawValue: text) { query.sort = sort } else { errors["sort"] = "排序“\(text)”无效，应为 \(Sort.allCases.map(\.rawValue).joined(separator: "、")) 之一" }
        }
        if let code = value("region") {
            query.filters.region = try await RegionsAPI.visibleRegion(code, request, platform)
        }
        guard errors.isEmpty else { throw APIError.invalid("筛选条件有误", fields: errors) }
        return query
    }

    func run(for user: CurrentUser, platform: Platform) async throws -> [FacilityRecord] {
        let store = platform.facilityStore()
        var records = try await store.records(try await store.list(for: user, filters))
        if let problem {
            records = records.filter { record in
                let found = record.problems(on: date)
                return problem == "any" ? !found.isEmpty : found.contains { $0.rawValue == problem }
            }
        }
        return sorted(records)
    }

    /// The stored order is by region and name; the others are stable re-orderings of it.
    func sorted(_ records: [FacilityRecord]) -> [FacilityRecord] {
        let date = self.date
        let key: (FacilityRecord) -> (Int, String) = switch sort {
        case .region: { _ in (0, "") }
        case .name: { (0, $0.facility.name) }
        case .beds: { (-$0.facility.beds, "") }
        case .nursingBeds: { (-$0.facility.nursingBeds, "") }
        case .problems: { (-$0.problems(on: date).count, "") }
        }
        return records.enumerated().sorted { left, right in
            let (a, b) = (key(left.element), key(right.element))
            return (a.0, a.1, left.offset) < (b.0, b.1, right.offset)
        }.map(\.element)
    }

    func summary(_ records: [FacilityRecord]) -> Summary {
        let beds = records.saturatingSum(\.facility.beds)
        let nursing = records.saturatingSum(\.facility.nursingBeds)
        return Summary(
            facilities: records.count, beds: beds, nursingBeds: nursing,
            nursingBedRatio: FacilityRules.nursingBedRatio(beds: beds, nursingBeds: nursing),
            occupiedBeds: records.saturatingSum(\.facility.occupiedBeds),
            withProblems: records.filter { !$0.problems(on: date).isEmpty }.count
        )
    }
}

/// Region names for a page of records, in one query.
func regionNames(_ codes: some Sequence<String>, platform: Platform) async throws -> [String: String] {
    let unique = Array(Set(codes))
    var names: [String: String] = [:]
    for batch in unique.chunked(into: 500) {
        for region in try await RegionStore(sql: platform.sql).find(codes: Array(batch)) { names[region.code] = region.name }
    }
    return names
}
