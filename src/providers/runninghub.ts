import { z } from 'zod';
import type {
  AccountInfo,
  CallOptions,
  CancelAnswer,
  ErrorClass,
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
import type { ProviderConfig } from './config.ts';
import { DEFAULT_TRANSFER_TIMEOUT_MS, MODERATION_WORDS, parseRetryAfter, providerError, send, type CallSpec, type ErrorParts, type HttpAnswer } from './http.ts';
import { checkEndpointId, checkJobId } from './ids.ts';
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

/** RunningHub error codes (official table, plus v2 codes seen by third-party clients). */
const CODES: Record<string, { class: ErrorClass; message: string; notStarted?: boolean }> = {
  '301': { class: 'invalid_input', message: 'RunningHub rejected the parameters.' },
  '380': { class: 'not_found', message: 'The workflow does not exist on RunningHub.' },
  '415': { class: 'rate_limited', message: 'No RunningHub instance is free right now; the job was not started.', notStarted: true },
  '421': { class: 'rate_limited', message: "RunningHub's concurrency limit for this key is reached; the job was not started.", notStarted: true },
  '423': { class: 'not_found', message: 'RunningHub does not know this task.' },
  '433': { class: 'invalid_input', message: 'RunningHub says the inputs failed validation.' },
  '500': { class: 'unknown', message: 'RunningHub reported an unknown error.' },
  '801': { class: 'auth', message: 'Free RunningHub accounts cannot use the API.' },
  '802': { class: 'auth', message: 'RunningHub refused the API key (unauthorized or expired).' },
  '803': { class: 'invalid_input', message: "The inputs do not match the RunningHub workflow's nodes." },
  '805': { class: 'unknown', message: 'The RunningHub task ended in an error state.' },
  '806': { class: 'auth', message: 'RunningHub does not know the account of this key.' },
  '807': { class: 'not_found', message: 'RunningHub does not know this task.' },
  '808': { class: 'transient', message: 'RunningHub could not store the uploaded file.' },
  '809': { class: 'invalid_input', message: 'The file is too large for RunningHub.' },
  '811': { class: 'auth', message: 'The RunningHub enterprise key is invalid.' },
  '812': { class: 'balance', message: 'Your RunningHub balance is too low for this job.' },
  '901': { class: 'not_found', message: 'The RunningHub app does not exist.' },
  '1003': { class: 'rate_limited', message: 'RunningHub is rate-limiting this key; the job was not started.', notStarted: true },
  '1004': { class: 'not_found', message: 'RunningHub no longer knows this task (not found or expired).' },
  '1005': { class: 'transient', message: 'RunningHub is busy; try again shortly.' },
  '1007': { class: 'invalid_input', message: 'RunningHub says the parameters failed validation.' },
  '1008': { class: 'invalid_input', message: 'The file is too large for RunningHub.' },
  '1010': { class: 'transient', message: 'RunningHub is busy; try again shortly.' },
  '1011': { class: 'transient', message: 'RunningHub is busy; try again shortly.' },
  '1014': { class: 'auth', message: 'This RunningHub key cannot call model endpoints: they need an "Enterprise-Shared" API key.' },
  '1501': { class: 'moderation', message: "RunningHub's content moderation refused this job." },
  '1505': { class: 'moderation', message: 'RunningHub does not allow images of real people for this model.' },
};

/** v1 codes that mean "not finished yet" rather than an error. */
const STILL_RUNNING: Record<string, JobState> = { '804': 'running', '813': 'queued' };

/** Classifies a RunningHub error code and message. */
export function classifyRunningHub(code: string, providerMessage: string | undefined, httpStatus: number, retryAfterMs?: number): ErrorParts {
  const known = CODES[code];
  let cls: ErrorClass = known?.class ?? 'unknown';
  if (!known && httpStatus >= 500) cls = 'transient';
  if ((cls === 'unknown' || cls === 'invalid_input') && providerMessage && MODERATION_WORDS.test(providerMessage)) cls = 'moderation';
  const base = known?.message ?? (cls === 'moderation' ? "RunningHub's content moderation refused this job." : `RunningHub answered with error ${code}.`);
  return {
    class: cls,
    message: providerMessage && providerMessage !== base ? `${base} (${providerMessage})` : base,
    code,
    ...(providerMessage ? { providerMessage } : {}),
    httpStatus,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    notStarted: Boolean(known?.notStarted),
    mayHaveStarted: false,
  };
}

function classifyHttp(status: number, providerMessage: string | undefined, retryAfterMs?: number): ErrorParts {
  const cls: ErrorClass = status === 401 || status === 403 ? 'auth' : status === 402 ? 'balance' : status === 404 ? 'not_found' : status === 400 || status === 413 || status === 422 ? 'invalid_input' : status === 429 ? 'rate_limited' : status >= 500 ? 'transient' : 'unknown';
  const detail = providerMessage ? `: ${providerMessage}` : '';
  return {
    class: cls,
    message: cls === 'rate_limited' ? `RunningHub is rate-limiting requests; try again shortly${detail}` : `RunningHub answered HTTP ${status}${detail}`,
    ...(providerMessage ? { providerMessage } : {}),
    httpStatus: status,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    notStarted: cls === 'rate_limited',
    mayHaveStarted: cls === 'transient' || cls === 'unknown',
  };
}

const zId = z.union([z.string(), z.number()]).transform(String);
const zResultItem = z.object({
  url: z.string().nullish(),
  outputType: z.string().nullish(),
  text: z.string().nullish(),
  nodeId: zId.nullish(),
});
const zMoney = z.union([z.string(), z.number()]).nullish();
const zTask = z.object({
  taskId: zId.nullish(),
  status: z.string().nullish(),
  errorCode: zId.nullish(),
  errorMessage: z.string().nullish(),
  results: z.array(zResultItem).nullish(),
  failedReason: z.unknown().optional(),
  usage: z.object({ consumeMoney: zMoney, consumeCoins: zMoney, thirdPartyConsumeMoney: zMoney, taskCostTime: zMoney }).partial().nullish(),
  // v1-style envelope fields some answers carry instead.
  code: zId.nullish(),
  msg: z.string().nullish(),
  message: z.string().nullish(),
  data: z.unknown().optional(),
});
type Task = z.infer<typeof zTask>;

const zEnvelope = z.object({ code: zId, msg: z.string().nullish(), message: z.string().nullish(), data: z.unknown().optional() });
const zUpload = z.object({ download_url: z.string().optional(), downloadUrl: z.string().optional(), fileName: z.string().nullish(), url: z.string().optional() });
const zAccount = z.object({ remainCoins: zMoney, remainMoney: zMoney, currency: z.string().nullish(), currentTaskCounts: zMoney, apiType: z.string().nullish() }).partial();

/** Quotes a bare 16+-digit `taskId` number before JSON.parse, so it cannot lose digits. */
export function quoteTaskIds(text: string): string {
  return text.replace(/("taskId"\s*:\s*)(-?\d{16,})(?=\s*[,}\]])/g, '$1"$2"');
}

