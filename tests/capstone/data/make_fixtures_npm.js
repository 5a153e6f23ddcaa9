// Writes the fixtures of npm's writers, exceljs and SheetJS (the "xlsx" package), with their
// expected CSVs. Run by make_fixtures.sh from a scratch directory holding node_modules:
//
//   NODE_PATH=scratch/node_modules node make_fixtures_npm.js good/
//
// As in make_fixtures.py, the expected grids are written by hand from what each writer was
// told to store, with the same CSV rules (RFC 4180 quoting, "\n", rows padded to the widest).
"use strict";

const fs = require("fs");
const path = require("path");
const ExcelJS = require("exceljs");
const XLSX = require("xlsx");

const out = process.argv[2] || "good";

function csvField(text) {
  return /[,"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function expect(name, grid, sheet) {
  const rows = grid.map((row) => {
    const trimmed = row.slice();
    while (trimmed.length && trimmed[trimmed.length - 1] === "") trimmed.pop();
    return trimmed;
  });
  while (rows.length && rows[rows.length - 1].length === 0) rows.pop();
  const width = Math.max(0, ...rows.map((row) => row.length));
  const text = rows
    .map((row) => row.concat(Array(width - row.length).fill("")).map(csvField).join(",") + "\n")
    .join("");
  fs.writeFileSync(path.join(out, `${name}${sheet ? "." + sheet : ""}.csv`), text);
}

// exceljs: rich text, formulas with results, errors, dates, hyperlinks, and a workbook whose
// tab order (orderNo) differs from its part names: sheet2.xml is the first sheet.
async function exceljsFixture() {
  const book = new ExcelJS.Workbook();
  const data = book.addWorksheet("Data");
  const summary = book.addWorksheet("Summary");
  data.orderNo = 1;
  summary.orderNo = 0;
  const grid = [];
  const rows = [
    [["kind", "value"], ["kind", "value"]],
    [["rich", { richText: [{ font: { bold: true }, text: "bold" }, { text: " and plain" }] }], ["rich", "bold and plain"]],
    [["formula", { formula: "1+2", result: 3 }], ["formula", "3"]],
    [["formula text", { formula: 'CONCATENATE("a","b")', result: "ab" }], ["formula text", "ab"]],
    [["error", { error: "#N/A" }], ["error", "#N/A"]],
    [["date", new Date(Date.UTC(2024, 1, 29))], ["date", "2024-02-29"]],
    [["datetime", new Date(Date.UTC(2024, 1, 29, 12, 30))], ["datetime", "2024-02-29T12:30:00"]],
    [["boolean", true], ["boolean", "TRUE"]],
    [["link", { text: "example", hyperlink: "https://example.com" }], ["link", "example"]],
    [["number", 1234.5678], ["number", "1234.5678"]],
    [["text", "Zürich; «quotes» \"and\", commas"], ["text", "Zürich; «quotes» \"and\", commas"]],
  ];
  for (const [values, expected] of rows) {
    data.addRow(values);
    grid.push(expected);
  }
  data.getCell("F14").value = "far";
  grid.push([], [], ["", "", "", "", "", "far"]);
  summary.getCell("A1").value = "summary first";
  summary.getCell("B1").value = 1;
  await book.xlsx.writeFile(path.join(out, "exceljs_features.xlsx"));
  expect("exceljs_features", [["summary first", "1"]]);
  expect("exceljs_features", grid, "Data");
}

// SheetJS: strings as t="str" without a shared table by default, or shared with bookSST;
// dates as serial numbers with a date format; error cells.
function sheetjsFixtures() {
  const rows = [
    ["kind", "value"],
    ["text", "Ñandú, 東京"],
    ["number", 0.1],
    ["boolean", false],
    ["date", new Date(Date.UTC(2024, 1, 29))],
    ["leading zeros", "007"],
  ];
  const expected = [
    ["kind", "value"],
    ["text", "Ñandú, 東京"],
    ["number", "0.1"],
    ["boolean", "FALSE"],
    ["date", "2024-02-29"],
    ["leading zeros", "007"],
    ["error", "#DIV/0!"],
  ];
  for (const shared of [false, true]) {
    const sheet = XLSX.utils.aoa_to_sheet(rows, { cellDates: true, UTC: true });
    sheet["A7"] = { t: "s", v: "error" };
    sheet["B7"] = { t: "e", v: 0x07 };  // #DIV/0!
    sheet["!ref"] = "A1:B7";
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, sheet, "Sheet JS");
    const name = shared ? "sheetjs_shared" : "sheetjs_features";
    XLSX.writeFile(book, path.join(out, `${name}.xlsx`), { bookSST: shared, compression: true });
    expect(name, expected);
  }
}

(async () => {
  fs.mkdirSync(out, { recursive: true });
  await exceljsFixture();
  sheetjsFixtures();
})().catch((problem) => {
  console.error(problem);
  process.exit(1);
});
