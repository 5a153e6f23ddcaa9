#!/usr/bin/python3
"""Writes the xlsx fixtures of Debian's writers and hand-crafted packages, with expected CSVs.

    /usr/bin/python3 make_fixtures.py good/      # run by make_fixtures.sh, which installs writers

Writers: python3-openpyxl, python3-xlsxwriter, LibreOffice (a .fods we write, converted
headless) and "crafted" packages assembled here with zipfile, for what no writer produces on
request (absolute targets, prefixed and strict namespaces, phonetic runs, ZIP64, rows without r).
The npm writers (exceljs, SheetJS) are in make_fixtures_npm.js.

Each fixture NAME.xlsx comes with NAME.csv (its first worksheet) and NAME.SHEET.csv for a
sheet selected by name; the expected grids are written by hand from what the writer was told.
"""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from fixture_grid import trim, write_expected_csv

OUT = Path(sys.argv[1] if len(sys.argv) > 1 else "good")


def expect(name: str, grid: list[list[str]], sheet: str | None = None) -> None:
    suffix = f".{sheet}.csv" if sheet else ".csv"
    write_expected_csv(OUT / f"{name}{suffix}", trim(grid))


# ---------------------------------------------------------------------------------------------
# python3-openpyxl: shared strings, t="e" errors, t="b", dates as styled numbers, 1904, t="d"

def openpyxl_fixtures() -> None:
    import openpyxl
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    book = openpyxl.Workbook()
    data = book.active
    data.title = "Data"
    rows = [
        (["kind", "value"], ["kind", "value"]),
        (["text", "Grüße, 東京 😀"], ["text", "Grüße, 東京 😀"]),
        (["quote", 'say "hi", ok'], ["quote", 'say "hi", ok']),
        (["newline", "line1\nline2"], ["newline", "line1\nline2"]),
        (["spaces", "  padded  "], ["spaces", "  padded  "]),
        (["entities", "a < b & c > d"], ["entities", "a < b & c > d"]),
        (["integer", 42], ["integer", "42"]),
        (["float", 1.5], ["float", "1.5"]),
        (["tenth", 0.1], ["tenth", "0.1"]),
        (["big", 12345678901234], ["big", "12345678901234"]),
        (["negative", -3.25], ["negative", "-3.25"]),
        (["true", True], ["true", "TRUE"]),
        (["false", False], ["false", "FALSE"]),
        (["error", "#N/A"], ["error", "#N/A"]),
        (["date", dt.date(2024, 2, 29)], ["date", "2024-02-29"]),
        (["datetime", dt.datetime(2024, 2, 29, 12, 30)], ["datetime", "2024-02-29T12:30:00"]),
        (["time", dt.time(12, 30)], ["time", "12:30:00"]),
        (["early", dt.date(1900, 1, 15)], ["early", "1900-01-15"]),
        (["march 1900", dt.date(1900, 3, 1)], ["march 1900", "1900-03-01"]),
        # openpyxl stores formulas without a cached value (it calculates nothing): empty.
        (["formula", "=1+2"], ["formula", ""]),
        (["phone", "0301234567"], ["phone", "0301234567"]),
    ]
    grid = []
    for values, expected in rows:
        data.append(values)
        grid.append(expected)
    data["E30"] = "far"  # rows 23-29 missing, columns C-D empty
    grid += [[] for _ in range(30 - len(grid) - 1)] + [["", "", "", "", "far"]]
    second = book.create_sheet("Second")
    second["A1"] = "second sheet"
    second["C2"] = 7
    book.save(OUT / "openpyxl_features.xlsx")
    expect("openpyxl_features", grid)
    expect("openpyxl_features", [["second sheet"], ["", "", "7"]], sheet="Second")

    book = openpyxl.Workbook()
    book.epoch = CALENDAR_MAC_1904
    sheet = book.active
    sheet.title = "Mac"
    sheet.append(["date", dt.date(2024, 2, 29)])
    sheet.append(["datetime", dt.datetime(2001, 9, 9, 1, 46, 40)])
    sheet.append(["epoch", dt.date(1904, 1, 1)])
    book.save(OUT / "openpyxl_1904.xlsx")
    expect("openpyxl_1904", [["date", "2024-02-29"], ["datetime", "2001-09-09T01:46:40"], ["epoch", "1904-01-01"]])

    book = openpyxl.Workbook()
    book.iso_dates = True  # t="d" cells holding ISO 8601 text
    sheet = book.active
    sheet.append(["iso", dt.datetime(2024, 2, 29, 12, 30)])
    book.save(OUT / "openpyxl_iso_dates.xlsx")
    expect("openpyxl_iso_dates", [["iso", "2024-02-29T12:30:00"]])


