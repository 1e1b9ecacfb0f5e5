import type { OutputKind } from '../model/template.ts';
import type { JobCost, JobState, MediaFile, Provider, ProviderErrorInfo } from '../providers/types.ts';
import type { ExecutorStorage } from './storage.ts';
import type { GetTemplate } from '../model/graph.ts';
import type { LocalNode } from './localNode.ts';

/**
 * The executor's vocabulary: values flowing along wires, node states, events, the journal and cache
 * records, and what it needs injected (providers, storage, a clock) so it runs the same in the browser,
 * in Node and under fake timers.
 */

/** Where a result came from, carried with every value it produced (for save sidecars and the UI). */
export interface Provenance {
  nodeId: string;
  provider: string;
  endpoint: string;
  jobId: string;
  cost?: JobCost;
}

/** A value on a wire. Media values are downloaded at once and held as content-addressed blobs. */
export type Value =
  | { kind: 'text'; text: string; from?: Provenance }
  | { kind: 'number' | 'integer'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'json'; value: unknown }
  | {
      kind: 'image' | 'video' | 'audio' | 'file';
      /** SHA-256 of the bytes in the blob store, once downloaded or read. */
      blob?: string;
      mimeType?: string;
      /** A remote URL: the user's https URL, or the provider's result URL (which expires). */
      url?: string;
      /** When `url` was handed out (ms), for deciding whether it is still fresh. */
      urlAt?: number;
      /** A local file reference (a CLI path, or a browser file id) not read yet. */
      local?: string;
      from?: Provenance;
    };

export type MediaValue = Extract<Value, { kind: 'image' | 'video' | 'audio' | 'file' }>;

/** A node's outputs: values per output port (several for list outputs). */
export type NodeOutputs = Record<string, Value[]>;

/**
 * A node's state in a run:
 * - `waiting` for its inputs; `queued` ready but waiting for a provider slot;
 * - `uploading`, `submitting`, then the provider's `submitted` (queued there) and `running`;
 * - `downloading` its results; `done` or `cached`;
 * - `failed` (with a reason); `unknown` (a submit whose answer was lost — never resubmitted on its own);
 * - `lost` (the provider no longer knows the job); `unreachable` (polling failed too often);
 * - `timeout` (deadline); `cancelling` / `cancelled`; `skipped` (an input failed, or not in this run).
 */
export type NodeRunState =
  | 'waiting'
  | 'queued'
  | 'uploading'
  | 'submitting'
  | 'submitted'
  | 'running'
  | 'downloading'
  | 'done'
  | 'cached'
  | 'failed'
  | 'unknown'
  | 'lost'
  | 'unreachable'
  | 'timeout'
  | 'cancelling'
  | 'cancelled'
  | 'skipped';

export const FINAL_NODE_STATES: readonly NodeRunState[] = ['done', 'cached', 'failed', 'unknown', 'lost', 'unreachable', 'timeout', 'cancelled', 'skipped'];

export interface NodeError {
  /** The provider error class, or Weft's own (`plan`, `cancelled`, `timeout`, `upstream`). */
  class: ProviderErrorInfo['class'] | 'plan' | 'cancelled' | 'timeout' | 'upstream';
  message: string;
  code?: string;
  providerMessage?: string;
}

/** One problem found before any spend, located by node and field. */
export interface PlanProblem {
  nodeId: string;
  field?: string;
  message: string;
}

export type ExecutorEvent =
  | { type: 'runStarted'; runId: string; at: number; nodes: string[] }
  | { type: 'nodeQueued'; runId: string; at: number; nodeId: string }
  | { type: 'nodeState'; runId: string; at: number; nodeId: string; state: NodeRunState }
  | { type: 'nodeSubmitted'; runId: string; at: number; nodeId: string; provider: string; endpoint: string; jobId: string; resumed: boolean }
  | { type: 'nodeProgress'; runId: string; at: number; nodeId: string; jobState: JobState; providerStatus: string; queuePosition?: number; progress?: number; unrecognisedStatus?: boolean }
  | { type: 'nodeCached'; runId: string; at: number; nodeId: string; outputs: NodeOutputs }
  | { type: 'nodeDone'; runId: string; at: number; nodeId: string; outputs: NodeOutputs; cost?: JobCost; elapsedMs: number; jobId?: string }
  | { type: 'nodeFailed'; runId: string; at: number; nodeId: string; state: NodeRunState; error: NodeError; jobId?: string; elapsedMs: number }
  | { type: 'nodeSaved'; runId: string; at: number; nodeId: string; files: string[] }
  | { type: 'warning'; runId: string; at: number; nodeId?: string; message: string }
  | { type: 'runFinished'; runId: string; at: number; summary: RunSummary };

