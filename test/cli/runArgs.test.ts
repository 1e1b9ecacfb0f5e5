import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv, readBatchFile } from '../../src/cli/run/batchFile.ts';
import { parseSet } from '../../src/cli/run/overrides.ts';
import { parseDuration, parseRunArgs } from '../../src/cli/run/runArgs.ts';

/** The pieces of `weft run` that read what people type: options, durations, --set, batch files. */

describe('weft run arguments', () => {
  it('reads durations like 90s, 10m, 1h30m and bare seconds, and refuses anything else', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1500ms')).toBe(1500);
    expect(parseDuration('45')).toBe(45_000);
    expect(() => parseDuration('soon')).toThrow('--timeout takes a duration like 90s, 10m or 1h30m, not "soon"');
    expect(() => parseDuration('0s')).toThrow('longer than zero');
  });

  it('collects repeated --set and --concurrency, with defaults for the folders', () => {
    const args = parseRunArgs(['g.json', '--set', 'a.b=1', '--set=c.d=x=y', '--concurrency', 'runcomfy=2', '--timeout=2m', '--json']);
    expect(args).toMatchObject({ graph: 'g.json', sets: ['a.b=1', 'c.d=x=y'], concurrency: { runcomfy: 2 }, timeoutMs: 120_000, json: true, out: 'weft-out', state: '.weft' });
    expect(() => parseRunArgs(['g.json', '--concurrency', 'runcomfy'])).toThrow('--concurrency takes <provider>=<1-100>');
    expect(() => parseRunArgs(['a.json', 'b.json'])).toThrow('too many arguments');
    expect(() => parseRunArgs(['g.json', '--resume', '--no-cache'])).toThrow('cannot be combined with --no-cache');
  });

  it('splits --set at the first "=" and the last dot before it, so titles may contain dots', () => {
    expect(parseSet('Veo 3.1.resolution=1080p')).toEqual({ node: 'Veo 3.1', field: 'resolution', raw: '1080p', origin: '--set' });
    expect(parseSet('prompt.text=a=b.c')).toMatchObject({ node: 'prompt', field: 'text', raw: 'a=b.c' });
    expect(() => parseSet('resolution=1080p')).toThrow('--set takes <node>.<field>=<value>, not "resolution=1080p"');
  });
});

describe('batch files', () => {
  it('reads CSV with quoted commas, doubled quotes, line breaks inside quotes and CRLF', () => {
    expect(parseCsv('a.b,c.d\r\n"x, y","say ""hi"""\r\n"two\nlines",z\n\n')).toEqual([['a.b', 'c.d'], ['x, y', 'say "hi"'], ['two\nlines', 'z']]);
    expect(() => parseCsv('a.b\n"open')).toThrow('a quoted field is not closed');
  });

  it('reads JSON lines and CSV files into numbered rows, leaving empty cells out', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'weft-batch-'));
    try {
      await writeFile(path.join(dir, 'rows.jsonl'), '{"prompt.text":"a fox","veo.duration":8}\n\n{"prompt.text":"an owl","veo.duration":null}\n');
      expect((await readBatchFile(path.join(dir, 'rows.jsonl'))).rows).toEqual([
        { number: 1, cells: { 'prompt.text': 'a fox', 'veo.duration': 8 } },
        { number: 2, cells: { 'prompt.text': 'an owl' } },
      ]);
      await writeFile(path.join(dir, 'rows.csv'), 'prompt.text,veo.resolution\na fox,\n');
      expect((await readBatchFile(path.join(dir, 'rows.csv'))).rows).toEqual([{ number: 1, cells: { 'prompt.text': 'a fox' } }]);
      await writeFile(path.join(dir, 'bad.jsonl'), '{"a.b":1}\n[1]\n');
      await expect(readBatchFile(path.join(dir, 'bad.jsonl'))).rejects.toThrow('line 2 is not a JSON object');
      await writeFile(path.join(dir, 'empty.csv'), 'prompt.text\n');
      await expect(readBatchFile(path.join(dir, 'empty.csv'))).rejects.toThrow('has no rows');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
