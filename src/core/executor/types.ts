import type { OutputKind } from '../model/template.ts';
import type { JobCost, JobState, MediaFile, Provider, ProviderErrorInfo } from '../providers/types.ts';
import type { ExecutorStorage } from './storage.ts';
import type { GetTemplate } from '../model/graph.ts';

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

/** The journal: one record per paid job, written before the submit and after every change. */
export interface JournalRecord {
  /** `${cacheKey}` — one job per distinct input. */
  id: string;
  runId: string;
  graphName?: string;
  nodeId: string;
  provider: string;
  endpoint: string;
  cacheKey: string;
  /** `intent` (submit about to be sent), `submitted` (has a job id), or how it ended. */
  state: 'intent' | 'submitted' | 'unknown' | 'done' | 'failed' | 'cancelled' | 'lost';
  jobId?: string;
  /** Set when the user cancelled; a result arriving afterwards is kept but not passed downstream. */
  cancelRequested?: boolean;
  outputs?: NodeOutputs;
  cost?: JobCost;
  error?: NodeError;
  createdAt: number;
  updatedAt: number;
}

/** A cache entry: a node's outputs for one cache key. */
export interface CacheEntry {
  key: string;
  nodeType: string;
  outputs: NodeOutputs;
  jobId?: string;
  cost?: JobCost;
  createdAt: number;
}

/** Time, injectable so tests run under fake timers. */
export interface Clock {
  now(): number;
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
  storage: ExecutorStorage<JournalRecord, CacheEntry>;
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
  runId?: string;
  /**
   * Walk the graph without spending or writing: static nodes compute, jobs served by the cache pass
   * their outputs on, every other job and save ends `skipped` with a `dry-run:*` code saying what a run
   * would do (`submit`, `resume` a journaled job, `unknown`, `save`).
   */
  dryRun?: boolean;
}

export type { OutputKind };
