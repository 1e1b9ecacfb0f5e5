import { createHash } from 'node:crypto';
import { resultFile, type ResultFile } from './media.ts';
import type { CallInfo, CallKind, FaultType, JobPhase, JobPlan, ProviderId } from './types.ts';

/**
 * The fault provider's books: every job it created (paid), every submit it received and what became of
 * its answer, every request, and how many jobs ran at once per provider. Tests judge Weft against this,
 * never against what Weft says about itself.
 *
 * A submit's *logical input* is its body without `seed` (Weft may fill a random seed); a node is named by
 * the `[n:…]` tag the test graphs put in every prompt, so messages can say which node paid twice.
 */

export interface FakeJob {
  id: string;
  provider: ProviderId;
  endpoint: string;
  /** The logical input (see above), hashed. */
  key: string;
  tag?: string;
  plan: JobPlan;
  /** Monotonic ms when it was created (paid). */
  createdAt: number;
  /** Monotonic ms when it started running (reset when a held job is released). */
  startedAt: number;
  held: boolean;
  cancelled: boolean;
  file: ResultFile;
  calls: Partial<Record<CallKind, number>>;
}

/** What became of a submit's answer. */
export type SubmitAnswer =
  /** Still being worked out (the connection may yet be cut). */
  | 'pending'
  /** The whole answer was handed to the connection. */
  | 'delivered'
  /** A fault replaced the answer (`fault` says which; `jobId` whether a job exists anyway). */
  | 'fault'
  /** The connection closed before the answer was written (the client was killed). */
  | 'cut';

export interface SubmitRecord {
  seq: number;
  provider: ProviderId;
  endpoint: string;
  key: string;
  tag?: string;
  /** The job this submit created, if any (a created job is paid). */
  jobId?: string;
  answer: SubmitAnswer;
  fault?: FaultType;
  at: number;
}

const TAG = /\[n:([^\]\s]{1,80})\]/;

/** The `[n:…]` tag in any string of a body (the prompt carries it). */
export function tagOf(value: unknown): string | undefined {
  if (typeof value === 'string') return TAG.exec(value)?.[1];
  if (Array.isArray(value)) return value.map(tagOf).find(Boolean);
  if (value && typeof value === 'object') return Object.values(value).map(tagOf).find(Boolean);
  return undefined;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The logical input of a submit: provider, endpoint and body without `seed`, hashed. */
export function logicalKey(provider: ProviderId, endpoint: string, body: unknown): string {
  const rest = body && typeof body === 'object' && !Array.isArray(body) ? Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'seed')) : body;
  return createHash('sha256').update(`${provider} ${endpoint} ${canonical(rest)}`).digest('hex').slice(0, 16);
}

export const now = (): number => performance.now();

export class Ledger {
  readonly jobs = new Map<string, FakeJob>();
  readonly submits: SubmitRecord[] = [];
  readonly requests: CallInfo[] = [];
  /** Most jobs unfinished at once, per provider. */
  readonly maxRunning: Record<ProviderId, number> = { runcomfy: 0, runninghub: 0 };
  private readonly counts = new Map<string, number>();
  private jobSeq = 0;

  /** Counts a call of `provider`/`kind` and returns its 1-based number. */
  count(provider: string, kind: CallKind): number {
    const key = `${provider}:${kind}`;
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    return n;
  }

  /** Creates (and so charges for) a job. */
  createJob(provider: ProviderId, endpoint: string, body: unknown, plan: JobPlan): FakeJob {
    const seq = ++this.jobSeq;
    const id = provider === 'runninghub' ? (1877265245566922753n + BigInt(seq) * 7919n).toString() : `00000000-0000-4000-8000-${seq.toString(16).padStart(12, '0')}`;
    const kind = endpoint.includes('video') ? 'video' : 'image';
    const tag = tagOf(body);
    const job: FakeJob = { id, provider, endpoint, key: logicalKey(provider, endpoint, body), ...(tag ? { tag } : {}), plan, createdAt: now(), startedAt: now(), held: plan.hold, cancelled: false, file: resultFile(kind, id, seq), calls: {} };
    this.jobs.set(id, job);
    const running = [...this.jobs.values()].filter((j) => j.provider === provider && !isTerminal(phaseOf(j))).length;
    this.maxRunning[provider] = Math.max(this.maxRunning[provider], running);
    return job;
  }

  /** Lets held jobs run their course from now (all of them, or those `which` picks). */
  release(which: (job: FakeJob) => boolean = () => true): void {
    for (const job of this.jobs.values()) {
      if (job.held && which(job)) {
        job.held = false;
        job.startedAt = now();
      }
    }
  }

  /** Jobs created for a logical input or a node tag. */
  jobsFor(match: { key?: string; tag?: string }): FakeJob[] {
    return [...this.jobs.values()].filter((j) => (match.key === undefined || j.key === match.key) && (match.tag === undefined || j.tag === match.tag));
  }

  /** Whether a call about `jobId` (status, result, cancel, download) reached us: then Weft knew the id. */
  followed(jobId: string): boolean {
    return this.requests.some((r) => r.jobId === jobId && r.kind !== 'submit');
  }
}

export function isTerminal(phase: JobPhase): boolean {
  return phase === 'succeeded' || phase === 'failed' || phase === 'cancelled';
}

/** A job's phase now: queued for the first quarter of its duration (at most 300 ms), running, then its outcome. */
export function phaseOf(job: FakeJob, at = now()): JobPhase {
  if (job.cancelled) return 'cancelled';
  const elapsed = at - job.startedAt;
  if (job.held) return 'running';
  if (elapsed < Math.min(300, job.plan.durationMs / 4)) return 'queued';
  if (elapsed < job.plan.durationMs) return 'running';
  return job.plan.outcome === 'succeed' ? 'succeeded' : 'failed';
}
