import { z } from 'zod';
import type {
  AccountInfo,
  CallOptions,
  CancelAnswer,
  JobCost,
  JobOutput,
  JobResult,
  JobState,
  JobStatus,
  MediaFile,
  Provider,
  ProviderCall,
  ProviderErrorInfo,
  SubmitAnswer,
} from '../core/providers/types.ts';
import { secretRedactor } from '../core/redact.ts';
import type { ProviderConfig } from './config.ts';
import { describeBody, jobFailure, malformedAnswer, parseRetryAfter, providerError } from './errors.ts';
import { DEFAULT_TRANSFER_TIMEOUT_MS, send, type CallSpec, type HttpAnswer } from './http.ts';
import { checkEndpointId, checkJobId, isJobId } from './ids.ts';
import { classifyRunningHub, classifyRunningHubHttp, CODES, moderated, STILL_RUNNING, TASK_NOT_FOUND } from './runninghubErrors.ts';
import { downloadResult, extensionOf, formatBytes, isHttpUrl, kindOfExtension } from './media.ts';

/**
 * RunningHub openapi v2: `POST /openapi/v2/{endpoint}` to submit, `POST /openapi/v2/query` for state and
 * results, `/openapi/v2/media/upload/binary` for local files, the v1 `/task/openapi/cancel`, and
 * `/uc/openapi/accountStatus`. Business errors come inside HTTP-200 bodies; task ids are 19-digit strings.
 */

const ID = 'runninghub';

const MEDIA = {
  local: 'upload' as const,
  // RunningHub's own limit is unknown (it answers 809 "file too large"); each field's own maxSize is checked before upload.
  maxBytes: { image: 100 * 1024 * 1024, video: 100 * 1024 * 1024, audio: 100 * 1024 * 1024, file: 100 * 1024 * 1024 },
};

/** A RunningHub status string → Weft's state; unknown strings mean "still running". */
export function runningHubState(status: string): { state: JobState; recognised: boolean } {
  switch (status.trim().toUpperCase()) {
    case 'QUEUED':
    case 'CREATE':
    case 'PENDING':
      return { state: 'queued', recognised: true };
    case 'RUNNING':
      return { state: 'running', recognised: true };
    case 'SUCCESS':
      return { state: 'succeeded', recognised: true };
    case 'FAILED':
      return { state: 'failed', recognised: true };
    case 'CANCEL':
    case 'CANCELLED':
    case 'CANCELED':
      return { state: 'cancelled', recognised: true };
    default:
      return { state: 'running', recognised: false };
  }
}

const zId = z.union([z.string(), z.number()]).transform(String);
const zResultItem = z.object({
  url: z.string().nullish(),
  outputType: z.string().nullish(),
  text: z.string().nullish(),
  nodeId: zId.nullish(),
});
const zMoney = z.union([z.string(), z.number()]).nullish();
/**
 * The v2 task object. Parsed strictly where it decides anything (status a string, results an array of
 * result objects); an object that has none of `taskId`, `status`, `errorCode` is not a task answer.
 */
const zTask = z
  .object({
    taskId: zId.nullish(),
    status: z.string().nullish(),
    errorCode: zId.nullish(),
    errorMessage: z.string().nullish(),
    results: z.array(zResultItem).nullish(),
    failedReason: z.unknown().optional(),
    usage: z.unknown().optional().transform((u) => {
      const parsed = z.object({ consumeMoney: zMoney, consumeCoins: zMoney, thirdPartyConsumeMoney: zMoney, taskCostTime: zMoney }).partial().safeParse(u);
      return parsed.success ? parsed.data : undefined;
    }),
  })
  .refine((t) => t.taskId != null || t.status != null || t.errorCode != null, 'none of taskId, status, errorCode');
