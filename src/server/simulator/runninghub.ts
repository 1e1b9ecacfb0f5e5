import { createHash } from 'node:crypto';
import { findDefinition, planOutput, priceOf } from './catalog.ts';
import { isJobFault } from './faults.ts';
import { isPlainObject, json, readBody, type Reply } from './http.ts';
import { drawTiming, slimInput, isGone, phaseOf, statusName, type Job, type StatusNames } from './jobs.ts';
import { mediaCategory, mediaUrl, uploadType } from './media.ts';
import { boundaryOf, parseMultipart } from './multipart.ts';
import { ensureResults } from './results.ts';
import type { CallContext, Dialect, Route, SimState } from './state.ts';
import type { JobFault, SimCallName } from './types.ts';

/**
 * RunningHub's openapi v2 (submit, query, upload) and the v1 cancel and account calls. Business errors
 * come as HTTP 200 with a code in the body, in one of three shapes: the v2 task object (`errorCode`
 * string), v1 `{code, msg, data}`, and the upload's `{code, message, data}`.
 */

export const UPLOAD_LIMIT = 100 * 1024 * 1024;
/** Room for the multipart framing around a file at the limit. */
const UPLOAD_OVERHEAD = 64 * 1024;

type Shape = 'task' | 'v1' | 'upload';

function shapeOf(call: SimCallName | 'models'): Shape {
  if (call === 'upload') return 'upload';
  return call === 'cancel' || call === 'account' ? 'v1' : 'task';
}

/** The v2 task object with every field present, as RunningHub always sends it. */
function taskBody(fields: Partial<Record<string, unknown>>): Record<string, unknown> {
  return {
    taskId: '',
    status: '',
    errorCode: '',
    errorMessage: '',
    results: null,
    clientId: '',
    promptTips: '',
    failedReason: null,
    usage: null,
    ...fields,
  };
}

function rhError(call: SimCallName | 'models', code: number, message: string, httpStatus = 200, extra: Omit<Reply, 'status' | 'body'> = {}): Reply {
  const shape = shapeOf(call);
  if (shape === 'task') return json(httpStatus, taskBody({ errorCode: String(code), errorMessage: message }), extra);
  if (shape === 'upload') return json(httpStatus, { code, message, data: null }, extra);
  return json(httpStatus, { code, msg: message, data: null }, extra);
}

export const runninghubDialect: Dialect = {
  serverError: (call) => rhError(call, 500, 'Internal server error (simulated)', 500),
  rateLimited: (call, seconds) => rhError(call, 1003, 'Rate limited, retry later (simulated)', 429, { headers: { 'Retry-After': String(seconds) } }),
  concurrency: (call) => rhError(call, 421, 'Concurrency limit reached, retry later'),
  auth: (call) => rhError(call, 802, 'API key unauthorized or expired'),
  errorIn200: (call) => (shapeOf(call) === 'task' ? rhError(call, 1005, 'Service busy, retry later (simulated)') : rhError(call, 805, 'Status error (simulated)')),
  insufficientBalance: (call) => rhError(call, 812, 'Insufficient funds'),
  invalidInput: (call) => rhError(call, 1007, 'Parameter validation failed (simulated)'),
  tooLarge: (call) => rhError(call, call === 'upload' ? 809 : 1008, 'Request too large', 200, { close: true }),
};

/** The status RunningHub would show now (made up while `unknown_status` shapes the job). */
const RUNNINGHUB_STATUSES: StatusNames = { queued: 'QUEUED', running: 'RUNNING', cancelled: 'CANCEL', failed: 'FAILED', succeeded: 'SUCCESS', odd: 'WAITING_GPU' };

export function runninghubStatus(job: Job, now: number): string {
  return statusName(job, now, RUNNINGHUB_STATUSES);
}

