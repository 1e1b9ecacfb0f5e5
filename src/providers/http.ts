import type { ErrorClass, ProviderCall } from '../core/providers/types.ts';
import { apiKeyProblem } from './apiKey.ts';
import { PROXY_KEY_HEADER, type ProviderConfig } from './config.ts';
import { describeDuration, startDeadline, type Deadline } from './deadline.ts';
import { messageFrom, providerError, type ErrorParts } from './errors.ts';

/**
 * One HTTP call to a provider, with a timeout that fires, the key in the right place, and every failure
 * turned into a ProviderError that says whether the request left this machine and whether it may have
 * reached the provider. Shared by both adapters; what an answer means is theirs to decide.
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

/**
 * What the local server's `X-Weft-Proxy-Error` codes mean for the call: its class, and whether the
 * request surely never reached the provider. An unknown code may have reached it.
 */
const PROXY_ERRORS: Readonly<Record<string, { class: ErrorClass; sent: boolean }>> = {
  unreachable: { class: 'transient', sent: false },
  'no-answer': { class: 'transient', sent: true },
  redirect: { class: 'transient', sent: true },
  'bad-answer': { class: 'transient', sent: true },
  internal: { class: 'transient', sent: true },
  'too-large': { class: 'invalid_input', sent: false },
  'refused-path': { class: 'invalid_input', sent: false },
  'bad-body': { class: 'invalid_input', sent: false },
  'bad-request': { class: 'invalid_input', sent: false },
  'bad-key': { class: 'auth', sent: false },
  'foreign-host': { class: 'unknown', sent: false },
  'foreign-origin': { class: 'unknown', sent: false },
  'client-header': { class: 'unknown', sent: false },
  'refused-url': { class: 'unknown', sent: false },
  method: { class: 'unknown', sent: false },
  'not-found': { class: 'unknown', sent: false },
};

/** Connection refused: nothing was sent and trying again is safe (RELIABILITY promise 2). */
const REFUSED_CODES = new Set(['ECONNREFUSED']);
/** Error codes of Node's fetch (undici) that mean the request never left this machine. */
const NOT_SENT_CODES = new Set([
  'ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ERR_INVALID_URL', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_INVALID_ARG',
  'ERR_TLS_CERT_ALTNAME_INVALID', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'CERT_HAS_EXPIRED', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_SSL_WRONG_VERSION_NUMBER',
]);

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
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
      await reader.cancel().catch(() => {});
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

/** A call that could not be made: nothing left this machine, so no job started, and repeating it will not help. */
function notSent(spec: CallSpec, cls: ErrorClass, message: string, key: string | undefined) {
  return providerError(spec, { class: cls, message, mayHaveStarted: false }, key);
}

interface Prepared {
  url: URL;
  headers: Record<string, string>;
  body: BodyInit | undefined;
}

/** Everything that can fail before a request exists (URL, key, body) fails here, as "not sent". */
function prepare(config: ProviderConfig, spec: CallSpec): Prepared {
  let url: URL;
  try {
    url = new URL(config.baseUrl.replace(/\/+$/, '') + spec.path);
    for (const [k, v] of Object.entries(spec.query ?? {})) url.searchParams.set(k, v);
  } catch {
    throw notSent(spec, 'invalid_input', `The ${spec.provider} base URL is not a valid URL; nothing was sent.`, config.apiKey);
  }
  const problem = config.apiKey ? apiKeyProblem(config.apiKey) : undefined;
  if (problem) throw notSent(spec, 'auth', `The ${spec.call} call to ${spec.provider} was not sent: ${problem}. Enter the key again.`, config.apiKey);
  const headers = authHeaders(config);
  let body: BodyInit | undefined;
  if (spec.body instanceof FormData) body = spec.body;
  else if (spec.body !== undefined) {
    try {
      body = JSON.stringify(spec.body);
    } catch (error) {
      throw notSent(spec, 'invalid_input', `The ${spec.call} call to ${spec.provider} was not sent: its body cannot be written as JSON (${error instanceof Error ? error.message : String(error)}).`, config.apiKey);
    }
    headers['Content-Type'] = 'application/json';
  }
  return { url, headers, body };
}

