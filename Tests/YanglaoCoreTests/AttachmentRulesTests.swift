import Testing
@testable import YanglaoCore

@Suite struct AttachmentRulesTests {
    let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]
    let pdf: [UInt8] = Array("%PDF-1.7\n".utf8)
    let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00]

    @Test func aFileIsWhatItsNameSays() {
        #expect(AttachmentRules.problem(name: "消防验收.JPG", bytes: jpeg) == nil)
        #expect(AttachmentRules.problem(name: "回执.pdf", bytes: pdf) == nil)
        #expect(AttachmentRules.problem(name: "照片.png", bytes: png) == nil)
    }

    @Test func aFileThatIsNotWhatItsNameSaysIsRefused() {
        #expect(AttachmentRules.problem(name: "照片.jpg", bytes: pdf) == "附件“照片.jpg”的内容不是JPEG 图片（实为PDF 文件）")
        #expect(AttachmentRules.problem(name: "回执.pdf", bytes: Array("MZ\u{90}".utf8)) == "附件“回执.pdf”的内容不是PDF 文件（无法识别的文件）")
        #expect(AttachmentRules.problem(name: "脚本.exe", bytes: jpeg) == "附件“脚本.exe”的类型不受支持：只接受 jpg、png、webp、pdf、xlsx、docx")
        #expect(AttachmentRules.problem(name: "空.pdf", bytes: []) == "附件“空.pdf”是空文件")
    }

    @Test func detection() {
        #expect(FileKind.detect(Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8)) == .webp)
        #expect(FileKind.detect([0x50, 0x4B, 0x03, 0x04]) == .officeOpenXML)
        #expect(FileKind.detect(Array("<html>".utf8)) == nil)
        #expect(FileKind.expected(forName: "无扩展名") == nil)
    }
}