/** The task object for a job as it stands now. */
function taskOf(state: SimState, job: Job, base: string, now: number): Record<string, unknown> {
  const status = runninghubStatus(job, now);
  const fields: Record<string, unknown> = {
    taskId: job.id,
    status,
    clientId: createHash('sha256').update(job.id).digest('hex').slice(0, 32),
  };
  if (status === 'FAILED') {
    const moderated = job.faults.has('moderation');
    const message = moderated ? 'Content moderation: the request was flagged (simulated)' : 'The task failed while running (simulated)';
    fields.errorCode = moderated ? '1501' : '805';
    fields.errorMessage = message;
    fields.failedReason = { node_name: 'SimulatedNode', node_id: '9', exception_type: moderated ? 'ModerationError' : 'RuntimeError', exception_message: message, traceback: '' };
  } else if (status === 'SUCCESS') {
    fields.results = ensureResults(state, job).map((r) =>
      r.kind === 'text'
        ? { url: null, outputType: 'text', text: r.text, nodeId: '9' }
        : { url: mediaUrl(base, { id: r.mediaId, ext: r.ext }, now), outputType: r.ext, text: null, nodeId: '9' },
    );
    fields.usage = {
      consumeMoney: job.price.toFixed(3),
      consumeCoins: String(Math.round(job.price * 1000)),
      thirdPartyConsumeMoney: '0',
      taskCostTime: String(Math.round(job.runMs / 1000)),
    };
  }
  return taskBody(fields);
}

/** `taskId` as the body gives it (a string; a number is accepted but has likely lost digits already). */
function taskIdOf(body: unknown): string | undefined {
  if (!isPlainObject(body)) return undefined;
  const id = body.taskId;
  return typeof id === 'string' && id !== '' ? id : typeof id === 'number' ? String(id) : undefined;
}

function ownJob(ctx: CallContext, id: string): Job | undefined {
  const job = ctx.state.jobs.get(id);
  return job && job.provider === 'runninghub' && job.owner === ctx.owner && !isGone(job, ctx.now) ? job : undefined;
}

async function submit(ctx: CallContext): Promise<Reply> {
  const endpoint = ctx.params[0] ?? '';
  if (!isPlainObject(ctx.body)) return rhError('submit', 301, 'Invalid parameters: the body must be a JSON object');
  const input = ctx.body;
  const { jobs, config } = ctx.state;
  if (jobs.unfinished('runninghub', ctx.owner, ctx.now) >= config.concurrency) return runninghubDialect.concurrency('submit', config.retryAfterSeconds);
  const def = await findDefinition('runninghub', endpoint);
  const faults = new Set([...ctx.faults].filter(isJobFault)) as Set<JobFault>;
  const timing = faults.has('submit_success') ? { queueMs: 0, runMs: 0 } : drawTiming(config.timing);
  const plan = planOutput(def, endpoint, input);
  const job: Job = {
    id: jobs.newId('runninghub'),
    provider: 'runninghub',
    endpoint,
    owner: ctx.owner,
    createdAt: ctx.now,
    ...timing,
    input: slimInput(input),
    faults,
    output: plan,
    price: priceOf(plan.kind, plan.count),
  };
  jobs.add(job);
  return json(200, taskOf(ctx.state, job, ctx.publicBase, ctx.now), { jobId: job.id });
}

async function query(ctx: CallContext): Promise<Reply> {
  const id = taskIdOf(ctx.body);
  if (!id) return rhError('status', 301, 'Invalid parameters: taskId is required');
  const job = ownJob(ctx, id);
  if (!job) return json(200, taskBody({ taskId: id, errorCode: '1004', errorMessage: 'Task not found or expired' }));
  return json(200, taskOf(ctx.state, job, ctx.publicBase, ctx.now), { jobId: job.id });
}

