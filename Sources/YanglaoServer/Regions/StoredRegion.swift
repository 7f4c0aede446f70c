import YanglaoCore
import SQLKit

/// A row of the `regions` table as SQLKit decodes it (snake_case columns).
struct StoredRegion: Codable, Sendable, Equatable {
    var code: String
    var name: String
    var level: RegionLevel
    var kind: String?
    var parentCode: String?
    var effectiveFrom: String?
    var effectiveTo: String?
    var mergedInto: String?
    var provinceCode: String?
    var prefectureCode: String?
    var countyCode: String?
    var townCode: String?
    var villageCode: String?

    static let columns = [
        "code", "name", "level", "kind", "parent_code", "effective_from", "effective_to", "merged_into",
        "province_code", "prefecture_code", "county_code", "town_code", "village_code",
    ]

    static func ancestorColumn(_ level: RegionLevel) -> String { "\(level.rawValue)_code" }

    init(_ entry: RegionEntry, ancestry: [RegionLevel: String]) {
        code = entry.code
        name = entry.name
        level = entry.level
        kind = entry.kind
        parentCode = entry.parentCode
        effectiveFrom = entry.effectiveFrom?.description
        effectiveTo = entry.effectiveTo?.description
        mergedInto = entry.mergedInto
        provinceCode = ancestry[.province]
        prefectureCode = ancestry[.prefecture]
        countyCode = ancestry[.county]
        townCode = ancestry[.town]
        villageCode = ancestry[.village]
    }

    var entry: RegionEntry {
        RegionEntry(
            code: code, name: name, level: level, kind: kind, parentCode: parentCode,
            effectiveFrom: effectiveFrom.flatMap(LocalDate.init(parsing:)),
            effectiveTo: effectiveTo.flatMap(LocalDate.init(parsing:)), mergedInto: mergedInto
        )
    }

    func ancestorCode(at level: RegionLevel) -> String? {
        switch level {
        case .province: provinceCode
        case .prefecture: prefectureCode
        case .county: countyCode
        case .town: townCode
        case .village: villageCode
        }
    }

    /// The ancestors from the top down, without the unit itself.
    var ancestorCodes: [String] {
        RegionLevel.allCases.filter { $0 < level }.compactMap { ancestorCode(at: $0) }
    }

    /// Cells in the order of `columns`, for batched inserts.
    var values: [any SQLExpression & Sendable] {
        [code, name, level.rawValue, kind, parentCode, effectiveFrom, effectiveTo, mergedInto,
         provinceCode, prefectureCode, countyCode, townCode, villageCode].map { SQLBind($0) }
    }
}
