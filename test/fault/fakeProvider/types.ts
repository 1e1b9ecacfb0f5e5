/**
 * The words the fault provider speaks in: its two providers, the calls it answers, the faults it can
 * put in place of an answer, and what a job is planned to do. Shared by its routes, its script and
 * the tests that drive it.
 */

export type ProviderId = 'runcomfy' | 'runninghub';

/** The calls of both protocols (RunningHub's query is `status`; a download is `download`). */
export type CallKind = 'submit' | 'status' | 'result' | 'cancel' | 'upload' | 'download' | 'account';

/** The phase of a job as the provider sees it at one moment. */
export type JobPhase = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/**
 * What the provider sends instead of its proper answer. Each is a fault seen from a real provider or a
 * real network (see issue 19); `createsJob` on a submit rule says whether the job exists (is paid) anyway.
 */
export type Fault =
  /** HTTP 503 with an HTML body (a load balancer's page). */
  | { type: 'http503' }
  /** HTTP 200 with an HTML page where JSON belongs (a captive portal, a maintenance page). */
  | { type: 'htmlPage' }
  /** A bare HTTP 404 HTML page (a proxy's, not the provider's own not-found). */
  | { type: 'html404' }
  /** HTTP 200 `{"status":""}`. */
  | { type: 'emptyStatus' }
  /** HTTP 200 `{"status":3}`. */
  | { type: 'numericStatus' }
  /** The provider's own "not found" for the job, in its own format (RunComfy 404001, RunningHub 1004). */
  | { type: 'notFound' }
  /** RunningHub's HTTP 200 `{"code":500,"msg":"unknown error"}` (the same body on RunComfy's paths). */
  | { type: 'unknownError' }
  /** An explicit "not started, come back later": RunComfy HTTP 429, RunningHub HTTP 200 code 421. */
  | { type: 'rateLimited' }
  /** The connection is accepted and the request read; no answer ever comes. */
  | { type: 'silent' }
  /** The request is read (a submit creates its job), then the connection is destroyed without an answer. */
  | { type: 'drop' }
  /** A download sent in `chunks` pieces, `delayMs` apart, without a Content-Length. */
  | { type: 'slowChunked'; chunks: number; delayMs: number }
  /** A download answered with a redirect to a host Weft must refuse. */
  | { type: 'redirectToRefused' };

export type FaultType = Fault['type'];

/** What one job does. Chosen per submit by the provider's `planJob` (defaults: succeed after the endpoint's duration). */
export interface JobPlan {
  durationMs: number;
  /** Succeed with a file, or fail with this message (a provider's own words, untrusted). */
  outcome: 'succeed' | { fail: string };
  /** `refused`: the result URL names a host Weft must not download from. */
  resultHost: 'own' | 'refused';
  /** Reported instead of the running status while the job runs (an unknown status string). */
  runningStatus?: string;
  /** Held jobs stay running until released (`FaultProvider.release`). */
  hold: boolean;
}

/** One call as the provider received it, handed to gates and kept in the request log. */
export interface CallInfo {
  /** Order of arrival across all calls. */
  seq: number;
  provider: ProviderId | 'media';
  kind: CallKind;
  /** How many calls of this provider and kind arrived so far, this one included (1-based). */
  nth: number;
  method: string;
  /** The Host header: a download from the refused name arrives here too, and must never come. */
  host: string;
  path: string;
  jobId?: string;
  /** For calls about a job: how many calls of this kind the job had, this one included. */
  nthForJob?: number;
  /** The job's phase when the call arrived. */
  jobPhase?: JobPhase;
  /** The `[n:…]` tag of the node the job belongs to (see ledger.ts). */
  tag?: string;
  /** The request body as received. */
  body: Buffer;
  /** Monotonic time of arrival, ms. */
  at: number;
}
