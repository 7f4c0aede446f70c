import FluentKit
import SQLKit
import YanglaoPlatform

/// The ID number's mask keeps only the address code (`Masking.residentID`): masks stored before
/// showed the sequence and check character, which beside the birth date gave the number back.
/// The address code is the stored mask's first six characters, so no sealed value is opened.
///
/// Frozen: shipped migrations never change; a change of schema is a new migration with the next number.
struct Migration016ShorterIDMasks: AsyncMigration {
    let name = "016-shorter-id-masks"

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("""
            UPDATE elders SET id_number_mask = substr(id_number_mask, 1, 6) || '************'
            WHERE length(id_number_mask) = 18 AND id_number_mask <> substr(id_number_mask, 1, 6) || '************'
            """).run()
    }

    func revert(on database: any Database) async throws {}
}
