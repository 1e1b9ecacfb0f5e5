import { createExecutor, type Executor } from '../../../src/core/executor/executor.ts';
import type { Clock, ExecutorDeps, ExecutorEvent, RunOptions } from '../../../src/core/executor/types.ts';
import type { Graph, GraphEdge, GraphNode } from '../../../src/core/model/graph.ts';
import { concatChunks } from '../../../src/core/concatChunks.ts';
import type { NodeTemplate } from '../../../src/core/model/template.ts';
import { sha256HexSync } from '../../../src/core/sha256.ts';
import { createMemoryStorage } from '../../../src/storage/memory.ts';
import { builtins, field, output, template } from '../../support/templateBuilder.ts';
import { FakeProvider } from '../fakeProvider.ts';
import { VirtualClock } from '../virtualClock.ts';

/**
 * A small world for executor tests under virtual time: fake providers `fake` and `other`, in-memory
 * storage whose blobs hash synchronously (nothing waits on real I/O while virtual time moves), and
 * graph builders. `run` uses one executor for the world (as one page or process would);
 * `executor()` makes another over the same storage and providers, as a second process (or a
 * restarted one) would be.
 */

export const textToImage = template({ id: 'fake/text-to-image', inputs: [field('prompt', 'text', { required: true }), field('seed', 'integer')], outputs: [output('image', 'image')] });
export const imageToVideo = template({ id: 'fake/image-to-video', inputs: [field('image', 'image', { required: true }), field('prompt', 'text')], outputs: [output('video', 'video')] });
export const TEMPLATES = new Map([...builtins, textToImage, imageToVideo].map((t) => [t.id, t]));

let edgeSeq = 0;
export function node(id: string, type: string, values: Record<string, unknown> = {}): GraphNode {
  return { id, type, position: { x: 0, y: 0 }, values: values as GraphNode['values'] };
}
export function wire(from: string, fromPort: string, to: string, toPort: string, index?: number): GraphEdge {
  return { id: `e${++edgeSeq}`, from: { node: from, port: fromPort }, to: { node: to, port: toPort }, ...(index !== undefined ? { index } : {}) };
}
export function graph(nodes: GraphNode[], edges: GraphEdge[], id = 'graph-1'): Graph {
  return { format: 'weft.graph', version: 1, id, name: 'test', nodes, edges } as Graph;
}

/** A prompt into `n` image nodes (seeds 0…n-1 unless `seed` says otherwise). */
export function fan(n: number, seed: (i: number) => unknown = (i) => i): Graph {
  const nodes = [node('t', 'weft/text', { text: 'x' })];
  const edges: GraphEdge[] = [];
  for (let i = 0; i < n; i++) {
    const s = seed(i);
    nodes.push(node(`g${i}`, 'fake/text-to-image', s === undefined ? {} : { seed: s }));
    edges.push(wire('t', 'text', `g${i}`, 'prompt'));
  }
  return graph(nodes, edges);
}

export interface FakeWorld {
  clock: VirtualClock;
  fake: FakeProvider;
  other: FakeProvider;
  storage: ReturnType<typeof createMemoryStorage>;
  /** Stored files by hash (delete one to lose it). */
  files: Map<string, { bytes: Uint8Array; mimeType: string }>;
  deps: ExecutorDeps;
  events: ExecutorEvent[];
  executor(overrides?: Partial<ExecutorDeps>): Executor;
  /** Runs `g` to its end on the world's executor (or `on`), collecting events. */
  run(g: Graph, options?: RunOptions, on?: Executor): ReturnType<Executor['run']>['done'];
}

export interface FakeWorldOptions {
  /** More node templates than the two image/video ones. */
  templates?: readonly NodeTemplate[];
  /** How `fake` takes local files (`other` always inlines). */
  local?: 'inline' | 'upload';
}

export function fakeWorld(overrides: Partial<ExecutorDeps> = {}, options: FakeWorldOptions = {}): FakeWorld {
  const clock = new VirtualClock();
  const fake = new FakeProvider('fake', clock, options.local);
  const other = new FakeProvider('other', clock);
  const storage = createMemoryStorage({ now: () => clock.now() });
  const templates = new Map([...TEMPLATES, ...(options.templates ?? []).map((t) => [t.id, t] as const)]);
  const files = new Map<string, { bytes: Uint8Array; mimeType: string }>();
  const put = async (bytes: Uint8Array, mimeType: string) => {
    const h = sha256HexSync(bytes);
    files.set(h, { bytes: bytes.slice(), mimeType });
    return h;
  };
  storage.blobs = {
    put,
    putStream: async (body: AsyncIterable<Uint8Array>, mimeType: string) => put(await concatChunks(body), mimeType),
    get: async (h: string) => files.get(h),
    has: async (h: string) => files.has(h),
  } as typeof storage.blobs;
  const events: ExecutorEvent[] = [];
  const deps: ExecutorDeps = {
    getTemplate: (id) => templates.get(id),
    provider: (id) => (id === 'fake' ? fake : id === 'other' ? other : undefined),
    storage,
    clock,
    hash: async (data) => sha256HexSync(data),
    random: () => 0.5,
    concurrency: { fake: 3, other: 3 },
    ...overrides,
  };
  let shared: Executor | undefined;
  const world: FakeWorld = {
    clock,
    fake,
    other,
    storage,
    files,
    deps,
    events,
    executor: (more = {}) => createExecutor({ ...deps, ...more }),
    run: (g, runOptions, on) => clock.run((on ?? (shared ??= world.executor())).run(g, runOptions, (e) => events.push(e)).done),
  };
  return world;
}

/** A clock that stops for good once `crash()` is called: every later sleep never returns (a killed process). */
export function crashable(clock: VirtualClock): { clock: Clock; crash(): void } {
  let crashed = false;
  return {
    clock: {
      now: () => clock.now(),
      monotonic: () => clock.monotonic(),
      sleep: (ms, signal) => clock.sleep(ms, signal).then(() => (crashed ? new Promise<void>(() => {}) : undefined)),
    } as Clock,
    crash: () => (crashed = true),
  };
}

/** Starts `g` on an executor that is then "killed" once `afterMs` of virtual time has passed. */
export async function killedRun(world: FakeWorld, g: Graph, afterMs: number, options: RunOptions = {}): Promise<void> {
  const stopping = crashable(world.clock);
  void world.executor({ clock: stopping.clock }).run(g, options).done;
  await world.clock.advance(afterMs);
  stopping.crash();
}
