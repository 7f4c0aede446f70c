import Foundation
import Testing
import YanglaoCore
@testable import YanglaoPlatform

/// Each capability is a target on the floor alone: it imports no other capability (nor the server
/// that assembles them), and it names no other capability's tables in SQL. What one needs of
/// another goes through the floor's `CapabilityInterfaces`, wired by the assembly.
@Suite struct CapabilityGraphTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")
    static let capabilities = ["YanglaoFacilities", "YanglaoElders", "YanglaoPlans"]

    static func files(of target: String) throws -> [(name: String, text: String)] {
        let root = sources.appendingPathComponent(target)
        let urls = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)).compactMap { $0 as? URL }
        return try urls.filter { $0.pathExtension == "swift" }.map { ($0.lastPathComponent, try String(contentsOf: $0, encoding: .utf8)) }
    }

    /// The tables a capability's migrations create.
    static func tables(of target: String) throws -> Set<String> {
        var found: Set<String> = []
        for file in try files(of: target) where file.text.contains("AsyncMigration") {
            for match in file.text.matches(of: /\.schema\("([a-z_0-9]+)"\)/) { found.insert(String(match.1)) }
        }
        return found
    }

    /// The route's declared access is the check (`RouteAccess`): a handler does not ask again, so
    /// what a route declares and what it checks cannot drift apart.
    @Test func handlersDoNotRepeatTheRoutesPermissionCheck() throws {
        var offences: [String] = []
        for target in Self.capabilities + ["YanglaoPlatform", "YanglaoServer"] {
            for file in try Self.files(of: target) where file.name != "RouteAccess.swift" && file.text.contains("platform.require(") {
                offences.append("\(target)/\(file.name)")
            }
        }
        #expect(offences.isEmpty, "handlers checking the permission again: \(offences)")
    }

    @Test func noCapabilityImportsAnother() throws {
        var offences: [String] = []
        for target in Self.capabilities {
            let others = Self.capabilities.filter { $0 != target } + ["YanglaoServer"]
            for file in try Self.files(of: target) {
                for other in others where file.text.contains("import \(other)\n") {
                    offences.append("\(target)/\(file.name) imports \(other)")
                }
            }
        }
        #expect(offences.isEmpty, "\(offences)")
    }

    @Test func noCapabilityReadsAnothersTables() throws {
        let tables = try Dictionary(uniqueKeysWithValues: Self.capabilities.map { ($0, try Self.tables(of: $0)) })
        #expect(tables["YanglaoFacilities"]?.contains("facilities") == true && tables["YanglaoElders"]?.contains("elders") == true
            && tables["YanglaoPlans"]?.contains("plans") == true, "each capability's tables are found: \(tables)")
        var offences: [String] = []
        for target in Self.capabilities {
            let foreign = tables.filter { $0.key != target }.values.reduce(Set<String>()) { $0.union($1) }
            for file in try Self.files(of: target) {
                for table in foreign {
                    let inSQL = try Regex("(FROM|JOIN|INTO|UPDATE) \(table)\\b")
                    if file.text.contains("\"\(table)\"") || file.text.contains(inSQL) {
                        offences.append("\(target)/\(file.name) names \(table)")
                    }
                }
            }
        }
        #expect(offences.isEmpty, "\(offences)")
    }
}

/// The indicator catalogue is put together from what each capability declares: every computed
/// indicator is answered by exactly one provider, and the reported ones no registry measures yet
/// stay the ledgers'.
@Suite struct IndicatorCatalogueAssemblyTests {
    @Test func everyComputedIndicatorHasOneProviderAndReportedOnesStay() async throws {
        try await withTestApp(.sqlite) { _, platform in
            let interfaces = platform.interfaces
            #expect(interfaces.indicators.count == 2, "facilities and elders measure indicators")
            for definition in interfaces.catalogue.all {
                guard case let .computed(formula, _) = definition.measure else { continue }
                let answering = interfaces.indicators.filter { $0.measures(formula) }
                #expect(answering.count == 1, "\(definition.code): \(answering.count) providers")
            }
            let declared = interfaces.indicators.flatMap(\.definitions).map(\.code)
            #expect(Set(interfaces.catalogue.all.map(\.code)) == Set(declared + IndicatorCatalogue.reported.map(\.code)))
            #expect(interfaces.catalogue.named("hardship_unable_in_care")?.name == "生活不能自理特困人员集中供养率", "the register's own declaration")
            #expect(interfaces.catalogue.named("workers_trained")?.measure == .reported, "no registry counts training yet")
        }
    }
}
