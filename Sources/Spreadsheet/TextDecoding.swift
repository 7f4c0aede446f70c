import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The text encodings a spreadsheet file arrives in: UTF-8 (with or without BOM), UTF-16 with BOM
/// (Excel's "Unicode text"), and GB18030, the superset of GBK and GB2312 that Excel on Chinese
/// Windows writes.
public enum TextEncoding: String, Sendable {
    case utf8
    case utf16LittleEndian
    case utf16BigEndian
    case gb18030
}

public enum TextDecodingError: Error, Equatable, Sendable {
    case empty
    case unknownEncoding

    public var message: String {
        switch self {
        case .empty: "文件为空"
        case .unknownEncoding: "无法识别文件编码：请以 UTF-8 或 GB18030（GBK）编码保存后重新上传"
        }
    }
}

public enum TextDecoder {
    /// Decodes bytes whose encoding is not declared: a BOM decides; otherwise valid UTF-8 is UTF-8, and
    /// anything else must decode cleanly as GB18030 or the file is refused.
    public static func decode(_ bytes: [UInt8]) throws(TextDecodingError) -> (text: String, encoding: TextEncoding) {
        guard !bytes.isEmpty else { throw .empty }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            guard let text = String(validating: bytes.dropFirst(3), as: UTF8.self) else { throw .unknownEncoding }
            return (text, .utf8)
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            let little = bytes[0] == 0xFF
            guard let text = decodeUTF16(bytes.dropFirst(2), littleEndian: little) else { throw .unknownEncoding }
            return (text, little ? .utf16LittleEndian : .utf16BigEndian)
        }
        if let text = String(validating: bytes, as: UTF8.self) {
            return (text, .utf8)
        }
        if let text = convert(bytes, from: "GB18030") {
            return (text, .gb18030)
        }
        throw .unknownEncoding
    }

    private static func decodeUTF16(_ bytes: ArraySlice<UInt8>, littleEndian: Bool) -> String? {
        guard bytes.count % 2 == 0 else { return nil }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let a = UInt16(bytes[index]), b = UInt16(bytes[index + 1])
            units.append(littleEndian ? a | b << 8 : a << 8 | b)
            index += 2
        }
        return String(validating: units, as: UTF16.self)
    }

    /// Converts with the C library's iconv, which refuses (rather than replaces) invalid sequences.
    static func convert(_ bytes: [UInt8], from encoding: String) -> String? {
        let descriptor = iconv_open("UTF-8", encoding)
        guard descriptor != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(descriptor) }

        var input = bytes.map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: bytes.count * 2 + 16)
        var inputLeft = input.count
        var outputLeft = output.count
        let result = input.withUnsafeMutableBufferPointer { inputBuffer in
            output.withUnsafeMutableBufferPointer { outputBuffer in
                var inputPointer = inputBuffer.baseAddress
                var outputPointer = outputBuffer.baseAddress
                return iconv(descriptor, &inputPointer, &inputLeft, &outputPointer, &outputLeft)
            }
        }
        guard result != -1, inputLeft == 0 else { return nil }
        let utf8 = output.prefix(output.count - outputLeft).map { UInt8(bitPattern: $0) }
        return String(validating: utf8, as: UTF8.self)
    }
}
