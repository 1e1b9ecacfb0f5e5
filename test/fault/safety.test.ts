import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { png } from '../support/png.ts';
import { startFaultProvider } from './fakeProvider/index.ts';
import { expectState, filesContaining } from './harness/expectations.ts';
import { bothProviders, graphFile, localImageToVideo, rcImage, save, text, writeScenario } from './harness/graphs.ts';
import { describeExit, KEYS, providerEnv, spawnWeft, type WeftExit } from './harness/weftProcess.ts';
import { openWorkspace } from './harness/workspace.ts';

/**
 * Issue 19, "also found", as seen from outside `weft run`: keys never printed or stored even when a
 * provider echoes them; control characters from graphs and providers never reach the terminal; a graph
 * cannot send a file outside its folder without `--allow-files`; a request that never left is `failed`.
 */

const ECHO = (key: string) => `upstream rejected the call: Authorization: Bearer ${key} (trace 7f3a)`;

async function expectNoKeys(exits: readonly WeftExit[], dirs: readonly string[], story: string): Promise<void> {
  for (const key of Object.values(KEYS)) {
    exits.forEach((exit, i) => {
      expect(exit.stdout.includes(key), `run ${i + 1} printed the ${key.slice(0, 2) === 'rc' ? 'RunComfy' : 'RunningHub'} key on stdout — ${story}`).toBe(false);
      expect(exit.stderr.includes(key), `run ${i + 1} printed the ${key.slice(0, 2) === 'rc' ? 'RunComfy' : 'RunningHub'} key on stderr — ${story}`).toBe(false);
    });
    for (const dir of dirs) {
      const leaked = await filesContaining(dir, key);
      expect(leaked.map((f) => path.relative(path.dirname(dir), f)), `files holding a key — ${story}`).toEqual([]);
    }
  }
}

describe.concurrent('secrets: a key a provider echoes is never printed, emitted or stored', { timeout: 120_000 }, () => {
  it('a failed job whose message echoes "Authorization: Bearer <key>", with --json and without', async () => {
    const ws = await openWorkspace(bothProviders('secrets echo'), { durations: { image: 800, video: 800 }, planJob: ({ provider }) => ({ outcome: { fail: ECHO(KEYS[provider]) } }) });
    try {
      const json = await ws.run();
      const plain = await ws.run([], { json: false });
      expectState(json, 'img', 'failed', 'the RunComfy job failed');
      await expectNoKeys([json, plain], [ws.state, ws.out], 'each job failed with a message echoing the Authorization header');
    } finally {
      await ws.close();
    }
  });

  it('an unknown status string that contains the key, with --json and without', async () => {
    const ws = await openWorkspace(bothProviders('secrets status'), { durations: { image: 1500, video: 1500 }, planJob: ({ provider }) => ({ runningStatus: `warming-${KEYS[provider]}` }) });
    try {
      const json = await ws.run();
      expectState(json, 'img', 'done', 'the job reported an unknown status holding the key, then finished');
      const plain = await ws.run(['--no-cache'], { json: false });
      await expectNoKeys([json, plain], [ws.state, ws.out], 'while running, each job reported a status string holding the key');
    } finally {
      await ws.close();
    }
  });
});

/** C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides and isolates. */
function hasControl(line: string): boolean {
  return [...line].some((ch) => {
    const c = ch.codePointAt(0)!;
    return (c < 0x20 && c !== 0x09 && c !== 0x0a) || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
  });
}
const HOSTILE = '\u001b]0;pwned\u0007\u001b[2J\u001b[1A\u202eevil\u009b31m';

function expectCleanTerminal(exit: WeftExit, story: string): void {
  for (const [stream, text] of [['stdout', exit.stdout], ['stderr', exit.stderr]] as const) {
    const line = text.split('\n').find(hasControl);
    expect(line === undefined ? undefined : JSON.stringify(line), `a control character reached ${stream} — ${story}`).toBeUndefined();
  }
}

