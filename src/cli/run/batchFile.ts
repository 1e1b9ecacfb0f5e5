import { readFile, stat } from 'node:fs/promises';
import { CsvError, parse } from 'csv-parse/sync';
import { UsageError } from '../usageError.ts';

/**
 * `--batch <file>`: one run per row, read strictly before anything is spent — a file that could be read
 * two ways is refused with its line number, never guessed at. CSV (RFC 4180 through csv-parse: a header
 * of `<node>.<field>` columns, quoted cells with `""` and line breaks, a BOM, `,` `;` or tab between
 * cells as the header uses) or JSON lines (one object per line with `<node>.<field>` keys). Empty cells
 * and missing keys leave the graph's value as it is.
 */

/** One row: its 1-based number among the rows, the line it starts on, and its cells by column. */
export interface BatchRow {
  number: number;
  line: number;
  cells: Record<string, unknown>;
}

const MAX_BATCH_BYTES = 10 * 1024 * 1024;
const MAX_ROWS = 10_000;

/** The cell separator the header line uses: `,`, else `;` or a tab (spreadsheets in many locales write `;`). */
export function detectDelimiter(text: string): ',' | ';' | '\t' {
  let quoted = false;
  const seen = { ',': 0, ';': 0, '\t': 0 };
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && (c === ',' || c === ';' || c === '\t')) seen[c]++;
  }
  return seen[','] > 0 ? ',' : seen[';'] > 0 ? ';' : seen['\t'] > 0 ? '\t' : ',';
}

/** csv-parse's refusal in words a person can act on, with the line. */
function csvProblem(error: CsvError): string {
  const line = (error as CsvError & { lines?: number }).lines;
  const at = line !== undefined ? `line ${line}: ` : '';
  switch (error.code) {
    case 'CSV_INVALID_CLOSING_QUOTE':
      return `${at}text follows a quoted cell's closing quote; inside quotes, write a quote as "" (for example "say ""hi""")`;
    case 'INVALID_OPENING_QUOTE':
      return `${at}a quote inside a cell that does not start with one; quote the whole cell and double the quote (for example "say ""hi""")`;
    case 'CSV_QUOTE_NOT_CLOSED':
      return `${at}a quoted cell is never closed`;
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH': {
      const [, expected, got] = /expect (\d+), got (\d+)/.exec(error.message) ?? [];
      return `${at}${got ?? 'a different number of'} cells, but the header has ${expected ?? 'another number of'} columns (quote a cell that contains the separator)`;
    }
    default:
      return `${at}${error.message}`;
  }
}

/** The CSV's records, each with the line it starts on; throws a message with the line for anything ambiguous. */
export function parseCsv(text: string): { line: number; cells: string[] }[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      delimiter: detectDelimiter(text.replace(/^\ufeff/, '')),
      // Any line ending, even mixed in one file: never a line break read as part of a cell.
      record_delimiter: ['\r\n', '\n', '\r'],
      info: true,
      skip_empty_lines: true,
      relax_column_count: false,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    if (error instanceof CsvError) throw new Error(csvProblem(error), { cause: error });
    throw error;
  }
  return records
    .map(({ record, info }) => ({ line: info.lines - record.reduce((n, cell) => n + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0), cells: record }))
    .filter((r) => r.cells.some((cell) => cell.trim() !== ''));
}

function rowsFromCsv(text: string): BatchRow[] {
  const [header, ...records] = parseCsv(text);
  if (!header) throw new Error('it has no header line');
  const columns = header.cells.map((h) => h.trim());
  const unnamed = columns.findIndex((c) => c === '');
  if (unnamed >= 0) throw new Error(`line ${header.line}: column ${unnamed + 1} has no name (columns are <node>.<field>)`);
  const dup = columns.find((c, i) => columns.indexOf(c) !== i);
  if (dup) throw new Error(`line ${header.line}: column "${dup}" appears twice`);
  return records.map((record, i) => {
    const cells: Record<string, unknown> = {};
    columns.forEach((column, c) => {
      const cell = record.cells[c];
      if (cell !== undefined && cell !== '') cells[column] = cell;
    });
    return { number: i + 1, line: record.line, cells };
  });
}

function rowsFromJsonLines(text: string): BatchRow[] {
  const rows: BatchRow[] = [];
  text.replace(/^\ufeff/, '').split(/\r?\n/).forEach((line, index) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new Error(`line ${index + 1} is not JSON (${error instanceof Error ? error.message : String(error)})`, { cause: error });
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`line ${index + 1} is not a JSON object`);
    const cells: Record<string, unknown> = {};
    for (const [key, cell] of Object.entries(value)) if (cell !== null && cell !== '') cells[key] = cell;
    rows.push({ number: rows.length + 1, line: index + 1, cells });
  });
  return rows;
}

/** Reads a batch file: `.jsonl`/`.ndjson` (or text starting with `{`) as JSON lines, anything else as CSV. Refusals are UsageErrors (exit 2). */
export async function readBatchFile(file: string): Promise<{ rows: BatchRow[]; text: string }> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new UsageError(`--batch: cannot read ${file}`);
  if (info.size > MAX_BATCH_BYTES) throw new UsageError(`--batch: ${file} is larger than 10 MB`);
  const text = await readFile(file, 'utf8');
  const jsonLines = /\.(jsonl|ndjson)$/i.test(file) || text.replace(/^\ufeff/, '').trimStart().startsWith('{');
  let rows: BatchRow[];
  try {
    rows = jsonLines ? rowsFromJsonLines(text) : rowsFromCsv(text);
  } catch (error) {
    throw new UsageError(`--batch: ${file}: ${(error as Error).message}`, { cause: error });
  }
  if (rows.length === 0) throw new UsageError(`--batch: ${file} has no rows`);
  if (rows.length > MAX_ROWS) throw new UsageError(`--batch: ${file} has ${rows.length} rows; the limit is ${MAX_ROWS}`);
  return { rows, text };
}
