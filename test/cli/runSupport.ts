import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SimCall } from '../../src/server/simulator/index.ts';

/** Runs the real `weft` command as a child process, in a scratch copy of the headless example. */

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(ROOT, 'bin/weft.js');
export const EXAMPLE = path.join(ROOT, 'examples/headless');
export const GRAPH = 'veo-reference.weft.json';
export const VEO = 'google-deepmind/veo-3-1/reference-to-video';

/** Keys the CLI is given in these tests; no file it writes may contain them. */
export const RUNCOMFY_KEY = 'rc-test-key-5f1d2c9e7a4b8c3d';
export const RUNNINGHUB_KEY = 'rh-test-key-9a8b7c6d5e4f3a2b';

/** A fresh folder holding the example graph and its three images. */
export async function scratch(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'weft-run-'));
  await cp(EXAMPLE, dir, { recursive: true });
  return dir;
}

/** Provider settings pointing both providers at a simulator with test keys (nothing else from the environment). */
export function simEnv(url: string, keys = true): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    ...(keys ? { RUNCOMFY_API_KEY: RUNCOMFY_KEY, RUNNINGHUB_API_KEY: RUNNINGHUB_KEY } : {}),
    RUNCOMFY_BASE_URL: url,
    RUNNINGHUB_BASE_URL: url,
  };
}

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts `weft <args>` in `cwd`; `child` is there to signal it, `done` resolves when it exits. */
export function start(args: string[], cwd: string, env: Record<string, string>): { child: ChildProcess; done: Promise<Result>; stdout: () => string } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Result>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, done, stdout: () => stdout };
}

export function weft(args: string[], cwd: string, env: Record<string, string>): Promise<Result> {
  return start(args, cwd, env).done;
}

/** Submits the simulator saw (RunComfy and RunningHub). */
export function submits(calls: readonly SimCall[]): SimCall[] {
  return calls.filter((c) => c.call === 'submit');
}

/** Every file under `dir`, recursively. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** Files under `dir` whose bytes contain either test key. */
export async function filesWithKeys(dir: string): Promise<string[]> {
  const hits: string[] = [];
  for (const file of await filesUnder(dir)) {
    const bytes = await readFile(file);
    if (bytes.includes(RUNCOMFY_KEY) || bytes.includes(RUNNINGHUB_KEY)) hits.push(path.relative(dir, file));
  }
  return hits;
}

/** Waits until `predicate` holds for the text so far (polling every 20 ms), or fails after `ms`. */
export async function waitFor(read: () => string, predicate: (text: string) => boolean, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!predicate(read())) {
    if (Date.now() > until) throw new Error(`timed out waiting; output so far:\n${read()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
