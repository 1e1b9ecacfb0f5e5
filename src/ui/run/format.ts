import type { NodeRunState } from '../../core/executor/types.ts';
import type { JobCost } from '../../core/providers/types.ts';

/** How run states, times and costs read on screen. */

export const STATE_LABEL: Record<NodeRunState | 'idle', string> = {
  idle: 'Not run',
  waiting: 'Waiting',
  queued: 'Queued',
  uploading: 'Uploading',
  submitting: 'Submitting',
  submitted: 'In provider queue',
  running: 'Running',
  downloading: 'Downloading',
  done: 'Done',
  cached: 'Done',
  failed: 'Failed',
  unknown: 'Unknown',
  lost: 'Lost',
  unreachable: 'Unreachable',
  timeout: 'Timed out',
  cancelling: 'Cancelling',
  cancelled: 'Cancelled',
  skipped: 'Skipped',
};

/** `0.4 s`, `12 s`, `3 min 05 s`, `1 h 02 min`. */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 60) return `${Math.floor(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(Math.floor(s % 60)).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** `$0.40`, `1.20 CNY`, `12 coins`. */
export function formatCost(cost: JobCost): string {
  const digits = cost.amount > 0 && cost.amount < 0.01 ? 4 : 2;
  const money = cost.currency === 'USD' || (cost.currency === undefined && cost.coins === undefined)
    ? `$${cost.amount.toFixed(digits)}`
    : `${cost.amount.toFixed(digits)}${cost.currency ? ` ${cost.currency}` : ''}`;
  return cost.coins !== undefined && cost.amount === 0 ? `${cost.coins} coins` : money;
}

/** RunComfy counts the queue from 0 (0 = next). */
export function queueText(position: number): string {
  return position <= 0 ? 'next in queue' : `${position} ahead in queue`;
}

/** A provider's id as people know it. */
export function providerName(id: string | undefined): string {
  return id === 'runcomfy' ? 'RunComfy' : id === 'runninghub' ? 'RunningHub' : (id ?? '');
}

/** Statuses some providers send, in words (anything else: underscores and dashes become spaces). */
const STATUS_WORDS: Record<string, string> = {
  in_queue: 'in queue',
  inqueue: 'in queue',
  in_progress: 'in progress',
  inprogress: 'in progress',
  pending: 'pending',
  queued: 'queued',
  queue: 'queued',
  running: 'running',
  processing: 'processing',
  created: 'created',
  starting: 'starting',
  succeeded: 'done',
  success: 'done',
  completed: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
  canceled: 'cancelled',
};

/**
 * A provider's raw job status (`in_progress`, `QUEUED`, `RUNNING`) as words people read ("in progress").
 * Every place that shows a provider status goes through this; unknown statuses keep their words.
 */
export function statusWords(status: string): string {
  const key = status.trim().toLowerCase();
  return STATUS_WORDS[key] ?? key.replace(/[_-]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/** How a finished run ended, for the run panel's headline. */
export type RunOutcome = 'done' | 'failed' | 'blocked' | 'cancelled' | 'empty';

export const OUTCOME_LABEL: Record<RunOutcome, string> = {
  done: 'Done',
  failed: 'Finished with failures',
  blocked: 'Blocked — nothing submitted',
  cancelled: 'Cancelled',
  empty: 'Nothing to run',
};
