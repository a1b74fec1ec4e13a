// CSV as spreadsheets open it: UTF-8 with a byte-order mark, CRLF, RFC 4180 quoting, and cells that a
// spreadsheet would run as a formula prefixed with a quote (people's text never becomes a formula).
export type CsvValue = string | number | null;

export function csvCell(value: CsvValue): string {
  let v = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvDocument(rows: CsvValue[][]): string {
  return '\ufeff' + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
