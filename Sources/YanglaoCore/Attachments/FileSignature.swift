/// What a file is, from its first bytes rather than its name: an attachment named .jpg must be a
/// JPEG. The accepted kinds are those evidence comes in: photos, scans and office files.
public enum FileKind: String, CaseIterable, Sendable {
    case jpeg, png, webp, pdf, officeOpenXML

    public var label: String {
        switch self {
        case .jpeg: "JPEG 图片"
        case .png: "PNG 图片"
        case .webp: "WebP 图片"
        case .pdf: "PDF 文件"
        case .officeOpenXML: "Office 文档（XLSX/DOCX）"
        }
    }

    public var contentType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .webp: "image/webp"
        case .pdf: "application/pdf"
        case .officeOpenXML: "application/octet-stream"
        }
    }

    /// The kind the bytes are, or nil for anything else.
    public static func detect(_ bytes: [UInt8]) -> FileKind? {
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) { return .webp }
        if bytes.starts(with: Array("%PDF-".utf8)) { return .pdf }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .officeOpenXML }
        return nil
    }

    /// The kind a file name promises.
    public static func expected(forName name: String) -> FileKind? {
        guard let dot = name.lastIndex(of: ".") else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
        case "jpg", "jpeg": return .jpeg
        case "png": return .png
        case "webp": return .webp
        case "pdf": return .pdf
        case "xlsx", "docx": return .officeOpenXML
        default: return nil
        }
    }
}

public enum AttachmentRules {
    public static let maximumBytes = 20 * 1024 * 1024

    /// Why a file may not be attached, in Chinese; nil when it may.
    public static func problem(name: String, bytes: [UInt8]) -> String? {
        guard !bytes.isEmpty else { return "附件“\(name)”是空文件" }
        guard bytes.count <= maximumBytes else { return "附件“\(name)”超过 \(maximumBytes / 1024 / 1024) MB" }
        guard let expected = FileKind.expected(forName: name) else {
            return "附件“\(name)”的类型不受支持：只接受 jpg、png、webp、pdf、xlsx、docx"
        }
        guard let actual = FileKind.detect(bytes) else {
            return "附件“\(name)”的内容不是\(expected.label)（无法识别的文件）"
        }
        guard actual == expected else {
            return "附件“\(name)”的内容不是\(expected.label)（实为\(actual.label)）"
        }
        return nil
    }
}
