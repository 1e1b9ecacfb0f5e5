import type { Definition } from '../../core/model/definition.ts';
import { findDefinition, missingRequired, planOutput, priceOf, providerDefinitions } from './catalog.ts';
import { isJobFault } from './faults.ts';
import { isPlainObject, json, type Reply } from './http.ts';
import { drawTiming, slimInput, finishedAt, isFailed, isGone, phaseOf, statusName, type Job, type StatusNames } from './jobs.ts';
import { mediaUrl } from './media.ts';
import { ensureResults } from './results.ts';
import type { CallContext, Dialect, Route, SimState } from './state.ts';
import type { JobFault } from './types.ts';

/**
 * RunComfy's Model API (`/v1/…`): submit, status, result, cancel and the model catalog, answering in
 * RunComfy's shapes (`{error_code, error_message}` errors with HTTP statuses).
 */

function rcError(status: number, code: number, message: string, extra: Omit<Reply, 'status' | 'body'> = {}): Reply {
  return json(status, { error_code: code, error_message: message }, extra);
}

export const runcomfyDialect: Dialect = {
  serverError: () => rcError(500, 500000, 'Internal server error (simulated)'),
  rateLimited: (_call, seconds) => rcError(429, 429001, 'Too many requests (simulated)', { headers: { 'Retry-After': String(seconds) } }),
  concurrency: (_call, seconds) => rcError(429, 429001, 'Too many requests (simulated)', { headers: { 'Retry-After': String(seconds) } }),
  auth: () => rcError(401, 400004, 'Token missing, expired or revoked'),
  errorIn200: () => rcError(200, 500001, 'Service temporarily unavailable (simulated)'),
  insufficientBalance: () => rcError(402, 400002, 'Insufficient balance'),
  invalidInput: () => rcError(422, 422001, 'Input does not match the model schema (simulated)'),
  tooLarge: () => rcError(413, 413001, 'Request body too large', { close: true }),
};

const iso = (ms: number) => new Date(ms).toISOString();

function urls(base: string, id: string) {
  const at = `${base}/v1/requests/${id}`;
  return { status_url: `${at}/status`, result_url: `${at}/result`, cancel_url: `${at}/cancel` };
}

/** The status string RunComfy would show now (made up while `unknown_status` shapes the job). */
const RUNCOMFY_STATUSES: StatusNames = { queued: 'in_queue', running: 'in_progress', cancelled: 'cancelled', failed: 'failed', succeeded: 'completed', odd: 'preprocessing' };

export function runcomfyStatus(job: Job, now: number): string {
  return statusName(job, now, RUNCOMFY_STATUSES);
}

function failure(job: Job): { error_code: number; error_message: string } {
  return job.faults.has('moderation')
    ? { error_code: 400010, error_message: 'Content moderation: the request was flagged and not processed (simulated)' }
    : { error_code: 500002, error_message: 'The job failed while running (simulated)' };
}

/** The job behind `/v1/requests/{id}/…` for this key, or the error RunComfy gives. */
function lookup(ctx: CallContext): Job | Reply {
  const job = ctx.state.jobs.get(ctx.params[0] ?? '');
  if (!job || job.provider !== 'runcomfy' || isGone(job, ctx.now)) return rcError(404, 404001, 'Request not found or expired');
  if (job.owner !== ctx.owner) return rcError(403, 403001, 'This request belongs to another user');
  return job;
}

function output(state: SimState, job: Job, base: string): Record<string, unknown> {
  const results = ensureResults(state, job);
  const first = results[0];
  if (!first) return {};
  if (first.kind === 'text') return { text: first.text };
  const list = results.flatMap((r) => (r.kind === 'text' ? [] : [mediaUrl(base, { id: r.mediaId, ext: r.ext })]));
  if (first.kind === 'image') return list.length > 1 ? { images: list } : { image: list[0] };
  if (first.kind === 'file') return { url: list[0] };
  return { [first.kind]: list[0] };
}

async function submit(ctx: CallContext): Promise<Reply> {
  const modelId = ctx.params[0] ?? '';
  if (!isPlainObject(ctx.body)) return rcError(400, 400000, 'The request body must be a JSON object of model inputs');
  const input = ctx.body;
  const def = await findDefinition('runcomfy', modelId);
  const missing = def ? missingRequired(def, input) : [];
  if (missing.length > 0) return rcError(422, 422001, missing.map((m) => `${m}: field required`).join('; '));
  const faults = new Set([...ctx.faults].filter(isJobFault)) as Set<JobFault>;
  const timing = faults.has('submit_success') ? { queueMs: 0, runMs: 0 } : drawTiming(ctx.state.config.timing);
  const plan = planOutput(def, modelId, input);
  const job: Job = {
    id: ctx.state.jobs.newId('runcomfy'),
    provider: 'runcomfy',
    endpoint: modelId,
    owner: ctx.owner,
    createdAt: ctx.now,
    ...timing,
    input: slimInput(input),
    faults,
    output: plan,
    price: priceOf(plan.kind, plan.count),
  };
  ctx.state.jobs.add(job);
  return json(200, { request_id: job.id, status: runcomfyStatus(job, ctx.now), ...urls(ctx.publicBase, job.id) }, { jobId: job.id });
}

