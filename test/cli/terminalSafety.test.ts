import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonText, terminalText } from '../../src/cli/terminalText.ts';
import { EXAMPLE, GRAPH, RUNCOMFY_KEY, scratch, weft } from './runSupport.ts';
import { weftInPty } from './terminalSupport.ts';

/**
 * RELIABILITY promise 19, terminal half: titles, type ids, file names and provider messages come from
 * files and servers Weft does not control. No escape sequence, BEL, C1 control or bidi override in them
 * reaches the terminal; JSON output escapes them.
 */

const HOSTILE = 'Veo\x1b]0;pwned\x07 \x1b[2J\u009b31m\u202eevil.exe\u2066x\u2069\r!';
// eslint-disable-next-line no-control-regex -- these look for control characters
const RAW_CONTROLS = new RegExp('[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069\\u2028\\u2029]');
/** What may reach a terminal besides the block's own cursor movement: nothing that sets a title, rings, or reorders text. */
// eslint-disable-next-line no-control-regex -- these look for control characters
const FOREIGN = new RegExp('\\u001b\\]|[\\u0007\\u0080-\\u009f\\u202a-\\u202e\\u2066-\\u2069]');
// eslint-disable-next-line no-control-regex -- these look for control characters
const SEQUENCE = new RegExp('\\u001b\\[[0-9;]*[A-Za-z]', 'g');
// eslint-disable-next-line no-control-regex -- these look for control characters
const OWN_SEQUENCE = new RegExp('^\\u001b\\[(\\d+A|0J|2K|31m|0m)$');

describe('terminalText and jsonText', () => {
  it('drop every control and bidi character and keep the rest of the text', () => {
    expect(terminalText(HOSTILE)).toBe('Veo]0;pwned [2J31mevil.exex!');
    expect(terminalText('two\nlines\tand tab, 猫 🦊 é')).toBe('two\nlines\tand tab, 猫 🦊 é');
  });

  it('keep JSON the same JSON, with those characters escaped', () => {
    const text = jsonText({ title: HOSTILE });
    expect(text).not.toMatch(RAW_CONTROLS);
    expect(text).toContain('\\u202e');
    expect(JSON.parse(text)).toEqual({ title: HOSTILE });
  });
});

describe('weft commands with hostile text', { timeout: 60_000 }, () => {
  let dir: string;
  let provider: Server;
  let providerUrl: string;
  beforeAll(async () => {
    dir = await scratch();
    const graph = JSON.parse(await readFile(path.join(EXAMPLE, GRAPH), 'utf8')) as { nodes: { id: string; title?: string; type: string }[] };
    graph.nodes.find((n) => n.id === 'veo')!.title = HOSTILE;
    await writeFile(path.join(dir, 'hostile.weft.json'), JSON.stringify(graph));
    graph.nodes.find((n) => n.id === 'veo')!.type = `acme/${HOSTILE}`;
    await writeFile(path.join(dir, 'hostile-type.weft.json'), JSON.stringify(graph));
    // A provider whose refusal carries escape sequences.
    provider = createServer((req, res) => {
      req.resume();
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error_code: 400123, error_message: `prompt refused ${HOSTILE}` }));
    });
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    providerUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => provider.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  const env = () => ({ PATH: process.env.PATH ?? '', RUNCOMFY_API_KEY: RUNCOMFY_KEY, RUNCOMFY_BASE_URL: providerUrl });

  it('prints node titles and provider messages without their control characters, in progress, summary and reasons', async () => {
    const result = await weft(['run', 'hostile.weft.json', '--set', 'veo.resolution=720p'], dir, env());
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain('Veo]0;pwned [2J31mevil.exex!');
    expect(result.stdout).toContain('prompt refused Veo]0;pwned');
    expect(result.stdout).not.toMatch(RAW_CONTROLS);
    expect(result.stderr).not.toMatch(RAW_CONTROLS);
  });

  it('draws the live block on a terminal with only its own cursor movement: no OSC, BEL, C1 or bidi from the title', async () => {
    const result = await weftInPty(['run', 'hostile.weft.json', '--simulator', '--state', '.weft-pty', '--out', 'out-pty'], dir, { PATH: process.env.PATH ?? '' });
    expect(result.code, result.raw).toBe(0);
    expect(result.raw).toContain('Veo]0;pwned [2J31mevil.exex!');
    expect(result.raw).not.toMatch(FOREIGN);
    // Every escape sequence left is one the block itself writes: cursor up, erase, colour.
    expect(result.raw.match(SEQUENCE)?.filter((seq) => !OWN_SEQUENCE.test(seq))).toEqual([]);
  });

  it('keeps --json lines valid JSON with the text intact, and no raw control or bidi character', async () => {
    const result = await weft(['run', 'hostile.weft.json', '--json'], dir, env());
    expect(result.stdout).not.toMatch(RAW_CONTROLS);
    const summary = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { runs: { nodes: { title: string; error?: { message: string } }[] }[] };
    const veo = summary.runs[0]!.nodes.find((n) => n.title === HOSTILE);
    expect(veo?.error?.message).toContain(`prompt refused ${HOSTILE}`);
  });

  it('prints a hostile type id, a file name and an argument without their control characters', async () => {
    const refused = await weft(['run', 'hostile-type.weft.json'], dir, env());
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('acme/Veo]0;pwned');
    const badPath = await weft(['run', 'hostile.weft.json', '--set', `woman.url=${HOSTILE}.png`], dir, env());
    expect(badPath.code).toBe(2);
    const badOption = await weft(['run', 'hostile.weft.json', `--${HOSTILE}`], dir, env());
    expect(badOption.code).toBe(2);
    for (const r of [refused, badPath, badOption]) expect(`${r.stdout}${r.stderr}`).not.toMatch(RAW_CONTROLS);
  });
});
