import type { GraphNode } from '../model/graph.ts';
import type { JobCache } from './jobCache.ts';
import { jobKeyOf, logicalInputs, resolveInputs, type InputsContext } from './jobInputs.ts';
import type { PlannedNode } from './plan.ts';
import type { RunState } from './runState.ts';
import type { BlobStore } from './storage.ts';
import type { Clock, NodeOutputs, Value } from './types.ts';

/**
 * The local node stage, where issue 18's media nodes (frame, trim, concat, …) plug in: a built-in node
 * that does real work on this machine, with progress and cancel. Free, so never journaled; but cached
 * by its inputs (its kind, schema and input values, files by content), so the same inputs never do the
 * work twice. The work itself is injected (`ExecutorDeps.localNodes`), one runner per node type.
 */

export interface LocalNodeIo {
  /** Aborts when the run is cancelled: stop and throw. */
  signal: AbortSignal;
  /** Reports progress, 0..1. */
  progress(fraction: number): void;
  /** Where input files are and output files go. */
  blobs: BlobStore;
  /** The node's widget values. */
  values: GraphNode['values'];
}

export interface LocalNode {
  /** Computes the node's outputs from its inputs (media by blob). */
  run(inputs: Record<string, Value[]>, io: LocalNodeIo): Promise<NodeOutputs>;
}

export interface LocalContext {
  state: RunState;
  clock: Clock;
  cache: JobCache;
  inputs: InputsContext;
  runId: string;
  signal: AbortSignal;
}

export async function runLocalNode(ctx: LocalContext, node: LocalNode, p: PlannedNode, wired: Record<string, Value[]>, began: number): Promise<void> {
  const nodeId = p.node.id;
  const resolved = await resolveInputs(p, wired, ctx.inputs);
  const key = await jobKeyOf({ graphId: '', nodeId: '', take: '', provider: 'local', endpoint: p.template.id, schemaHash: p.template.schemaHash, inputs: logicalInputs(p, resolved) }, ctx.inputs.hash);
  const hit = await ctx.cache.lookup(key);
  if (hit && (await ctx.cache.filesPresent(hit.outputs))) return ctx.state.cached(nodeId, hit.outputs);
  if (ctx.inputs.dryRun) return ctx.state.fail(nodeId, 'skipped', { class: 'plan', code: 'dry-run:local', message: 'Dry run: would compute this node here (free).' }, began);
  ctx.state.set(nodeId, 'running');
  const outputs = await node.run(resolved, {
    signal: ctx.signal,
    blobs: ctx.inputs.blobs,
    values: p.node.values,
    progress: (fraction) => ctx.state.emit({ type: 'nodeProgress', runId: ctx.runId, at: ctx.clock.now(), nodeId, jobState: 'running', providerStatus: 'local', progress: Math.max(0, Math.min(1, fraction)) }),
  });
  await ctx.cache.remember({ id: 'local', jobKey: key, attempt: 0, runId: ctx.runId, session: '', graphId: '', nodeId, provider: 'local', endpoint: p.template.id, state: 'done', outputs, createdAt: began, updatedAt: ctx.clock.now() }, p.template.id);
  ctx.state.done(nodeId, outputs, ctx.clock.now() - began);
}
