#!/usr/bin/python3
"""Writes the malformed fixtures: each must make `importer dump` fail with a one-line error.

    /usr/bin/python3 make_malformed.py good/ bad/

Each bad/NAME.xlsx comes with bad/NAME.error: text the error message must contain. Needs only
the standard library (zipfile, zlib); a few start from a good fixture.
"""
from __future__ import annotations

import sys
import zipfile
from pathlib import Path

from make_fixtures import DECL, NS_MAIN, simple_package, write_package

GOOD = Path(sys.argv[1] if len(sys.argv) > 1 else "good")
BAD = Path(sys.argv[2] if len(sys.argv) > 2 else "bad")


def sheet(rows: str, head: str = "") -> str:
    return DECL + head + f'<worksheet xmlns="{NS_MAIN}"><sheetData>{rows}</sheetData></worksheet>'


def bad(name: str, expected_error: str, data: bytes | None = None, parts: dict[str, str] | None = None,
        **options) -> None:
    path = BAD / f"{name}.xlsx"
    if data is not None:
        path.write_bytes(data)
    else:
        write_package(path, parts, **options)
    (BAD / f"{name}.error").write_text(expected_error + "\n", encoding="utf-8")


def main() -> None:
    BAD.mkdir(parents=True, exist_ok=True)
    good = (GOOD / "xlsxwriter_features.xlsx").read_bytes()
    one_row = '<row r="1"><c r="A1" t="inlineStr"><is><t>hello world</t></is></c></row>'

    bad("not_a_zip", "not a zip archive", data=b"name,category\nCafe Muller,Restaurant\n")
    bad("empty", "empty file", data=b"")
    bad("legacy_xls", "OLE compound file", data=bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504))
    bad("truncated", "truncated or damaged zip archive", data=good[: len(good) * 2 // 3])

    # A stored (uncompressed) sheet with one byte changed: still well-formed XML, so only the
    # CRC, checked when the entry ends, can tell.
    write_package(BAD / "corrupted_crc.xlsx", simple_package(sheet(one_row)), method=zipfile.ZIP_STORED)
    data = bytearray((BAD / "corrupted_crc.xlsx").read_bytes())
    data[data.index(b"hello world")] = ord("j")
    bad("corrupted_crc", "CRC mismatch", data=bytes(data))

    # The same through the reader's own ZIP64 path (sizes only in the ZIP64 extra field).
    data = bytearray((GOOD / "crafted_zip64_sizes_stored.xlsx").read_bytes())
    data[data.index(b"past 4 GiB")] = ord("P")
    bad("corrupted_crc_zip64", "CRC mismatch", data=bytes(data))

    # A deflated sheet with its compressed bytes damaged in the middle.
    filler = "".join(f'<row r="{r}"><c r="A{r}"><v>{r * 7919 % 1000}</v></c></row>' for r in range(1, 400))
    write_package(BAD / "corrupt_deflate.xlsx", simple_package(sheet(filler)))
    data = bytearray((BAD / "corrupt_deflate.xlsx").read_bytes())
    with zipfile.ZipFile(BAD / "corrupt_deflate.xlsx") as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start + 40, start + 60):
        data[offset] ^= 0x55
    bad("corrupt_deflate", "fails to inflate", data=bytes(data))

    parts = simple_package(sheet(one_row))
    del parts["xl/workbook.xml"]
    bad("missing_workbook", "the workbook part is missing", parts=parts)

    parts = simple_package(sheet(one_row))
    del parts["_rels/.rels"]
    bad("missing_package_rels", "no package relationships", parts=parts)

    parts = simple_package(sheet(one_row))
    del parts["xl/worksheets/sheet1.xml"]
    bad("missing_sheet", "xl/worksheets/sheet1.xml: part is missing", parts=parts)

    bad("bad_xml", "xl/worksheets/sheet1.xml:3:28: malformed XML: mismatched tag", parts=simple_package(
        DECL + f'<worksheet xmlns="{NS_MAIN}"><sheetData>\n<row r="1"><c r="A1"><v>1</c></row>'
               '</sheetData></worksheet>'))

    laughs = '<!DOCTYPE worksheet [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">' + "".join(
        f'<!ENTITY {chr(99 + i)} "{("&" + chr(98 + i) + ";") * 10}">' for i in range(8)) + "]>\n"
    bad("billion_laughs", "DTD refused", parts=simple_package(
        sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>&j;</t></is></c></row>', head=laughs)))

    # 64 MiB of spaces deflate to about 64 KiB: over a thousand to one.
    padding = " " * (64 << 20)
    bad("zip_bomb", "times its compressed size", parts=simple_package(sheet(one_row + padding)))

    strings = DECL + f'<sst xmlns="{NS_MAIN}" count="1" uniqueCount="1"><si><t>only</t></si></sst>'
    bad("shared_string_out_of_range", "shared string index 5 out of range", parts=simple_package(
        sheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>5</v></c></row>'), strings))

    bad("row_beyond_limit", "beyond Excel's limit of 1048576 rows", parts=simple_package(
        sheet('<row r="1048577"><c r="A1048577"><v>1</v></c></row>')))
    bad("column_beyond_limit", "beyond Excel's limits", parts=simple_package(
        sheet('<row r="1"><c r="XFE1"><v>1</v></c></row>')))
    bad("rows_out_of_order", "rows must be in ascending order", parts=simple_package(
        sheet('<row r="5"><c r="A5"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>')))
    bad("not_a_number", "is not a number", parts=simple_package(
        sheet('<row r="1"><c r="A1"><v>twelve</v></c></row>')))
    bad("deep_nesting", "nested deeper than", parts=simple_package(
        sheet('<row r="1"><c r="A1"><v>1</v></c></row>' + "<x>" * 300 + "</x>" * 300)))



if __name__ == "__main__":
    main()
