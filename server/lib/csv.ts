/**
 * CSV in and out for imports and exports. Spreadsheets are the main source and target, so the reader
 * takes what Excel writes (German Excel: semicolons; BOM or none; CRLF) and the writer produces what
 * Excel opens correctly (BOM, CRLF) and guards against formula injection.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { ImportProblem } from '../../common/api/contracts.js';

export type CsvSeparator = ',' | ';' | '\t';

/** Larger files are refused before any row is looked at: they would hold a transaction for too long. */
export const MAX_IMPORT_ROWS = 50_000;

const BOM = '\uFEFF';

/** The separator used most often in the header line (outside quotes) wins; a comma when there is none. */
export function detectSeparator(text: string): CsvSeparator {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const char of text.startsWith(BOM) ? text.slice(1) : text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && char in counts) counts[char as CsvSeparator] += 1;
  }
  const [best] = (Object.entries(counts) as [CsvSeparator, number][]).sort((a, b) => b[1] - a[1]);
  return best && best[1] > 0 ? best[0] : ',';
}

// A cell a spreadsheet would run as a formula. The export prefixes it with an apostrophe (OWASP advice)
// and the import removes that prefix again, so that exports round-trip.
const FORMULA_START = /^[=+\-@\t\r]/;

function guardFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

function unguardFormula(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}

/** A CSV file with a header line, starting with a BOM so that Excel reads it as UTF-8. */
export function writeCsv(header: string[], rows: (string | number | null)[][], separator: CsvSeparator = ','): string {
  const cells = rows.map((row) => row.map((cell) => (typeof cell === 'string' ? guardFormula(cell) : (cell ?? ''))));
  return BOM + stringify([header, ...cells], { delimiter: separator, record_delimiter: 'windows' });
}

/** Every row of the file, including the header, as trimmed cells. Throws csv-parse's error on broken quoting. */
function readRows(text: string): string[][] {
  return parse(text, {
    bom: true,
    delimiter: detectSeparator(text),
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
  }) as string[][];
}

export interface ImportRecord<F extends string> {
  /** The row number a spreadsheet shows: the header is row 1, the first data row is row 2. */
  row: number;
  values: Partial<Record<F, string>>;
}

export interface ImportTable<F extends string> {
  /** Fields whose column is in the file; a field whose column is absent is left unchanged on update. */
  columns: ReadonlySet<F>;
  /** The header of each present field as the file writes it ("E-Mail"), for problems to name the column. */
  headers: ReadonlyMap<F, string>;
  records: ImportRecord<F>[];
  /** Problems of the file as a whole (broken quoting, missing columns); rows are not checked then. */
  problems: ImportProblem[];
}

/** "E-Mail", " e_mail", "Start Datum" → "e_mail", "e_mail", "start_datum". */
function normaliseHeader(cell: string): string {
  return cell
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/**
 * Reads an import file against its known columns. `aliases` names the accepted headers (normalised:
 * lower case, spaces and hyphens as underscores) per field; unknown columns are ignored, so an export
 * with extra columns imports as it is. Blank rows are skipped but still counted for row numbers.
 */
export function readImportTable<F extends string>(
  text: string,
  aliases: Record<F, readonly string[]>,
  required: readonly F[],
): ImportTable<F> {
  let rows: string[][];
  try {
    rows = readRows(text);
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return {
      columns: new Set(),
      headers: new Map(),
      records: [],
      problems: [
        {
          row: line,
          field: '',
          code: 'malformed_csv',
          message: `The file is not valid CSV near line ${line}: ${(error as Error).message}`,
          params: { line },
        },
      ],
    };
  }
  const [header, ...data] = rows;
  if (!header || header.every((cell) => cell.trim() === '')) {
    return {
      columns: new Set(),
      headers: new Map(),
      records: [],
      problems: [{ row: 1, field: '', code: 'empty_file', message: 'The file is empty.' }],
    };
  }

  const byHeader = new Map<string, F>();
  for (const [field, names] of Object.entries(aliases) as [F, readonly string[]][]) {
    for (const name of names) byHeader.set(name, field);
  }
  const positions = new Map<F, number>();
  const headers = new Map<F, string>();
  header.forEach((cell, index) => {
    const field = byHeader.get(normaliseHeader(cell));
    if (field && !positions.has(field)) {
      positions.set(field, index);
      headers.set(field, cell.trim());
    }
  });
  const problems: ImportProblem[] = required
    .filter((field) => !positions.has(field))
    .map((field) => ({
      row: 1,
      field,
      code: 'missing_column',
      message: `The header has no "${field}" column (accepted names: ${aliases[field].join(', ')}).`,
      params: { column: field, accepted: aliases[field].join(', ') },
    }));
  if (problems.length > 0) return { columns: new Set(positions.keys()), headers, records: [], problems };

  const records: ImportRecord<F>[] = [];
  data.forEach((cells, index) => {
    if (cells.every((cell) => cell.trim() === '')) return;
    const values: Partial<Record<F, string>> = {};
    for (const [field, position] of positions) values[field] = unguardFormula((cells[position] ?? '').trim());
    records.push({ row: index + 2, values });
  });
  return { columns: new Set(positions.keys()), headers, records, problems: [] };
}

/**
 * Names each row problem's column as the file writes it (params.column), so that the person fixing the
 * file finds it; problems of the file as a whole and those that already name a column stay as they are.
 */
export function nameProblemColumns<F extends string>(problems: ImportProblem[], headers: ReadonlyMap<F, string>) {
  for (const problem of problems) {
    if (!problem.field || problem.params?.column !== undefined) continue;
    problem.params = { column: headers.get(problem.field as F) ?? problem.field, ...problem.params };
  }
}

/** `YYYY-MM-DD` or German `D.M.YYYY` to an ISO date; null when it is neither or no real day. */
export function parseImportDate(value: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value);
  const parts = iso ? [iso[1], iso[2], iso[3]] : german ? [german[3], german[2], german[1]] : null;
  if (!parts) return null;
  const [year, month, day] = parts.map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * Whole euros: plain digits (`250000`) or German thousands separators (`250.000`), an optional `€`/`EUR`.
 * A comma is refused: `250,000` is a thousand-separated number in English but 250 in German.
 * Answers null for anything else, decimals included.
 */
export function parseWholeEuros(value: string): number | null {
  const bare = value
    .replace(/\s*(€|eur)$/i, '')
    .replace(/[\s\u00a0]/g, '')
    .trim();
  if (/^\d+$/.test(bare)) return Number(bare);
  if (/^\d{1,3}(\.\d{3})+$/.test(bare)) return Number(bare.replaceAll('.', ''));
  return null;
}

/**
 * Splits a list into consecutive chunks, for the multi-row statements of an import, which must stay
 * under the parameter limits (SQLite: 32,766 variables; PostgreSQL: 65,535).
 */
export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
