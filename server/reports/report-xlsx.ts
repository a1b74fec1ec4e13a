// The anonymised per-duo rows as an XLSX workbook (write-excel-file): the same table as the CSV, numbers as
// numbers, and every text cell typed as a string, so a value that looks like a formula is shown, never run.
import writeExcelFile from 'write-excel-file/node';
import type { Locale } from '../../src/lib/shared/codes.ts';
import type { ProgrammeReport } from '../../src/lib/shared/reports/figures.ts';
import { reportTable } from './report-table.ts';

export async function reportXlsx(r: ProgrammeReport, locale: Locale): Promise<Buffer> {
  const [header, ...rows] = reportTable(r, locale);
  const data = [
    header.map((h) => ({ value: String(h), type: String, fontWeight: 'bold' as const })),
    ...rows.map((row) => row.map((v) => (typeof v === 'number' ? { value: v, type: Number } : { value: v ?? '', type: String })))
  ];
  return writeExcelFile(data, { stickyRowsCount: 1 }).toBuffer();
}
