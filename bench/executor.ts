import { createHash } from 'node:crypto';
import { loadGraph } from '../src/core/document/loadGraph.ts';
import { createExecutor } from '../src/core/executor/executor.ts';
import type { ExecutorDeps, ExecutorEvent, PollPolicy } from '../src/core/executor/types.ts';
import type { GetTemplate } from '../src/core/model/graph.ts';
import { createProvider } from '../src/providers/index.ts';
import { startSimulator } from '../src/server/simulator/index.ts';
import { createMemoryStorage } from '../src/storage/memory.ts';
import { VirtualClock } from '../test/executor/virtualClock.ts';
import { seeded } from './graphs.ts';

/**
 * The executor against the simulator with fixed job durations. Real pieces throughout — the executor
 * (planner, scheduler, limiter, poller), the RunComfy adapter, loopback HTTP, the simulator's job state
 * machine — with one shared virtual clock (test/executor/virtualClock.ts: calls in flight hold time still), so jobs last as long as real ones (30 s)
 * and a 200-node graph still finishes in seconds. Real time with 30-s jobs would take hours; the
 * simulator's "fast" timing (160 ms jobs) would measure loopback latency and the 1-s poll floor, not
 * the scheduler.
 */

export const T2I = 'runcomfy/blackforestlabs/flux-2-klein/4b/text-to-image';
export const EDIT = 'runcomfy/google/nano-banana-2-lite/edit';
export const QUEUE_MS = 2_000;
export const RUN_MS = 28_000;
export const JOB_MS = QUEUE_MS + RUN_MS;
const KEY = 'sk-bench-runcomfy-0000000000000000';

interface Shape {
  name: string;
  nodes: { id: string; type: string; values: Record<string, unknown> }[];
  edges: [string, string][];
}

function t2i(id: string) {
  return { id, type: T2I, values: { prompt: `bench ${id}`, width: 256, height: 256 } };
}
function edit(id: string) {
  return { id, type: EDIT, values: { prompt: `bench ${id}` } };
}

export function shapes(): Shape[] {
  const chain: Shape = { name: 'chain of 10', nodes: [t2i('j0')], edges: [] };
  for (let i = 1; i < 10; i++) {
    chain.nodes.push(edit(`j${i}`));
    chain.edges.push([`j${i - 1}`, `j${i}`]);
  }
  const fan: Shape = { name: 'fan-out of 20', nodes: [t2i('root')], edges: [] };
  for (let i = 0; i < 20; i++) {
    fan.nodes.push(edit(`f${i}`));
    fan.edges.push(['root', `f${i}`]);
  }
  const diamond: Shape = { name: 'diamond', nodes: [t2i('a'), edit('b'), edit('c'), edit('d')], edges: [['a', 'b'], ['a', 'c'], ['b', 'd'], ['c', 'd']] };
  const random = seeded(200);
  const dag: Shape = { name: 'random DAG of 200', nodes: [], edges: [] };
  for (let i = 0; i < 200; i++) {
    if (i < 8 || random() < 0.08) {
      dag.nodes.push(t2i(`r${i}`));
      continue;
    }
    dag.nodes.push(edit(`r${i}`));
    const parents = new Set<number>();
    const k = 1 + Math.floor(random() * 3);
    while (parents.size < k) parents.add(i - 1 - Math.floor(random() * Math.min(i, 25)));
    for (const p of parents) dag.edges.push([`r${p}`, `r${i}`]);
  }
  return [chain, fan, diamond, dag];
}

/** Graphs run before a "warm" measurement: the same two endpoints, other prompts, one after another. */
function warmups(): Shape[] {
  return [0, 1, 2, 3].map((k) => {
    const w: Shape = { name: `warm-up ${k}`, nodes: [t2i(`w${k}-0`)], edges: [] };
    for (let i = 1; i < 4; i++) {
      w.nodes.push(edit(`w${k}-${i}`));
      w.edges.push([`w${k}-${i - 1}`, `w${k}-${i}`]);
    }
    return w;
  });
}