# ---------------------------------------------------------------------------------------------
# python3-xlsxwriter: rich strings, cached formula results, _xHHHH_ escapes, custom formats

def xlsxwriter_fixtures() -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(OUT / "xlsxwriter_features.xlsx")
    data = book.add_worksheet("Data")
    bold = book.add_format({"bold": True})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    date_time = book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    clock = book.add_format({"num_format": "hh:mm:ss"})
    days = book.add_format({"num_format": '0.0" days"'})  # a "d" in quotes: not a date
    red = book.add_format({"num_format": "[Red]0.00"})     # brackets: not a date
    grid = [["kind", "value"]]
    data.write_row(0, 0, grid[0])

    def row(kind: str, write, expected: str) -> None:
        r = len(grid)
        data.write_string(r, 0, kind)
        write(r, 1)
        grid.append([kind, expected])

    row("rich", lambda r, c: data.write_rich_string(r, c, bold, "bold", " and plain"), "bold and plain")
    row("escape literal", lambda r, c: data.write_string(r, c, "_x000D_ stays"), "_x000D_ stays")
    row("carriage return", lambda r, c: data.write_string(r, c, "a\rb"), "a\rb")
    row("control", lambda r, c: data.write_string(r, c, "bell\x07"), "bell\x07")
    row("formula number", lambda r, c: data.write_formula(r, c, "=1+2", None, 3), "3")
    row("formula string", lambda r, c: data.write_formula(r, c, '=CONCATENATE("a","b")', None, "ab"), "ab")
    row("formula boolean", lambda r, c: data.write_formula(r, c, "=1=1", None, True), "TRUE")
    row("formula error", lambda r, c: data.write_formula(r, c, "=NA()", None, "#N/A"), "#N/A")
    row("boolean", lambda r, c: data.write_boolean(r, c, False), "FALSE")
    row("date", lambda r, c: data.write_datetime(r, c, dt.date(2024, 2, 29), date), "2024-02-29")
    row("datetime", lambda r, c: data.write_datetime(r, c, dt.datetime(2024, 2, 29, 12, 30), date_time),
        "2024-02-29T12:30:00")
    row("time", lambda r, c: data.write_datetime(r, c, dt.time(12, 30, 15), clock), "12:30:15")
    row("quoted d", lambda r, c: data.write_number(r, c, 1.5, days), "1.5")
    row("red", lambda r, c: data.write_number(r, c, 2, red), "2")
    row("huge", lambda r, c: data.write_number(r, c, 1e20), "100000000000000000000")
    row("tiny", lambda r, c: data.write_number(r, c, 1.5e-7), "0.00000015")
    row("url", lambda r, c: data.write_url(r, c, "https://example.com/a?b=1&c=2"), "https://example.com/a?b=1&c=2")
    row("non-ASCII", lambda r, c: data.write_string(r, c, "Ελληνικά, עברית, 😀"), "Ελληνικά, עברית, 😀")
    data.write_string(21, 7, "far")  # H22: a gap of two rows and of columns C-G
    grid += [[], [], ["", "", "", "", "", "", "", "far"]]
    second = book.add_worksheet("Second")
    second.write_string(0, 0, "second")
    second.write_number(0, 1, 0.25)
    book.close()
    expect("xlsxwriter_features", grid)
    expect("xlsxwriter_features", [["second", "0.25"]], sheet="Second")

    # constant_memory: every string inline (t="inlineStr") instead of in the shared table.
    book = xlsxwriter.Workbook(OUT / "xlsxwriter_inline.xlsx", {"constant_memory": True})
    sheet = book.add_worksheet("Inline")
    sheet.write_string(0, 0, "inline ✓")
    sheet.write_string(0, 1, "x_x0041_y")
    sheet.write_number(1, 0, 3.5)
    sheet.write_string(3, 2, "after a gap")
    book.close()
    expect("xlsxwriter_inline", [["inline ✓", "x_x0041_y"], ["3.5"], [], ["", "", "after a gap"]])

    book = xlsxwriter.Workbook(OUT / "xlsxwriter_1904.xlsx", {"date_1904": True})
    sheet = book.add_worksheet("Mac")
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    date_time = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    sheet.write_datetime(0, 0, dt.date(2024, 2, 29), date)
    sheet.write_datetime(1, 0, dt.date(1904, 1, 1), date)
    sheet.write_datetime(2, 0, dt.datetime(1904, 1, 1, 6, 0), date_time)
    book.close()
    expect("xlsxwriter_1904", [["2024-02-29"], ["1904-01-01"], ["1904-01-01T06:00:00"]])