describe.concurrent('terminal safety: control characters in graphs and provider messages never reach the terminal', { timeout: 120_000 }, () => {
  it('node titles and a provider failure message full of escape sequences', async () => {
    const ws = await openWorkspace(bothProviders('terminal', { image: `Image ${HOSTILE}`, video: `Video ${HOSTILE}` }), {
      durations: { image: 800, video: 800 },
      planJob: ({ provider }) => (provider === 'runninghub' ? { outcome: { fail: `render failed ${HOSTILE}` } } : {}),
    });
    try {
      const run = await ws.run([], { json: false });
      expectCleanTerminal(run, 'titles and a failure message carried ESC, BEL, CSI and the right-to-left override');
    } finally {
      await ws.close();
    }
  });

  it('a node type this Weft does not have, named with escape sequences (refused, exit 2)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'weft-fault-'));
    const fake = await startFaultProvider({ keys: KEYS });
    try {
      const graph = graphFile('hostile type', [text('p', 'x'), { ...rcImage('img'), type: `runcomfy/${HOSTILE}/text-to-image` }, save('s', 'x-{index}')], [{ from: ['p', 'text'], to: ['img', 'prompt'] }]);
      await writeScenario(dir, { name: 'hostile-type', graph, files: {}, jobs: [] });
      const run = await spawnWeft(['graph.weft.json'], { cwd: dir, env: providerEnv(fake.url) }).done;
      expect(run.code, describeExit(run)).toBe(2);
      expectCleanTerminal(run, 'the graph named a node type holding ESC, BEL, CSI and the right-to-left override');
    } finally {
      await fake.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe.concurrent('local files: a graph cannot send a file outside its folder on its own', { timeout: 120_000 }, () => {
  /** `<root>/secret.png` beside `<root>/project/graph.weft.json` naming it by `url`. */
  async function project(url: (root: string) => string) {
    const root = await mkdtemp(path.join(tmpdir(), 'weft-fault-'));
    const secret = png(1, 2, 3);
    await writeFile(path.join(root, 'secret.png'), secret);
    const dir = path.join(root, 'project');
    await mkdir(dir);
    await writeScenario(dir, localImageToVideo('local files', url(root)));
    const fake = await startFaultProvider({ keys: KEYS, durations: { video: 800 } });
    const sent = () => fake.ledger.requests.filter((r) => r.body.includes(secret) || r.body.includes(secret.toString('base64')));
    const run = (extra: string[] = []) => spawnWeft(['graph.weft.json', '--json', ...extra], { cwd: dir, env: providerEnv(fake.url) }).done;
    return { root, fake, sent, run, close: async () => (await fake.close(), await rm(root, { recursive: true, force: true })) };
  }

  for (const [what, url] of [
    ['../secret.png', () => '../secret.png'],
    ['an absolute path', (root: string) => path.join(root, 'secret.png')],
  ] as const) {
    it(`a graph naming ${what} is refused without --allow-files, and runs with it`, async () => {
      const p = await project(url);
      try {
        const refused = await p.run();
        expect(p.sent().map((r) => `${r.kind} ${r.path}`), `the file's bytes reached the provider — the graph named ${what}`).toEqual([]);
        expect(refused.code, `the graph named ${what}; weft run should refuse it: ${describeExit(refused)}`).not.toBe(0);
        expect(refused.stdout + refused.stderr, 'the refusal should say how to allow it').toContain('--allow-files');
        const allowed = await p.run(['--allow-files', p.root]);
        expectState(allowed, 'vid', 'done', `the graph named ${what}, run with --allow-files ${p.root}`);
      } finally {
        await p.close();
      }
    });
  }

  it('the same path given on the command line with --set needs no --allow-files', async () => {
    const p = await project(() => 'inside.png');
    try {
      const run = await p.run(['--set', `ref.url=${path.join(p.root, 'secret.png')}`]);
      expectState(run, 'vid', 'done', 'the file outside the folder was given with --set');
    } finally {
      await p.close();
    }
  });
});

describe('a request that never left this machine is failed, not unknown', { timeout: 120_000 }, () => {
  it('a key with a character outside Latin-1 (’) sends nothing: the node fails, or the run refuses the key, with the reason', async () => {
    const ws = await openWorkspace(bothProviders('latin-1'));
    try {
      const env = providerEnv(ws.fake.url, { ...KEYS, runcomfy: 'rc-fault-key’s-3c1f9a7e' });
      for (const attempt of ['first', 'second']) {
        const run = await ws.run([], { env });
        const story = `RUNCOMFY_API_KEY holds ’, ${attempt} run`;
        expect(ws.fake.ledger.requests.filter((r) => r.provider === 'runcomfy').length, `a RunComfy request arrived — ${story}`).toBe(0);
        // Either the node fails with its reason, or the run refuses the key before starting, naming it.
        if (run.nodes.size > 0) expectState(run, 'img', 'failed', story);
        else expect(run.code !== 0 && run.stderr.includes('RUNCOMFY_API_KEY'), `the run neither failed the node nor refused the key by name — ${story}: ${describeExit(run)}`).toBe(true);
      }
    } finally {
      await ws.close();
    }
  });
});
