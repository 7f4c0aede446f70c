import Vapor
import YanglaoCore

/// DESIGN.md's one tree-shaped answer: `{"code","name","level","kind","children":[…]}`.
struct RegionNode: Content, Equatable {
    var code: String
    var name: String
    /// 省/市/县/乡/村, the labels of the import format.
    var level: String
    var kind: String?
    var effectiveFrom: String?
    var effectiveTo: String?
    var mergedInto: String?
    var children: [RegionNode]

    init(_ region: StoredRegion, children: [RegionNode] = []) {
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

enum RegionTree {
    /// Nests a subtree fetched in one query. `regions` must contain the root; units not effective on
    /// `date` are left out (with their descendants) unless `date` is nil.
    static func build(root: StoredRegion, regions: [StoredRegion], effectiveOn date: LocalDate?) -> RegionNode {
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
