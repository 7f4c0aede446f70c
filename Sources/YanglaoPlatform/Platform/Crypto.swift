import Crypto
import Foundation

/// The platform's cryptography behind one small interface, so that a deployment required to use the
/// national algorithms (SM3/SM4, 密评) replaces this file and nothing else.
public struct PlatformCrypto: Sendable {
    private let auditKey: SymmetricKey

    public init(auditKey: [UInt8]) {
        self.auditKey = SymmetricKey(data: auditKey)
    }

    /// A key for one purpose (list cursors…), derived from the deployment's key so that nothing
    /// else needs storing: HMAC-SHA256(key, purpose).
    package func derivedKey(_ purpose: String) -> SymmetricKey {
        SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Array(purpose.utf8), using: auditKey)))
    }

    /// HMAC-SHA256 with the audit key, as lowercase hex.
    package func auditMAC(_ bytes: [UInt8]) -> String {
        HMAC<SHA256>.authenticationCode(for: bytes, using: auditKey).hexString
    }

    /// The digest under which a bearer token or session id is stored: the token itself never is.
    package static func tokenDigest(_ token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).hexString
    }

    /// A new random token: 32 bytes, URL-safe base64 without padding.
    package static func newToken() -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    package static func randomKey() -> [UInt8] {
        SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
    }
}


/// Where the audit key comes from: `YANGLAO_AUDIT_KEY` (64 hex digits or base64 of ≥ 32 bytes), or,
/// for a SQLite deployment only, a key file created once beside the database (`audit.key`, mode 0600).
/// PostgreSQL deployments must configure the key: every app process must hold the same one.
package enum AuditKeySource {
    package struct Missing: Error, CustomStringConvertible {
        package var description: String
    }

    /// A new key file is made only for a log without entries: with entries, a missing or unreadable
    /// key is an error (a new key would make every entry look edited).
    package static func load(
        _ configuration: AppConfiguration, logHasEntries: Bool, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> [UInt8] {
        if let raw = environment["YANGLAO_AUDIT_KEY"], !raw.isEmpty {
            guard let key = decode(raw), key.count >= 32 else {
                throw Missing(description: "YANGLAO_AUDIT_KEY 无效：应为 64 位十六进制或至少 32 字节的 base64")
            }
            return key
        }
        guard case .sqlite = configuration.database else {
            throw Missing(description: "使用 PostgreSQL 时必须设置 YANGLAO_AUDIT_KEY（各应用进程须使用同一密钥）")
        }
        let path = configuration.dataDirectory + "/audit.key"
        if let stored = FileManager.default.contents(atPath: path) {
            guard let key = decode(String(decoding: stored, as: UTF8.self)), key.count >= 32 else {
                throw Missing(description: "审计密钥文件 \(path) 内容无效：请从备份恢复（不会另建新密钥）")
            }
            return key
        }
        guard !logHasEntries else {
            throw Missing(description: "审计密钥文件 \(path) 不存在，而审计日志已有记录：请从备份恢复该文件或设置 YANGLAO_AUDIT_KEY。"
                + "平台不会另建新密钥，否则全部记录都将无法校验")
        }
        let key = PlatformCrypto.randomKey()
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        let text = Data(key).base64EncodedString() + "\n"
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw Missing(description: "无法写入审计密钥文件 \(path)")
        }
        return key
    }

    package static func decode(_ raw: String) -> [UInt8]? {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count == 64, text.allSatisfy(\.isHexDigit) {
            var bytes: [UInt8] = []
            var index = text.startIndex
            while index < text.endIndex {
                let next = text.index(index, offsetBy: 2)
                bytes.append(UInt8(text[index..<next], radix: 16)!)
                index = next
            }
            return bytes
        }
        return Data(base64Encoded: text).map(Array.init)
    }
}

extension Sequence where Element == UInt8 {
    /// Lower-case hexadecimal, two digits a byte (a digest, a key id) without going through `String(format:)`.
    package var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