/**
 * Critical path (jobs on the longest chain × job time), total work (jobs × job time), and the least
 * wall time any schedule can reach with `c` slots (`limitedMs`). The last is sharper than
 * max(critical path, work / c): jobs at depth ≥ d (d − 1 jobs above them) cannot start before d − 1
 * job times, and then need ⌈count / c⌉ more on c slots; symmetrically, jobs with ≥ h − 1 jobs below
 * them must all end h − 1 job times before the end. On the fan-out of 20 with c = 3 that is 240 s (the
 * root alone, then 7 rounds of 3), where work / c says 210 s — which no schedule reaches.
 */
export function bounds(shape: Shape): { criticalMs: number; workMs: number; limitedMs(c: number): number } {
  const depth = new Map<string, number>();
  for (const n of shape.nodes) {
    const ups = shape.edges.filter(([, to]) => to === n.id).map(([from]) => depth.get(from)!);
    depth.set(n.id, 1 + Math.max(0, ...ups));
  }
  const height = new Map<string, number>();
  for (const n of [...shape.nodes].reverse()) {
    const downs = shape.edges.filter(([from]) => from === n.id).map(([, to]) => height.get(to)!);
    height.set(n.id, 1 + Math.max(0, ...downs));
  }
  const levels = (of: Map<string, number>, c: number) => {
    let best = 0;
    for (let k = 1; k <= Math.max(...of.values()); k++) best = Math.max(best, k - 1 + Math.ceil([...of.values()].filter((v) => v >= k).length / c));
    return best;
  };
  const criticalMs = Math.max(...depth.values()) * JOB_MS;
  return { criticalMs, workMs: shape.nodes.length * JOB_MS, limitedMs: (c) => Math.max(levels(depth, c), levels(height, c)) * JOB_MS };
}

function document(shape: Shape, getTemplate: GetTemplate): string {
  return JSON.stringify({
    format: 'weft.graph',
    version: 1,
    name: shape.name,
    nodes: shape.nodes.map((n, i) => ({ ...n, schemaHash: getTemplate(n.type)!.schemaHash, position: { x: 300 * (i % 10), y: 300 * Math.floor(i / 10) } })),
    edges: shape.edges.map(([from, to], i) => ({ id: `e${i + 1}`, from: { node: from, port: 'image' }, to: { node: to, port: 'image_urls' } })),
  });
}

export interface RunFigures {
  wallMs: number;
  statusCalls: number;
  meanDelayMs: number;
  submits: number;
}