type Task = z.infer<typeof zTask>;
/** The v1 envelope `{code, msg|message, data}` (cancel, account, upload, and some error answers). */
const zEnvelope = z.object({ code: zId, msg: z.string().nullish(), message: z.string().nullish(), data: z.unknown().optional() });
const zUpload = z.object({ download_url: z.string().optional(), downloadUrl: z.string().optional(), fileName: z.string().nullish(), url: z.string().optional() });
const zAccount = z.object({ remainCoins: zMoney, remainMoney: zMoney, currency: z.string().nullish(), currentTaskCounts: zMoney, apiType: z.string().nullish() }).partial();

/** A RunningHub answer in one of its formats: a task object, or a v1 envelope (possibly wrapping a task). */
type Answer = { kind: 'task'; task: Task } | { kind: 'envelope'; code: string; message: string | undefined; data: unknown };

function readAnswer(json: unknown): Answer | undefined {
  const envelope = zEnvelope.safeParse(json);
  if (envelope.success) {
    const { code, msg, message, data } = envelope.data;
    // Some answers wrap the task in a v1 envelope: {code: 0, data: {taskId, ...}}.
    const inner = data && typeof data === 'object' && 'taskId' in data ? zTask.safeParse(data) : undefined;
    if (inner?.success && code.trim() === '0') return { kind: 'task', task: inner.data };
    return { kind: 'envelope', code: code.trim(), message: (msg ?? message ?? '').trim().slice(0, 500) || undefined, data };
  }
  const task = zTask.safeParse(json);
  return task.success ? { kind: 'task', task: task.data } : undefined;
}

/** Quotes a bare 16+-digit `taskId` number before JSON.parse, so it cannot lose digits. */
export function quoteTaskIds(text: string): string {
  return text.replace(/("taskId"\s*:\s*)(-?\d{16,})(?=\s*[,}\]])/g, '$1"$2"');
}

