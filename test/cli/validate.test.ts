import { copyFile, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/command.ts';
import { main } from '../../src/cli/main.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/graphs/', import.meta.url));

/** Runs `weft validate …` in-process from the fixtures folder, capturing what it prints. */
async function validate(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), cwd: FIXTURES };
  const code = await main(['validate', ...args], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'weft-validate-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('weft validate', () => {
  it.each([
    ['veo31-reference.weft.json', '(6 nodes, 5 wires)'],
    ['runninghub-reference.weft.json', '(8 nodes, 6 wires)'],
  ])('exits 0 and says %s is valid, against the real templates', async (file, counts) => {
    const result = await validate(file);
    expect(result).toEqual({ code: 0, out: `${file}: valid ${counts}`, err: '' });
  });

  it('exits 0 for a repairable file and prints each warning with file:line:column, path and code', async () => {
    const result = await validate('dangling-edge.weft.json');
    expect(result.code).toBe(0);
    expect(result.out.split('\n')).toEqual([
      'dangling-edge.weft.json:45:37: warning: wire "e4" was dropped: there is no node "gone" (edges[3].from.node) [dangling-edge]',
      'dangling-edge.weft.json:46:96: warning: wire "e5" was dropped: Veo 3.1 reference to video has no input "negative_prompt" (edges[4].to.port) [dangling-edge]',
      'dangling-edge.weft.json:47:5: warning: wire "e6" was dropped: Veo 3.1 reference to video › Images takes image, but Text › text is text (edges[5]) [kind-mismatch]',
      'dangling-edge.weft.json:48:79: warning: wire "e7" was dropped: there is no node "missing" (edges[6].to.node) [dangling-edge]',
      'dangling-edge.weft.json: valid with 4 warnings (4 nodes, 3 wires)',
    ]);
  });

  it('exits 1 for a graph `weft run` refuses, with each reason at its place: a node type this Weft lacks', async () => {
    const result = await validate('unknown-node-type.weft.json');
    expect(result.code).toBe(1);
    expect(result.out.split('\n')).toEqual([
      'unknown-node-type.weft.json:17:15: error: up ("Upscale ×4"): its type acme/super-upscaler is not installed in this Weft (and the file carries no definition of it) (nodes[1].type) [not-installed]',
      'unknown-node-type.weft.json:30:5: error: preview.media: Nothing is wired into Preview. (nodes[2]) [plan]',
      'unknown-node-type.weft.json: cannot run: 2 problems (3 nodes, 2 wires)',
    ]);
  });

  it('exits 1 for a file with a __proto__ key, naming its line', async () => {
    const result = await validate('malicious-proto.weft.json');
    expect(result.code).toBe(1);
    expect(result.out.split('\n')).toEqual([
      'malicious-proto.weft.json:12:9: error: refused: the key "__proto__" is not allowed anywhere in a graph file (nodes[0].values.__proto__) [forbidden-key]',
      'malicious-proto.weft.json: invalid: 1 error',
    ]);
  });

  it('exits 1 for a graph from a newer Weft', async () => {
    await writeFile(join(scratch, 'future.json'), '{"format":"weft.graph","version":2,"name":"x","nodes":[],"edges":[]}');
    const result = await validate(join(scratch, 'future.json'));
    expect(result.code).toBe(1);
    expect(result.out).toContain('error: this graph was saved by a newer Weft (file version 2)');
  });

  it('exits 2 for text that is not JSON, with the line and column of the mistake', async () => {
    await writeFile(join(scratch, 'broken.json'), '{\n  "format": "weft.graph",\n  "version": 1,,\n}');
    const result = await validate(join(scratch, 'broken.json'));
    expect(result.code).toBe(2);
    expect(result.out).toContain(`${join(scratch, 'broken.json')}:3:16: error: not valid JSON: unexpected ",": expected a property name in double quotes [json-syntax]`);
  });

  it('exits 2 for a missing file', async () => {
    const result = await validate('no-such-graph.json');
    expect(result).toEqual({ code: 2, out: '', err: 'weft validate: cannot read no-such-graph.json: no such file' });
  });

  it('exits 2 for a file over 10 MB without reading it', async () => {
    const big = join(scratch, 'big.json');
    await writeFile(big, '');
    await truncate(big, 11 * 1024 * 1024);
    const result = await validate(big);
    expect(result.code).toBe(2);
    expect(result.err).toContain('is too large (11534336 bytes; the limit is 10485760)');
  });

  it('prints the issues as JSON with --json', async () => {
    const result = await validate('unknown-node-type.weft.json', '--json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.out) as { ok: boolean; exitCode: number; problems: { code: string; line: number }[] };
    expect(report).toMatchObject({ ok: false, exitCode: 1, problems: [{ code: 'not-installed', node: 'up', line: 17 }, { code: 'plan', node: 'preview', field: 'media' }] });
  });

  it('--fix updates a drifted node to its current schema, writes the file deterministically, and then it can run', async () => {
    const file = join(scratch, 'drift.weft.json');
    await copyFile(join(FIXTURES, 'schema-drift.weft.json'), file);
    const before = await validate(file);
    expect(before.code).toBe(1);
    expect(before.out).toContain('error: veo.resolution: Resolution must be one of 720p, 1080p; "4k" is not allowed');

    const fixed = await validate(file, '--fix');
    expect(fixed.code, fixed.out).toBe(0);
    expect(fixed.out.split('\n')).toEqual([`${file}: updated to the current schema and written back: veo`, `${file}: valid (3 nodes, 2 wires)`]);
    const text = await readFile(file, 'utf8');
    const veo = (JSON.parse(text) as { nodes: { id: string; schemaHash: string; values: Record<string, unknown> }[] }).nodes.find((n) => n.id === 'veo')!;
    // The removed field and the value no longer allowed are dropped (defaults apply); the rest is kept.
    expect(veo.values).toEqual({ duration: 8 });
    expect(veo.schemaHash).not.toBe('3a1f00c0ffee0001');

    // Nothing left to update: the file is not touched again.
    const again = await validate(file, '--fix');
    expect(again.out.split('\n')[0]).toBe(`${file}: nothing to update`);
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  it('agrees with `weft run` on every fixture graph: valid exactly when a dry run does not refuse it', async () => {
    const graphs = (await readdir(FIXTURES)).filter((f) => f.endsWith('.weft.json'));
    expect(graphs.length).toBeGreaterThan(5);
    for (const graph of graphs) {
      const checked = await validate(graph);
      const err: string[] = [];
      const io: CliIo = { out: () => {}, err: (t) => err.push(t), cwd: FIXTURES, env: {} };
      const ran = await main(['run', graph, '--dry-run', '--simulator', '--state', join(scratch, 'state'), '--out', join(scratch, 'out')], io);
      expect({ graph, runRefused: ran === 2 }, err.join('\n')).toEqual({ graph, runRefused: checked.code !== 0 });
    }
  });

  it('--fix never writes a file it cannot read as a graph', async () => {
    const file = join(scratch, 'broken-fix.json');
    await writeFile(file, '{"format":"weft.graph",');
    expect((await validate(file, '--fix')).code).toBe(2);
    expect(await readFile(file, 'utf8')).toBe('{"format":"weft.graph",');
  });

  it('exits 2 and says what is missing when no file is given', async () => {
    expect(await validate()).toEqual({ code: 2, out: '', err: "weft validate: missing required argument 'graph'\nRun `weft validate --help` for its options." });
  });
});
