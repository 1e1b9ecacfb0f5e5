import { z } from 'zod';
import type {
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
import { isProviderError } from '../core/providers/types.ts';
import { secretRedactor } from '../core/redact.ts';
import type { ProviderConfig } from './config.ts';
import { describeBody, jobFailure, malformedAnswer, messageFrom, MODERATION_WORDS, parseRetryAfter, providerError } from './errors.ts';
import { send, type HttpAnswer } from './http.ts';
import { classifyRunComfy, runComfyErrorCode } from './runcomfyErrors.ts';
import { downloadResult, extensionOf, formatBytes, isHttpUrl, kindOfExtension, kindOfMime, toDataUri } from './media.ts';
import { checkJobId, checkEndpointId } from './ids.ts';

/**
 * RunComfy Model API: `POST /v1/models/{model_id}` to submit, `/v1/requests/{id}/status|result|cancel`.
 * Local media travels inline as data URIs (there is no upload call). See PROVIDERS.md.
 */

const ID = 'runcomfy';

/** RunComfy's own nodes cap inline media at these sizes; the server's limits are unknown. */
const MEDIA = {
  local: 'inline' as const,
  maxBytes: { image: 6 * 1024 * 1024, video: 32 * 1024 * 1024, audio: 16 * 1024 * 1024, file: 16 * 1024 * 1024 },
  maxRequestBytes: 64 * 1024 * 1024,
};

const QUEUED = new Set(['in_queue', 'queued', 'pending', 'waiting']);
const RUNNING = new Set(['in_progress', 'running', 'starting', 'processing']);
const SUCCEEDED = new Set(['completed', 'succeeded', 'success']);
const FAILED = new Set(['failed', 'error']);
const CANCELLED = new Set(['cancelled', 'canceled']);

/** A RunComfy status string → Weft's state. Unknown strings mean "still running", never done. */
export function runComfyState(status: string): { state: JobState; recognised: boolean } {
  const s = status.trim().toLowerCase();
  if (QUEUED.has(s)) return { state: 'queued', recognised: true };
  if (RUNNING.has(s)) return { state: 'running', recognised: true };
  if (SUCCEEDED.has(s)) return { state: 'succeeded', recognised: true };
  if (FAILED.has(s)) return { state: 'failed', recognised: true };
  if (CANCELLED.has(s)) return { state: 'cancelled', recognised: true };
  return { state: 'running', recognised: false };
}

/** A non-blank string (trimmed): ids and statuses that decide anything must be one. */
const zText = z.string().trim().min(1);
/** Decorations are read when well-formed and ignored otherwise; what decides a state is parsed strictly. */
const zOptionalText = z.unknown().optional().transform((v) => (typeof v === 'string' && v.trim() !== '' ? v : undefined));
const zSubmit = z.object({ request_id: zText, status: zOptionalText });
const zStatus = z.object({
  request_id: zText,
  status: zText,
  queue_position: z.unknown().optional().transform((v) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined)),
});
const zResult = z.object({
  request_id: zText,
  status: zText,
  output: z.unknown().optional(),
  error: z.unknown().optional(),
  cost: z.unknown().optional(),
  created_at: zOptionalText,
  finished_at: zOptionalText,
});
const zCancel = z.object({ request_id: zText, status: zOptionalText, outcome: zOptionalText }).refine((c) => c.status !== undefined || c.outcome !== undefined, 'neither status nor outcome');

function kindOfKey(key: string): JobOutput['kind'] | undefined {
  const k = key.toLowerCase();
  if (/image|img|frame|mask|picture/.test(k)) return 'image';
  if (/video|clip|movie/.test(k)) return 'video';
  if (/audio|speech|music|sound|voice|song/.test(k)) return 'audio';
  if (/text|caption|transcript|answer|content|lyrics/.test(k)) return 'text';
  return undefined;
}

/**
 * The outputs in a RunComfy `output` object: `image`/`video`/`audio` URL strings, `images`/`videos` URL
 * arrays, and whatever else carries http(s) URLs (`url`, objects with a `url`), or text under a text-like
 * key. Only http(s) URLs are kept as files.
 */
