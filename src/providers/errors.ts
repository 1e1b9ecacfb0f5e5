import { ProviderError, type ErrorClass, type ProviderCall, type ProviderErrorInfo } from '../core/providers/types.ts';
import { redactSecrets } from '../core/redact.ts';

/**
 * How adapters build the one error they throw: a class, a sentence, and the two facts the executor acts
 * on — whether the same call may be repeated, and (for a submit) whether a job may have started.
 * Every string passes the redaction (RELIABILITY promise 18) on its way in.
 */

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

export interface CallRef {
  provider: string;
  call: ProviderCall;
}

/**
 * Builds the error for one call, deciding whether repeating it is safe. A submit is safe to repeat only
 * when it surely did not start; every other call is safe to repeat when the trouble is transient.
 */
export function providerError(spec: CallRef, parts: ErrorParts, key: string | undefined): ProviderError {
  const isSubmit = spec.call === 'submit';
  const retryable = parts.class === 'transient' || parts.class === 'rate_limited';
  const mayHaveStarted = isSubmit ? Boolean(parts.mayHaveStarted) : undefined;
  const retrySafe = isSubmit ? Boolean(parts.notStarted) && retryable : retryable;
  const info: ProviderErrorInfo = {
    provider: spec.provider,
    call: spec.call,
    class: parts.class,
    message: redactSecrets(parts.message, [key]),
    retrySafe,
    ...(mayHaveStarted !== undefined ? { mayHaveStarted } : {}),
    ...(parts.code !== undefined ? { code: redactSecrets(parts.code, [key]).slice(0, 40) } : {}),
    ...(parts.providerMessage !== undefined ? { providerMessage: redactSecrets(parts.providerMessage, [key]) } : {}),
    ...(parts.httpStatus !== undefined ? { httpStatus: parts.httpStatus } : {}),
    ...(parts.retryAfterMs !== undefined ? { retryAfterMs: parts.retryAfterMs } : {}),
  };
  return new ProviderError(info);
}

/** A failure the provider reported about a job (not about a call): redacted, never retry-safe. */
export function jobFailure(spec: CallRef, parts: Pick<ErrorParts, 'class' | 'message' | 'code' | 'providerMessage'>, key: string | undefined): ProviderErrorInfo {
  const { mayHaveStarted: _m, ...info } = providerError(spec, parts, key).info;
  return { ...info, retrySafe: false };
}

/**
 * An answer that is not in the provider's own format (an HTML page, a body that is not JSON, a status
 * that is empty or not a string, a missing job id): a transport fault, never a verdict about the job
 * (RELIABILITY promise 15). Polls may repeat; a submit answered so may have started a job.
 */
export function malformedAnswer(spec: CallRef, title: string, detail: string, httpStatus: number | undefined, key: string | undefined): ProviderError {
  return providerError(
    spec,
    {
      class: 'transient',
      message: `${title}'s answer to the ${spec.call} call is not in its format (${detail}); treated as a transport error${spec.call === 'submit' ? ', so the job may have started' : ''}.`,
      ...(httpStatus !== undefined ? { httpStatus } : {}),
      mayHaveStarted: true,
    },
    key,
  );
}

/** What a body looks like, for messages: `an HTML page (HTTP 404)`, `an empty body`, `text that is not JSON`. */
export function describeBody(text: string, httpStatus: number): string {
  const trimmed = text.trim();
  const what = trimmed === '' ? 'an empty body' : /^<(!doctype|html|head|body|\?xml)/i.test(trimmed) || /<\/(html|body|head|title)>/i.test(trimmed) ? 'an HTML page' : 'a body that is not JSON';
  return `${what}, HTTP ${httpStatus}`;
}

/** Milliseconds from a `Retry-After` header (seconds or an HTTP date), when it parses. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
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