function numberOf(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** The code of an error answer: a non-empty `errorCode`, else a non-zero `code`. */
function errorCodeOf(task: Task): string | undefined {
  const errorCode = task.errorCode?.trim();
  if (errorCode && errorCode !== '0') return errorCode;
  const code = task.code?.trim();
  if (code && code !== '0') return code;
  return undefined;
}

function messageOf(task: Task): string | undefined {
  const text = task.errorMessage?.trim() || task.msg?.trim() || task.message?.trim();
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

  function spec(callName: ProviderCall, path: string, options: CallOptions, body: unknown, timeoutMs?: number): CallSpec {
    const timeout = options.timeoutMs ?? timeoutMs;
    return { provider: ID, call: callName, method: 'POST', path, body, reviveText: quoteTaskIds, ...(timeout ? { timeoutMs: timeout } : {}), ...(options.signal ? { signal: options.signal } : {}) };
  }

  /** Sends a call; an HTTP error status (with or without a RunningHub body) becomes a ProviderError. */
  async function post(s: CallSpec): Promise<HttpAnswer> {
    const answer = await send(config, s);
    if (answer.status >= 400) {
      const retryAfter = parseRetryAfter(answer.headers.get('retry-after'));
      const parsed = zTask.safeParse(answer.json);
      const code = parsed.success ? errorCodeOf(parsed.data) : undefined;
      const message = parsed.success ? messageOf(parsed.data) : answer.text.trim().slice(0, 300) || undefined;
      // A 5xx may have reached the provider whatever its body says; below that, a known code decides.
      const parts = code && CODES[code] && answer.status < 500 ? classifyRunningHub(code, message, answer.status, retryAfter) : { ...classifyHttp(answer.status, message, retryAfter), ...(code ? { code } : {}) };
      throw providerError(s, parts, key);
    }
    return answer;
  }

  function unwrapTask(s: CallSpec, answer: HttpAnswer): Task {
    const parsed = zTask.safeParse(answer.json);
    if (!parsed.success) {
      throw providerError(s, { class: 'unknown', message: `RunningHub's ${s.call} answer could not be understood.`, httpStatus: answer.status, mayHaveStarted: true }, key);
    }
    // Some answers wrap the task in a v1 envelope: {code: 0, data: {taskId, ...}}.
    const data = parsed.data.data;
    if (data && typeof data === 'object' && !Array.isArray(data) && 'taskId' in data) {
      const inner = zTask.safeParse(data);
      if (inner.success) return inner.data;
    }
    return parsed.data;
  }

  function failure(callName: ProviderCall, code: string | undefined, message: string | undefined): ProviderErrorInfo {
    const parts = code ? classifyRunningHub(code, message, 200) : { class: (message && MODERATION_WORDS.test(message) ? 'moderation' : 'unknown') as ErrorClass, message: `The RunningHub task failed${message ? `: ${message}` : ' (no reason given)'}.` };
    return {
      provider: ID,
      call: callName,
      class: parts.class,
      message: parts.message,
      retrySafe: false,
      ...(code ? { code } : {}),
      ...(message ? { providerMessage: message } : {}),
    };
  }

  /** A task object → its normalised status. Throws when the answer is an error about the call itself. */
  function statusOf(s: CallSpec, task: Task, jobId: string, answerStatus: number): JobStatus {
    const code = errorCodeOf(task);
    const message = messageOf(task);
    const raw = task.status?.trim() ?? '';
    if (code && STILL_RUNNING[code] && !raw) {
      return { jobId, state: STILL_RUNNING[code], providerStatus: code };
    }
    if (!raw) {
      // No status: the answer is about the call (unknown task, bad key, busy), not the task's outcome.
      if (code) throw providerError(s, classifyRunningHub(code, message, answerStatus), key);
      throw providerError(s, { class: 'unknown', message: `RunningHub's ${s.call} answer has no task status.`, httpStatus: answerStatus }, key);
    }
    const { state: reported, recognised } = runningHubState(raw);
    // A non-empty error code means failure even when the status says otherwise.
    const state: JobState = code && !STILL_RUNNING[code] && reported !== 'cancelled' ? 'failed' : reported;
    const outputs = state === 'succeeded' ? runningHubOutputs(task.results) : undefined;
    const cost = costOf(task.usage);
    return {
      jobId,
      state,
      providerStatus: raw,
      ...(recognised ? {} : { unrecognisedStatus: true }),
      ...(state === 'failed' ? { error: failure(s.call, code, message) } : {}),
      ...(outputs ? { outputs } : {}),
      ...(cost ? { cost } : {}),
    };
  }

  async function query(callName: 'status' | 'result', jobId: string, options: CallOptions): Promise<{ status: JobStatus; task: Task }> {
    const s = spec(callName, '/openapi/v2/query', options, { taskId: checkJobId(ID, jobId) });
    const answer = await post(s);
    const task = unwrapTask(s, answer);
    const code = errorCodeOf(task);
    const reportedId = task.taskId?.trim();
    // Not-found and call-level errors come without a task status.
    if (code && CODES[code]?.class === 'not_found') throw providerError(s, classifyRunningHub(code, messageOf(task), answer.status), key);
    if (reportedId && reportedId !== jobId) {
      throw providerError(s, { class: 'unknown', message: `RunningHub answered the query for task ${jobId} with task ${reportedId}.`, httpStatus: answer.status }, key);
    }
    return { status: statusOf(s, task, jobId, answer.status), task };
  }

  async function envelope(callName: ProviderCall, path: string, body: unknown, options: CallOptions, timeoutMs?: number) {
    const s = spec(callName, path, options, body, timeoutMs);
    const answer = await post(s);
    const parsed = zEnvelope.safeParse(answer.json);
    if (!parsed.success) throw providerError(s, { class: 'unknown', message: `RunningHub's ${callName} answer could not be understood.`, httpStatus: answer.status }, key);
    return { s, answer, code: parsed.data.code.trim(), message: (parsed.data.msg ?? parsed.data.message ?? '').trim() || undefined, data: parsed.data.data };
  }

  async function upload(file: MediaFile, options: CallOptions = {}): Promise<string> {
    if (file.bytes.byteLength > MEDIA.maxBytes.file) {
      throw providerError({ provider: ID, call: 'upload' }, { class: 'invalid_input', message: `${file.name ?? 'The file'} is ${formatBytes(file.bytes.byteLength)}; Weft uploads files up to ${formatBytes(MEDIA.maxBytes.file)} to RunningHub.` }, key);
    }
    const form = new FormData();
    const name = file.name && /^[^/\\\0]{1,200}$/.test(file.name) ? file.name : `upload.${file.mimeType.split('/')[1]?.replace(/[^a-z0-9]/g, '') || 'bin'}`;
    form.append('file', new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.mimeType }), name);
    const { s, answer, code, message, data } = await envelope('upload', '/openapi/v2/media/upload/binary', form, options, config.transferTimeoutMs ?? DEFAULT_TRANSFER_TIMEOUT_MS);
    if (code !== '0') throw providerError(s, classifyRunningHub(code, message, answer.status), key);
    const parsed = zUpload.safeParse(data);
    const url = parsed.success ? (parsed.data.download_url ?? parsed.data.downloadUrl ?? parsed.data.url) : undefined;
    if (!url || !isHttpUrl(url)) throw providerError(s, { class: 'unknown', message: 'RunningHub accepted the upload but returned no download URL.', httpStatus: answer.status }, key);
    return url;
  }

  return {
    id: ID,
    media: MEDIA,

    async submit(endpoint, input, options = {}): Promise<SubmitAnswer> {
      const s = spec('submit', `/openapi/v2/${checkEndpointId(ID, endpoint)}`, options, input);
      const answer = await post(s);
      const task = unwrapTask(s, answer);
      const jobId = task.taskId?.trim();
      const code = errorCodeOf(task);
      if (!jobId) {
        if (code) throw providerError(s, classifyRunningHub(code, messageOf(task), answer.status), key);
        throw providerError(s, { class: 'unknown', message: 'RunningHub accepted the submit but returned no task id.', httpStatus: answer.status, mayHaveStarted: true }, key);
      }
      // A task exists: report its state (it may already be SUCCESS with results, or FAILED).
      const status = task.status?.trim() ? statusOf(s, task, jobId, answer.status) : { jobId, state: 'queued' as const, providerStatus: '' };
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
      const seconds = numberOf(task.usage?.taskCostTime);
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
      if (code === '0') return { jobId, outcome: 'cancelled', state: 'cancelled', ...(message ? { providerMessage: message } : {}) };
      if (code === '817') return { jobId, outcome: 'finished', ...(message ? { providerMessage: message } : {}) };
      if (CODES[code]?.class === 'not_found') return { jobId, outcome: 'not_found', ...(message ? { providerMessage: message } : {}) };
      throw providerError(s, classifyRunningHub(code, message, answer.status), key);
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
      if (code !== '0') throw providerError(s, classifyRunningHub(code, message, answer.status), key);
      const parsed = zAccount.safeParse(data ?? {});
      const d = parsed.success ? parsed.data : {};
      const balance = numberOf(d.remainMoney);
      const coins = numberOf(d.remainCoins);
      const running = numberOf(d.currentTaskCounts);
      return {
        ...(balance !== undefined ? { balance } : {}),
        ...(d.currency ? { currency: d.currency } : {}),
        ...(coins !== undefined ? { coins } : {}),
        ...(running !== undefined ? { runningJobs: running } : {}),
        ...(d.apiType ? { keyType: d.apiType } : {}),
      };
    },
  };
}
