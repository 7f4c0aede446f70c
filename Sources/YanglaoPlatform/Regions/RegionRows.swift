import YanglaoCore

/// The rows of a region's table: the units directly below it (those in effect on the date, in a
/// given order or by code) and the region's own row ("镇本级": records located at the region itself,
/// like a town's 敬老院, which sits in no village), so that the rows always add up to the region's total.
package struct RegionRows: Sendable {
    package let region: StoredRegion
    package let children: [StoredRegion]
    /// Each unit of the subtree to the code of its row (a child's code, or the region's own).
    private let rowOf: [String: String]

    package init(region: StoredRegion, subtree: [StoredRegion], on date: LocalDate, order: [String] = []) {
        self.region = region
        let position = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        children = subtree.filter { $0.parentCode == region.code && $0.entry.isEffective(on: date) }
            .sorted { (position[$0.code] ?? Int.max, $0.code) < (position[$1.code] ?? Int.max, $1.code) }
        var rowOf: [String: String] = [region.code: region.code]
        let childCodes = Set(children.map(\.code))
        for unit in subtree where unit.code != region.code {
            // A unit belongs to the child among its ancestors (or is that child); one no longer in
            // effect, with no such ancestor, is counted on the region's own row.
            let ancestor = ([unit.code] + unit.ancestorCodes.reversed()).first(where: childCodes.contains)
            rowOf[unit.code] = ancestor ?? region.code
        }
        self.rowOf = rowOf
    }

    /// Loads the subtree of a region and builds its rows.
    package static func of(_ region: StoredRegion, on date: LocalDate, order: [String] = [], store: RegionStore) async throws -> RegionRows {
        RegionRows(region: region, subtree: try await store.subtree(of: region), on: date, order: order)
    }

    /// The row a record located at `code` counts in; nil outside the region.
    package func row(of code: String) -> String? { rowOf[code] }

    /// The label of the region's own row: 镇本级, 县本级, 市本级.
    package var ownRowLabel: String {
        switch region.level {
        case .town: region.kind == "街道" ? "街道本级" : "镇本级"
        case .county: region.kind == "旗" ? "旗本级" : region.kind == "区" ? "区本级" : region.kind == "县级市" ? "市本级" : "县本级"
        case .prefecture: "市本级"
        case .province: "省本级"
        case .village: "本级"
        }
    }
}
