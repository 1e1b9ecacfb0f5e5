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