/** Runs one shape once on a fresh simulator and fresh storage; returns what the run and the simulator saw. */
export async function runShape(shape: Shape, getTemplate: GetTemplate, options: { concurrency: number; poll?: Partial<PollPolicy>; random?: () => number; warm?: boolean }): Promise<RunFigures> {
  const clock = new VirtualClock();
  const sim = await startSimulator({ port: 0, timing: { queueMs: QUEUE_MS, runMs: RUN_MS }, now: () => clock.now(), retryAfterSeconds: 0 });
  try {
    const loaded = loadGraph(document(shape, getTemplate), getTemplate);
    if (!loaded.ok) throw new Error(`${shape.name}: ${loaded.errors.map((e) => e.message).join('; ')}`);
    const provider = clock.wrap(createProvider('runcomfy', { baseUrl: sim.url, apiKey: KEY, keyTransport: 'bearer', extraMediaHosts: [] }));
    const storage = createMemoryStorage({ now: () => clock.now() });
    const deps: ExecutorDeps = {
      getTemplate,
      provider: (id) => (id === 'runcomfy' ? provider : undefined),
      storage: Object.fromEntries(Object.entries(storage).map(([name, store]) => [name, clock.wrap(store)])) as typeof storage,
      clock,
      hash: async (data) => createHash('sha256').update(data).digest('hex'),
      concurrency: { runcomfy: options.concurrency },
      ...(options.poll ? { poll: options.poll } : {}),
      // Seeded jitter: the same shape polls the same way in every run (and on every version compared).
      random: options.random ?? seeded(19),
    };
    const executor = createExecutor(deps);
    if (options.warm) {
      // Earlier runs of the same endpoints (other prompts), as a user's session or journal has them.
      for (const w of warmups()) {
        const g = loadGraph(document(w, getTemplate), getTemplate);
        if (!g.ok) throw new Error('warm-up graph did not load');
        await clock.run(executor.run(g.graph, {}).done);
      }
      sim.simulator.reset();
      sim.simulator.configure({ timing: { queueMs: QUEUE_MS, runMs: RUN_MS } });
    }
    const events: ExecutorEvent[] = [];
    const handle = executor.run(loaded.graph, {}, (e) => events.push(e));
    const summary = await clock.run(handle.done);
    const failed = Object.entries(summary.states).filter(([, s]) => s !== 'done');
    if (failed.length) throw new Error(`${shape.name}: not done: ${failed.slice(0, 3).map(([id, s]) => `${id} ${s} ${summary.errors[id]?.message ?? ''}`).join('; ')}`);
    const submittedAt = new Map<string, number>();
    const delays: number[] = [];
    for (const e of events) {
      if (e.type === 'nodeSubmitted') submittedAt.set(e.nodeId, e.at);
      if (e.type === 'nodeDone' && submittedAt.has(e.nodeId)) delays.push(e.at - submittedAt.get(e.nodeId)! - JOB_MS);
    }
    // The call log keeps the last 2,000 calls; its counts keep counting.
    const counts = ((await (await fetch(`${sim.url}/__sim/calls`)).json()) as { counts: Record<string, number> }).counts;
    return {
      wallMs: summary.finishedAt - summary.startedAt,
      statusCalls: counts['runcomfy.status'] ?? 0,
      meanDelayMs: delays.reduce((a, b) => a + b, 0) / Math.max(1, delays.length),
      submits: summary.submits,
    };
  } finally {
    await sim.close();
  }
}

/** Fixed 2-second polling with no jitter: the naive client the poller is compared with. */
export const NAIVE_POLL: Partial<PollPolicy> = { baseMs: 2000, capMs: 2000, elapsedFraction: 1e9, learnDurations: false };

export interface ShapeFigures {
  name: string;
  jobs: number;
  criticalMs: number;
  workMs: number;
  /** The least wall time with 3 slots (see bounds). */
  limitedMs: number;
  jobMs: number;
  /** First runs: the executor has never seen these endpoints. */
  unlimited: RunFigures;
  limited: RunFigures;
  /** After earlier runs of the same endpoints. */
  warmUnlimited: RunFigures;
  warmLimited: RunFigures;
  naive: RunFigures;
}

export async function measureExecutor(getTemplate: GetTemplate): Promise<ShapeFigures[]> {
  const out: ShapeFigures[] = [];
  for (const shape of shapes()) {
    const { criticalMs, workMs, limitedMs } = bounds(shape);
    const unlimited = await runShape(shape, getTemplate, { concurrency: 100_000 });
    const limited = await runShape(shape, getTemplate, { concurrency: 3 });
    const warmUnlimited = await runShape(shape, getTemplate, { concurrency: 100_000, warm: true });
    const warmLimited = await runShape(shape, getTemplate, { concurrency: 3, warm: true });
    const naive = await runShape(shape, getTemplate, { concurrency: 100_000, poll: NAIVE_POLL, random: () => 0.999999 });
    out.push({ name: shape.name, jobs: shape.nodes.length, criticalMs, workMs, limitedMs: limitedMs(3), jobMs: JOB_MS, unlimited, limited, warmUnlimited, warmLimited, naive });
  }
  return out;
}
