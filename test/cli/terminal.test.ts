import { writeFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GRAPH, scratch } from './runSupport.ts';
import { terminalLines, weftInPty } from './terminalSupport.ts';

/**
 * `weft run` as a person sees it in a terminal: the live progress block never grows past the screen, so a
 * long batch leaves its summary and notices in the scrollback and nothing else; TERM=dumb and NO_COLOR
 * are honoured.
 */

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function batchDir(rows: readonly string[]): Promise<string> {
  const dir = await scratch();
  dirs.push(dir);
  await writeFile(path.join(dir, 'rows.csv'), ['prompt.text', ...rows].join('\n'));
  return dir;
}

const ESC = '\x1b';
const env = { PATH: process.env.PATH ?? '' };

describe('progress in a terminal', { timeout: 120_000 }, () => {
  it('a 200-row batch in a 30-line terminal leaves at most 40 lines: a counter and the rows in flight, then a summary that fits', async () => {
    const dir = await batchDir(Array.from({ length: 200 }, (_, i) => `"A fox, take ${i + 1}"`));
    const result = await weftInPty(['run', GRAPH, '--simulator', '--batch', 'rows.csv', '--concurrency', 'runcomfy=32'], dir, env);
    expect(result.code, result.raw.slice(-2000)).toBe(0);
    expect(result.lines.length, result.lines.join('\n')).toBeLessThanOrEqual(40);
    // The live block showed the counter and rows in flight while it ran…
    expect(result.raw).toMatch(/\d+\/200 rows finished · \d+ in flight/);
    expect(result.raw).toMatch(/ {2}row \d+ · Veo 3\.1: /);
    // …and the terminal keeps the totals, and a table cut to the screen that says where the rest is.
    const kept = result.lines.join('\n');
    expect(kept).toContain('Total: 200 rows: 200 done · 200 jobs submitted, 0 cached');
    expect(kept).toMatch(/… \d+ more rows +200 done|… \d+ more rows +\d+ done/);
    expect(kept).toContain('(every one: --json)');
  });

  it('TERM=dumb gets plain lines, no cursor movement', async () => {
    const dir = await batchDir(['A heron', 'An owl']);
    const result = await weftInPty(['run', GRAPH, '--simulator', '--batch', 'rows.csv'], dir, { ...env, TERM: 'dumb' });
    expect(result.code, result.raw).toBe(0);
    expect(result.raw).not.toContain(ESC);
    expect(result.raw).toMatch(/row 1 · Veo 3\.1: submitted job /);
  });

  it('colours the failure count on a terminal, and not under NO_COLOR', async () => {
    const rows = ['A heron [sim:fail]', 'An owl'];
    const coloured = await weftInPty(['run', GRAPH, '--simulator', '--batch', 'rows.csv'], await batchDir(rows), env);
    expect(coloured.code).toBe(1);
    expect(coloured.raw).toContain(`${ESC}[31m1 failed${ESC}[0m`);
    const plain = await weftInPty(['run', GRAPH, '--simulator', '--batch', 'rows.csv'], await batchDir(rows), { ...env, NO_COLOR: '1' });
    expect(plain.code).toBe(1);
    expect(plain.raw).toContain('1 failed');
    expect(plain.raw).not.toContain(`${ESC}[31m`);
  });
});

describe('the screen model', () => {
  it('keeps what scrolled off, and what was redrawn in place once', async () => {
    const lines = await terminalLines('a\r\nb\r\n\x1b[2A\r\x1b[0Jc\r\n', 3, 20);
    expect(lines).toEqual(['c']);
    expect(await terminalLines('1\r\n2\r\n3\r\n4\r\n5\r\n', 3, 20)).toEqual(['1', '2', '3', '4', '5']);
  });
});
