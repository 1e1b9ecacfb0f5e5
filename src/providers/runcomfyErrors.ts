import { z } from 'zod';
import type { ErrorClass, ProviderCall } from '../core/providers/types.ts';
import { describeBody, messageFrom, MODERATION_WORDS, type ErrorParts } from './errors.ts';

/**
 * What a RunComfy error answer means. RunComfy's own format is `{error_code (number), error_message,
 * detail?}`, sometimes with HTTP 200; codes are six digits whose first three read like an HTTP status
 * (400001, 404001, 500001). Only an answer in that format is a verdict; anything else (an HTML page from
 * a proxy, a body that is not JSON, JSON of another shape) says nothing about the job
 * (RELIABILITY promise 15).
 */

/** RunComfy's error format, parsed strictly enough to be believed. */
export const zRunComfyError = z.object({
  error_code: z.union([z.number().int(), z.string().regex(/^\d{1,9}$/).transform(Number)]),
  error_message: z.string().optional(),
  detail: z.unknown().optional(),
});

/** The code of a body in RunComfy's error format, or undefined (also for `error_code: 0`, no error). */
export function runComfyErrorCode(body: unknown): number | undefined {
  const parsed = zRunComfyError.safeParse(body);
  return parsed.success && parsed.data.error_code !== 0 ? parsed.data.error_code : undefined;
}

const CODES: Record<number, { class: ErrorClass; message: string }> = {
  400001: { class: 'not_found', message: 'RunComfy does not know this model id.' },
  400002: { class: 'balance', message: 'Your RunComfy balance is too low for this job.' },
  400004: { class: 'auth', message: 'RunComfy refused the API key (missing, expired or revoked).' },
  403001: { class: 'auth', message: 'This RunComfy job belongs to another account (a different API key).' },
  404001: { class: 'not_found', message: 'RunComfy no longer knows this job (not found or expired).' },
};

/** The one code that says "this job does not exist": the only way a job call ends in `not_found`. */
const JOB_NOT_FOUND = 404001;

/** What an HTTP status means when RunComfy uses it (documented: 400/422 input, 401/403 auth, 402 balance, 404, 429). */
function classOfHttp(status: number): ErrorClass | undefined {
  if (status === 401 || status === 403) return 'auth';
  if (status === 402) return 'balance';
  if (status === 404 || status === 410) return 'not_found';
  if (status === 400 || status === 409 || status === 413 || status === 415 || status === 422) return 'invalid_input';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'transient';
  return undefined;
}

/**
 * The submit table: which answers surely mean "not started". A refusal is documented when RunComfy says
 * so in its own format with a code of a 4xx family, or with one of the HTTP statuses it documents for
 * refusals (400, 401, 402, 403, 413, 422, 429) whatever the body. Everything else — 5xx, a bare 404
 * page, an unknown code, a 200 without a request id, a body that is not JSON — may have started a job.
 */
export const SUBMIT_REFUSAL_STATUSES: ReadonlySet<number> = new Set([400, 401, 402, 403, 413, 422, 429]);
export const SUBMIT_REFUSAL_CODE_FAMILIES: ReadonlySet<number> = new Set([400, 401, 402, 403, 404, 409, 413, 415, 422, 429]);

function messageFor(cls: ErrorClass, httpStatus: number, providerMessage: string | undefined): string {
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

/**
 * Classifies a RunComfy error answer (HTTP ≥ 400, or a 200 whose body carries an `error_code`) for one
 * call. `text` is the raw body, for describing one that is not in RunComfy's format.
 */
export function classifyRunComfy(call: ProviderCall, httpStatus: number, body: unknown, text = '', retryAfterMs?: number): ErrorParts {
  const code = runComfyErrorCode(body);
  const providerMessage = code !== undefined ? messageFrom(body) : undefined;
  const common = { httpStatus, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}), ...(providerMessage ? { providerMessage } : {}), ...(code !== undefined ? { code: String(code) } : {}) };
  const isSubmit = call === 'submit';

  // 429 means "not now" whoever says it; a 5xx may have reached RunComfy whatever its body says.
  if (httpStatus === 429) return { ...common, class: 'rate_limited', message: messageFor('rate_limited', httpStatus, providerMessage), notStarted: true, mayHaveStarted: false };
  if (httpStatus >= 500) return { ...common, class: 'transient', message: messageFor('transient', httpStatus, providerMessage), mayHaveStarted: true };

  if (code === undefined) {
    // Not RunComfy's format: a proxy's page, a gateway's JSON. Only a submit refused with a documented
    // status is a verdict; for every other call it is a transport error.
    const what = describeBody(text, httpStatus);
    const cls = isSubmit && SUBMIT_REFUSAL_STATUSES.has(httpStatus) ? classOfHttp(httpStatus) : undefined;
    if (cls) return { ...common, class: cls, message: messageFor(cls, httpStatus, undefined), mayHaveStarted: false };
    return { ...common, class: 'transient', message: `RunComfy's answer to the ${call} call is not in its format (${what}); treated as a transport error${isSubmit ? ', so the job may have started' : ''}.`, mayHaveStarted: true };
  }

  const family = Math.floor(code / 1000);
  let cls: ErrorClass | undefined = CODES[code]?.class ?? (code >= 100000 ? classOfHttp(family) : undefined);
  if ((cls === 'invalid_input' || cls === undefined) && providerMessage && MODERATION_WORDS.test(providerMessage)) cls = 'moderation';
  if (!isSubmit && cls === 'not_found' && code !== JOB_NOT_FOUND) cls = undefined; // only 404001 says a job is gone
  const refused = isSubmit && cls !== undefined && cls !== 'transient' && SUBMIT_REFUSAL_CODE_FAMILIES.has(family);
  if (isSubmit && !refused) {
    return { ...common, class: cls === 'transient' ? 'transient' : 'unknown', message: `${messageFor(cls ?? 'unknown', httpStatus, providerMessage)} (code ${code}); the job may have started.`, mayHaveStarted: true };
  }
  if (cls === undefined) {
    // A code that says nothing known about this job: counted as a transport error by whoever polls.
    return { ...common, class: 'transient', message: `RunComfy answered the ${call} call with error ${code}${providerMessage ? `: ${providerMessage}` : ''}.` };
  }
  return { ...common, class: cls, message: CODES[code]?.message ?? messageFor(cls, httpStatus, providerMessage), mayHaveStarted: false, notStarted: cls === 'rate_limited' };
}
