import Vapor
import YanglaoCore

/// DESIGN.md's one tree-shaped answer: `{"code","name","level","kind","children":[…]}`.
package struct RegionNode: Content, Equatable {
    package var code: String
    package var name: String
    /// 省/市/县/乡/村, the labels of the import format.
    package var level: String
    package var kind: String?
    package var effectiveFrom: String?
    package var effectiveTo: String?
    package var mergedInto: String?
    package var children: [RegionNode]

    package init(_ region: StoredRegion, children: [RegionNode] = []) {
        code = region.code
        name = region.name
        level = region.level.label
        kind = region.kind
        effectiveFrom = region.effectiveFrom
        effectiveTo = region.effectiveTo
        mergedInto = region.mergedInto
        self.children = children
    }
}

package enum RegionTree {
    /// Nests a subtree fetched in one query. `regions` must contain the root; units not effective on
    /// `date` are left out (with their descendants) unless `date` is nil.
    package static func build(root: StoredRegion, regions: [StoredRegion], effectiveOn date: LocalDate?) -> RegionNode {
        let byParent = Dictionary(grouping: regions.filter { $0.code != root.code }, by: { $0.parentCode ?? "" })
        func node(_ region: StoredRegion) -> RegionNode {
            let children = (byParent[region.code] ?? [])
                .filter { date == nil || $0.entry.isEffective(on: date!) }
                .map(node)
            return RegionNode(region, children: children)
        }
        return node(root)
    }
}
