import { ProviderError, type ErrorClass, type ProviderCall, type ProviderErrorInfo } from '../core/providers/types.ts';
import { PROXY_KEY_HEADER, type ProviderConfig } from './config.ts';

/**
 * One HTTP call to a provider, with a timeout, the key in the right place, and every failure turned into
 * a ProviderError that says whether the request may have reached the provider. Shared by both adapters.
 */

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_TRANSFER_TIMEOUT_MS = 300_000;
/** Provider JSON answers are small; anything bigger is not an answer we trust. */
const MAX_JSON_BYTES = 16 * 1024 * 1024;

export interface HttpAnswer {
  status: number;
  headers: Headers;
  /** The body parsed as JSON, or undefined when it was empty or not JSON. */
  json: unknown;
  /** The raw body text (capped). */
  text: string;
}

export interface CallSpec {
  provider: string;
  call: ProviderCall;
  method: 'GET' | 'POST';
  /** Path under the base URL, starting with `/`; segments must already be encoded. */
  path: string;
  query?: Record<string, string>;
  /** A JSON body, or FormData for uploads. */
  body?: unknown;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Rewrites the raw text before JSON.parse (RunningHub's 19-digit ids). */
  reviveText?: (text: string) => string;
}

/** Replaces every occurrence of the key in a text: no message we build may carry it. */
export function redact(text: string, key: string | undefined): string {
  if (!key || key.length < 4) return text;
  return text.split(key).join('[redacted]');
}

/** Milliseconds from a `Retry-After` header (seconds or an HTTP date), when it parses. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Local-server errors raised before any connection to the provider: nothing was sent. */
const PROXY_NOT_SENT = new Set(['unreachable', 'too-large', 'refused-path', 'foreign-host', 'foreign-origin', 'client-header', 'bad-key', 'bad-body', 'bad-request', 'refused-url', 'method', 'not-found']);
const PROXY_INPUT_ERRORS = new Set(['too-large', 'refused-path', 'bad-body', 'bad-request']);

/** Error codes of Node's fetch (undici) that mean the request never left this machine. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_INVALID_URL', 'UND_ERR_CONNECT_TIMEOUT', 'ERR_TLS_CERT_ALTNAME_INVALID', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']);

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export interface ErrorParts {
  class: ErrorClass;
  message: string;
  code?: string;
  providerMessage?: string;
  httpStatus?: number;
  retryAfterMs?: number;
  /** Set when the provider explicitly answered that the request did not start (429, RunningHub 421). */
  notStarted?: boolean;
  /** Set when the request may have reached the provider without a usable answer. */
  mayHaveStarted?: boolean;
}

/**
 * Builds the error for one call, deciding whether repeating it is safe. A submit is safe to repeat only
 * when it surely did not start; every other call is safe to repeat when the trouble is transient.
 */
export function providerError(spec: Pick<CallSpec, 'provider' | 'call'>, parts: ErrorParts, key: string | undefined): ProviderError {
  const isSubmit = spec.call === 'submit';
  const retryable = parts.class === 'transient' || parts.class === 'rate_limited';
  const mayHaveStarted = isSubmit ? Boolean(parts.mayHaveStarted) : undefined;
  const retrySafe = isSubmit ? Boolean(parts.notStarted) && retryable : retryable;
  const info: ProviderErrorInfo = {
    provider: spec.provider,
    call: spec.call,
    class: parts.class,
    message: redact(parts.message, key),
    retrySafe,
    ...(mayHaveStarted !== undefined ? { mayHaveStarted } : {}),
    ...(parts.code !== undefined ? { code: parts.code } : {}),
    ...(parts.providerMessage !== undefined ? { providerMessage: redact(parts.providerMessage, key) } : {}),
    ...(parts.httpStatus !== undefined ? { httpStatus: parts.httpStatus } : {}),
    ...(parts.retryAfterMs !== undefined ? { retryAfterMs: parts.retryAfterMs } : {}),
  };
  return new ProviderError(info);
}

function withTimeout(timeoutMs: number, signal: AbortSignal | undefined): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([timeout, signal]) : timeout;
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || causeCode(error) === 'UND_ERR_HEADERS_TIMEOUT' || causeCode(error) === 'UND_ERR_BODY_TIMEOUT');
}

function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  return Boolean(signal?.aborted) && error instanceof Error && error.name === 'AbortError';
}

/** Reads a body as text, refusing one larger than `max` bytes. */
async function readText(response: Response, max: number): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length') ?? 'NaN');
  if (declared > max) return undefined;
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(all);
}

/** The headers every call carries: the key (bearer or for the local proxy) and what we accept. */
export function authHeaders(config: ProviderConfig): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (config.keyTransport === 'proxy') {
    headers['X-Weft-Client'] = '1';
    if (config.apiKey) headers[PROXY_KEY_HEADER] = config.apiKey;
  } else if (config.apiKey) {
    headers.Authorization = `Bearer ${config.apiKey}`;
  }
  return headers;
}

/**
 * Sends one call and returns the HTTP answer, whatever its status: the adapter decides what a status
 * means. Throws a ProviderError only when there is no answer (network, timeout, local proxy trouble).
 */