# ---------------------------------------------------------------------------------------------
# LibreOffice: a flat ODS we write, converted to xlsx by soffice --headless

FODS_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
 <office:styles>
  <number:date-style style:name="isodate"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/></number:date-style>
  <number:date-style style:name="isodatetime"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/><number:text> </number:text><number:hours number:style="long"/><number:text>:</number:text><number:minutes number:style="long"/></number:date-style>
 </office:styles>
 <office:automatic-styles>
  <number:boolean-style style:name="truth"><number:boolean/></number:boolean-style>
  <style:style style:name="boolean" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="truth"/>
  <style:style style:name="date" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="isodate"/>
  <style:style style:name="datetime" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="isodatetime"/>
  <style:text-properties style:name="bold" fo:font-weight="bold"/>
  <style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
 </office:automatic-styles>
 <office:body><office:spreadsheet>
"""

FODS_FEATURES = FODS_HEAD + """
  <table:table table:name="Data">
   <table:table-row><table:table-cell office:value-type="string"><text:p>kind</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>value</text:p></table:table-cell></table:table-row>
   <table:table-row><table:table-cell office:value-type="string"><text:p>rich</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p><text:span text:style-name="T1">bold</text:span> and plain</text:p></table:table-cell></table:table-row>
   <table:table-row><table:table-cell office:value-type="string"><text:p>text</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Grüße &amp; &lt;tags&gt;, 東京</text:p></table:table-cell></table:table-row>
   <table:table-row><table:table-cell office:value-type="string"><text:p>number</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="1.5"><text:p>1.5</text:p></table:table-cell></table:table-row>
   <table:table-row><table:table-cell office:value-type="string"><text:p>boolean</text:p></table:table-cell><table:table-cell table:style-name="boolean" office:value-type="boolean" office:boolean-value="true"><text:p>TRUE</text:p></table:table-cell></table:table-row>
   <table:table-row><table:table-cell office:value-type="string"><text:p>formula</text:p></table:table-cell><table:table-cell table:formula="of:=1+2" office:value-type="float" office:value="3"><text:p>3</text:p></table:table-cell></table:table-row>
   <table:table-row><table:table-cell office:value-type="string"><text:p>formula text</text:p></table:table-cell><table:table-cell table:formula="of:=CONCATENATE(&quot;a&quot;;&quot;b&quot;)" office:value-type="string" office:string-value="ab"><text:p>ab</text:p></table:table-cell></table:table-row>
   <table:table-row><table:table-cell office:value-type="string"><text:p>error</text:p></table:table-cell><table:table-cell table:formula="of:=NA()"><text:p>#N/A</text:p></table:table-cell></table:table-row>
   <table:table-row><table:table-cell office:value-type="string"><text:p>date</text:p></table:table-cell><table:table-cell table:style-name="date" office:value-type="date" office:date-value="2024-02-29"><text:p>2024-02-29</text:p></table:table-cell></table:table-row>
   <table:table-row><table:table-cell office:value-type="string"><text:p>datetime</text:p></table:table-cell><table:table-cell table:style-name="datetime" office:value-type="date" office:date-value="2024-02-29T12:30:00"><text:p>2024-02-29 12:30</text:p></table:table-cell></table:table-row>
   <table:table-row><table:table-cell office:value-type="string"><text:p>two lines</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>first</text:p><text:p>second</text:p></table:table-cell></table:table-row>
   <table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>
   <table:table-row><table:table-cell table:number-columns-repeated="3"/><table:table-cell office:value-type="string"><text:p>far</text:p></table:table-cell></table:table-row>
  </table:table>
  <table:table table:name="Second">
   <table:table-row><table:table-cell office:value-type="string"><text:p>second</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="-0.5"><text:p>-0.5</text:p></table:table-cell></table:table-row>
  </table:table>
 </office:spreadsheet></office:body>