export interface RunSummary {
  runId: string;
  /** Every planned node's final state. */
  states: Record<string, NodeRunState>;
  outputs: Record<string, NodeOutputs>;
  errors: Record<string, NodeError>;
  jobs: Record<string, { provider: string; jobId: string; cost?: JobCost }>;
  submits: number;
  cancelled: boolean;
  startedAt: number;
  finishedAt: number;
}

/**
 * Where a paid job is in the journal (journalRecord.ts): `intent` (claimed; its submit is about to be
 * sent), `submitted` (the provider gave a job id), `unknown` (a submit whose answer was lost — never
 * resubmitted on its own), `collecting` (finished at the provider — paid — but its results are not all
 * here yet), `done`, `failed` (the job failed, or its submit was refused: nothing to pay), `cancelled`,
 * `lost` (the provider confirmed it no longer knows the job; asked again on the next run).
 */
export type JournalState = 'intent' | 'submitted' | 'unknown' | 'collecting' | 'done' | 'failed' | 'cancelled' | 'lost';

/** The journal: one record per paid job (per attempt of a job key), written before the submit and after every change. */
export interface JournalRecord {
  /** `${jobKey}-${attempt}`: the job key is readable from the id (and from a damaged record's file name). */
  id: string;
  /** The job's identity (jobKey.ts): graph, node, take, provider, endpoint, schema, inputs. */
  jobKey: string;
  /** 0 for the first job of a key; each new take or user-asked resubmit is the next. */
  attempt: number;
  /** The run that made it, and the session (runs that are one invocation) it belongs to. */
  runId: string;
  session: string;
  graphId: string;
  graphName?: string;
  nodeId: string;
  /** The take or batch row it was made for, when the node makes a new take each time. */
  take?: string;
  provider: string;
  endpoint: string;
  state: JournalState;
  jobId?: string;
  /** Set when the user cancelled; a result arriving afterwards is kept but not passed downstream. */
  cancelRequested?: boolean;
  outputs?: NodeOutputs;
  /** What the provider said it cost (actual), and what Weft estimated before the submit (issue 16). */
  cost?: JobCost;
  estimate?: JobCost;
  /** Why it ended badly, or (state `collecting`) why its results are not here yet. */
  error?: NodeError;
  createdAt: number;
  updatedAt: number;
}

/** A cache entry: the index from a job key to the journal record whose outputs it serves. */
export interface CacheEntry {
  key: string;
  /** The journal record (its id) the outputs come from. */
  record: string;
  nodeType: string;
  outputs: NodeOutputs;
  jobId?: string;
  cost?: JobCost;
  createdAt: number;
}

