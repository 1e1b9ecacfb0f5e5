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
import type { ProviderConfig } from './config.ts';
import { MODERATION_WORDS, messageFrom, parseRetryAfter, providerError, send, type ErrorParts, type HttpAnswer } from './http.ts';
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

const CODE_CLASSES: Record<number, ErrorParts['class']> = {
  400001: 'not_found', // bad model id
  400002: 'balance',
  400004: 'auth', // token missing, expired or revoked
  403001: 'auth', // the request belongs to another user
  404001: 'not_found', // request not found or expired
};

const CODE_MESSAGES: Record<number, string> = {
  400001: 'RunComfy does not know this model id.',
  400002: 'Your RunComfy balance is too low for this job.',
  400004: 'RunComfy refused the API key (missing, expired or revoked).',
  403001: 'This RunComfy job belongs to another account (a different API key).',
  404001: 'RunComfy no longer knows this job (not found or expired).',
};

function classOfStatus(status: number): ErrorParts['class'] {
  if (status === 401 || status === 403) return 'auth';
  if (status === 402) return 'balance';
  if (status === 404 || status === 410) return 'not_found';
  if (status === 400 || status === 409 || status === 413 || status === 422) return 'invalid_input';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'transient';
  return 'unknown';
}

/**
 * Classifies a RunComfy error from its HTTP status and body `{error_code, error_message}`. Errors can
 * also arrive with HTTP 200 and an `error_code` in the body; the code then decides.
 */
export function classifyRunComfy(httpStatus: number, body: unknown, retryAfterMs?: number): ErrorParts {
  const record = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const rawCode = record.error_code;
  const code = typeof rawCode === 'number' ? rawCode : typeof rawCode === 'string' && /^\d+$/.test(rawCode) ? Number(rawCode) : undefined;
  const providerMessage = messageFrom(body);
  let cls = code !== undefined ? CODE_CLASSES[code] : undefined;
  // Codes are six digits whose first three read like an HTTP status (400001, 404001, 500001).
  if (!cls && code !== undefined && code >= 100000) cls = classOfStatus(Math.floor(code / 1000));
  if (!cls || (cls === 'unknown' && httpStatus >= 400)) cls = classOfStatus(httpStatus);
  if ((cls === 'invalid_input' || cls === 'unknown') && providerMessage && MODERATION_WORDS.test(providerMessage)) cls = 'moderation';
  const known = code !== undefined ? CODE_MESSAGES[code] : undefined;
  const message = known ?? defaultMessage(cls, httpStatus, providerMessage);
  return {
    class: cls,
    message,
    ...(code !== undefined ? { code: String(code) } : {}),
    ...(providerMessage ? { providerMessage } : {}),
    httpStatus,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    notStarted: cls === 'rate_limited',
    mayHaveStarted: cls === 'transient' || cls === 'unknown',
  };
}

function defaultMessage(cls: ErrorParts['class'], httpStatus: number, providerMessage: string | undefined): string {
  const detail = providerMessage ? `: ${providerMessage}` : '';
  switch (cls) {
    case 'auth':
      return `RunComfy refused the API key (HTTP ${httpStatus})${detail}`;
    case 'balance':
      return `Your RunComfy balance is too low${detail}`;
    case 'invalid_input':
      return `RunComfy rejected the inputs${detail || ` (HTTP ${httpStatus})`}`;
    case 'not_found':
      return `RunComfy does not know this model or job${detail}`;
    case 'rate_limited':
      return `RunComfy is rate-limiting requests; try again shortly${detail}`;
    case 'moderation':
      return `RunComfy refused the content${detail}`;
    case 'transient':
      return `RunComfy had a server error (HTTP ${httpStatus})${detail}`;
    default:
      return `RunComfy answered with an error${detail || ` (HTTP ${httpStatus})`}`;
  }
}