async function cancel(ctx: CallContext): Promise<Reply> {
  const id = taskIdOf(ctx.body);
  if (!id) return rhError('cancel', 301, 'Invalid parameters: taskId is required');
  const job = ownJob(ctx, id);
  if (!job) return rhError('cancel', 807, 'Task not found');
  const phase = phaseOf(job, ctx.now);
  if (phase === 'done' || phase === 'cancelled') return { ...rhError('cancel', 817, 'Task already finished'), jobId: job.id };
  job.cancelledAt = ctx.now;
  return json(200, { code: 0, msg: 'success', data: null }, { jobId: job.id });
}

async function account(ctx: CallContext): Promise<Reply> {
  const running = ctx.state.jobs.unfinished('runninghub', ctx.owner, ctx.now);
  return json(200, {
    code: 0,
    msg: 'success',
    data: { remainCoins: '100000', remainMoney: '100.000', currency: 'CNY', currentTaskCounts: String(running), apiType: 'ENTERPRISE_SHARED' },
  });
}

async function upload(ctx: CallContext): Promise<Reply> {
  const boundary = boundaryOf(ctx.req.headers['content-type']);
  if (!boundary) return rhError('upload', 301, 'Expected multipart/form-data with a "file" field');
  const read = await readBody(ctx.req, UPLOAD_LIMIT + UPLOAD_OVERHEAD);
  const tooLarge = () => rhError('upload', 809, 'File too large (limit 100 MiB)', 200, { close: true });
  if (!read.ok) {
    ctx.recordBody({ file: { name: null, type: null, size: null, refused: read.reason } });
    return tooLarge();
  }
  const parts = parseMultipart(read.data, boundary);
  const part = parts.find((p) => p.name === 'file');
  if (!part) return rhError('upload', 301, 'No "file" field in the upload');
  const fileName = part.filename ?? 'upload';
  ctx.recordBody({ file: { name: fileName, type: part.contentType ?? null, size: part.data.length } });
  if (part.data.length > UPLOAD_LIMIT) return { ...tooLarge(), close: false };
  const { ext, type } = uploadType(fileName, part.contentType);
  const item = ctx.state.media.putData(ext, type, Buffer.from(part.data));
  return json(200, {
    code: 0,
    message: 'success',
    data: { type: mediaCategory(type), download_url: mediaUrl(ctx.publicBase, item, ctx.now), fileName: `openapi/${item.id}.${ext}`, size: part.data.length },
  });
}

const SPECIAL = new Set(['query', 'media/upload/binary']);

function submitPath(pathname: string): string[] | undefined {
  const m = /^\/openapi\/v2\/(.+)$/.exec(pathname);
  if (!m?.[1] || SPECIAL.has(m[1]) || m[1].split('/').some((s) => s === '')) return undefined;
  try {
    return [decodeURIComponent(m[1])];
  } catch {
    return undefined;
  }
}

const exact = (path: string) => (pathname: string) => (pathname === path ? [] : undefined);

function taskEndpoint(state: SimState, _params: string[], body: unknown): string | undefined {
  const id = taskIdOf(body);
  return id ? state.jobs.get(id)?.endpoint : undefined;
}

export const runninghubRoutes: Route[] = [
  { provider: 'runninghub', call: 'status', method: 'POST', body: 'json', match: exact('/openapi/v2/query'), endpointOf: taskEndpoint, run: query },
  { provider: 'runninghub', call: 'upload', method: 'POST', body: 'raw', match: exact('/openapi/v2/media/upload/binary'), run: upload },
  { provider: 'runninghub', call: 'submit', method: 'POST', body: 'json', match: submitPath, endpointOf: (_s, params) => params[0], run: submit },
  { provider: 'runninghub', call: 'cancel', method: 'POST', body: 'json', keyInBody: 'apiKey', match: exact('/task/openapi/cancel'), endpointOf: taskEndpoint, run: cancel },
  { provider: 'runninghub', call: 'account', method: 'POST', body: 'json', keyInBody: 'apikey', match: exact('/uc/openapi/accountStatus'), run: account },
];
