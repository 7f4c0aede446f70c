import Foundation
import Testing
@testable import Spreadsheet

/// The streamed writer of exports and the drop-downs of templates.
@Suite struct XLSXStreamTests {
    @Test func aWorkbookWrittenInBatchesReadsBackTheSame() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let writer = try XLSXStreamWriter(directory: directory, sheetName: "设施名录", header: ["编码", "名称", "床位", "开业日期"])
        for batch in 0..<5 {
            try writer.append((0..<500).map { index in
                let n = batch * 500 + index
                return [.text(String(format: "320685-%05d", n)), .text("院<\(n)>&“引号”"), n % 7 == 0 ? .empty : .integer(n), .date(year: 2021, month: 3, day: 1)]
            })
        }
        let url = directory.appendingPathComponent("out.xlsx")
        try writer.finish(to: url)
        let table = try XLSXReader.read(Array(try Data(contentsOf: url)))
        #expect(table.header == ["编码", "名称", "床位", "开业日期"])
        #expect(table.rows.count == 2500)
        #expect(table.rows[1].cells[0...1] == ["320685-00001", "院<1>&“引号”"])
        #expect(table.rows[7].cells[2] == "", "an empty cell stays empty")
        #expect(table.rows[2498].cells[2] == "2498")
        #expect(table.rows[3].cells[3] == "2021-03-01")
    }

    @Test func aListColumnIsWrittenAsADropDown() throws {
        let sheet = Sheet(name: "模板", header: ["名称", "类别"], rows: [[.text("甲"), .text("养老机构")]],
                          validations: [ListValidation(column: 1, lastRow: 500, source: "'选项'!$A$2:$A$8")])
        let bytes = try XLSXWriter.write([sheet, Sheet(name: "选项", header: ["类别"], rows: [[.text("养老机构")]])])
        let xml = try ZIPArchive(bytes).text("xl/worksheets/sheet1.xml")
        #expect(xml.contains(#"<dataValidation type="list" allowBlank="1""#))
        #expect(xml.contains(#"sqref="B2:B500"><formula1>&apos;选项&apos;!$A$2:$A$8</formula1>"#) || xml.contains(#"sqref="B2:B500"><formula1>'选项'!$A$2:$A$8</formula1>"#))
        #expect(xml.range(of: "</autoFilter>") == nil && xml.range(of: "<autoFilter")!.lowerBound < xml.range(of: "<dataValidations")!.lowerBound,
                "in the order the schema wants: after the filter, before the margins")
        #expect(xml.range(of: "<dataValidations")!.lowerBound < xml.range(of: "<pageMargins")!.lowerBound)
    }
}
