import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkLocalFile, readLocalFile } from '../../src/node/localFile.ts';
import { startSimulator, type RunningSimulator } from '../../src/server/simulator/index.ts';
import { EXAMPLE, GRAPH, simEnv, submits, weft } from './runSupport.ts';

/**
 * RELIABILITY promise 19: a shared graph cannot reach outside its folder. Its local paths resolve inside
 * the graph's folder; an absolute path, a `../` escape or a symlink leading out is refused before anything
 * is spent (exit 2, naming node and path) unless `--allow-files` names the folder; a path typed with
 * `--set` is the user's own and may lie anywhere.
 */

let root: string;
let graphDir: string;
let outside: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'weft-files-'));
  graphDir = path.join(root, 'shared');
  outside = path.join(root, 'private');
  await mkdir(graphDir);
  await mkdir(outside);
  for (const f of ['woman.png', 'market.png', 'dog.png']) await copyFile(path.join(EXAMPLE, f), path.join(graphDir, f));
  await copyFile(path.join(EXAMPLE, 'woman.png'), path.join(outside, 'secret.png'));
  await symlink(path.join(outside, 'secret.png'), path.join(graphDir, 'innocent.png'));
  await symlink(path.join(graphDir, 'woman.png'), path.join(graphDir, 'alias.png'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('checkLocalFile with a folder rule', () => {
  const access = () => ({ roots: [graphDir] });

  it('reads a file inside the folder, and a symlink that stays inside', async () => {
    expect((await checkLocalFile('woman.png', graphDir, access())).file).toBe(path.join(graphDir, 'woman.png'));
    expect((await readLocalFile('alias.png', graphDir, access())).name).toBe('alias.png');
  });

  it('refuses ../ escapes, absolute paths, file: URLs and symlinks that lead out', async () => {
    for (const ref of ['../private/secret.png', path.join(outside, 'secret.png'), `file://${path.join(outside, 'secret.png')}`]) {
      await expect(checkLocalFile(ref, graphDir, access())).rejects.toThrow(/is outside the graph's folder.*--allow-files <dir>/);
    }
    await expect(readLocalFile('innocent.png', graphDir, access())).rejects.toThrow(`"innocent.png" is outside the graph's folder (it leads to ${path.join(outside, 'secret.png')})`);
  });

  it('allows a folder named by --allow-files, and a path the user typed anywhere', async () => {
    expect((await checkLocalFile('innocent.png', graphDir, { roots: [graphDir, outside] })).file).toBe(path.join(outside, 'secret.png'));
    const typed = path.join(outside, 'secret.png');
    expect((await checkLocalFile(typed, graphDir, { roots: [graphDir], trusted: new Set([typed]) })).file).toBe(typed);
  });
});

describe('weft run and weft validate with a graph that reaches out', { timeout: 60_000 }, () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ host: '127.0.0.1', port: 0, timing: 'fast' });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.simulator.reset());

  /** The example graph in the shared folder, with the Woman node's path replaced. */
  async function sharedGraph(womanPath: string): Promise<string> {
    const graph = JSON.parse(await readFile(path.join(EXAMPLE, GRAPH), 'utf8')) as { nodes: { id: string; values: Record<string, unknown> }[] };
    graph.nodes.find((n) => n.id === 'woman')!.values.url = womanPath;
    const name = `g-${Math.random().toString(36).slice(2)}.weft.json`;
    await writeFile(path.join(graphDir, name), JSON.stringify(graph, null, 2));
    return name;
  }

  it('refuses a ../ path and a symlink escape with exit 2 before any call, naming node and path', async () => {
    for (const ref of ['../private/secret.png', 'innocent.png']) {
      const graph = await sharedGraph(ref);
      const result = await weft(['run', graph, '--out', path.join(root, 'out')], graphDir, simEnv(sim.url));
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(`names local files it may not read:\n  woman ("Woman").url: "${ref}" is outside the graph's folder`);
      expect(sim.simulator.calls()).toEqual([]);
    }
  });

  it('runs it with --allow-files naming the folder, or with the path given by --set', async () => {
    const graph = await sharedGraph('../private/secret.png');
    const allowed = await weft(['run', graph, '--allow-files', outside, '--out', path.join(root, 'out-1')], graphDir, simEnv(sim.url));
    expect(allowed.code, allowed.stderr).toBe(0);
    const typed = await weft(['run', graph, '--set', `woman.url=${path.join(outside, 'secret.png')}`, '--no-cache', '--out', path.join(root, 'out-2')], graphDir, simEnv(sim.url));
    expect(typed.code, typed.stderr).toBe(0);
    expect(submits(sim.simulator.calls())).toHaveLength(2);
  });

  it('weft validate says the same: exit 1 with the refused path at its line', async () => {
    const graph = await sharedGraph('../private/secret.png');
    const result = await weft(['validate', graph], graphDir, simEnv(sim.url));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`^${graph.replace('.', '\\.')}:\\d+:\\d+: error: woman \\("Woman"\\)\\.url: "\\.\\./private/secret\\.png" is outside the graph's folder.*\\[local-file\\]$`, 'm'));
    expect((await weft(['validate', graph, '--allow-files', outside], graphDir, simEnv(sim.url))).code).toBe(0);
  });
});
