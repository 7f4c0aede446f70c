import Crypto
import Foundation

/// Personal data (ID numbers, phones, addresses) at rest: sealed with AES-GCM under a key from the
/// configuration (never stored in the database), each value tagged with its key's id so that a key
/// rotation re-seals row by row and can resume where it stopped; looked up by a keyed hash
/// (HMAC-SHA256 under a lookup key of its own), never by the plaintext.
package struct PersonalDataCipher: Sendable {
    package struct Failure: Error, Equatable, CustomStringConvertible {
        package var description: String
    }

    private let keys: [String: SymmetricKey]
    /// The key new values are sealed with.
    package let currentKeyID: String
    /// HMAC keyed once with the lookup key: each lookup copies the keyed state.
    private let lookupMAC: HMAC<SHA256>

    /// `keys`: the current key first, then older ones still needed to open what they sealed.
    package init(keys: [[UInt8]], lookupKey: [UInt8]) throws {
        guard let first = keys.first else { throw Failure(description: "no personal-data key configured") }
        guard keys.allSatisfy({ $0.count == 32 }), lookupKey.count == 32 else { throw Failure(description: "personal-data keys must be 32 bytes") }
        var byID: [String: SymmetricKey] = [:]
        for key in keys { byID[Self.keyID(key)] = SymmetricKey(data: key) }
        self.keys = byID
        currentKeyID = Self.keyID(first)
        lookupMAC = HMAC<SHA256>(key: SymmetricKey(data: lookupKey))
    }

    /// A key's id: the first 8 hex digits of its SHA-256 (says which key, reveals nothing of it).
    package static func keyID(_ key: [UInt8]) -> String {
        SHA256.hash(data: key).prefix(4).hexString
    }

    /// "<key id>:<base64 of nonce, ciphertext and tag>".
    package func seal(_ text: String) throws -> String {
        let box = try AES.GCM.seal(Array(text.utf8), using: keys[currentKeyID]!)
        guard let combined = box.combined else { throw Failure(description: "sealing failed") }
        return currentKeyID + ":" + combined.base64EncodedString()
    }

    package func open(_ sealed: String) throws -> String {
        let parts = sealed.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let key = keys[parts[0]], let data = Data(base64Encoded: parts[1]) else {
            throw Failure(description: "sealed with an unknown key or malformed")
        }
        let plain = try AES.GCM.open(try AES.GCM.SealedBox(combined: data), using: key)
        return String(decoding: plain, as: UTF8.self)
    }

    /// Whether a sealed value needs re-sealing under the current key (a rotation's test, row by row).
    package func isCurrent(_ sealed: String) -> Bool { sealed.hasPrefix(currentKeyID + ":") }

    /// The keyed hash a value is found by (the caller normalises first: an ID number upper-case, a
    /// phone its digits): HMAC-SHA256 truncated to 128 bits, as 32 hex digits.
    package func lookupHash(_ normalised: String) -> String {
        var mac = lookupMAC
        mac.update(data: Array(normalised.utf8))
        return mac.finalize().prefix(16).hexString
    }
}

/// Where the personal-data keys come from: `YANGLAO_PERSONAL_DATA_KEYS` (the current key first, then
/// older ones a rotation still needs; each 64 hex digits or base64 of 32 bytes, comma-separated) and
/// `YANGLAO_LOOKUP_KEY`; or, for a SQLite deployment only, a key file made once beside the database
/// (`personal.keys`, mode 0600: the lookup key on the first line, then the data keys). Never in the
/// database. PostgreSQL deployments must configure them: every app process holds the same keys.
package enum PersonalKeySource {
    package static func load(
        _ configuration: AppConfiguration, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> PersonalDataCipher {
        if let rawKeys = environment["YANGLAO_PERSONAL_DATA_KEYS"], !rawKeys.isEmpty {
            let keys = rawKeys.split(separator: ",").map { AuditKeySource.decode(String($0)) }
            guard let lookup = environment["YANGLAO_LOOKUP_KEY"].flatMap(AuditKeySource.decode), !keys.isEmpty,
                  keys.allSatisfy({ $0?.count == 32 }), lookup.count == 32 else {
                throw AuditKeySource.Missing(description: "YANGLAO_PERSONAL_DATA_KEYS 与 YANGLAO_LOOKUP_KEY 须同时设置，每个密钥为 32 字节（64 位十六进制或 base64）")
            }
            return try PersonalDataCipher(keys: keys.compactMap { $0 }, lookupKey: lookup)
        }
        guard case .sqlite = configuration.database else {
            throw AuditKeySource.Missing(description: "使用 PostgreSQL 时必须设置 YANGLAO_PERSONAL_DATA_KEYS 与 YANGLAO_LOOKUP_KEY（各应用进程须使用同一组密钥）")
        }
        let path = configuration.dataDirectory + "/personal.keys"
        if let stored = FileManager.default.contents(atPath: path) {
            let lines = String(decoding: stored, as: UTF8.self).split(whereSeparator: \.isNewline).map { AuditKeySource.decode(String($0)) }
            guard lines.count >= 2, lines.allSatisfy({ $0?.count == 32 }) else {
                throw AuditKeySource.Missing(description: "个人信息密钥文件 \(path) 内容无效：请从备份恢复（不会另建新密钥，否则已加密的数据将无法读取）")
            }
            let keys = lines.compactMap { $0 }
            return try PersonalDataCipher(keys: Array(keys.dropFirst()), lookupKey: keys[0])
        }
        let lookup = PlatformCrypto.randomKey(), key = PlatformCrypto.randomKey()
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        let text = [lookup, key].map { Data($0).base64EncodedString() }.joined(separator: "\n") + "\n"
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw AuditKeySource.Missing(description: "无法写入个人信息密钥文件 \(path)")
        }
        return try PersonalDataCipher(keys: [key], lookupKey: lookup)
    }
}