function numberOf(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function codeOfAnswer(read: Answer): string | undefined {
  return read.kind === 'task' ? errorCodeOf(read.task) : read.code !== '0' ? read.code : undefined;
}

function messageOfAnswer(read: Answer): string | undefined {
  return read.kind === 'task' ? messageOf(read.task) : read.message;
}

/** The code of an error answer: a non-empty `errorCode` other than 0. */
function errorCodeOf(task: Task): string | undefined {
  const errorCode = task.errorCode?.trim();
  return errorCode && errorCode !== '0' ? errorCode : undefined;
}

function messageOf(task: Task): string | undefined {
  const text = task.errorMessage?.trim();
  if (text) return text.slice(0, 500);
  const reason = task.failedReason;
  if (reason && typeof reason === 'object') {
    const r = reason as Record<string, unknown>;
    const m = r.exception_message ?? r.exceptionMessage ?? r.message;
    if (typeof m === 'string' && m.trim()) return m.trim().slice(0, 500);
  } else if (typeof reason === 'string' && reason.trim()) return reason.trim().slice(0, 500);
  return undefined;
}

/** RunningHub `results[]` → outputs: a file per URL (kind from `outputType`), or a text value. */
export function runningHubOutputs(results: Task['results']): JobOutput[] {
  const outputs: JobOutput[] = [];
  (results ?? []).forEach((item, i) => {
    const type = item.outputType?.trim().toLowerCase() ?? '';
    if (type === 'text' || type === 'string' || type === 'txt' || (!item.url && typeof item.text === 'string')) {
      if (typeof item.text === 'string') outputs.push({ kind: 'text', text: item.text, source: `results[${i}]` });
      return;
    }
    if (item.url && isHttpUrl(item.url)) {
      const ext = /^[a-z0-9]{1,5}$/.test(type) ? type : extensionOf(item.url);
      outputs.push({ kind: kindOfExtension(ext), url: item.url, ...(ext ? { ext } : {}), source: `results[${i}]` });
    }
  });
  return outputs;
}

function costOf(usage: Task['usage']): JobCost | undefined {
  if (!usage) return undefined;
  const money = numberOf(usage.consumeMoney) ?? numberOf(usage.thirdPartyConsumeMoney);
  const coins = numberOf(usage.consumeCoins);
  if (money === undefined && coins === undefined) return undefined;
  return { amount: money ?? 0, ...(coins !== undefined ? { coins } : {}) };
}

export function createRunningHub(config: ProviderConfig): Provider {
  const key = config.apiKey;
  /** Strings from RunningHub's answers that are shown or stored (statuses, messages), without secrets. */
  const clean = secretRedactor([key]);
  const cleanData = secretRedactor([key], { kind: 'data' });

  function spec(callName: ProviderCall, path: string, options: CallOptions, body: unknown, timeoutMs?: number): CallSpec {
    const timeout = options.timeoutMs ?? timeoutMs;
    return { provider: ID, call: callName, method: 'POST', path, body, reviveText: quoteTaskIds, ...(timeout ? { timeoutMs: timeout } : {}), ...(options.signal ? { signal: options.signal } : {}) };
  }

  const malformed = (s: CallSpec, detail: string, answer: HttpAnswer) => malformedAnswer(s, 'RunningHub', detail, answer.status, key);

  /**
   * Sends a call and reads the answer in one of RunningHub's formats. An HTTP error status, or a body
   * in neither format, throws here: the first is classified by its code or status, the second is a
   * transport error (a submit answered so may have started).
   */
  async function ask(s: CallSpec): Promise<{ answer: HttpAnswer; read: Answer }> {
    const answer = await send(config, s);
    const read = readAnswer(answer.json);
    if (answer.status >= 400) {
      const retryAfter = parseRetryAfter(answer.headers.get('retry-after'));
      const code = read ? codeOfAnswer(read) : undefined;
      const message = read ? messageOfAnswer(read) : undefined;
      // A 5xx may have reached the provider and a 429 is a rate limit, whatever the body says.
      if (code && answer.status < 500 && answer.status !== 429) throw providerError(s, classifyRunningHub(s.call, code, message, answer.status, retryAfter), key);
      const parts = classifyRunningHubHttp(s.call, answer.status, answer.text, retryAfter);
      throw providerError(s, { ...parts, ...(code ? { code } : {}), ...(message ? { providerMessage: message } : {}) }, key);
    }
    if (!read) throw malformed(s, answer.json === undefined ? describeBody(answer.text, answer.status) : 'neither a task object nor a {code, msg} envelope', answer);
    return { answer, read };
  }

  /** Why a task failed, in Weft's classes (a failed task is never transient or "not found"). */
  function failure(callName: ProviderCall, code: string | undefined, message: string | undefined): ProviderErrorInfo {
    const known = code ? CODES[code] : undefined;
    let cls = moderated(known?.class ?? 'unknown', message);
    if (cls === 'transient' || cls === 'not_found' || cls === 'rate_limited') cls = 'unknown';
    const base = known?.message ?? (cls === 'moderation' ? "RunningHub's content moderation refused this job." : 'The RunningHub task failed');
    return jobFailure(
      { provider: ID, call: callName },
      {
        class: cls,
        message: known || cls === 'moderation' ? (message && message !== base ? `${base} (${message})` : base) : `${base}${message ? `: ${message}` : ' (no reason given)'}.`,
        ...(code ? { code } : {}),
        ...(message ? { providerMessage: message } : {}),
      },
      key,
    );
  }

  /** A task object that has a status → its normalised status. */
  function statusOf(s: CallSpec, task: Task, jobId: string, raw: string): JobStatus {
    const code = errorCodeOf(task);
    const { state: reported, recognised } = runningHubState(raw);
    // A non-empty error code means failure even when the status says otherwise.
    const state: JobState = code && !STILL_RUNNING[code] && reported !== 'cancelled' ? 'failed' : reported;
    const outputs = state === 'succeeded' ? runningHubOutputs(task.results).map((o) => (o.text !== undefined ? { ...o, text: cleanData(o.text) } : o)) : undefined;
    const cost = costOf(task.usage);
    return {
      jobId,
      state,
      providerStatus: clean(raw).slice(0, 200),
      ...(recognised ? {} : { unrecognisedStatus: true }),
      ...(state === 'failed' ? { error: failure(s.call, code, messageOf(task)) } : {}),
      ...(outputs ? { outputs } : {}),
      ...(cost ? { cost } : {}),
    };
  }

  async function query(callName: 'status' | 'result', jobId: string, options: CallOptions): Promise<{ status: JobStatus; task?: Task }> {
    const s = spec(callName, '/openapi/v2/query', options, { taskId: checkJobId(ID, jobId) });
    const { answer, read } = await ask(s);
    if (read.kind === 'envelope') {
      const still = STILL_RUNNING[read.code];
      if (still) return { status: { jobId, state: still, providerStatus: read.code } };
      if (read.code === '0') throw malformed(s, 'an envelope without a task', answer);
      throw providerError(s, classifyRunningHub(callName, read.code, read.message, answer.status), key);
    }
    const task = read.task;
    const code = errorCodeOf(task);
    const raw = task.status?.trim() ?? '';
    // Call-level answers (task not found, bad key, busy) come without a task status.
    if (code && (TASK_NOT_FOUND.has(code) || !raw)) {
      const still = STILL_RUNNING[code];
      if (still) return { status: { jobId, state: still, providerStatus: code }, task };
      throw providerError(s, classifyRunningHub(callName, code, messageOf(task), answer.status), key);
    }
    if (!raw) throw malformed(s, 'no task status', answer);
    const reported = task.taskId?.trim();
    if (!reported) throw malformed(s, 'no task id', answer);
    if (reported !== jobId) throw malformed(s, `it is about task ${clean(reported).slice(0, 40)}, not ${jobId}`, answer);
    return { status: statusOf(s, task, jobId, raw), task };
  }

  async function envelope(callName: ProviderCall, path: string, body: unknown, options: CallOptions, timeoutMs?: number) {
    const s = spec(callName, path, options, body, timeoutMs);
    const { answer, read } = await ask(s);
    if (read.kind !== 'envelope') {
      const code = errorCodeOf(read.task);
      if (code) throw providerError(s, classifyRunningHub(callName, code, messageOf(read.task), answer.status), key);
      throw malformed(s, 'a task object where a {code, msg} envelope was expected', answer);
    }
    return { s, answer, code: read.code, message: read.message, data: read.data };
  }

  async function upload(file: MediaFile, options: CallOptions = {}): Promise<string> {
    if (file.bytes.byteLength > MEDIA.maxBytes.file) {
      throw providerError({ provider: ID, call: 'upload' }, { class: 'invalid_input', message: `${file.name ?? 'The file'} is ${formatBytes(file.bytes.byteLength)}; Weft uploads files up to ${formatBytes(MEDIA.maxBytes.file)} to RunningHub.` }, key);
    }
    const form = new FormData();
    const name = file.name && /^[^/\\\0]{1,200}$/.test(file.name) ? file.name : `upload.${file.mimeType.split('/')[1]?.replace(/[^a-z0-9]/g, '') || 'bin'}`;
    form.append('file', new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.mimeType }), name);
    const { s, answer, code, message, data } = await envelope('upload', '/openapi/v2/media/upload/binary', form, options, config.transferTimeoutMs ?? DEFAULT_TRANSFER_TIMEOUT_MS);
    if (code !== '0') throw providerError(s, classifyRunningHub('upload', code, message, answer.status), key);
    const parsed = zUpload.safeParse(data);
    const url = parsed.success ? (parsed.data.download_url ?? parsed.data.downloadUrl ?? parsed.data.url) : undefined;
    if (!url || !isHttpUrl(url)) throw malformed(s, 'the upload was accepted without a download URL', answer);
    return url;
  }

  return {
    id: ID,
    media: MEDIA,

    async submit(endpoint, input, options = {}): Promise<SubmitAnswer> {
      const s = spec('submit', `/openapi/v2/${checkEndpointId(ID, endpoint)}`, options, input);
      const { answer, read } = await ask(s);
      const task = read.kind === 'task' ? read.task : undefined;
      const code = read.kind === 'task' ? errorCodeOf(read.task) : read.code !== '0' ? read.code : undefined;
      const jobId = task?.taskId?.trim();
      if (!jobId) {
        // No task: a documented refusal is "not started"; any other code, or none, may have started one.
        if (code) throw providerError(s, classifyRunningHub('submit', code, task ? messageOf(task) : read.kind === 'envelope' ? read.message : undefined, answer.status), key);
        throw malformed(s, 'no task id', answer);
      }
      if (!isJobId(jobId)) throw malformed(s, `the task id "${clean(jobId).slice(0, 40)}" is not one Weft can follow`, answer);
      // A task exists: report its state (it may already be SUCCESS with results, or FAILED).
      const raw = task?.status?.trim() ?? '';
      const status = raw ? statusOf(s, task!, jobId, raw) : { jobId, state: 'queued' as const, providerStatus: '' };
      return { jobId, status };
    },

    async status(jobId, options = {}) {
      return (await query('status', jobId, options)).status;
    },

    async result(jobId, options = {}): Promise<JobResult> {
      const { status, task } = await query('result', jobId, options);
      if (status.state === 'succeeded' && (status.outputs ?? []).length === 0) {
        throw providerError({ provider: ID, call: 'result' }, { class: 'unknown', message: 'RunningHub reported the task succeeded but it holds no file or text Weft recognises.' }, key);
      }
      const seconds = numberOf(task?.usage?.taskCostTime);
      return {
        jobId,
        state: status.state,
        providerStatus: status.providerStatus,
        outputs: status.outputs ?? [],
        ...(status.cost ? { cost: status.cost } : {}),
        ...(status.error ? { error: status.error } : {}),
        ...(seconds !== undefined ? { durationSeconds: seconds } : {}),
      };
    },

    async cancel(jobId, options = {}): Promise<CancelAnswer> {
      const { s, answer, code, message } = await envelope('cancel', '/task/openapi/cancel', { apiKey: key ?? '', taskId: checkJobId(ID, jobId) }, options);
      const providerMessage = message ? { providerMessage: clean(message) } : {};
      if (code === '0') return { jobId, outcome: 'cancelled', state: 'cancelled', ...providerMessage };
      if (code === '817') return { jobId, outcome: 'finished', ...providerMessage };
      if (TASK_NOT_FOUND.has(code)) return { jobId, outcome: 'not_found', ...providerMessage };
      throw providerError(s, classifyRunningHub('cancel', code, message, answer.status), key);
    },

    upload,

    mediaInput(file, options) {
      return upload(file, options);
    },

    download(url, options) {
      return downloadResult(ID, config, url, options);
    },

    async account(options = {}): Promise<AccountInfo> {
      const { s, answer, code, message, data } = await envelope('account', '/uc/openapi/accountStatus', { apikey: key ?? '' }, options);
      if (code !== '0') throw providerError(s, classifyRunningHub('account', code, message, answer.status), key);
      const parsed = zAccount.safeParse(data ?? {});
      const d = parsed.success ? parsed.data : {};
      const balance = numberOf(d.remainMoney);
      const coins = numberOf(d.remainCoins);
      const running = numberOf(d.currentTaskCounts);
      return {
        ...(balance !== undefined ? { balance } : {}),
        ...(d.currency ? { currency: clean(d.currency).slice(0, 20) } : {}),
        ...(coins !== undefined ? { coins } : {}),
        ...(running !== undefined ? { runningJobs: running } : {}),
        ...(d.apiType ? { keyType: clean(d.apiType).slice(0, 60) } : {}),
      };
    },
  };
}
