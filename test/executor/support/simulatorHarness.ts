import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { loadTemplates } from '../../../src/cli/loadTemplates.ts';
import { loadGraph } from '../../../src/core/document/loadGraph.ts';
import { createExecutor, type Executor } from '../../../src/core/executor/executor.ts';
import type { Clock, ExecutorDeps, ExecutorEvent, RunOptions, RunSummary } from '../../../src/core/executor/types.ts';
import type { PlanProblem } from '../../../src/core/executor/types.ts';
import type { Graph } from '../../../src/core/model/graph.ts';
import type { NodeTemplate } from '../../../src/core/model/template.ts';
import type { Provider } from '../../../src/core/providers/types.ts';
import { nodeExecutorDeps } from '../../../src/node/executorHost.ts';
import { startSimulator, type RunningSimulator } from '../../../src/server/simulator/index.ts';
import { encodePng } from '../../../src/server/simulator/png.ts';
import type { SimCall } from '../../../src/server/simulator/types.ts';

/**
 * The end-to-end harness: the simulator on loopback, the real adapters configured through
 * `nodeExecutorDeps` (a key in the environment, base URLs pointing at the simulator), folder storage
 * in a temp directory, graphs built as saved files and loaded with `loadGraph` like a user's file.
 */

export const KEY = 'sk-e2e-runcomfy-4c1f9a7b2d8e6031';
export const RH_KEY = 'sk-e2e-runninghub-9e2b7c4d1a6f3085';
export const TIMING = { queueMs: 30, runMs: 60 } as const;
/** Tight polling so jobs of ~100 ms are followed quickly. */
export const FAST_POLL = { baseMs: 10, capMs: 50 } as const;

export const T2I = 'runcomfy/blackforestlabs/flux-2-klein/4b/text-to-image';
export const EDIT = 'runcomfy/google/nano-banana-2-lite/edit';
export const VEO = 'runcomfy/google-deepmind/veo-3-1/reference-to-video';
export const RH_VEO = 'runninghub/rhart-video-v3.1-pro-official/reference-to-video';

let templates: Map<string, NodeTemplate> | undefined;
export async function getTemplates(): Promise<Map<string, NodeTemplate>> {
  templates ??= await loadTemplates();
  return templates;
}
export const getTemplate = (type: string) => templates?.get(type);

export function startSim(): Promise<RunningSimulator> {
  return startSimulator({ port: 0, timing: TIMING, retryAfterSeconds: 0 });
}

// ---- graphs ------------------------------------------------------------------------------------

export interface NodeSpec {
  id: string;
  type: string;
  values?: Record<string, unknown>;
  title?: string;
}
/** `[from, fromPort, to, toPort, index?]` */
export type EdgeSpec = [string, string, string, string, number?];

/** A saved-graph document (plain JSON, with each node's current schema hash). */
export function graphDocument(name: string, nodes: NodeSpec[], edges: EdgeSpec[]): Record<string, unknown> {
  return {
    format: 'weft.graph',
    version: 1,
    name,
    nodes: nodes.map((n, i) => ({
      id: n.id,
      type: n.type,
      ...(n.title ? { title: n.title } : {}),
      ...(getTemplate(n.type) ? { schemaHash: getTemplate(n.type)!.schemaHash } : {}),
      position: { x: 300 * (i % 4), y: 200 * Math.floor(i / 4) },
      values: n.values ?? {},
    })),
    edges: edges.map(([from, fromPort, to, toPort, index], i) => ({ id: `e${i + 1}`, from: { node: from, port: fromPort }, to: { node: to, port: toPort }, ...(index !== undefined ? { index } : {}) })),
  };
}

/** Loads a document through `loadGraph`, as a user's file is; fails the test on any error or warning. */
export function load(document: unknown): Graph {
  const result = loadGraph(JSON.stringify(document), getTemplate);
  if (!result.ok) throw new Error(`graph did not load: ${result.errors.map((e) => e.message).join('; ')}`);
  expect(result.warnings.map((w) => w.message)).toEqual([]);
  return result.graph;
}

