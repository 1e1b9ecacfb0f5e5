import { readFile, stat } from 'node:fs/promises';

/**
 * `--batch <file>`: one run per row. CSV (a header of `<node>.<field>` columns, RFC 4180 quoting) or JSON
 * lines (one object per line with `<node>.<field>` keys). Empty cells and missing keys leave the graph's
 * value as it is.
 */

/** One row: its 1-based number in the file and its cells by column. */
export interface BatchRow {
  number: number;
  cells: Record<string, unknown>;
}

const MAX_BATCH_BYTES = 10 * 1024 * 1024;
const MAX_ROWS = 10_000;

/** RFC 4180 records: quoted fields with `""` escapes and line breaks, CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new Error('a quoted field is not closed');
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records.filter((r) => r.some((cell) => cell.trim() !== ''));
}

function rowsFromCsv(text: string): BatchRow[] {
  const [header, ...records] = parseCsv(text);
  if (!header) throw new Error('it has no header line');
  const columns = header.map((h) => h.trim());
  const dup = columns.find((c, i) => columns.indexOf(c) !== i);
  if (dup) throw new Error(`column "${dup}" appears twice`);
  return records.map((record, i) => {
    if (record.length > columns.length) throw new Error(`row ${i + 1} has ${record.length} cells but the header has ${columns.length} columns`);
    const cells: Record<string, unknown> = {};
    columns.forEach((column, c) => {
      const cell = record[c];
      if (cell !== undefined && cell !== '') cells[column] = cell;
    });
    return { number: i + 1, cells };
  });
}

function rowsFromJsonLines(text: string): BatchRow[] {
  const rows: BatchRow[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`line ${index + 1} is not JSON`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`line ${index + 1} is not a JSON object`);
    const cells: Record<string, unknown> = {};
    for (const [key, cell] of Object.entries(value)) if (cell !== null && cell !== '') cells[key] = cell;
    rows.push({ number: rows.length + 1, cells });
  });
  return rows;
}

/** Reads a batch file: `.jsonl`/`.ndjson` (or text starting with `{`) as JSON lines, anything else as CSV. */
export async function readBatchFile(file: string): Promise<{ rows: BatchRow[]; text: string }> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new Error(`--batch: cannot read ${file}`);
  if (info.size > MAX_BATCH_BYTES) throw new Error(`--batch: ${file} is larger than 10 MB`);
  const text = await readFile(file, 'utf8');
  const jsonLines = /\.(jsonl|ndjson)$/i.test(file) || text.trimStart().startsWith('{');
  let rows: BatchRow[];
  try {
    rows = jsonLines ? rowsFromJsonLines(text) : rowsFromCsv(text);
  } catch (error) {
    throw new Error(`--batch: ${file}: ${(error as Error).message}`, { cause: error });
  }
  if (rows.length === 0) throw new Error(`--batch: ${file} has no rows`);
  if (rows.length > MAX_ROWS) throw new Error(`--batch: ${file} has ${rows.length} rows; the limit is ${MAX_ROWS}`);
  return { rows, text };
}
