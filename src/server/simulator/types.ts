/**
 * The simulator's public types (see README.md). Kept apart from the implementation so the adapters and
 * the local server can import them without pulling in the HTTP code.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';

export type SimProvider = 'runcomfy' | 'runninghub';

/** The provider calls a fault rule can target. */
export type SimCallName = 'submit' | 'status' | 'result' | 'cancel' | 'upload' | 'account';

/** Every call the simulator records: the provider calls plus the catalog, media downloads and unknown paths. */
export type RecordedCallName = SimCallName | 'models' | 'download' | 'unknown';

export const CALL_FAULTS = [
  'server_error',
  'rate_limited',
  'concurrency_limit',
  'drop_after_accept',
  'error_in_200',
  'auth',
  'insufficient_balance',
  'invalid_input',
  'slow_upload',
] as const;

/** Faults that shape the job a submit creates rather than the answer to one call. */
export const JOB_FAULTS = ['moderation', 'fail', 'unknown_status', 'expired', 'submit_success'] as const;

export const FAULT_NAMES = [...CALL_FAULTS, ...JOB_FAULTS] as const;

export type JobFault = (typeof JOB_FAULTS)[number];
export type FaultName = (typeof FAULT_NAMES)[number];

export interface FaultRule {
  fault: FaultName;
  provider?: SimProvider;
  /** Which call it hits (`download` too, for media fetches; those are only hit when named). */
  call?: SimCallName | 'download';
  /** Model id / endpoint (with or without the `<provider>/` prefix). */
  endpoint?: string;
  /** How many matching calls it hits; default 1; `null` means every one. */
  times?: number | null;
}

export type Timing = 'fast' | 'realistic' | { queueMs: number; runMs: number };

export interface SimulatorOptions {
  timing?: Timing;
  faults?: FaultRule[];
  /** RunningHub unfinished tasks per key before 421 (default 3). */
  concurrency?: number;
  /** Retry-After on 429 (default 1). */
  retryAfterSeconds?: number;
  /** Delay of the slow_upload fault (default 1500). */
  slowUploadMs?: number;
  /** Sample media (default: <repo>/public/sim). */
  mediaDir?: string;
  /** Clock (default Date.now). */
  now?: () => number;
}

export interface SimCall {
  seq: number;
  /** Epoch ms from the simulator's clock. */
  at: number;
  provider: SimProvider | 'media' | 'unknown';
  call: RecordedCallName;
  method: string;
  /** URL path after the mount prefix, without the query. */
  path: string;
  query: Record<string, string>;
  /** Lower-cased request headers without credentials (`authorization`, `x-weft-api-key`, cookies, …). */
  headers: Record<string, string>;
  auth: { present: boolean; fingerprint: string | null };
  /** The parsed body with keys replaced by `"[key <fingerprint>]"` and long strings shortened. */
  body: unknown;
  /** The HTTP status sent, or `"dropped"` when the connection was destroyed without an answer. */
  status: number | 'dropped';
  /** The faults applied to this call, comma-separated. */
  fault?: string;
  jobId?: string;
}

export interface Simulator {
  /**
   * Handles one request. `path` is the URL path+query after the mount prefix ("/v1/models/x");
   * `publicBase` is the absolute URL the simulator is reached at ("http://127.0.0.1:5173/api/simulator"),
   * used for every URL it hands out (status_url, result files, upload download_url).
   */
  handle(req: IncomingMessage, res: ServerResponse, path: string, publicBase: string, options?: HandleOptions): Promise<void>;
  calls(): SimCall[];
  /** Forgets calls, jobs, uploads and configured faults. */
  reset(): void;
  setFaults(rules: FaultRule[]): void;
  configure(options: Partial<SimulatorOptions>): void;
  /** Stops timers (pending slow uploads answer at once). */
  close(): void;
}

/** How a host serving the simulator in-process wants its faults delivered. */
export interface HandleOptions {
  /**
   * Called instead of destroying the connection when a fault drops a call after accepting it. A local
   * server answers what its proxy would (502 "no-answer"): a browser whose own socket is reset silently
   * sends the POST again, which would submit a second job no real provider setup would see.
   */
  onDrop?(res: ServerResponse): void;
}
