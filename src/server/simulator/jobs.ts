import { randomBytes, randomUUID } from 'node:crypto';
import type { JobFault, SimProvider, Timing } from './types.ts';

/**
 * Jobs and their clock. A job's state is computed from the clock (created → +queueMs running →
 * +runMs done) rather than moved by timers, so an injected `now` makes every answer deterministic and
 * nothing needs stopping.
 */

export type Phase = 'queued' | 'running' | 'done' | 'cancelled';

export type OutputKind = 'image' | 'video' | 'audio' | 'text' | 'file';

/** One result the job produced: a stored media item, or text. */
export type JobResult = { kind: Exclude<OutputKind, 'text'>; mediaId: string; ext: string } | { kind: 'text'; text: string };

export interface Job {
  id: string;
  provider: SimProvider;
  endpoint: string;
  /** Fingerprint of the key that created it. */
  owner: string;
  createdAt: number;
  queueMs: number;
  runMs: number;
  cancelledAt?: number;
  input: Record<string, unknown>;
  faults: ReadonlySet<JobFault>;
  output: { kind: OutputKind; count: number };
  /** Price in USD (RunComfy `cost`, RunningHub `usage`). */
  price: number;
  /** Made on first sight of the finished job, then kept. */
  results?: JobResult[];
}

export const FAST = { queueMs: 40, runMs: 120 } as const;

/** Per-job delays for a timing setting; 'realistic' draws a few seconds of queue and 20–60 s of work. */
export function drawTiming(timing: Timing, random: () => number = Math.random): { queueMs: number; runMs: number } {
  if (timing === 'fast') return { ...FAST };
  if (timing === 'realistic') return { queueMs: Math.round(2000 + random() * 3000), runMs: Math.round(20_000 + random() * 40_000) };
  return { queueMs: Math.max(0, timing.queueMs), runMs: Math.max(0, timing.runMs) };
}

export function finishedAt(job: Job): number {
  return job.createdAt + job.queueMs + job.runMs;
}

export function phaseOf(job: Job, now: number): Phase {
  if (job.cancelledAt !== undefined) return 'cancelled';
  const t = now - job.createdAt;
  if (t < job.queueMs) return 'queued';
  if (t < job.queueMs + job.runMs) return 'running';
  return 'done';
}

export function isFailed(job: Job): boolean {
  return job.faults.has('moderation') || job.faults.has('fail');
}

/** How one provider spells each state, and the made-up status it shows under `unknown_status`. */
export interface StatusNames {
  queued: string;
  running: string;
  cancelled: string;
  failed: string;
  succeeded: string;
  odd: string;
}

/** The status string a provider would show for a job now, in its own spelling. */
export function statusName(job: Job, now: number, names: StatusNames): string {
  const phase = phaseOf(job, now);
  if (job.faults.has('unknown_status') && (phase === 'queued' || phase === 'running')) return names.odd;
  if (phase === 'queued' || phase === 'running' || phase === 'cancelled') return names[phase];
  return isFailed(job) ? names.failed : names.succeeded;
}

/** An `expired` job the provider has forgotten: it finished, so every lookup answers "not found". */
export function isGone(job: Job, now: number): boolean {
  return job.faults.has('expired') && phaseOf(job, now) === 'done';
}

const MAX_KEPT_STRING = 4096;

/**
 * The input a job keeps: what results are drawn from (prompt, size, count). Long strings — data URIs
 * of up to 64 MiB — are replaced by their length, so thousands of remembered jobs stay small.
 */
export function slimInput(input: Record<string, unknown>): Record<string, unknown> {
  const slim = (v: unknown): unknown => (typeof v === 'string' && v.length > MAX_KEPT_STRING ? `[${v.length} chars]` : v);
  return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, Array.isArray(v) ? v.map(slim) : slim(v)]));
}

/** A RunningHub-style task id: 19 digits, above 2^53 (a JS number would lose digits). */
export function taskId(): string {
  const low = BigInt(`0x${randomBytes(8).toString('hex')}`) & ((1n << 60n) - 1n);
  return ((1n << 60n) + low).toString();
}

const MAX_JOBS = 5000;

export class JobStore {
  private jobs = new Map<string, Job>();

  newId(provider: SimProvider): string {
    for (;;) {
      const id = provider === 'runcomfy' ? randomUUID() : taskId();
      if (!this.jobs.has(id)) return id;
    }
  }

  add(job: Job): void {
    this.jobs.set(job.id, job);
    // Bounded: the oldest jobs are forgotten first (a real provider expires them too).
    for (const id of this.jobs.keys()) {
      if (this.jobs.size <= MAX_JOBS) break;
      this.jobs.delete(id);
    }
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  clear(): void {
    this.jobs.clear();
  }

  /** Jobs of the provider created before `job` that are still queued (RunComfy `queue_position`). */
  queuePosition(job: Job, now: number): number {
    let n = 0;
    for (const other of this.jobs.values()) {
      if (other === job) break;
      if (other.provider === job.provider && phaseOf(other, now) === 'queued') n++;
    }
    return n;
  }

  /** The key's queued and running tasks at one provider (RunningHub's concurrency limit). */
  unfinished(provider: SimProvider, owner: string, now: number): number {
    let n = 0;
    for (const job of this.jobs.values()) {
      if (job.provider !== provider || job.owner !== owner) continue;
      const phase = phaseOf(job, now);
      if (phase === 'queued' || phase === 'running') n++;
    }
    return n;
  }
}
