import Crypto
import Foundation
import Testing
@testable import YanglaoPlatform

@Suite struct PersonalDataCipherTests {
    static func key() -> [UInt8] { SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) } }

    @Test func aValueSealsOpensAndNeverShowsItsPlaintext() throws {
        let cipher = try PersonalDataCipher(keys: [Self.key()], lookupKey: Self.key())
        let sealed = try cipher.seal("11010519491231002X")
        #expect(!sealed.contains("11010519491231002X") && !sealed.contains("19491231"))
        #expect(try cipher.open(sealed) == "11010519491231002X")
        #expect(try cipher.seal("11010519491231002X") != sealed, "a fresh nonce each time")
        #expect(cipher.lookupHash("11010519491231002X") == cipher.lookupHash("11010519491231002X"), "the lookup hash is stable")
        #expect(cipher.lookupHash("11010519491231002X") != cipher.lookupHash("11010519491231003X"))
    }

    @Test func aRotationOpensOldValuesAndSealsNewOnesUnderTheNewKey() throws {
        let old = Self.key(), new = Self.key(), lookup = Self.key()
        let before = try PersonalDataCipher(keys: [old], lookupKey: lookup)
        let sealed = try before.seal("13912344321")
        let after = try PersonalDataCipher(keys: [new, old], lookupKey: lookup)
        #expect(!after.isCurrent(sealed), "a row sealed under the old key is found by its key id")
        #expect(try after.open(sealed) == "13912344321")
        let resealed = try after.seal(try after.open(sealed))
        #expect(after.isCurrent(resealed))
        #expect(after.lookupHash("13912344321") == before.lookupHash("13912344321"), "lookups survive the rotation")
        // Once the old key is gone, what it sealed cannot be opened: a rotation must finish first.
        let forgetful = try PersonalDataCipher(keys: [new], lookupKey: lookup)
        #expect(throws: (any Error).self) { try forgetful.open(sealed) }
    }

    @Test func aTamperedValueOrAShortKeyIsRefused() throws {
        let cipher = try PersonalDataCipher(keys: [Self.key()], lookupKey: Self.key())
        var sealed = Array(try cipher.seal("海安市角斜镇人民路1号"))
        sealed[sealed.count - 3] = sealed[sealed.count - 3] == "A" ? "B" : "A"
        #expect(throws: (any Error).self) { try cipher.open(String(sealed)) }
        #expect(throws: PersonalDataCipher.Failure.self) { try PersonalDataCipher(keys: [[1, 2, 3]], lookupKey: Self.key()) }
    }
}

@Suite struct PersonalKeySourceTests {
    @Test func aSQLiteDeploymentKeepsItsKeysInAFileBesideTheDatabaseNotInIt() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("yanglao-keys-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configuration = AppConfiguration(database: .sqlite(path: directory + "/db.sqlite"), dataDirectory: directory)
        let first = try PersonalKeySource.load(configuration, environment: [:])
        let sealed = try first.seal("13912344321")
        let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/personal.keys")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let again = try PersonalKeySource.load(configuration, environment: [:])
        #expect(try again.open(sealed) == "13912344321", "the same keys on the next start")
        #expect(again.lookupHash("x") == first.lookupHash("x"))
    }

    @Test func postgreSQLNeedsConfiguredKeysAndTakesOlderOnesForARotation() throws {
        let configuration = AppConfiguration(database: .postgres(url: "postgres://x"), dataDirectory: "/nonexistent")
        #expect(throws: AuditKeySource.Missing.self) { try PersonalKeySource.load(configuration, environment: [:]) }
        let old = PersonalDataCipherTests.key(), new = PersonalDataCipherTests.key(), lookup = PersonalDataCipherTests.key()
        let hex = { (key: [UInt8]) in key.map { String(format: "%02x", $0) }.joined() }
        let before = try PersonalKeySource.load(configuration, environment: ["YANGLAO_PERSONAL_DATA_KEYS": hex(old), "YANGLAO_LOOKUP_KEY": hex(lookup)])
        let sealed = try before.seal("320685")
        let after = try PersonalKeySource.load(configuration, environment: [
            "YANGLAO_PERSONAL_DATA_KEYS": hex(new) + "," + Data(old).base64EncodedString(), "YANGLAO_LOOKUP_KEY": hex(lookup),
        ])
        #expect(try after.open(sealed) == "320685" && !after.isCurrent(sealed))
        #expect(throws: AuditKeySource.Missing.self) {
            try PersonalKeySource.load(configuration, environment: ["YANGLAO_PERSONAL_DATA_KEYS": "short", "YANGLAO_LOOKUP_KEY": hex(lookup)])
        }
    }
}