/**
 * Sends one call and returns the HTTP answer, whatever its status: the adapter decides what a status
 * means. Throws a ProviderError only when there is no answer (not sent, network, timeout, local proxy).
 */
export async function send(config: ProviderConfig, spec: CallSpec): Promise<HttpAnswer> {
  const doFetch = config.fetch ?? fetch;
  const { url, headers, body } = prepare(config, spec);
  const timeoutMs = spec.timeoutMs ?? config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = startDeadline(timeoutMs, spec.signal);
  try {
    let response: Response;
    try {
      response = await doFetch(url, { method: spec.method, headers, body, signal: deadline.signal, redirect: 'manual' });
    } catch (error) {
      throw noAnswerError(spec, error, deadline, timeoutMs, config.apiKey);
    }

    // The local proxy says exactly what went wrong on its side, and whether anything left this machine.
    const proxyError = response.headers.get('x-weft-proxy-error');
    if (proxyError) {
      const text = (await readText(response, 64 * 1024).catch(() => undefined)) ?? '';
      throw localServerError(spec, proxyError, response.status, text, config.apiKey);
    }
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel().catch(() => {});
      throw providerError(spec, { class: 'transient', message: `${spec.provider} answered the ${spec.call} call with a redirect (HTTP ${response.status}), which Weft does not follow.`, httpStatus: response.status, mayHaveStarted: true }, config.apiKey);
    }

    let text: string | undefined;
    try {
      text = await readText(response, MAX_JSON_BYTES);
    } catch (error) {
      throw noAnswerError(spec, error, deadline, timeoutMs, config.apiKey);
    }
    if (text === undefined) {
      throw providerError(spec, { class: 'transient', message: `${spec.provider} sent an answer larger than ${MAX_JSON_BYTES / 1024 / 1024} MiB to the ${spec.call} call.`, httpStatus: response.status, mayHaveStarted: true }, config.apiKey);
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
  } finally {
    deadline.clear();
  }
}

function localServerError(spec: CallSpec, code: string, httpStatus: number, text: string, key: string | undefined) {
  const known = PROXY_ERRORS[code];
  const sent = known?.sent ?? true;
  const parts: ErrorParts = {
    class: known?.class ?? 'transient',
    message:
      code === 'unreachable'
        ? `${spec.provider} could not be reached through the local server; nothing was sent.`
        : !sent
          ? `The local server refused the ${spec.call} call to ${spec.provider} (${code}); nothing was sent.`
          : `The local server could not complete the ${spec.call} call to ${spec.provider} (${code}).`,
    httpStatus,
    notStarted: !sent,
    mayHaveStarted: sent,
  };
  const providerMessage = messageFrom(text);
  if (providerMessage) parts.providerMessage = providerMessage;
  return providerError(spec, parts, key);
}

function noAnswerError(spec: CallSpec, error: unknown, deadline: Deadline, timeoutMs: number, key: string | undefined) {
  if (deadline.timedOut()) {
    return providerError(spec, { class: 'transient', message: `${spec.provider} did not answer the ${spec.call} call within ${describeDuration(timeoutMs)}.`, mayHaveStarted: true }, key);
  }
  if (spec.signal?.aborted) {
    return providerError(spec, { class: 'transient', message: `The ${spec.call} call to ${spec.provider} was cancelled.`, mayHaveStarted: true }, key);
  }
  const code = causeCode(error);
  if (code !== undefined && REFUSED_CODES.has(code)) {
    return providerError(spec, { class: 'transient', message: `Could not connect to ${spec.provider} (${code}); nothing was sent.`, notStarted: true, mayHaveStarted: false }, key);
  }
  if (code !== undefined && NOT_SENT_CODES.has(code)) {
    return providerError(spec, { class: 'transient', message: `Could not reach ${spec.provider} (${code}); nothing was sent.`, mayHaveStarted: false }, key);
  }
  return providerError(spec, { class: 'transient', message: `The connection to ${spec.provider} broke during the ${spec.call} call${code ? ` (${code})` : ''}.`, mayHaveStarted: true }, key);
}
