import type { ErrorClass, JobState, ProviderCall } from '../core/providers/types.ts';
import { describeBody, MODERATION_WORDS, type ErrorParts } from './errors.ts';

/**
 * What a RunningHub error answer means. RunningHub reports business errors as codes inside HTTP-200
 * bodies: `errorCode` in a v2 task object, `code` in a v1 envelope. Only an answer in one of those
 * formats is a verdict; an HTML page, a body that is not JSON or JSON of another shape says nothing
 * about the job (RELIABILITY promise 15).
 */

interface CodeInfo {
  class: ErrorClass;
  message: string;
}

/** RunningHub error codes (official table, plus v2 codes seen by third-party clients). */
export const CODES: Readonly<Record<string, CodeInfo>> = {
  '301': { class: 'invalid_input', message: 'RunningHub rejected the parameters.' },
  '380': { class: 'not_found', message: 'The workflow does not exist on RunningHub.' },
  '415': { class: 'rate_limited', message: 'No RunningHub instance is free right now; the job was not started.' },
  '421': { class: 'rate_limited', message: "RunningHub's concurrency limit for this key is reached; the job was not started." },
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
  '1003': { class: 'rate_limited', message: 'RunningHub is rate-limiting this key; the job was not started.' },
  '1004': { class: 'not_found', message: 'RunningHub no longer knows this task (not found or expired).' },
  '1005': { class: 'transient', message: 'RunningHub is busy; try again shortly.' },
  '1007': { class: 'invalid_input', message: 'RunningHub says the parameters failed validation.' },
  '1008': { class: 'invalid_input', message: 'The file is too large for RunningHub.' },
  '1010': { class: 'transient', message: 'RunningHub is busy; try again shortly.' },
  '1011': { class: 'transient', message: 'RunningHub is busy; try again shortly.' },
  '1014': { class: 'auth', message: 'This RunningHub key cannot call model endpoints: they need an "Enterprise-Shared" API key.' },
  '1101': { class: 'invalid_input', message: 'RunningHub refused an empty node list.' },
  '1501': { class: 'moderation', message: "RunningHub's content moderation refused this job." },
  '1505': { class: 'moderation', message: 'RunningHub does not allow images of real people for this model.' },
};

/** v1 codes that mean "not finished yet" rather than an error. */
export const STILL_RUNNING: Readonly<Record<string, JobState>> = { '804': 'running', '813': 'queued' };

/** The codes that say "this task does not exist": the only way a task call ends in `not_found`. */
export const TASK_NOT_FOUND: ReadonlySet<string> = new Set(['807', '423', '1004']);

/**
 * The submit table: codes that surely mean "not started" — documented refusals of the input, the key,
 * the balance or the content, and the concurrency and rate limits (421, 415, 1003). Every other code
 * (500 "unknown error", 805, the "busy" codes only third parties report, a code nobody documents), and
 * any answer without a task id and without one of these codes, may have started a job.
 */
export const SUBMIT_REFUSALS: ReadonlySet<string> = new Set(['301', '380', '415', '421', '433', '801', '802', '803', '806', '809', '811', '812', '901', '1003', '1007', '1008', '1014', '1101', '1501', '1505']);

/** HTTP statuses that refuse a submit whatever the body says (429 is handled as a rate limit). */
const SUBMIT_REFUSAL_STATUSES: ReadonlySet<number> = new Set([400, 401, 402, 403, 413, 422]);

/** `invalid_input` or `unknown` whose message speaks of moderation is `moderation`. */
export function moderated(cls: ErrorClass, providerMessage: string | undefined): ErrorClass {
  return (cls === 'unknown' || cls === 'invalid_input') && providerMessage && MODERATION_WORDS.test(providerMessage) ? 'moderation' : cls;
}

/** Classifies a RunningHub error code given by `call`, in an answer with `httpStatus` (< 500). */
export function classifyRunningHub(call: ProviderCall, code: string, providerMessage: string | undefined, httpStatus: number, retryAfterMs?: number): ErrorParts {
  const known = CODES[code];
  let cls = moderated(known?.class ?? 'unknown', providerMessage);
  const base = known?.message ?? (cls === 'moderation' ? "RunningHub's content moderation refused this job." : `RunningHub answered with error ${code}.`);
  const common = {
    code,
    ...(providerMessage ? { providerMessage } : {}),
    httpStatus,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  };
  const message = providerMessage && providerMessage !== base ? `${base} (${providerMessage})` : base;
  if (call === 'submit') {
    const refused = SUBMIT_REFUSALS.has(code) || cls === 'moderation';
    if (!refused) return { ...common, class: cls === 'transient' ? 'transient' : 'unknown', message: `${message} The job may have started.`, mayHaveStarted: true };
    return { ...common, class: cls, message, notStarted: cls === 'rate_limited', mayHaveStarted: false };
  }
  // On any other call a code says nothing about a job unless it is one of the task-not-found codes;
  // codes that say nothing known (500, 805, an app or workflow missing) count as transport errors.
  if (cls === 'not_found' && !TASK_NOT_FOUND.has(code) && (call === 'status' || call === 'result')) cls = 'transient';
  if (cls === 'unknown') cls = 'transient';
  return { ...common, class: cls, message, mayHaveStarted: false };
}

/**
 * Classifies an HTTP error status whose body is not a RunningHub error (a proxy's page, a gateway's
 * JSON): a 429 is a rate limit; a submit refused with a documented 4xx is not started; anything else
 * is a transport error — a submit answered so may have started.
 */
export function classifyRunningHubHttp(call: ProviderCall, status: number, text: string, retryAfterMs?: number): ErrorParts {
  const common = { httpStatus: status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  if (status === 429) return { ...common, class: 'rate_limited', message: 'RunningHub is rate-limiting requests; try again shortly.', notStarted: true, mayHaveStarted: false };
  if (status >= 500) return { ...common, class: 'transient', message: `RunningHub had a server error (HTTP ${status}).`, mayHaveStarted: true };
  if (call === 'submit' && SUBMIT_REFUSAL_STATUSES.has(status)) {
    const cls: ErrorClass = status === 401 || status === 403 ? 'auth' : status === 402 ? 'balance' : 'invalid_input';
    return { ...common, class: cls, message: `RunningHub refused the submit (HTTP ${status}).`, mayHaveStarted: false };
  }
  return {
    ...common,
    class: 'transient',
    message: `RunningHub's answer to the ${call} call is not in its format (${describeBody(text, status)}); treated as a transport error${call === 'submit' ? ', so the job may have started' : ''}.`,
    mayHaveStarted: true,
  };
}