const zSubmit = z.object({ request_id: z.string().min(1), status: z.string().optional() });
const zStatus = z.object({ request_id: z.string().optional(), status: z.string().min(1), queue_position: z.number().int().nonnegative().nullish() });
const zResult = z.object({
  request_id: z.string().optional(),
  status: z.string().min(1),
  output: z.unknown().optional(),
  error: z.unknown().optional(),
  cost: z.union([z.number(), z.string()]).nullish(),
  created_at: z.string().nullish(),
  finished_at: z.string().nullish(),
});
const zCancel = z.object({ request_id: z.string().optional(), status: z.string().optional(), outcome: z.string().optional() });

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

  /** Makes a call; an HTTP error status or an error in a 200 body becomes a ProviderError. */
  async function call(callName: ProviderCall, method: 'GET' | 'POST', path: string, options: CallOptions, extra: { body?: unknown; query?: Record<string, string> } = {}): Promise<HttpAnswer> {
    const spec = { provider: ID, call: callName, method, path, ...extra, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}), ...(options.signal ? { signal: options.signal } : {}) };
    const answer = await send(config, spec);
    const bodyCode = answer.json && typeof answer.json === 'object' ? (answer.json as Record<string, unknown>).error_code : undefined;
    if (answer.status >= 400 || (bodyCode !== undefined && bodyCode !== null && bodyCode !== 0 && bodyCode !== '')) {
      throw providerError(spec, classifyRunComfy(answer.status, answer.json ?? answer.text, parseRetryAfter(answer.headers.get('retry-after'))), key);
    }
    return answer;
  }

  function malformed(callName: ProviderCall, what: string, answer: HttpAnswer, issues: z.ZodError) {
    const first = issues.issues[0];
    const where = first ? `${first.path.join('.') || 'the answer'}: ${first.message}` : 'unexpected shape';
    return providerError(
      { provider: ID, call: callName },
      { class: 'unknown', message: `RunComfy's ${what} answer could not be understood (${where}).`, httpStatus: answer.status, mayHaveStarted: true },
      key,
    );
  }

  function failureFrom(callName: ProviderCall, error: unknown): ProviderErrorInfo {
    const parts = classifyRunComfy(200, error && typeof error === 'object' ? error : { error_message: typeof error === 'string' ? error : undefined });
    const cls = parts.class === 'unknown' && !parts.providerMessage ? 'unknown' : parts.class;
    return {
      provider: ID,
      call: callName,
      class: cls,
      message: parts.providerMessage ? `The RunComfy job failed: ${parts.providerMessage}` : 'The RunComfy job failed (no reason given).',
      retrySafe: false,
      ...(parts.code ? { code: parts.code } : {}),
      ...(parts.providerMessage ? { providerMessage: parts.providerMessage } : {}),
    };
  }

  const jobPath = (jobId: string, what: string) => `/v1/requests/${encodeURIComponent(checkJobId(ID, jobId))}/${what}`;

  return {
    id: ID,
    media: MEDIA,

    async submit(endpoint, input, options = {}): Promise<SubmitAnswer> {
      const path = `/v1/models/${checkEndpointId(ID, endpoint).split('/').map(encodeURIComponent).join('/')}`;
      const answer = await call('submit', 'POST', path, options, { body: input });
      const parsed = zSubmit.safeParse(answer.json);
      if (!parsed.success) throw malformed('submit', 'submit', answer, parsed.error);
      const jobId = parsed.data.request_id;
      const { state, recognised } = runComfyState(parsed.data.status ?? 'in_queue');
      return { jobId, status: { jobId, state, providerStatus: parsed.data.status ?? 'in_queue', ...(recognised ? {} : { unrecognisedStatus: true }) } };
    },

    async status(jobId, options = {}): Promise<JobStatus> {
      const answer = await call('status', 'GET', jobPath(jobId, 'status'), options);
      const parsed = zStatus.safeParse(answer.json);
      if (!parsed.success) throw malformed('status', 'status', answer, parsed.error);
      const { state, recognised } = runComfyState(parsed.data.status);
      const position = parsed.data.queue_position;
      return {
        jobId,
        state,
        providerStatus: parsed.data.status,
        ...(recognised ? {} : { unrecognisedStatus: true }),
        ...(state === 'queued' && typeof position === 'number' ? { queuePosition: position } : {}),
      };
    },

    async result(jobId, options = {}): Promise<JobResult> {
      const answer = await call('result', 'GET', jobPath(jobId, 'result'), options, { query: { include_cost: 'true' } });
      const parsed = zResult.safeParse(answer.json);
      if (!parsed.success) throw malformed('result', 'result', answer, parsed.error);
      const data = parsed.data;
      const { state } = runComfyState(data.status);
      const outputs = state === 'succeeded' ? runComfyOutputs(data.output) : [];
      if (state === 'succeeded' && outputs.length === 0) {
        throw providerError({ provider: ID, call: 'result' }, { class: 'unknown', message: 'RunComfy reported the job completed but its result holds no file or text Weft recognises.', httpStatus: answer.status }, key);
      }
      const cost = costOf(data.cost);
      return {
        jobId,
        state,
        providerStatus: data.status,
        outputs,
        ...(cost ? { cost } : {}),
        ...(state === 'failed' ? { error: failureFrom('result', data.error) } : {}),
        ...(data.created_at ? { createdAt: data.created_at } : {}),
        ...(data.finished_at ? { finishedAt: data.finished_at } : {}),
      };
    },

    async cancel(jobId, options = {}): Promise<CancelAnswer> {
      let answer: HttpAnswer;
      try {
        answer = await call('cancel', 'POST', jobPath(jobId, 'cancel'), options);
      } catch (error) {
        if (error instanceof Error && 'info' in error && (error as { info: ProviderErrorInfo }).info.class === 'not_found') return { jobId, outcome: 'not_found' };
        throw error;
      }
      const parsed = zCancel.safeParse(answer.json);
      if (!parsed.success) throw malformed('cancel', 'cancel', answer, parsed.error);
      const state = parsed.data.status ? runComfyState(parsed.data.status).state : undefined;
      const outcome = parsed.data.outcome?.toLowerCase();
      const result: CancelAnswer['outcome'] =
        outcome === 'cancelled' || outcome === 'canceled' || state === 'cancelled'
          ? 'cancelled'
          : state === 'succeeded' || state === 'failed'
            ? 'finished'
            : 'not_cancellable';
      return { jobId, outcome: result, ...(state ? { state } : {}), ...(parsed.data.outcome ? { providerMessage: parsed.data.outcome } : {}) };
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