/** Time, injectable so tests run under fake timers. */
export interface Clock {
  /** Wall time (ms since the epoch): for records and for what people read. It may jump. */
  now(): number;
  /** Monotonic time (ms, any origin): for measuring durations, which a wall-clock jump must not stretch. */
  monotonic(): number;
  /** Resolves after `ms`, or rejects with the signal's reason when it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** What a save node hands to the host: the browser downloads, the CLI writes files and sidecars. */
export interface SaveRequest {
  runId: string;
  nodeId: string;
  graphName?: string;
  /** The node's filename pattern (`{graph}`, `{node}`, `{index}`, `{ext}`). */
  pattern: string;
  items: { index: number; value: Value; bytes?: Uint8Array; mimeType?: string; provenance?: Provenance }[];
}

export interface PollPolicy {
  /** First poll delay and the exponential base, ms. */
  baseMs: number;
  /** Longest wait between polls, ms. */
  capMs: number;
  /** Never wait longer than this fraction of the job's elapsed time (bounds detection delay). */
  elapsedFraction: number;
  /** Consecutive transport errors before a job is `unreachable`. */
  maxConsecutiveErrors: number;
  /** Poll at the end an endpoint's jobs are learned to take (durations.ts), instead of backing off blind. */
  learnDurations: boolean;
}

export interface ExecutorDeps {
  getTemplate: GetTemplate;
  /** The adapter for a provider id (`runcomfy`, `runninghub`, …). */
  provider(id: string): Provider | undefined;
  storage: ExecutorStorage;
  clock?: Clock;
  /** [0, 1) — injectable for deterministic jitter. */
  random?: () => number;
  /** Reads a local file reference (CLI: a path; browser: a picked file's id). */
  readLocal?(ref: string): Promise<MediaFile>;
  /** Delivers a save node's files. */
  save?(request: SaveRequest): Promise<string[]>;
  /** Concurrency per provider (default 3). */
  concurrency?: Record<string, number>;
  poll?: Partial<PollPolicy>;
  /** Per-job deadline (default 30 min) and per-run deadline (default 3 h), ms. */
  jobDeadlineMs?: number;
  runDeadlineMs?: number;
  /** How long a lowered limit (after 421/429) stays lowered, ms (default 60 s). */
  limitCooldownMs?: number;
  /** SHA-256 hex of bytes (default: WebCrypto); injectable for hosts without it and for tests. */
  hash?(data: Uint8Array): Promise<string>;
  /** How long a provider's result URL is trusted to still work when passed downstream, ms (default 30 min). */
  urlFreshMs?: number;
  /** This executor's name in claims (default: a random id). Two executors must not share one. */
  owner?: string;
  /** How long a claim lasts unless renewed, ms (default 60 s; renewed every third of it while held). */
  claimLeaseMs?: number;
  /**
   * Asked right before each submit, after the payload is checked (issue 16's budget gate plugs in here):
   * `ok: false` ends the node `failed` with the reason and nothing is paid; an `estimate` is journaled.
   */
  beforeSubmit?(job: { nodeId: string; provider: string; endpoint: string; payload: Record<string, unknown> }): Promise<{ ok: true; estimate?: JobCost } | { ok: false; reason: string }>;
  /** Built-in nodes that do local work (issue 18's media nodes), by node type (localNode.ts). */
  localNodes?: Readonly<Record<string, LocalNode>>;
}

export interface RunOptions {
  /** `all` (default), `upTo` a node (it and its ancestors), or `from` a node (it and its descendants re-run; upstream outputs reused). */
  mode?: 'all' | 'upTo' | 'from';
  target?: string;
  /** Nodes that must not be served from the cache this time. */
  reroll?: readonly string[];
  /** Nodes whose `unknown` job the user chose to resubmit (may charge again). */
  resubmit?: readonly string[];
  /** Ignore the cache entirely (still records results). */
  noCache?: boolean;
  graphName?: string;
  /**
   * The graph's stable identity, part of every job key (default: the graph's own `id`, else ""). The CLI
   * derives one from the file when the file has none; the browser takes the document's.
   */
  graphId?: string;
  runId?: string;
  /**
   * Runs that are one invocation share a session (a batch's rows, a resumed CLI run, a reloaded page;
   * default: the run id): a node that makes a new take each run (random seed, re-roll, no cache) reuses
   * what its session already made instead of paying again.
   */
  session?: string;
  /** The take or batch row this run makes: part of the job key of nodes that make a new take each time. */
  take?: string;
  /**
   * Walk the graph without spending or writing: static nodes compute, jobs served by the cache pass
   * their outputs on, every other job and save ends `skipped` with a `dry-run:*` code saying what a run
   * would do (`submit`, `resume` a journaled job, `unknown`, `save`).
   */
  dryRun?: boolean;
}

export type { OutputKind };