</office:document>
"""

FODS_1904 = FODS_HEAD.replace("<office:body><office:spreadsheet>", """<office:body><office:spreadsheet>
  <table:calculation-settings><table:null-date table:date-value="1904-01-01"/></table:calculation-settings>""") + """
  <table:table table:name="Mac">
   <table:table-row><table:table-cell table:style-name="date" office:value-type="date" office:date-value="2024-02-29"><text:p>2024-02-29</text:p></table:table-cell></table:table-row>
   <table:table-row><table:table-cell table:style-name="datetime" office:value-type="date" office:date-value="1999-12-31T23:59:00"><text:p>1999-12-31 23:59</text:p></table:table-cell></table:table-row>
  </table:table>
 </office:spreadsheet></office:body>
</office:document>
"""


def libreoffice_fixtures() -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        print("make_fixtures: soffice not found, LibreOffice fixtures skipped", file=sys.stderr)
        return
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        (work / "libreoffice_features.fods").write_text(FODS_FEATURES, encoding="utf-8")
        (work / "libreoffice_1904.fods").write_text(FODS_1904, encoding="utf-8")
        for name in ("libreoffice_features", "libreoffice_1904"):
            subprocess.run([soffice, f"-env:UserInstallation=file://{work}/profile", "--headless",
                            "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(work),
                            str(work / f"{name}.fods")], check=True, capture_output=True, timeout=180)
            shutil.copy(work / f"{name}.xlsx", OUT / f"{name}.xlsx")
    expect("libreoffice_features", [
        ["kind", "value"], ["rich", "bold and plain"], ["text", "Grüße & <tags>, 東京"], ["number", "1.5"],
        ["boolean", "TRUE"], ["formula", "3"], ["formula text", "ab"], ["error", "#N/A"],
        ["date", "2024-02-29"], ["datetime", "2024-02-29T12:30:00"], ["two lines", "first\nsecond"],
        [], [], ["", "", "", "far"]])
    expect("libreoffice_features", [["second", "-0.5"]], sheet="Second")
    expect("libreoffice_1904", [["2024-02-29"], ["1999-12-31T23:59:00"]])


# ---------------------------------------------------------------------------------------------
# Crafted packages: what the writers above never produce on request

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

CONTENT_TYPES = DECL + """<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
</Types>"""


def rels(*links: tuple[str, str, str]) -> str:
    body = "".join(f'<Relationship Id="{i}" Type="{NS_REL}/{t}" Target="{target}"/>' for i, t, target in links)
    return DECL + f'<Relationships xmlns="{NS_PKG}">{body}</Relationships>'


def write_package(path: Path, parts: dict[str, str], method=zipfile.ZIP_DEFLATED, zip64: bool = False) -> None:
    with zipfile.ZipFile(path, "w", compression=method) as archive:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 2, 29, 12, 0, 0))
            info.compress_type = method
            with archive.open(info, "w", force_zip64=zip64) as entry:
                entry.write(text.encode("utf-8"))


def write_zip64_sized_package(path: Path, parts: dict[str, str], deflated: bool) -> None:
    """A zip whose every entry gives its sizes as ZIP64 does past 4 GiB: 0xFFFFFFFF in the
    headers and the real sizes in a ZIP64 extra field (zipfile only does that for big files)."""
    import struct
    import zlib
    body, directory = b"", b""
    for name, text in parts.items():
        data = text.encode("utf-8")
        stored = zlib.compress(data)[2:-4] if deflated else data  # raw deflate: no zlib header
        crc, method = zlib.crc32(data), (8 if deflated else 0)
        extra = struct.pack("<HHQQ", 1, 16, len(data), len(stored))
        encoded = name.encode()
        local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, method, 0, 0x5821, crc, 0xFFFFFFFF, 0xFFFFFFFF,
                            len(encoded), len(extra))
        directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, method, 0, 0x5821, crc, 0xFFFFFFFF,
                                 0xFFFFFFFF, len(encoded), len(extra), 0, 0, 0, 0, len(body)) + encoded + extra
        body += local + encoded + extra + stored
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), len(directory), len(body), 0)
    path.write_bytes(body + directory + end)


def simple_package(sheet_xml: str, strings_xml: str | None = None, styles_xml: str | None = None,
                   workbook_extra: str = "") -> dict[str, str]:
    links = [("rId1", "worksheet", "worksheets/sheet1.xml")]
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": rels(("rId1", "officeDocument", "xl/workbook.xml")),
        "xl/workbook.xml": DECL + f'<workbook xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">{workbook_extra}'
                                  '<sheets><sheet name="Sheet" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    if strings_xml is not None:
        links.append(("rId2", "sharedStrings", "sharedStrings.xml"))
        parts["xl/sharedStrings.xml"] = strings_xml
    if styles_xml is not None:
        links.append(("rId3", "styles", "styles.xml"))
        parts["xl/styles.xml"] = styles_xml
    parts["xl/_rels/workbook.xml.rels"] = rels(*links)
    return parts


def crafted_fixtures() -> None:
    # Structure: absolute and relative targets, parts named like nothing Excel writes, the
    # workbook's sheet order unlike the part names, a prefixed namespace, a strict one.
    strings = DECL + f"""<sst xmlns="{NS_MAIN}" count="999999999" uniqueCount="999999999">
