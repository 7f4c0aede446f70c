import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Spreadsheet

@Suite struct DOCXTests {
    let document = WordDocument(blocks: [
        .paragraph([.init("科尔沁左翼中旗民政局文件", bold: true, size: 72, color: "C00000")], alignment: .center),
        .paragraph([.init("科民发〔2021〕 号")], alignment: .center),
        .rule(color: "C00000"),
        .paragraph([.init("关于 <养老> & “提质” 的总结报告")], alignment: .center),
        .paragraph([.init("第一行\n第二行\u{0007}")], firstLineIndent: true),
        .table([["指标", "完成"], ["护理型床位占比", "50.0%"]]),
    ])

    @Test func theDocumentHasItsPartsAndEscapesItsText() throws {
        let bytes = try DOCXWriter.write(document)
        let archive = try ZIPArchive(bytes)
        let body = try archive.text("word/document.xml")
        #expect(body.contains("科尔沁左翼中旗民政局文件") && body.contains(#"<w:color w:val="C00000"/>"#))
        #expect(body.contains("关于 &lt;养老&gt; &amp; “提质” 的总结报告"))
        #expect(body.contains("第一行</w:t><w:br/><w:t xml:space=\"preserve\">第二行</w:t>"), "line breaks kept, control characters dropped")
        #expect(body.contains("<w:tbl>") && body.contains("<w:tblGrid><w:gridCol") && body.contains("护理型床位占比"), "a table with the grid Word requires")
        #expect(body.contains(#"<w:pgSz w:w="11906" w:h="16838"/>"#), "A4")
        #expect(try archive.text("word/footer1.xml").contains(" PAGE "), "page numbers")
        #expect(try archive.text("[Content_Types].xml").contains("wordprocessingml.document.main+xml"))
    }

    /// Word's own reader is not here; LibreOffice Writer opens the file and reads the same text.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/usr/lib/libreoffice/program/libswlo.so"), "LibreOffice Writer 未安装（Debian 包 libreoffice-writer-nogui）：跳过"))
    func libreOfficeOpensIt() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("docx-lo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("report.docx")
        try Data(try DOCXWriter.write(document)).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/libreoffice")
        process.arguments = ["-env:UserInstallation=file://\(directory.path)/profile", "--headless", "--convert-to", "txt:Text (encoded):UTF8",
                             "--outdir", directory.path, input.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let text = String(decoding: try #require(FileManager.default.contents(atPath: directory.appendingPathComponent("report.txt").path)), as: UTF8.self)
        #expect(text.contains("科尔沁左翼中旗民政局文件"))
        #expect(text.contains("关于 <养老> & “提质” 的总结报告"))
        #expect(text.contains("护理型床位占比"))
    }
}

/// Text XML cannot carry (a name stored as `坏\u{FFFF}名\u{FFFE}`, a control character) never
/// reaches a written file: every part parses as XML and every row is there.
@Suite struct XMLTextTests {
    static let hostile = "坏\u{FFFF}名\u{FFFE}" + String(Unicode.Scalar(0xFDD0 as UInt32)!) + "\u{0}\u{1B}\u{7F}\u{1FFFF}尾"

    func parses(_ xml: String) -> Bool {
        XMLParser(data: Data(xml.utf8)).parse()
    }

    @Test func noWriterEmitsACharacterXMLCannotCarry() throws {
        #expect(XMLText.escape(Self.hostile) == "坏名尾")
        let sheet = Sheet(name: "名册\u{FFFF}", header: ["姓名"], rows: (0..<50).map { _ in [.text(Self.hostile)] })
        let workbook = try ZIPArchive(try XLSXWriter.write([sheet]))
        let sheetXML = try workbook.text("xl/worksheets/sheet1.xml"), workbookXML = try workbook.text("xl/workbook.xml")
        #expect(parses(sheetXML) && parses(workbookXML))
        let table = try XLSXReader.read(try XLSXWriter.write([sheet]))
        #expect(table.rows.count == 50 && table.rows.allSatisfy { $0.cells == ["坏名尾"] })

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xml-text-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let stream = try XLSXStreamWriter(directory: directory, sheetName: "名册", header: ["姓名\u{FFFE}"])
        try stream.append((0..<280).map { _ in [.text(Self.hostile)] })
        let url = directory.appendingPathComponent("out.xlsx")
        try stream.finish(to: url)
        #expect(try XLSXReader.read(Array(try Data(contentsOf: url))).rows.count == 280)

        let word = try ZIPArchive(try DOCXWriter.write(WordDocument(blocks: [.paragraph([.init("总结\u{FFFF}报告" + Self.hostile)], alignment: .center),
                                                                              .table([["村\u{FFFE}", "1"]])])))
        let documentXML = try word.text("word/document.xml")
        #expect(parses(documentXML))
    }
}