export function runComfyOutputs(output: unknown): JobOutput[] {
  const outputs: JobOutput[] = [];
  const add = (value: unknown, source: string, keyKind: JobOutput['kind'] | undefined) => {
    if (typeof value === 'string') {
      if (isHttpUrl(value)) {
        const ext = extensionOf(value);
        const byExt = kindOfExtension(ext);
        outputs.push({ kind: byExt !== 'file' ? byExt : keyKind && keyKind !== 'text' ? keyKind : 'file', url: value, ...(ext ? { ext } : {}), source });
      } else if (keyKind === 'text' && value.trim() !== '') {
        outputs.push({ kind: 'text', text: value, source });
      }
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) => add(item, `${source}[${i}]`, keyKind));
      return;
    }
    if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (typeof record.url === 'string') {
        const mime = typeof record.content_type === 'string' ? kindOfMime(record.content_type) : undefined;
        add(record.url, source, mime && mime !== 'file' ? mime : keyKind);
        return;
      }
      for (const [key, inner] of Object.entries(record)) add(inner, source ? `${source}.${key}` : key, kindOfKey(key) ?? keyKind);
    }
  };
  add(output, '', undefined);
  return outputs;
}

function costOf(value: unknown): JobCost | undefined {
  const amount = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(amount) && amount >= 0 ? { amount, currency: 'USD' } : undefined;
}

