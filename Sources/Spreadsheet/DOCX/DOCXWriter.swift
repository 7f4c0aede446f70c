import Foundation

/// A Word document as the platform writes it: paragraphs of runs, simple tables, and a footer with
/// the page number — enough for an official document (公文) that opens in Word and WPS.
public struct WordDocument: Sendable {
    public struct Run: Sendable, Equatable {
        public var text: String
        public var bold = false
        /// Half-points (Word's unit): 32 is 16 pt, 三号.
        public var size: Int?
        /// "C00000" for a red 红头.
        public var color: String?
        /// An East Asian font name (方正小标宋简体, 仿宋_GB2312 …).
        public var font: String?

        public init(_ text: String, bold: Bool = false, size: Int? = nil, color: String? = nil, font: String? = nil) {
            self.text = text
            self.bold = bold
            self.size = size
            self.color = color
            self.font = font
        }
    }

    public enum Alignment: String, Sendable { case left, center, right, both }

    public enum Block: Sendable, Equatable {
        case paragraph([Run], alignment: Alignment = .both, firstLineIndent: Bool = false, spacingAfter: Int = 0)
        /// A full-width horizontal rule in a colour (the red line under a 红头).
        case rule(color: String)
        /// Rows of cells; the first row is the header.
        case table([[String]])
    }

    public var blocks: [Block]

    public init(blocks: [Block]) {
        self.blocks = blocks
    }
}

public enum DOCXWriter {
    public static func write(_ document: WordDocument) throws -> [UInt8] {
        try OfficePackage.zip([
            ("[Content_Types].xml", contentTypes),
            ("_rels/.rels", rootRelationships),
            ("word/document.xml", body(document)),
            ("word/styles.xml", styles),
            ("word/footer1.xml", footer),
            ("word/_rels/document.xml.rels", documentRelationships),
        ])
    }

    static let namespace = #"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#

    static func body(_ document: WordDocument) -> String {
        var out = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        out += "<w:document \(namespace)><w:body>"
        for block in document.blocks { out += xml(block) }
        // A4 portrait, 公文 margins (37 mm top, 35 mm bottom, 28 mm left, 26 mm right), the footer with the page number.
        out += #"<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter"/><w:pgSz w:w="11906" w:h="16838"/>"#
        out += #"<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr>"#
        return out + "</w:body></w:document>"
    }

    static func xml(_ block: WordDocument.Block) -> String {
        switch block {
        case let .paragraph(runs, alignment, indent, after):
            var properties = #"<w:jc w:val="\#(alignment.rawValue)"/>"#
            if indent { properties += #"<w:ind w:firstLineChars="200"/>"# }
            if after > 0 { properties += #"<w:spacing w:after="\#(after)"/>"# }
            return "<w:p><w:pPr>\(properties)</w:pPr>" + runs.map(xml).joined() + "</w:p>"
        case let .rule(color):
            return #"<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="18" w:space="1" w:color="\#(color)"/></w:pBdr></w:pPr></w:p>"#
        case let .table(rows):
            var out = #"<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblBorders>"#
            for side in ["top", "left", "bottom", "right", "insideH", "insideV"] { out += #"<w:\#(side) w:val="single" w:sz="4" w:color="000000"/>"# }
            out += "</w:tblBorders></w:tblPr>"
            // The grid Word's schema requires: equal columns across the text width (about 160 mm).
            let columns = max(rows.map(\.count).max() ?? 1, 1)
            out += "<w:tblGrid>" + String(repeating: #"<w:gridCol w:w="\#(9000 / columns)"/>"#, count: columns) + "</w:tblGrid>"
            for (index, row) in rows.enumerated() {
                out += "<w:tr>"
                for cell in row {
                    out += #"<w:tc><w:p><w:pPr><w:jc w:val="center"/></w:pPr>"# + xml(WordDocument.Run(cell, bold: index == 0, size: 21)) + "</w:p></w:tc>"
                }
                out += "</w:tr>"
            }
            return out + "</w:tbl><w:p/>"
        }
    }

    static func xml(_ run: WordDocument.Run) -> String {
        var properties = ""
        if let font = run.font { properties += #"<w:rFonts w:ascii="\#(escape(font))" w:hAnsi="\#(escape(font))" w:eastAsia="\#(escape(font))"/>"# }
        if run.bold { properties += "<w:b/>" }
        if let color = run.color { properties += #"<w:color w:val="\#(escape(color))"/>"# }
        if let size = run.size { properties += #"<w:sz w:val="\#(size)"/><w:szCs w:val="\#(size)"/>"# }
        // Line breaks inside a run become Word's breaks.
        let lines = run.text.split(separator: "\n", omittingEmptySubsequences: false)
        let text = lines.map { #"<w:t xml:space="preserve">\#(escape(String($0)))</w:t>"# }.joined(separator: "<w:br/>")
        return "<w:r>" + (properties.isEmpty ? "" : "<w:rPr>\(properties)</w:rPr>") + text + "</w:r>"
    }

    /// XML text: the five entities; what XML cannot carry left out (`XMLText`).
    static func escape(_ text: String) -> String { XMLText.escape(text, apostrophe: true) }

    static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
        <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
        <Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>\
        </Types>
        """

    static let rootRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
        </Relationships>
        """

    static let documentRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
        <Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>\
        </Relationships>
        """

    /// The body in 仿宋 三号 (16 pt), as 公文 are set.
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
        <w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:hAnsi="仿宋_GB2312" w:eastAsia="仿宋_GB2312"/>\
        <w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>\
        <w:pPrDefault><w:pPr><w:spacing w:line="560" w:lineRule="exact"/></w:pPr></w:pPrDefault></w:docDefaults>\
        <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>\
        </w:styles>
        """

    /// "— 1 —" centred, as 公文 number their pages.
    static let footer = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:jc w:val="center"/></w:pPr>\
        <w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve">— </w:t></w:r>\
        <w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:fldChar w:fldCharType="begin"/></w:r>\
        <w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>\
        <w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:fldChar w:fldCharType="separate"/></w:r>\
        <w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:t>1</w:t></w:r>\
        <w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:fldChar w:fldCharType="end"/></w:r>\
        <w:r><w:rPr><w:sz w:val="28"/></w:rPr><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>
        """
}
