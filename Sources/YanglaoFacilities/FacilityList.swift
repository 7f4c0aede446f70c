import YanglaoPlatform
import Foundation
import SQLKit
import Vapor
import YanglaoCore

/// The facilities list declared once: who sees which rows, the filters (with their SQL, form
/// control, OpenAPI parameter and words for headings) and the orders. The API, the pages and the
/// exports all read it through `FacilityService.list`.
enum FacilityList {
    static let listing = RegistryListing(
        table: "facilities",
        visible: { caller in FacilityStore.visibleFilter(caller.user) },
        filters: [
            .region("region", "所在区划", column: "region_code"),
            .region("supervisingRegionCode", "主管部门", column: "supervising_region_code", subtree: false, scopeColumn: false),
            .oneOf("category", "类别", column: "category", FacilityCategory.self),
            RegistryFilter(
                name: "function", label: "功能", control: .choice(FacilityFunction.allCases.map { ($0.rawValue, $0.rawValue) }), help: "功能",
                resolve: { value, _, _ in
                    guard FacilityFunction(rawValue: value) != nil else {
                        return .failure(FieldError("功能“\(value.prefix(40))”无效，应为 \(FacilityFunction.allowedList) 之一"))
                    }
                    return .success(.init(predicate: SQLQueryString("id IN (SELECT facility_id FROM facility_functions WHERE function = \(bind: value))"),
                                          description: "功能：\(value)"))
                }),
            .oneOf("status", "状态", column: "status", FacilityStatus.self),
            .oneOf("operationMode", "运营方式", column: "operation_mode", OperationMode.self),
            RegistryFilter(
                name: "problem", label: "问题", control: .choice([("any", "存在任一问题")] + FacilityRules.Problem.allCases.map { ($0.rawValue, $0.label) }),
                help: "问题：any（存在任一问题）或问题代码", resolve: { value, _, _ in
                    if value == "any" { return .success(.init(predicate: SQLQueryString("problem_count > 0"), description: "存在问题")) }
                    guard let problem = FacilityRules.Problem(rawValue: value) else { return .failure(FieldError("问题类型“\(value.prefix(40))”无效")) }
                    return .success(.init(
                        predicate: SQLQueryString("id IN (SELECT facility_id FROM facility_problems WHERE problem = \(bind: problem.rawValue))"),
                        description: problem.label))
                }),
            .search("q", "名称或编码", nameColumn: "name", codeColumn: "code"),
        ],
        sorts: [
            RegistrySort(name: "region", label: "按区划", keys: [RegistrySort.ascending("region_code"), RegistrySort.ascending("name")]),
            RegistrySort(name: "name", label: "按名称", keys: [RegistrySort.ascending("name")]),
            RegistrySort(name: "beds", label: "按床位（多到少）", keys: [RegistrySort.descending("beds")]),
            RegistrySort(name: "nursingBeds", label: "按护理型床位（多到少）", keys: [RegistrySort.descending("nursing_beds")]),
            RegistrySort(name: "problems", label: "按问题数（多到少）", keys: [RegistrySort.descending("problem_count")]),
        ],
        regionScoped: { $0.user.account.role != .institutionOperator }
    )

    /// The figures over the whole filtered list, as SQL aggregates.
    struct Summary: Content, Equatable {
        var facilities: Int
        var beds: Int
        var nursingBeds: Int
        /// 护理型床位占比, 0…1; null without beds.
        var nursingBedRatio: Double?
        var occupiedBeds: Int
        var withProblems: Int
    }

    /// PostgreSQL sums BIGINT columns as NUMERIC: each sum is cast back to a whole number.
    static let aggregates = [
        "beds": "CAST(COALESCE(SUM(beds), 0) AS BIGINT)", "nursing_beds": "CAST(COALESCE(SUM(nursing_beds), 0) AS BIGINT)",
        "occupied_beds": "CAST(COALESCE(SUM(occupied_beds), 0) AS BIGINT)",
        "with_problems": "CAST(COALESCE(SUM(CASE WHEN problem_count > 0 THEN 1 ELSE 0 END), 0) AS BIGINT)",
    ]

    static func summary(_ row: any SQLRow) throws -> Summary {
        // Sums are of counts bounded at 10⁷ a facility: they fit in Int64 for any number of rows a city holds.
        let beds = try row.decode(column: "beds", as: Int.self), nursing = try row.decode(column: "nursing_beds", as: Int.self)
        return Summary(
            facilities: try row.decode(column: "total", as: Int.self), beds: beds, nursingBeds: nursing,
            nursingBedRatio: FacilityRules.nursingBedRatio(beds: beds, nursingBeds: nursing),
            occupiedBeds: try row.decode(column: "occupied_beds", as: Int.self), withProblems: try row.decode(column: "with_problems", as: Int.self)
        )
    }
}
