import Crypto
import Foundation

/// A file that passed a dry run, kept for a short time under the data directory by its SHA-256 and
/// the uploader's account, so that 确认导入 commits exactly the file that was checked without the user
/// choosing it again. Only the uploader can confirm it; after `lifetime` it is gone.
package struct PendingUploads: Sendable {
    package let directory: String
    package static let lifetime: TimeInterval = 60 * 60

    package init(dataDirectory: String) {
        directory = dataDirectory + "/pending-imports"
    }

    /// Keeps `bytes` for `accountID` and returns its digest (the name a confirmation sends back).
    package func keep(_ bytes: [UInt8], for accountID: String) throws -> String {
        let digest = SHA256.hash(data: bytes).hexString
        let folder = try self.folder(accountID)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        pruneExpired(in: folder)
        let path = folder + "/" + digest
        try? FileManager.default.removeItem(atPath: path)
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
            throw ImportFileError(message: "无法保存待确认的文件")
        }
        return digest
    }

    /// The kept file, or nil when it never was, has expired, or the digest is not one (64 hex digits).
    package func load(_ digest: String, for accountID: String) throws -> [UInt8]? {
        guard digest.count == 64, digest.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
        let path = try folder(accountID) + "/" + digest
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let written = attributes[.modificationDate] as? Date, Date().timeIntervalSince(written) < Self.lifetime,
              let data = FileManager.default.contents(atPath: path) else { return nil }
        return Array(data)
    }

    package func discard(_ digest: String, for accountID: String) {
        guard let folder = try? folder(accountID), digest.count == 64, digest.allSatisfy(\.isHexDigit) else { return }
        try? FileManager.default.removeItem(atPath: folder + "/" + digest)
    }

    /// Account ids are the platform's own UUIDs; anything else never becomes part of a path.
    private func folder(_ accountID: String) throws -> String {
        guard !accountID.isEmpty, accountID.count <= 64, accountID.allSatisfy({ $0.isHexDigit || $0 == "-" }) else {
            throw APIError.invalid("账户标识无效")
        }
        return directory + "/" + accountID
    }

    private func pruneExpired(in folder: String) {
        let now = Date()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            let path = folder + "/" + name
            if let written = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
               now.timeIntervalSince(written) >= Self.lifetime {
                try? FileManager.default.removeItem(atPath: path)
            }
        }
    }
}
