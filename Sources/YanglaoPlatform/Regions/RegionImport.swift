import Spreadsheet
import SQLKit
import YanglaoCore

/// Region lists through the shared import flow. Rows are matched on their code; a commit writes only
/// the new and changed units, plus any stored unit whose ancestor columns the file changes (a town
/// moved to another county takes its villages along).
package struct RegionImport: TableImport {
    /// Every row must lie inside the importer's scope (a town admin imports its villages), and the
    /// importer's own region cannot be changed by the import.
    package let scope: AccessScope
    package init(scope: AccessScope) {
        self.scope = scope
    }

    package struct Changes: Sendable {
        package var rows: [StoredRegion]
        package var previous: [StoredRegion]
    }

    package var auditEntityType: String { "region" }

    package func auditValues(_ changes: Changes) -> (before: String?, after: String?) {
        (changes.previous.isEmpty ? nil : auditJSONString(changes.previous), auditJSONString(changes.rows))
    }

    package var requiredColumns: [String] { RegionRow.requiredColumns }
    package var optionalColumns: [String] { RegionRow.optionalColumns }

    package func plan(_ table: Table, on db: any SQLDatabase) async throws -> ImportPlan<Changes> {
        var problems: [RowProblem] = []
        var incoming: [RegionTreeCheck.NumberedEntry] = []
        let stored = try await RegionStore(sql: db).all()
        let storedByCode = Dictionary(stored.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        for row in table.rows {
            switch RegionRow.parse(table.fields(of: row)) {
            case let .valid(entry):
                let kept = storedByCode[entry.code].map { keepingAbsentColumns(of: entry, from: $0.entry, header: table.header) }
                incoming.append(.init(row: row.number, entry: kept ?? entry))
            case let .invalid(fieldProblems):
                problems += fieldProblems.map { RowProblem(row: row.number, field: $0.field, message: $0.message) }
            }
        }

        problems += RegionTreeCheck.problems(incoming: incoming, stored: storedByCode.mapValues(\.entry))
        problems.sort { ($0.row, $0.field ?? "") < ($1.row, $1.field ?? "") }

        var merged = storedByCode.mapValues(\.entry)
        for item in incoming { merged[item.entry.code] = item.entry }
        let ancestry = RegionAncestry.compute(merged)
        // Where a row sits is only known once its own problems are solved: check the scope of the others.
        let faulty = Set(problems.map(\.row))
        problems += outOfScope(incoming.filter { !faulty.contains($0.row) }, stored: storedByCode, ancestry: ancestry)
        problems.sort { ($0.row, $0.field ?? "") < ($1.row, $1.field ?? "") }

        var changes: [StoredRegion] = []
        var created = 0, updated = 0, unchanged = 0
        var seen = Set<String>()
        for item in incoming where seen.insert(item.entry.code).inserted {
            let row = StoredRegion(item.entry, ancestry: ancestry[item.entry.code] ?? [:])
            switch storedByCode[row.code] {
            case nil: created += 1; changes.append(row)
            case row?: unchanged += 1
            default: updated += 1; changes.append(row)
            }
        }
        for old in stored where !seen.contains(old.code) {
            let refreshed = StoredRegion(old.entry, ancestry: ancestry[old.code] ?? [:])
            if refreshed != old { changes.append(refreshed) }
        }
        let previous = changes.compactMap { storedByCode[$0.code] }
        return ImportPlan(
            rows: table.rows.count, problems: problems,
            created: created, updated: updated, unchanged: unchanged, changes: Changes(rows: changes, previous: previous)
        )
    }

    /// An optional column the file does not have leaves the stored value alone; an empty cell in a
    /// column it has clears it.
    private func keepingAbsentColumns(of entry: RegionEntry, from old: RegionEntry, header: [String]) -> RegionEntry {
        var entry = entry
        if !header.contains(RegionRow.kind) { entry.kind = old.kind }
        if !header.contains(RegionRow.effectiveFrom) { entry.effectiveFrom = old.effectiveFrom }
        if !header.contains(RegionRow.effectiveTo) { entry.effectiveTo = old.effectiveTo }
        if !header.contains(RegionRow.mergedInto) { entry.mergedInto = old.mergedInto }
        return entry
    }

    package func commit(_ changes: Changes, on db: any SQLDatabase) async throws {
        try await RegionStore(sql: db).upsert(changes.rows)
    }

    private func outOfScope(
        _ incoming: [RegionTreeCheck.NumberedEntry], stored: [String: StoredRegion], ancestry: [String: [RegionLevel: String]]
    ) -> [RowProblem] {
        guard scope != .unrestricted else { return [] }
        return incoming.compactMap { item in
            let code = item.entry.code
            if code == scope.rootCode {
                // The importer's own region may be listed (an exported file holds it) but not changed.
                let unchanged = stored[code] == StoredRegion(item.entry, ancestry: ancestry[code] ?? [:])
                return unchanged ? nil : RowProblem(row: item.row, field: RegionRow.code, message: "不能通过导入修改您本级的区划 \(code)（\(item.entry.name)），请联系上级管理员")
            }
            let placedInside = scope.contains { ancestry[code]?[$0] }
            let wasInside = stored[code].map(scope.contains) ?? true
            guard !placedInside || !wasInside else { return nil }
            return RowProblem(row: item.row, field: RegionRow.code, message: "区划 \(code)（\(item.entry.name)）不在您可维护的范围内（仅限本辖区以下的区划）")
        }
    }
}
