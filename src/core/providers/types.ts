/**
 * The provider interface the executor talks to, and the normalised answers every adapter returns.
 *
 * Adapters (src/providers) translate each provider's protocol into these shapes; nothing above them
 * ever sees a provider's raw status string or error body. Job ids are opaque strings (RunningHub's are
 * 19-digit numbers that a JS number would corrupt).
 */

/** Which provider, e.g. `runcomfy`, `runninghub`. */
export type ProviderId = string;

/** A job's normalised state. Only `succeeded`, `failed` and `cancelled` are terminal. */
export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export const TERMINAL_STATES: readonly JobState[] = ['succeeded', 'failed', 'cancelled'];

export function isTerminal(state: JobState): boolean {
  return TERMINAL_STATES.includes(state);
}

/** What kind of file (or text) a result is. */
export type ResultKind = 'image' | 'video' | 'audio' | 'text' | 'file';

/** One result of a finished job: a URL to download promptly (they expire), or a text value. */
export interface JobOutput {
  kind: ResultKind;
  /** Present for files: an absolute http(s) URL on the provider's media host. */
  url?: string;
  /** Present for text results. */
  text?: string;
  /** File extension as the provider reports or the URL shows it, without the dot (`png`, `mp4`). */
  ext?: string;
  /** Where it came from in the provider's answer (`video`, `images[1]`, `results[0]`), for display. */
  source?: string;
}

/** What a job cost, when the provider says. */
export interface JobCost {
  amount: number;
  /** ISO currency code when known (RunComfy: USD). RunningHub reports money without a currency. */
  currency?: string;
  /** RunningHub also reports coins. */
  coins?: number;
}

/**
 * The classes of failure the executor acts on:
 * - `auth`: key missing, wrong, expired, or the wrong kind of key. Never retried.
 * - `balance`: not enough credit. Never retried.
 * - `invalid_input`: the payload does not match the model (400/422, RunningHub 301/433/1007). Never retried.
 * - `rate_limited`: 429, RunningHub 421/1003 (concurrency limit) — the request did not start.
 * - `not_found`: unknown model, or a job the provider no longer knows (expired).
 * - `moderation`: the provider refused the content. Never retried.
 * - `transient`: network trouble, timeouts, 5xx, "busy, retry".
 * - `unknown`: anything else.
 */
export type ErrorClass = 'auth' | 'balance' | 'invalid_input' | 'rate_limited' | 'not_found' | 'moderation' | 'transient' | 'unknown';

/** Which provider call failed. */
export type ProviderCall = 'submit' | 'status' | 'result' | 'cancel' | 'upload' | 'download' | 'account';

export interface ProviderErrorInfo {
  provider: ProviderId;
  call: ProviderCall;
  class: ErrorClass;
  /** A sentence for people: what went wrong, in Weft's words, with the provider's message where it gave one. */
  message: string;
  /** The provider's own error code, as a string (`400002`, `1501`), when it gave one. */
  code?: string;
  /** The provider's own message, verbatim (shown as text, never HTML). */
  providerMessage?: string;
  /** The HTTP status, when there was an HTTP answer. */
  httpStatus?: number;
  /**
   * Whether repeating this same call is safe: it cannot start a second paid job. Polls, result,
   * download and cancel calls are safe to repeat on transient errors; a submit only when it surely did
   * not start (connection refused before sending, 429, RunningHub 421/415/1003).
   */
  retrySafe: boolean;
  /**
   * For a submit: whether the provider may have accepted it even though no answer arrived (timeout,
   * dropped connection, 5xx). The executor then marks the node `unknown` and never resubmits on its own.
   */
  mayHaveStarted?: boolean;
  /** How long the provider asked us to wait (`Retry-After`), in milliseconds. */
  retryAfterMs?: number;
}

/** The one error type adapters throw. Its message never contains a key. */
export class ProviderError extends Error {
  readonly info: ProviderErrorInfo;

  constructor(info: ProviderErrorInfo) {
    super(info.message);
    this.name = 'ProviderError';
    this.info = info;
  }
}

export function isProviderError(error: unknown): error is ProviderError {
  return error instanceof ProviderError;
}

