import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `weft run` as a child process (bin/weft.js, exactly what a user runs), pointed at the fault provider
 * through RUNCOMFY_BASE_URL / RUNNINGHUB_BASE_URL with test keys and nothing else from this environment.
 * `kill()` is SIGKILL: no handler runs, nothing is flushed — the crash a power cut or an OOM killer makes.
 */

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = path.join(ROOT, 'bin/weft.js');

/** The keys `weft run` is given; no output, state or saved file may ever contain them. */
export const KEYS = { runcomfy: 'rc-fault-key-3c1f9a7e5b2d4c6a', runninghub: 'rh-fault-key-8e4b2a6c9d1f3e5b' } as const;

export function providerEnv(url: string, keys: { runcomfy: string; runninghub: string } = KEYS): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', RUNCOMFY_API_KEY: keys.runcomfy, RUNNINGHUB_API_KEY: keys.runninghub, RUNCOMFY_BASE_URL: url, RUNNINGHUB_BASE_URL: url };
}

/** One node's end as `weft run --json` reports it in its summary line. */
export interface NodeEnd {
  state: string;
  error?: { class?: string; message?: string };
  jobId?: string | null;
  files?: string[];
}

export interface WeftExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Ended by our SIGKILL. */
  killed: boolean;
  stdout: string;
  stderr: string;
  /** From the `--json` summary line: node id (`node/rN` for batch row N) → its end. Empty without one. */
  nodes: Map<string, NodeEnd>;
}

export interface WeftChild {
  pid: number;
  done: Promise<WeftExit>;
  /** SIGKILL, resolved once the process is gone. */
  kill(): Promise<void>;
  stdout(): string;
  stderr(): string;
}

export interface SpawnOptions {
  cwd: string;
  env: Record<string, string>;
  /** Node flags before bin/weft.js (e.g. `--expose-gc`). */
  nodeArgs?: string[];
}

export function spawnWeft(args: readonly string[], options: SpawnOptions): WeftChild {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, 'run', ...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let killed = false;
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<WeftExit>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, killed, stdout, stderr, nodes: nodeEnds(stdout) }));
  });
  return {
    pid: child.pid!,
    done,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        killed = true;
        child.kill('SIGKILL');
      }
      await done;
    },
    stdout: () => stdout,
    stderr: () => stderr,
  };
}

/** Node ends from the last `{"type":"summary",…}` line of `--json` output. */
export function nodeEnds(stdout: string): Map<string, NodeEnd> {
  const ends = new Map<string, NodeEnd>();
  const line = stdout
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{"type":"summary"'));
  if (!line) return ends;
  const summary = JSON.parse(line) as { runs?: { row?: number; nodes?: ({ node: string } & NodeEnd)[] }[] };
  for (const run of summary.runs ?? []) {
    for (const n of run.nodes ?? []) ends.set(run.row === undefined ? n.node : `${n.node}/r${run.row}`, n);
  }
  return ends;
}

/** A short account of a run for failure messages: its exit, its nodes that did not end done, or stderr's end. */
export function describeExit(exit: WeftExit): string {
  const how = exit.killed ? 'killed' : `exit ${exit.code ?? exit.signal}`;
  const notDone = [...exit.nodes].filter(([, e]) => e.state !== 'done' && e.state !== 'cached');
  if (notDone.length) return `${how}: ${notDone.map(([id, e]) => `${id} ${e.state}${e.error?.message && e.state !== 'skipped' ? ` (${e.error.message})` : ''}`).join('; ')}`;
  const tail = exit.nodes.size ? [] : exit.stderr.trim().split('\n').slice(-3);
  return `${how}${tail.length ? `: ${tail.join(' / ')}` : ''}`;
}
