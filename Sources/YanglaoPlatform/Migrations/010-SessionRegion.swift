import FluentKit
import SQLKit

/// The region a signed-in user works in (chosen with the region switcher) is kept with the session,
/// so that every page and list shows that region until it is changed.
///
/// Frozen: shipped migrations never change; a change of schema is a new migration with the next number.
package struct Migration010SessionRegion: AsyncMigration {
    package let name = "010-session-region"

    package func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).alter(table: "sessions").column("current_region", type: .text).run()
    }

    package func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).alter(table: "sessions").dropColumn("current_region").run()
    }
}