/** A job's state as of one status call. */
export interface JobStatus {
  jobId: string;
  state: JobState;
  /** The provider's own status string, verbatim. */
  providerStatus: string;
  /** True when the provider's status string is not one Weft knows; the job is then treated as running. */
  unrecognisedStatus?: boolean;
  /** 0 = next in line. */
  queuePosition?: number;
  /** 0..1, when the provider reports progress. */
  progress?: number;
  /** Why it failed, when `state` is `failed`. */
  error?: ProviderErrorInfo;
  /** Results, when the status answer already carries them (RunningHub does). */
  outputs?: JobOutput[];
  cost?: JobCost;
}

/** A finished job's results; for an unfinished job, `state` says where it is and `outputs` is empty. */
export interface JobResult {
  jobId: string;
  state: JobState;
  providerStatus: string;
  outputs: JobOutput[];
  cost?: JobCost;
  error?: ProviderErrorInfo;
  /** Provider timestamps (ISO strings), when given. */
  createdAt?: string;
  finishedAt?: string;
  /** How long the provider says the job ran, in seconds. */
  durationSeconds?: number;
}

export interface SubmitAnswer {
  jobId: string;
  /** The state the submit answer reports; a RunningHub submit may already be `succeeded` with outputs. */
  status: JobStatus;
}

/**
 * What cancel achieved: `cancelled` (it will not run or bill further), `not_cancellable` (already
 * running or the provider refuses; it may still be billed), `finished` (it had already ended), or
 * `not_found`.
 */
export interface CancelAnswer {
  jobId: string;
  outcome: 'cancelled' | 'not_cancellable' | 'finished' | 'not_found';
  state?: JobState;
  providerMessage?: string;
}

/** A local file on its way to becoming an input value. */
export interface MediaFile {
  bytes: Uint8Array;
  /** e.g. `image/png`. */
  mimeType: string;
  name?: string;
}

/**
 * A result file on its way down. `body` yields the bytes as they arrive and throws a ProviderError
 * (class `invalid_input`) as soon as more than the cap have arrived, whatever the server declared; it
 * can be read once. `bytes()` reads it whole into memory (for small files and tests).
 */
export interface DownloadedFile {
  mimeType: string;
  /** The URL it came from. */
  url: string;
  body: AsyncIterable<Uint8Array>;
  bytes(): Promise<Uint8Array>;
}

export interface DownloadOptions extends CallOptions {
  /** Largest file accepted, in bytes (default 2 GiB), counted on the bytes as they arrive. */
  maxBytes?: number;
}

export interface AccountInfo {
  /** Remaining money, when reported. */
  balance?: number;
  currency?: string;
  coins?: number;
  /** Jobs the provider says are running for this key. */
  runningJobs?: number;
  keyType?: string;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Overrides the adapter's default timeout for this call. */
  timeoutMs?: number;
}

/** How many bytes a provider takes for inline media, and how local files become input values. */
export interface MediaPolicy {
  /** `inline`: a data URI in the payload (RunComfy); `upload`: an upload call returning a URL (RunningHub). */
  local: 'inline' | 'upload';
  /** Largest file accepted per media kind, in bytes (the provider's or its own clients' caps). */
  maxBytes: { image: number; video: number; audio: number; file: number };
  /** Largest request body, in bytes, when known. */
  maxRequestBytes?: number;
}

/**
 * One hosted provider. Every method takes a timeout and an abort signal; every failure is a
 * ProviderError with a class, the provider's code and message, and whether a retry is safe.
 */
export interface Provider {
  readonly id: ProviderId;
  readonly media: MediaPolicy;
  /** Starts a paid job. Never retried by adapters: a lost answer is reported with `mayHaveStarted`. */
  submit(endpoint: string, input: Record<string, unknown>, options?: CallOptions): Promise<SubmitAnswer>;
  status(jobId: string, options?: CallOptions): Promise<JobStatus>;
  result(jobId: string, options?: CallOptions): Promise<JobResult>;
  cancel(jobId: string, options?: CallOptions): Promise<CancelAnswer>;
  /** Uploads a file and returns the URL to put in the payload (only providers with an upload call). */
  upload?(file: MediaFile, options?: CallOptions): Promise<string>;
  /** Turns a local file into an input value: a data URI or an uploaded file's URL, per the provider's rules. */
  mediaInput(file: MediaFile, options?: CallOptions): Promise<string>;
  /**
   * Starts downloading a result file, only from the provider's media hosts (HTTPS) or its configured
   * base URL's host; resolves once the answer's headers are in, with the body still to stream.
   */
  download(url: string, options?: DownloadOptions): Promise<DownloadedFile>;
  account?(options?: CallOptions): Promise<AccountInfo>;
}