async function status(ctx: CallContext): Promise<Reply> {
  const job = lookup(ctx);
  if (!('id' in job)) return job;
  const body: Record<string, unknown> = { request_id: job.id, status: runcomfyStatus(job, ctx.now), ...urls(ctx.publicBase, job.id) };
  delete body.cancel_url;
  if (phaseOf(job, ctx.now) === 'queued') body.queue_position = ctx.state.jobs.queuePosition(job, ctx.now);
  return json(200, body, { jobId: job.id });
}

async function result(ctx: CallContext): Promise<Reply> {
  const job = lookup(ctx);
  if (!('id' in job)) return job;
  const phase = phaseOf(job, ctx.now);
  const state = runcomfyStatus(job, ctx.now);
  const base = { request_id: job.id, status: state };
  if (phase === 'queued' || phase === 'running') return json(200, base, { jobId: job.id });
  const times = { created_at: iso(job.createdAt), finished_at: iso(job.cancelledAt ?? finishedAt(job)) };
  if (phase === 'cancelled') return json(200, { ...base, output: null, ...times }, { jobId: job.id });
  if (isFailed(job)) return json(200, { ...base, output: null, ...times, error: failure(job) }, { jobId: job.id });
  const withCost = ctx.url.searchParams.get('include_cost') === 'true' ? { cost: job.price } : {};
  return json(200, { ...base, output: output(ctx.state, job, ctx.publicBase), ...times, ...withCost }, { jobId: job.id });
}

async function cancel(ctx: CallContext): Promise<Reply> {
  const job = lookup(ctx);
  if (!('id' in job)) return job;
  const phase = phaseOf(job, ctx.now);
  if (phase === 'queued') job.cancelledAt = ctx.now;
  const outcome = phase === 'queued' || phase === 'cancelled' ? 'cancelled' : 'not_cancellable';
  return json(200, { request_id: job.id, status: runcomfyStatus(job, ctx.now), outcome }, { jobId: job.id });
}

function modelEntry(def: Definition, withSchema: boolean): Record<string, unknown> {
  const kind = planOutput(def, def.endpoint, {}).kind;
  return {
    model_id: def.endpoint,
    display_name: def.title,
    categories: [def.category],
    ...(def.description ? { description: def.description } : {}),
    output_type: def.output.kind,
    base_price_usd: priceOf(kind),
    price_unit: 'per request',
    ...(withSchema ? { input_schema: def.inputSchema } : {}),
  };
}

function nonNegativeInt(text: string | null, fallback: number): number {
  const n = Number(text);
  return text !== null && Number.isInteger(n) && n >= 0 ? n : fallback;
}

async function listModels(ctx: CallContext): Promise<Reply> {
  const defs = await providerDefinitions('runcomfy');
  const q = ctx.url.searchParams;
  const offset = nonNegativeInt(q.get('offset'), 0);
  const limit = nonNegativeInt(q.get('limit'), defs.length);
  const withSchema = q.get('include_schema') === 'true';
  return json(200, { models: defs.slice(offset, offset + limit).map((d) => modelEntry(d, withSchema)), total: defs.length });
}

async function oneModel(ctx: CallContext): Promise<Reply> {
  const def = await findDefinition('runcomfy', ctx.params[0] ?? '');
  if (!def) return rcError(404, 400001, `Unknown model id "${ctx.params[0] ?? ''}"`);
  return json(200, modelEntry(def, true));
}

/** `/v1/models/<id with slashes>`; a trailing slash or empty segment is not a model id. */
function modelPath(pathname: string): string[] | undefined {
  const m = /^\/v1\/models\/(.+)$/.exec(pathname);
  if (!m?.[1] || m[1].split('/').some((s) => s === '')) return undefined;
  try {
    return [decodeURIComponent(m[1])];
  } catch {
    return undefined;
  }
}

function requestPath(action: string): (pathname: string) => string[] | undefined {
  const re = new RegExp(`^/v1/requests/([^/]+)/${action}$`);
  return (pathname) => {
    const m = re.exec(pathname);
    return m?.[1] ? [m[1]] : undefined;
  };
}

function jobEndpoint(state: SimState, params: string[]): string | undefined {
  return state.jobs.get(params[0] ?? '')?.endpoint;
}

export const runcomfyRoutes: Route[] = [
  { provider: 'runcomfy', call: 'models', method: 'GET', body: 'none', match: (p) => (p === '/v1/models' ? [] : undefined), run: listModels },
  { provider: 'runcomfy', call: 'models', method: 'GET', body: 'none', match: modelPath, endpointOf: (_s, params) => params[0], run: oneModel },
  { provider: 'runcomfy', call: 'submit', method: 'POST', body: 'json', match: modelPath, endpointOf: (_s, params) => params[0], run: submit },
  { provider: 'runcomfy', call: 'status', method: 'GET', body: 'none', match: requestPath('status'), endpointOf: jobEndpoint, run: status },
  { provider: 'runcomfy', call: 'result', method: 'GET', body: 'none', match: requestPath('result'), endpointOf: jobEndpoint, run: result },
  { provider: 'runcomfy', call: 'cancel', method: 'POST', body: 'none', match: requestPath('cancel'), endpointOf: jobEndpoint, run: cancel },
];
