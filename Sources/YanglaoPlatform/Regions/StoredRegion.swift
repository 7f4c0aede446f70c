import YanglaoCore
import SQLKit

/// A row of the `regions` table as SQLKit decodes it (snake_case columns).
package struct StoredRegion: Codable, Sendable, Equatable {
    package var code: String
    package var name: String
    package var level: RegionLevel
    package var kind: String?
    package var parentCode: String?
    package var effectiveFrom: String?
    package var effectiveTo: String?
    package var mergedInto: String?
    package var provinceCode: String?
    package var prefectureCode: String?
    package var countyCode: String?
    package var townCode: String?
    package var villageCode: String?

    package static let columns = [
        "code", "name", "level", "kind", "parent_code", "effective_from", "effective_to", "merged_into",
        "province_code", "prefecture_code", "county_code", "town_code", "village_code",
    ]

    package static func ancestorColumn(_ level: RegionLevel) -> String { "\(level.rawValue)_code" }

    package init(_ entry: RegionEntry, ancestry: [RegionLevel: String]) {
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

    package var entry: RegionEntry {
        RegionEntry(
            code: code, name: name, level: level, kind: kind, parentCode: parentCode,
            effectiveFrom: effectiveFrom.flatMap(LocalDate.init(parsing:)),
            effectiveTo: effectiveTo.flatMap(LocalDate.init(parsing:)), mergedInto: mergedInto
        )
    }

    package func ancestorCode(at level: RegionLevel) -> String? {
        switch level {
        case .province: provinceCode
        case .prefecture: prefectureCode
        case .county: countyCode
        case .town: townCode
        case .village: villageCode
        }
    }

    /// The ancestors from the top down, without the unit itself.
    package var ancestorCodes: [String] {
        RegionLevel.allCases.filter { $0 < level }.compactMap { ancestorCode(at: $0) }
    }

    /// Cells in the order of `columns`, for batched inserts.
    package var values: [any SQLExpression & Sendable] {
        [code, name, level.rawValue, kind, parentCode, effectiveFrom, effectiveTo, mergedInto,
         provinceCode, prefectureCode, countyCode, townCode, villageCode].map { SQLBind($0) }
    }
}

extension StoredRegion {
    /// The lowest region holding both this region and `other` (nil when they share none).
    package func lowestCommonRegion(with other: StoredRegion) -> String? {
        let ours = [villageCode, townCode, countyCode, prefectureCode, provinceCode]
        let theirs = [other.villageCode, other.townCode, other.countyCode, other.prefectureCode, other.provinceCode]
        return zip(ours, theirs).first { $0 != nil && $0 == $1 }?.0 ?? nil
    }
}