export function graph(name: string, nodes: NodeSpec[], edges: EdgeSpec[]): Graph {
  return load(graphDocument(name, nodes, edges));
}

export const text = (id: string, value: string): NodeSpec => ({ id, type: 'weft/text', values: { text: value } });

// ---- a test's world ----------------------------------------------------------------------------

export interface World {
  root: string;
  stateDir: string;
  outDir: string;
  inputsDir: string;
  env: Record<string, string>;
  /** Executor deps as the CLI would build them, plus the test's tight timing. */
  deps(extra?: Partial<ExecutorDeps>): ExecutorDeps;
  executor(extra?: Partial<ExecutorDeps>): Executor;
  dispose(): Promise<void>;
}

export async function makeWorld(sim: RunningSimulator): Promise<World> {
  const root = await mkdtemp(path.join(tmpdir(), 'weft-e2e-'));
  const stateDir = path.join(root, 'state');
  const outDir = path.join(root, 'out');
  const inputsDir = path.join(root, 'inputs');
  await mkdir(inputsDir, { recursive: true });
  const env = { RUNCOMFY_API_KEY: KEY, RUNCOMFY_BASE_URL: sim.url, RUNNINGHUB_API_KEY: RH_KEY, RUNNINGHUB_BASE_URL: sim.url };
  const deps = (extra: Partial<ExecutorDeps> = {}): ExecutorDeps => ({
    ...nodeExecutorDeps({ env, cwd: inputsDir, stateDir, outDir, getTemplate }),
    poll: FAST_POLL,
    ...extra,
  });
  return {
    root,
    stateDir,
    outDir,
    inputsDir,
    env,
    deps,
    executor: (extra) => createExecutor(deps(extra)),
    dispose: () => rm(root, { recursive: true, force: true }),
  };
}

export type Finished = RunSummary & { problems: PlanProblem[] };

export interface Ran {
  summary: Finished;
  events: ExecutorEvent[];
}

/** Runs a graph to the end, collecting events; `onEvent` sees each as it happens. */
export async function run(executor: Executor, g: Graph, options: RunOptions = {}, onEvent?: (event: ExecutorEvent, cancel: () => void) => void): Promise<Ran> {
  const events: ExecutorEvent[] = [];
  let cancel = () => {};
  const handle = executor.run(g, { graphName: g.name, ...options }, (event) => {
    events.push(event);
    onEvent?.(event, cancel);
  });
  cancel = () => handle.cancel();
  const summary = await handle.done;
  expect(summary.problems).toEqual([]);
  return { summary, events };
}

export function eventsOf<T extends ExecutorEvent['type']>(events: ExecutorEvent[], type: T, nodeId?: string): Extract<ExecutorEvent, { type: T }>[] {
  return events.filter((e): e is Extract<ExecutorEvent, { type: T }> => e.type === type && (nodeId === undefined || ('nodeId' in e && e.nodeId === nodeId)));
}

// ---- what the simulator saw --------------------------------------------------------------------

/** Provider calls (no media downloads), optionally of one kind. */
export function providerCalls(sim: RunningSimulator, call?: SimCall['call']): SimCall[] {
  return sim.simulator.calls().filter((c) => (c.provider === 'runcomfy' || c.provider === 'runninghub') && (!call || c.call === call));
}

/** Accepted submits (a job was created), with the job id the simulator gave. */
export function acceptedSubmits(sim: RunningSimulator): SimCall[] {
  return providerCalls(sim, 'submit').filter((c) => c.jobId);
}

/** The prompt a submit carried (its body, as recorded). */
export function promptOf(call: SimCall): string | undefined {
  const body = call.body as Record<string, unknown> | null;
  return typeof body?.prompt === 'string' ? body.prompt : undefined;
}

