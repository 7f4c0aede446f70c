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
    private let lookupKey: SymmetricKey

    /// `keys`: the current key first, then older ones still needed to open what they sealed.
    package init(keys: [[UInt8]], lookupKey: [UInt8]) throws {
        guard let first = keys.first else { throw Failure(description: "no personal-data key configured") }
        guard keys.allSatisfy({ $0.count == 32 }), lookupKey.count == 32 else { throw Failure(description: "personal-data keys must be 32 bytes") }
        var byID: [String: SymmetricKey] = [:]
        for key in keys { byID[Self.keyID(key)] = SymmetricKey(data: key) }
        self.keys = byID
        currentKeyID = Self.keyID(first)
        self.lookupKey = SymmetricKey(data: lookupKey)
    }

    /// A key's id: the first 8 hex digits of its SHA-256 (says which key, reveals nothing of it).
    package static func keyID(_ key: [UInt8]) -> String {
        SHA256.hash(data: key).prefix(4).map { String(format: "%02x", $0) }.joined()
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
    /// phone its digits).
    package func lookupHash(_ normalised: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Array(normalised.utf8), using: lookupKey).map { String(format: "%02x", $0) }.joined()
    }
}
