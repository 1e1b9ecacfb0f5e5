import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectDelimiter, parseCsv, readBatchFile } from '../../src/cli/run/batchFile.ts';

/** Batch files are read strictly: anything that could be read two ways is refused with its line, before a job is paid. */

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'weft-batch-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function rowsOf(name: string, text: string) {
  await writeFile(path.join(dir, name), text);
  return (await readBatchFile(path.join(dir, name))).rows;
}

async function refusal(name: string, text: string): Promise<string> {
  await writeFile(path.join(dir, name), text);
  return readBatchFile(path.join(dir, name)).then(
    () => 'read without complaint',
    (error: Error) => error.message,
  );
}

describe('CSV batch files', () => {
  it('reads quoted commas, doubled quotes, line breaks inside quotes and CRLF, with the line each row starts on', () => {
    expect(parseCsv('a.b,c.d\r\n"x, y","say ""hi"""\r\n"two\nlines",z\n\nlast,row\n')).toEqual([
      { line: 1, cells: ['a.b', 'c.d'] },
      { line: 2, cells: ['x, y', 'say "hi"'] },
      { line: 3, cells: ['two\nlines', 'z'] },
      { line: 6, cells: ['last', 'row'] },
    ]);
  });

  it('takes CRLF, LF and CR line endings, even mixed, and never reads a line break into an unquoted cell', () => {
    expect(parseCsv('prompt.text\r\na fox\nan owl\ra heron\r\n').map((r) => r.cells)).toEqual([['prompt.text'], ['a fox'], ['an owl'], ['a heron']]);
  });

  it('skips a byte-order mark, so the first column keeps its name', async () => {
    expect(await rowsOf('bom.csv', '\ufeffprompt.text,veo.resolution\na fox,720p\n')).toEqual([{ number: 1, line: 2, cells: { 'prompt.text': 'a fox', 'veo.resolution': '720p' } }]);
  });

  it('takes ; or tab between cells when the header does (spreadsheets in many locales write ;)', async () => {
    expect(detectDelimiter('a.b;c.d\n1,5;2')).toBe(';');
    expect(detectDelimiter('"a,b";c.d\n')).toBe(';');
    expect(detectDelimiter('a.b\tc.d\n')).toBe('\t');
    expect(detectDelimiter('a.b,c.d;e\n')).toBe(',');
    expect(await rowsOf('semi.csv', 'prompt.text;veo.resolution\n"a fox; running";1080p\n')).toEqual([{ number: 1, line: 2, cells: { 'prompt.text': 'a fox; running', 'veo.resolution': '1080p' } }]);
  });

  it('refuses text after a closing quote ("x"y) instead of reading it as xy, naming the line', async () => {
    expect(await refusal('quote.csv', 'prompt.text,veo.resolution\nok,720p\n"x"y,720p\n')).toMatch(/quote\.csv: line 3: text follows a quoted cell's closing quote/);
    expect(await refusal('stray.csv', 'prompt.text\nsay "hi"\n')).toMatch(/stray\.csv: line 2: a quote inside a cell that does not start with one/);
    expect(await refusal('open.csv', 'prompt.text\n"never closed\n')).toMatch(/open\.csv: line 2: a quoted cell is never closed/);
  });

  it('refuses a row with more or fewer cells than the header, naming its line', async () => {
    expect(await refusal('wide.csv', 'prompt.text,veo.resolution\na fox,720p\nan owl, at night,720p\n')).toMatch(/line 3: 3 cells, but the header has 2 columns/);
    expect(await refusal('narrow.csv', 'prompt.text,veo.resolution\na fox\n')).toMatch(/line 2: 1 cells, but the header has 2 columns/);
    // A header separated by , and rows by ; do not line up.
    expect(await refusal('mixed.csv', 'prompt.text,veo.resolution\na fox;720p\n')).toMatch(/line 2: 1 cells, but the header has 2 columns/);
  });

  it('refuses unnamed and repeated columns, and a file with no rows', async () => {
    expect(await refusal('unnamed.csv', 'prompt.text,\na,b\n')).toMatch(/line 1: column 2 has no name/);
    expect(await refusal('twice.csv', 'prompt.text,prompt.text\na,b\n')).toMatch(/line 1: column "prompt.text" appears twice/);
    expect(await refusal('empty.csv', 'prompt.text,veo.resolution\n\n,\n')).toMatch(/has no rows/);
  });

  it('leaves empty cells out (the graph keeps its value) and skips blank rows', async () => {
    expect(await rowsOf('gaps.csv', 'prompt.text,veo.resolution\na fox,\n,\n"",1080p\n')).toEqual([
      { number: 1, line: 2, cells: { 'prompt.text': 'a fox' } },
      { number: 2, line: 4, cells: { 'veo.resolution': '1080p' } },
    ]);
  });
});

describe('JSON-lines batch files', () => {
  it('reads one object per line, leaving null and empty values out', async () => {
    expect(await rowsOf('rows.jsonl', '{"prompt.text":"a fox","veo.duration":8}\n\n{"prompt.text":"an owl","veo.duration":null}\n')).toEqual([
      { number: 1, line: 1, cells: { 'prompt.text': 'a fox', 'veo.duration': 8 } },
      { number: 2, line: 3, cells: { 'prompt.text': 'an owl' } },
    ]);
  });

  it('refuses a line that is not a JSON object, naming it and why', async () => {
    expect(await refusal('array.jsonl', '{"a.b":1}\n[1]\n')).toMatch(/line 2 is not a JSON object/);
    expect(await refusal('broken.jsonl', '{"a.b":1}\n\n{"a.b": 2,}\n')).toMatch(/line 3 is not JSON \(/);
  });
});