export interface JobSpan {
  jobId: string;
  prompt: string | undefined;
  submit: SimCall;
  /** The last provider call about this job (its final status, result or cancel). */
  last: SimCall;
}

/** Each accepted job's span in the call log: from its submit to the last call naming it. */
export function jobSpans(sim: RunningSimulator): JobSpan[] {
  const calls = providerCalls(sim);
  return acceptedSubmits(sim).map((submit) => {
    const about = calls.filter((c) => c.jobId === submit.jobId);
    return { jobId: submit.jobId!, prompt: promptOf(submit), submit, last: about.at(-1)! };
  });
}

export function spanOf(sim: RunningSimulator, prompt: string): JobSpan {
  const span = jobSpans(sim).find((s) => s.prompt === prompt);
  if (!span) throw new Error(`no job with prompt "${prompt}"; saw ${jobSpans(sim).map((s) => s.prompt).join(', ')}`);
  return span;
}

/** The most jobs unfinished at once, as the call log shows them (spans by arrival order). */
export function maxUnfinished(spans: JobSpan[]): number {
  let most = 0;
  for (const s of spans) {
    const at = s.submit.seq;
    most = Math.max(most, spans.filter((o) => o.submit.seq <= at && o.last.seq >= at).length);
  }
  return most;
}

// ---- files -------------------------------------------------------------------------------------

/** A small distinct PNG (8×8 of one colour). */
export function png(r: number, g: number, b: number): Buffer {
  const rgb = new Uint8Array(8 * 8 * 3);
  for (let i = 0; i < rgb.length; i += 3) rgb.set([r, g, b], i);
  return encodePng(8, 8, rgb);
}

export async function writePngs(dir: string, names: string[]): Promise<void> {
  await Promise.all(names.map((name, i) => writeFile(path.join(dir, name), png(40 * i, 200 - 30 * i, 90 + 50 * i))));
}

export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** Fails if any file under the directories contains one of the keys. */
export async function expectNoKeyIn(dirs: string[], keys: string[]): Promise<void> {
  for (const dir of dirs) {
    for (const file of await filesUnder(dir)) {
      const bytes = await readFile(file);
      for (const key of keys) expect(bytes.includes(Buffer.from(key)), `${file} contains a key`).toBe(false);
    }
  }
}

/** Top-level MP4 box types (size + type walk). */
export function mp4Boxes(bytes: Uint8Array): string[] {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const boxes: string[] = [];
  for (let at = 0; at + 8 <= view.length; ) {
    let size = view.readUInt32BE(at);
    const type = view.toString('latin1', at + 4, at + 8);
    if (size === 1 && at + 16 <= view.length) size = Number(view.readBigUInt64BE(at + 8));
    else if (size === 0) size = view.length - at;
    if (size < 8) break;
    boxes.push(type);
    at += size;
  }
  return boxes;
}

// ---- a crash -----------------------------------------------------------------------------------

/** Never settles: what every call of a crashed process looks like from outside. */
const never = <T>() => new Promise<T>(() => {});

/** A provider that stops answering (forever) once `crash()` is called — the process "died". */
export function crashable(provider: Provider): { provider: Provider; crash(): void } {
  let crashed = false;
  const guard =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      crashed ? never<R>() : fn(...args);
  const wrapped: Provider = {
    id: provider.id,
    media: provider.media,
    submit: guard(provider.submit.bind(provider)),
    status: guard(provider.status.bind(provider)),
    result: guard(provider.result.bind(provider)),
    cancel: guard(provider.cancel.bind(provider)),
    mediaInput: guard(provider.mediaInput.bind(provider)),
    download: guard(provider.download.bind(provider)),
  };
  return { provider: wrapped, crash: () => (crashed = true) };
}

/** The real clock with timers that do not keep the process alive (for an executor left behind). */
export const unrefClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(resolve, Math.max(0, ms));
      timer.unref();
      signal?.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(signal.reason);
        },
        { once: true },
      );
    }),
};