<si><t>plain</t></si>
<si><r><rPr><b/></rPr><t>rich</t></r><r><t xml:space="preserve"> text</t></r><rPh sb="0" eb="1"><t>ふりがな</t></rPh><phoneticPr fontId="1"/></si>
<si><t>CR_x000D_LF_x000A_ and _x005F_x000D_ and _xD83D__xDE00_</t></si>
<si><t xml:space="preserve">  spaced  </t></si>
<si><t>&amp;&lt;&gt;&quot;&apos; &#x263A; &#13;</t></si>
</sst>"""
    styles = DECL + f"""<styleSheet xmlns="{NS_MAIN}">
<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/><numFmt numFmtId="165" formatCode="&quot;day&quot;\\ 0"/><numFmt numFmtId="166" formatCode="[$-409]h:mm\\ AM/PM;@"/></numFmts>
<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="14"/><xf numFmtId="166"/></cellXfs>
</styleSheet>"""
    main_sheet = DECL + f"""<x:worksheet xmlns:x="{NS_MAIN}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">
<x:dimension ref="A1:B2"/>
<x:sheetData>
<x:row><x:c t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c><x:c t="s"><x:v>2</x:v></x:c></x:row>
<x:row r="3"><x:c r="B3" t="s"><x:v>3</x:v></x:c><x:c r="D3" t="s"><x:v>4</x:v></x:c></x:row>
<x:row><x:c t="inlineStr"><x:is><x:r><x:t>in</x:t></x:r><x:r><x:t>line</x:t></x:r><x:rPh><x:t>no</x:t></x:rPh></x:is></x:c><x:c t="str"><x:f>A1</x:f><x:v>str_x0021_</x:v></x:c><x:c t="d"><x:v>2024-02-29T08:00:00</x:v></x:c><x:c t="e"><x:v>#DIV/0!</x:v></x:c><x:c t="b"><x:v>1</x:v></x:c></x:row>
<x:row r="6"><x:c><x:v>1.5E3</x:v></x:c><x:c><x:v>-0</x:v></x:c><x:c><x:v>+5</x:v></x:c><x:c><x:v>1e-7</x:v></x:c><x:c><x:f>1/0</x:f></x:c><x:c><x:v></x:v></x:c><x:c s="1"/><x:c><x:v>0.30000000000000004</x:v></x:c></x:row>
<x:row r="7"><x:c s="1"><x:v>60</x:v></x:c><x:c s="1"><x:v>59</x:v></x:c><x:c s="1"><x:v>61</x:v></x:c><x:c s="3"><x:v>0.75</x:v></x:c><x:c s="2"><x:v>12</x:v></x:c><x:c s="4"><x:v>45351.5</x:v></x:c><x:c s="1"><x:v>-1</x:v></x:c><x:c s="99"><x:v>7</x:v></x:c></x:row>
<x:row r="9" spans="1:3"><x:c r="C9" s="1"/></x:row>
<x:row r="10"><x:c r="A10" t="s"><x:v>0</x:v></x:c></x:row>
<x:row r="11"/>
</x:sheetData>
<mc:AlternateContent><mc:Choice Requires="x14"/></mc:AlternateContent>
</x:worksheet>"""
    other_sheet = DECL + f"""<worksheet xmlns="{NS_STRICT}"><sheetData>
