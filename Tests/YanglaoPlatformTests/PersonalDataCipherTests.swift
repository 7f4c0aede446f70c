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