export function createRunComfy(config: ProviderConfig): Provider {
  const key = config.apiKey;
  /** Strings from RunComfy's answers that are shown or stored (statuses, messages), without secrets. */
  const clean = secretRedactor([key]);
  const cleanData = secretRedactor([key], { kind: 'data' });

  /** Makes a call; an HTTP error status or an error in a 200 body becomes a ProviderError. */
  async function call(callName: ProviderCall, method: 'GET' | 'POST', path: string, options: CallOptions, extra: { body?: unknown; query?: Record<string, string> } = {}): Promise<HttpAnswer> {
    const spec = { provider: ID, call: callName, method, path, ...extra, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}), ...(options.signal ? { signal: options.signal } : {}) };
    const answer = await send(config, spec);
    if (answer.status >= 400 || runComfyErrorCode(answer.json) !== undefined) {
      throw providerError(spec, classifyRunComfy(callName, answer.status, answer.json, answer.text, parseRetryAfter(answer.headers.get('retry-after'))), key);
    }
    return answer;
  }

  /** Parses an answer with its schema; one that does not fit is a transport error, never a verdict. */
  function parse<T>(callName: ProviderCall, schema: z.ZodType<T>, answer: HttpAnswer): T {
    const parsed = schema.safeParse(answer.json);
    if (parsed.success) return parsed.data;
    const first = parsed.error.issues[0];
    const detail = answer.json === undefined ? describeBody(answer.text, answer.status) : first ? `${first.path.join('.') || 'the answer'}: ${first.message}` : 'unexpected shape';
    throw malformedAnswer({ provider: ID, call: callName }, 'RunComfy', detail, answer.status, key);
  }

  /** A status or result answer must be about the job asked for. */
  function sameJob(callName: ProviderCall, jobId: string, reported: string, answer: HttpAnswer): void {
    if (reported.trim() !== jobId) throw malformedAnswer({ provider: ID, call: callName }, 'RunComfy', `it is about request ${clean(reported).slice(0, 80)}, not ${jobId}`, answer.status, key);
  }

  function statusText(raw: string): string {
    return clean(raw).slice(0, 200);
  }

  function failureFrom(callName: ProviderCall, error: unknown): ProviderErrorInfo {
    const body = error && typeof error === 'object' ? error : { error_message: typeof error === 'string' ? error : undefined };
    const providerMessage = messageFrom(body);
    const code = runComfyErrorCode(body);
    const cls = providerMessage && MODERATION_WORDS.test(providerMessage) ? 'moderation' : code !== undefined ? classifyRunComfy('result', 200, body).class : 'unknown';
    return jobFailure(
      { provider: ID, call: callName },
      {
        class: cls === 'transient' || cls === 'not_found' ? 'unknown' : cls,
        message: providerMessage ? `The RunComfy job failed: ${providerMessage}` : 'The RunComfy job failed (no reason given).',
        ...(code !== undefined ? { code: String(code) } : {}),
        ...(providerMessage ? { providerMessage } : {}),
      },
      key,
    );
  }

  const jobPath = (jobId: string, what: string) => `/v1/requests/${encodeURIComponent(checkJobId(ID, jobId))}/${what}`;

  return {
    id: ID,
    media: MEDIA,

    async submit(endpoint, input, options = {}): Promise<SubmitAnswer> {
      const path = `/v1/models/${checkEndpointId(ID, endpoint).split('/').map(encodeURIComponent).join('/')}`;
      const answer = await call('submit', 'POST', path, options, { body: input });
      // A request id means a job exists, whatever else the answer holds.
      const data = parse('submit', zSubmit, answer);
      const jobId = data.request_id.trim();
      const raw = data.status ?? 'in_queue';
      const { state, recognised } = runComfyState(raw);
      return { jobId, status: { jobId, state, providerStatus: statusText(raw), ...(recognised ? {} : { unrecognisedStatus: true }) } };
    },

    async status(jobId, options = {}): Promise<JobStatus> {
      const answer = await call('status', 'GET', jobPath(jobId, 'status'), options);
      const data = parse('status', zStatus, answer);
      sameJob('status', jobId, data.request_id, answer);
      const { state, recognised } = runComfyState(data.status);
      return {
        jobId,
        state,
        providerStatus: statusText(data.status),
        ...(recognised ? {} : { unrecognisedStatus: true }),
        ...(state === 'queued' && data.queue_position !== undefined ? { queuePosition: data.queue_position } : {}),
      };
    },

    async result(jobId, options = {}): Promise<JobResult> {
      const answer = await call('result', 'GET', jobPath(jobId, 'result'), options, { query: { include_cost: 'true' } });
      const data = parse('result', zResult, answer);
      sameJob('result', jobId, data.request_id, answer);
      const { state } = runComfyState(data.status);
      const outputs = state === 'succeeded' ? runComfyOutputs(data.output).map((o) => (o.text !== undefined ? { ...o, text: cleanData(o.text) } : o)) : [];
      if (state === 'succeeded' && outputs.length === 0) {
        throw providerError({ provider: ID, call: 'result' }, { class: 'unknown', message: 'RunComfy reported the job completed but its result holds no file or text Weft recognises.', httpStatus: answer.status }, key);
      }
      const cost = costOf(data.cost);
      return {
        jobId,
        state,
        providerStatus: statusText(data.status),
        outputs,
        ...(cost ? { cost } : {}),
        ...(state === 'failed' ? { error: failureFrom('result', data.error) } : {}),
        ...(data.created_at ? { createdAt: statusText(data.created_at) } : {}),
        ...(data.finished_at ? { finishedAt: statusText(data.finished_at) } : {}),
      };
    },

    async cancel(jobId, options = {}): Promise<CancelAnswer> {
      let answer: HttpAnswer;
      try {
        answer = await call('cancel', 'POST', jobPath(jobId, 'cancel'), options);
      } catch (error) {
        if (isProviderError(error) && error.info.class === 'not_found') return { jobId, outcome: 'not_found' };
        throw error;
      }
      const data = parse('cancel', zCancel, answer);
      sameJob('cancel', jobId, data.request_id, answer);
      const state = data.status ? runComfyState(data.status).state : undefined;
      const outcome = data.outcome?.toLowerCase();
      const result: CancelAnswer['outcome'] =
        outcome === 'cancelled' || outcome === 'canceled' || state === 'cancelled'
          ? 'cancelled'
          : state === 'succeeded' || state === 'failed'
            ? 'finished'
            : 'not_cancellable';
      return { jobId, outcome: result, ...(state ? { state } : {}), ...(data.outcome ? { providerMessage: statusText(data.outcome) } : {}) };
    },

    async mediaInput(file: MediaFile): Promise<string> {
      const kind = kindOfMime(file.mimeType);
      const cap = MEDIA.maxBytes[kind];
      if (file.bytes.byteLength > cap) {
        throw providerError(
          { provider: ID, call: 'submit' },
          { class: 'invalid_input', message: `${file.name ?? 'The file'} is ${formatBytes(file.bytes.byteLength)}; RunComfy takes ${kind === 'file' ? 'files' : `${kind}s`} inline up to ${formatBytes(cap)}. Use a smaller file or an https URL.` },
          key,
        );
      }
      return toDataUri(file);
    },

    download(url, options) {
      return downloadResult(ID, config, url, options);
    },
  };
}
