import { isProviderError, type JobCost, type JobOutput, type JobStatus, type Provider } from '../providers/types.ts';
import type { NodeTemplate } from '../model/template.ts';
import { withRetries } from './backoff.ts';
import { errorOf } from './follow.ts';
import type { BlobStore } from './storage.ts';
import type { Clock, NodeError, NodeOutputs, PollPolicy, Provenance, Value } from './types.ts';
import { isMediaValue } from './values.ts';

/**
 * The collect stage: a finished job's results become the node's outputs — the result call (unless the
 * status already carried them), then every file downloaded at once (provider links expire), streamed
 * into the blob store under the download cap. Resumable: it only needs the job id, so a job whose
 * files did not all arrive (or whose stored files are gone) is collected again later, never bought
 * again (promise 13).
 *
 * Ends `collected`; `failed` (the job itself failed at the provider); or `missing` (the job finished,
 * its results are not here: `gone` when the provider no longer has them either).
 */

export type Collected =
  | { kind: 'collected'; outputs: NodeOutputs; cost?: JobCost }
  | { kind: 'failed'; error: NodeError; cost?: JobCost }
  | { kind: 'missing'; error: NodeError; gone: boolean };

export interface CollectContext {
  clock: Clock;
  policy: PollPolicy;
  random: () => number;
  blobs: BlobStore;
}

export interface CollectJob {
  provider: Provider;
  template: NodeTemplate;
  nodeId: string;
  endpoint: string;
  jobId: string;
  /** The terminal status the follow stage saw, if any (it may carry the outputs). */
  status?: JobStatus;
  /** The node is downloading. */
  onDownloading(): void;
}

export async function collectResult(ctx: CollectContext, job: CollectJob): Promise<Collected> {
  const { provider, jobId, status } = job;
  let outputs: JobOutput[] | undefined = status?.state === 'succeeded' && status.outputs?.length ? status.outputs : undefined;
  let cost = status?.cost;
  let failure = status?.state === 'failed' ? status.error : undefined;
  let state = status?.state;
  if (!outputs) {
    try {
      const result = await withRetries(() => provider.result(jobId), ctx);
      outputs = result.outputs;
      cost = result.cost ?? cost;
      failure = result.error ?? failure;
      if (state !== 'failed') state = result.state;
    } catch (error) {
      if (!isProviderError(error)) throw error;
      if (state === 'failed') return { kind: 'failed', error: failure ? errorOf(failure) : errorOf(error.info) };
      const gone = error.info.class === 'not_found';
      return { kind: 'missing', gone, error: { ...errorOf(error.info), message: `${gone ? `${provider.id} no longer has the results of job ${jobId}` : `Could not get the results of job ${jobId}`}: ${error.info.message}` } };
    }
  }
  if (state === 'failed') return { kind: 'failed', error: failure ? errorOf(failure) : { class: 'unknown', message: 'The job failed (no reason given).' }, ...(cost ? { cost } : {}) };
  if (state !== 'succeeded') return { kind: 'missing', gone: false, error: { class: 'transient', message: `${provider.id} says job ${jobId} is ${state ?? 'unfinished'}, not finished.` } };

  job.onDownloading();
  const provenance: Provenance = { nodeId: job.nodeId, provider: provider.id, endpoint: job.endpoint, jobId, ...(cost ? { cost } : {}) };
  const values: Value[] = [];
  try {
    for (const out of outputs ?? []) {
      if (out.kind === 'text') {
        values.push({ kind: 'text', text: out.text ?? '', from: provenance });
        continue;
      }
      if (!out.url) continue;
      const url = out.url;
      const stored = await withRetries(async () => {
        const file = await provider.download(url);
        return { blob: await ctx.blobs.putStream(file.body, file.mimeType), mimeType: file.mimeType };
      }, ctx);
      values.push({ kind: out.kind, blob: stored.blob, mimeType: stored.mimeType, url, urlAt: ctx.clock.now(), from: provenance });
    }
  } catch (error) {
    const err: NodeError = isProviderError(error) ? errorOf(error.info) : { class: 'unknown', message: error instanceof Error ? error.message : String(error) };
    return { kind: 'missing', gone: false, error: err };
  }
  return { kind: 'collected', outputs: toPorts(job.template, values), ...(cost ? { cost } : {}) };
}

/** Job results onto the template's output ports: each port takes the results of its kind. */
export function toPorts(template: NodeTemplate, values: Value[]): NodeOutputs {
  const out: NodeOutputs = {};
  const ports = template.outputs;
  for (const port of ports) out[port.name] = values.filter((v) => v.kind === port.kind || (port.kind === 'file' && isMediaValue(v)));
  const placed = new Set(Object.values(out).flat());
  const rest = values.filter((v) => !placed.has(v));
  if (rest.length && ports[0]) out[ports[0].name] = [...out[ports[0].name]!, ...rest];
  for (const port of ports) if (!port.list && out[port.name]!.length > 1) out[port.name] = out[port.name]!.slice(0, 1);
  return out;
}