export async function send(config: ProviderConfig, spec: CallSpec): Promise<HttpAnswer> {
  const doFetch = config.fetch ?? fetch;
  const url = new URL(config.baseUrl.replace(/\/+$/, '') + spec.path);
  for (const [k, v] of Object.entries(spec.query ?? {})) url.searchParams.set(k, v);
  const headers = authHeaders(config);
  let body: BodyInit | undefined;
  if (spec.body instanceof FormData) body = spec.body;
  else if (spec.body !== undefined) {
    body = JSON.stringify(spec.body);
    headers['Content-Type'] = 'application/json';
  }
  const timeoutMs = spec.timeoutMs ?? config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const signal = withTimeout(timeoutMs, spec.signal);

  let response: Response;
  try {
    response = await doFetch(url, { method: spec.method, headers, body, signal, redirect: 'manual' });
  } catch (error) {
    throw noAnswerError(spec, error, timeoutMs, config.apiKey);
  }

  // The local proxy says exactly what went wrong on its side, and whether anything left this machine.
  const proxyError = response.headers.get('x-weft-proxy-error');
  if (proxyError) {
    const text = (await readText(response, 64 * 1024).catch(() => undefined)) ?? '';
    const notSent = PROXY_NOT_SENT.has(proxyError);
    throw providerError(
      spec,
      {
        class: proxyError === 'unreachable' ? 'transient' : PROXY_INPUT_ERRORS.has(proxyError) ? 'invalid_input' : notSent ? 'unknown' : 'transient',
        message:
          proxyError === 'unreachable'
            ? `${spec.provider} could not be reached through the local server; nothing was sent.`
            : notSent
              ? `The local server refused the ${spec.call} call to ${spec.provider} (${proxyError}); nothing was sent.`
              : `The local server could not complete the ${spec.call} call to ${spec.provider} (${proxyError}).`,
        providerMessage: messageFrom(text),
        httpStatus: response.status,
        notStarted: notSent,
        mayHaveStarted: !notSent,
      },
      config.apiKey,
    );
  }
  if (response.status >= 300 && response.status < 400) {
    throw providerError(spec, { class: 'unknown', message: `${spec.provider} answered the ${spec.call} call with a redirect (HTTP ${response.status}), which Weft does not follow.`, httpStatus: response.status, mayHaveStarted: true }, config.apiKey);
  }

  let text: string | undefined;
  try {
    text = await readText(response, MAX_JSON_BYTES);
  } catch (error) {
    throw noAnswerError(spec, error, timeoutMs, config.apiKey);
  }
  if (text === undefined) {
    throw providerError(spec, { class: 'unknown', message: `${spec.provider} sent an answer larger than ${MAX_JSON_BYTES / 1024 / 1024} MiB to the ${spec.call} call.`, httpStatus: response.status, mayHaveStarted: true }, config.apiKey);
  }
  let json: unknown;
  if (text.trim() !== '') {
    try {
      json = JSON.parse(spec.reviveText ? spec.reviveText(text) : text);
    } catch {
      json = undefined;
    }
  }
  return { status: response.status, headers: response.headers, json, text };
}

function noAnswerError(spec: CallSpec, error: unknown, timeoutMs: number, key: string | undefined): ProviderError {
  if (isAbort(error, spec.signal)) {
    return providerError(spec, { class: 'transient', message: `The ${spec.call} call to ${spec.provider} was cancelled.`, mayHaveStarted: true }, key);
  }
  if (isTimeout(error)) {
    return providerError(spec, { class: 'transient', message: `${spec.provider} did not answer the ${spec.call} call within ${Math.round(timeoutMs / 1000)} s.`, mayHaveStarted: true }, key);
  }
  const code = causeCode(error);
  const notSent = code !== undefined && NOT_SENT_CODES.has(code);
  return providerError(
    spec,
    {
      class: 'transient',
      message: notSent
        ? `Could not connect to ${spec.provider} (${code}); nothing was sent.`
        : `The connection to ${spec.provider} broke during the ${spec.call} call${code ? ` (${code})` : ''}.`,
      notStarted: notSent,
      mayHaveStarted: !notSent,
    },
    key,
  );
}

/** A short message from an error body: its `error_message` / `errorMessage` / `message` / `msg`, or the text. */
export function messageFrom(body: unknown): string | undefined {
  if (typeof body === 'string') {
    const trimmed = body.trim();
    if (!trimmed) return undefined;
    try {
      return messageFrom(JSON.parse(trimmed)) ?? trimmed.slice(0, 300);
    } catch {
      return trimmed.slice(0, 300);
    }
  }
  if (!body || typeof body !== 'object') return undefined;
  const record = body as Record<string, unknown>;
  for (const key of ['error_message', 'errorMessage', 'message', 'msg', 'detail']) {
    const value = record[key];
    if (typeof value === 'string' && value.trim()) return value.trim().slice(0, 500);
  }
  if (record.error && typeof record.error === 'object') return messageFrom(record.error);
  if (typeof record.error === 'string') return record.error.slice(0, 500);
  return undefined;
}

/** Words providers use when content was refused. */
export const MODERATION_WORDS = /moderat|safety|nsfw|sensitive|content polic|flagged|prohibited|inappropriate/i;
