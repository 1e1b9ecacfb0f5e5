import type { PlannedNode } from './plan.ts';
import type { RunState } from './runState.ts';
import type { BlobStore } from './storage.ts';
import type { Clock, SaveRequest, Value } from './types.ts';
import { materialise, type InputsContext } from './jobInputs.ts';
import { isMediaValue, staticOutputs } from './values.ts';

/**
 * The built-in nodes stage: nodes that need no provider. Static nodes (text, numbers, choices,
 * templates, media inputs) compute their outputs from widgets and wires; a preview passes its media
 * on; a save hands its items — with their bytes and provenance — to the host (browser downloads, CLI
 * files). Free and instant, so they are never journaled.
 */

export interface BuiltinContext {
  state: RunState;
  clock: Clock;
  blobs: BlobStore;
  inputs: InputsContext;
  runId: string;
  graphName?: string;
  dryRun: boolean;
  save?(request: SaveRequest): Promise<string[]>;
}

export function runStatic(ctx: BuiltinContext, p: PlannedNode, wired: Record<string, Value[]>): void {
  ctx.state.done(p.node.id, staticOutputs(p.template, p.node, wired) ?? {}, 0);
}

export function runPreview(ctx: BuiltinContext, p: PlannedNode, wired: Record<string, Value[]>): void {
  ctx.state.done(p.node.id, { media: wired.media ?? [] }, 0);
}

export async function runSave(ctx: BuiltinContext, p: PlannedNode, wired: Record<string, Value[]>, began: number): Promise<void> {
  const nodeId = p.node.id;
  if (ctx.dryRun) {
    const count = wired.media?.length ?? 0;
    return ctx.state.fail(nodeId, 'skipped', { class: 'plan', code: 'dry-run:save', message: `Dry run: would save ${count} file${count === 1 ? '' : 's'}.` }, began);
  }
  const items: SaveRequest['items'] = [];
  let index = 0;
  for (const value of wired.media ?? []) {
    const v = isMediaValue(value) ? await materialise(value, ctx.inputs) : value;
    const blob = isMediaValue(v) && v.blob ? await ctx.blobs.get(v.blob) : undefined;
    items.push({ index: index++, value: v, ...(blob ? { bytes: blob.bytes, mimeType: blob.mimeType } : {}), ...('from' in v && v.from ? { provenance: v.from } : {}) });
  }
  const pattern = String(p.node.values.filename ?? p.inputs.find((f) => f.name === 'filename')?.default ?? '{graph}-{node}-{index}');
  const files = ctx.save ? await ctx.save({ runId: ctx.runId, nodeId, ...(ctx.graphName ? { graphName: ctx.graphName } : {}), pattern, items }) : [];
  ctx.state.emit({ type: 'nodeSaved', runId: ctx.runId, at: ctx.clock.now(), nodeId, files });
  ctx.state.done(nodeId, { media: items.map((i) => i.value) }, ctx.clock.now() - began);
}
