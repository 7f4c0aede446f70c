import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SQLKit
import YanglaoCore

/// Re-seals personal data under the current key (the first configured): every sealed value under
/// an older key is opened and sealed again, a thousand rows a transaction, so that an interrupted
/// rotation leaves every row readable and a second run goes on from where the first stopped (each
/// value names the key it is sealed with). Lookup hashes do not change (their key is separate).
package struct PersonalDataRotation: Sendable {
    package let platform: Platform
    package let tables: [SealedColumns]

    package init(platform: Platform, tables: [SealedColumns]) {
        self.platform = platform
        self.tables = tables
    }

    package struct Outcome: Sendable, Equatable {
        package var rows = 0
        package var values = 0
    }

    /// Values still sealed under another key than the current one.
    package func remaining() async throws -> Int {
        var count = 0
        for table in tables where !table.columns.isEmpty {
            let row = try await platform.sql.select().column(SQLAlias(SQLRaw("COUNT(*)"), as: SQLIdentifier("n"))).from(table.table)
                .where(stale(table)).first()
            count += try row?.decode(column: "n", as: Int.self) ?? 0
        }
        return count
    }

    private func stale(_ table: SealedColumns) -> any SQLExpression {
        let prefix = platform.personalData.currentKeyID + ":%"
        return SQLGroupExpression(table.columns.map { column -> any SQLExpression in
            SQLQueryString("(\(ident: column) IS NOT NULL AND \(ident: column) NOT LIKE \(bind: prefix))")
        }.reduce(SQLLiteral.boolean(false) as any SQLExpression) { SQLBinaryExpression($0, .or, $1) })
    }

    /// `maximumBatches` stops early (a test's interruption).
    package func run(actor: AuditActor, maximumBatches: Int = .max, progress: @escaping @Sendable (Int) async -> Void = { _ in }) async throws -> Outcome {
        var outcome = Outcome()
        var batches = 0
        let cipher = platform.personalData
        for table in tables where !table.columns.isEmpty {
            while batches < maximumBatches {
                batches += 1
                // Always the first rows still stale: a row re-sealed drops out, so the loop ends.
                let rows = try await platform.sql.select().column("id").columns(table.columns.map(SQLIdentifier.init(_:)))
                    .from(table.table).where(stale(table)).orderBy("id").limit(1000).all()
                if rows.isEmpty { break }
                var updates: [(id: String, values: [(String, String)])] = []
                for row in rows {
                    var values: [(String, String)] = []
                    for column in table.columns {
                        guard let sealed = try row.decode(column: column, as: String?.self), !cipher.isCurrent(sealed) else { continue }
                        values.append((column, try cipher.seal(try cipher.open(sealed))))
                    }
                    updates.append((try row.decode(column: "id", as: String.self), values))
                }
                let batch = updates
                try await platform.writer.write { sql in
                    for update in batch where !update.values.isEmpty {
                        var query = sql.update(table.table)
                        for (column, value) in update.values { query = query.set(SQLIdentifier(column), to: SQLBind(value)) }
                        try await query.where("id", .equal, update.id).run()
                    }
                }
                outcome.rows += batch.count
                outcome.values += batch.reduce(0) { $0 + $1.values.count }
                await progress(outcome.rows)
            }
        }
        let done = outcome
        try await platform.writer.write { sql in
            try await AuditLog.record(on: sql, actor: actor, action: "personal_data.rotate", entityType: "personal_data",
                                      after: auditJSONString(["key": cipher.currentKeyID, "rows": "\(done.rows)", "values": "\(done.values)"]),
                                      outcome: "rows=\(done.rows)")
        }
        return outcome
    }
}

extension PersonalKeySource {
    /// On a SQLite deployment with a key file: a new data key put first (the older ones kept, so
    /// that values not yet re-sealed stay readable). Written to a temporary file and renamed over
    /// the old one, so the file is never half-written. Returns the new key's id.
    package static func addDataKey(_ configuration: AppConfiguration) throws -> String {
        let path = configuration.dataDirectory + "/personal.keys"
        guard let stored = FileManager.default.contents(atPath: path) else {
            throw AuditKeySource.Missing(description: "没有个人信息密钥文件 \(path)：密钥由环境变量配置时，请把新密钥放在 YANGLAO_PERSONAL_DATA_KEYS 的首位后运行 yanglao keys rotate --resume")
        }
        var lines = String(decoding: stored, as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init)
        guard lines.count >= 2 else { throw AuditKeySource.Missing(description: "个人信息密钥文件 \(path) 内容无效") }
        let key = PlatformCrypto.randomKey()
        lines.insert(Data(key).base64EncodedString(), at: 1)
        let temporary = path + ".new"
        guard FileManager.default.createFile(atPath: temporary, contents: Data((lines.joined(separator: "\n") + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw AuditKeySource.Missing(description: "无法写入 \(temporary)")
        }
        guard rename(temporary, path) == 0 else { throw AuditKeySource.Missing(description: "无法替换 \(path)") }
        return PersonalDataCipher.keyID(key)
    }
}
