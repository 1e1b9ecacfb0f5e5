import type { IncomingMessage } from 'node:http';
import type { CallLog } from './calls.ts';
import type { FaultBook } from './faults.ts';
import type { Reply } from './http.ts';
import type { JobStore } from './jobs.ts';
import type { MediaStore } from './media.ts';
import type { FaultName, SimCallName, SimProvider, Timing } from './types.ts';

/** What the route modules share: the simulator's state and the shape of one provider route. */

export interface SimConfig {
  timing: Timing;
  concurrency: number;
  retryAfterSeconds: number;
  slowUploadMs: number;
  mediaDir: string;
  now: () => number;
}

export interface SimState {
  config: SimConfig;
  jobs: JobStore;
  media: MediaStore;
  faults: FaultBook;
  log: CallLog;
  /** A delay that `close()` cuts short. */
  sleep(ms: number): Promise<void>;
}

export interface CallContext {
  state: SimState;
  req: IncomingMessage;
  url: URL;
  /** Absolute URL the simulator is reached at, without a trailing slash. */
  publicBase: string;
  /** The route's captures (model id, request id). */
  params: string[];
  /** The parsed JSON body (`NOT_JSON` when unparsable, undefined when empty or not read). */
  body: unknown;
  key: string;
  /** Fingerprint of `key`: jobs belong to it. */
  owner: string;
  faults: ReadonlySet<FaultName>;
  now: number;
  /** Replaces what the call log shows as the body (uploads record the file, not its bytes). */
  recordBody(body: unknown): void;
}

/** The answers every provider gives in its own dialect when a fault or the auth check stops a call. */
export interface Dialect {
  serverError(call: SimCallName | 'models'): Reply;
  rateLimited(call: SimCallName | 'models', retryAfterSeconds: number): Reply;
  concurrency(call: SimCallName | 'models', retryAfterSeconds: number): Reply;
  auth(call: SimCallName | 'models'): Reply;
  errorIn200(call: SimCallName | 'models'): Reply;
  insufficientBalance(call: SimCallName | 'models'): Reply;
  invalidInput(call: SimCallName | 'models'): Reply;
  tooLarge(call: SimCallName | 'models'): Reply;
}

export interface Route {
  provider: SimProvider;
  call: SimCallName | 'models';
  method: 'GET' | 'POST';
  /** The captures when the path is this route's, else undefined. */
  match(pathname: string): string[] | undefined;
  /** `json`: the wrapper reads and parses the body; `raw`: the route reads it (uploads). */
  body: 'none' | 'json' | 'raw';
  /** A body field that may carry the key instead of `Authorization` (RunningHub v1 calls). */
  keyInBody?: string;
  /** The endpoint the call concerns (for rules with `endpoint`); may look the job up. */
  endpointOf?(state: SimState, params: string[], body: unknown): string | undefined;
  run(ctx: CallContext): Promise<Reply>;
}