<row r="2"><c r="B2"><v>2</v></c></row>
</sheetData></worksheet>"""
    workbook = DECL + f"""<workbook xmlns="{NS_MAIN}" xmlns:rel="{NS_REL}">
<workbookPr/><sheets><sheet name="Other" sheetId="2" rel:id="rId3"/><sheet name="Main" sheetId="1" rel:id="rId7"/></sheets></workbook>"""
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": rels(("rId1", "officeDocument", "/custom/book.xml")),
        "custom/book.xml": workbook,
        "custom/_rels/book.xml.rels": rels(("rId7", "worksheet", "../sheets/./main.xml"),
                                           ("rId3", "worksheet", "/sheets/other.xml"),
                                           ("rId9", "sharedStrings", "strings.xml"),
                                           ("rId8", "styles", "style.xml")),
        "sheets/main.xml": main_sheet,
        "sheets/other.xml": other_sheet,
        "custom/strings.xml": strings,
        "custom/style.xml": styles,
    }
    write_package(OUT / "crafted_structure.xlsx", parts)
    expect("crafted_structure", [[], ["", "2"]])  # the first sheet in workbook order is "Other"
    expect("crafted_structure", [
        ["plain", "rich text", "CR\rLF\n and _x000D_ and 😀"],
        [],
        ["", "  spaced  ", "", "&<>\"' ☺ \r"],
        ["inline", "str!", "2024-02-29T08:00:00", "#DIV/0!", "TRUE"],
        [],
        ["1500", "0", "5", "0.0000001", "", "", "", "0.30000000000000004"],
        ["1900-02-29", "1900-02-28", "1900-03-01", "18:00:00", "12", "2024-02-29T12:00:00", "-1", "7"],
        [], [],
        ["plain"],
    ], sheet="Main")

    # The same small sheet as ZIP64 entries, and as stored (uncompressed) entries.
    sheet = DECL + f'<worksheet xmlns="{NS_MAIN}"><sheetData><row r="1"><c r="A1"><v>64</v></c>' \
                   f'<c r="B1" t="inlineStr"><is><t>zip64</t></is></c></row></sheetData></worksheet>'
    write_package(OUT / "crafted_zip64.xlsx", simple_package(sheet), zip64=True)
    expect("crafted_zip64", [["64", "zip64"]])
    sheet = sheet.replace("zip64", "stored")
    write_package(OUT / "crafted_stored.xlsx", simple_package(sheet), method=zipfile.ZIP_STORED)
    expect("crafted_stored", [["64", "stored"]])

    # ZIP64 as a sheet past 4 GiB has it: 0xFFFFFFFF sizes in the directory, the real ones in
    # the ZIP64 extra field. Debian's minizip misreads those (see zip_archive.hpp), so these
    # two small ones keep the reader's own path for such entries tested.
    sheet = DECL + f'<worksheet xmlns="{NS_MAIN}"><sheetData><row r="1"><c r="A1"><v>4294967296</v></c>' \
                   f'<c r="B1" t="inlineStr"><is><t>past 4 GiB</t></is></c></row></sheetData></worksheet>'
    for method in ("stored", "deflated"):
        write_zip64_sized_package(OUT / f"crafted_zip64_sizes_{method}.xlsx", simple_package(sheet), method == "deflated")
        expect(f"crafted_zip64_sizes_{method}", [["4294967296", "past 4 GiB"]])

    # A 32,767-character string (Excel's longest), shared by five cells.
    long_text = ("0123456789abcdef" * 2048)[:32767]
    strings = DECL + f'<sst xmlns="{NS_MAIN}"><si><t>{long_text}</t></si></sst>'
    cells = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in range(1, 6))
    sheet = DECL + f'<worksheet xmlns="{NS_MAIN}"><sheetData>{cells}</sheetData></worksheet>'
    write_package(OUT / "crafted_long_shared.xlsx", simple_package(sheet, strings))
    expect("crafted_long_shared", [[long_text]] * 5)


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    openpyxl_fixtures()
    xlsxwriter_fixtures()
    crafted_fixtures()
    libreoffice_fixtures()
