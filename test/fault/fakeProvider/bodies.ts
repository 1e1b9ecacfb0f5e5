import type { FakeJob } from './ledger.ts';
import type { JobPhase } from './types.ts';

/**
 * The proper answers of both protocols for a job in a phase (PROVIDERS.md): RunComfy's request objects
 * and RunningHub's v2 task objects with 19-digit task ids as strings.
 */

const RC_STATUS: Record<JobPhase, string> = { queued: 'in_queue', running: 'in_progress', succeeded: 'completed', failed: 'failed', cancelled: 'cancelled' };
const RH_STATUS: Record<JobPhase, string> = { queued: 'QUEUED', running: 'RUNNING', succeeded: 'SUCCESS', failed: 'FAILED', cancelled: 'CANCEL' };

function statusText(job: FakeJob, phase: JobPhase, table: Record<JobPhase, string>): string {
  return phase === 'running' && job.plan.runningStatus !== undefined ? job.plan.runningStatus : table[phase];
}

function failure(job: FakeJob): string {
  return typeof job.plan.outcome === 'object' ? job.plan.outcome.fail : '';
}

const iso = (ms: number) => new Date(Date.now() - (performance.now() - ms)).toISOString();

export function runComfySubmit(job: FakeJob, base: string): unknown {
  const at = `${base}/v1/requests/${job.id}`;
  return { request_id: job.id, status: 'in_queue', status_url: `${at}/status`, result_url: `${at}/result`, cancel_url: `${at}/cancel` };
}

export function runComfyStatus(job: FakeJob, phase: JobPhase, base: string): unknown {
  const at = `${base}/v1/requests/${job.id}`;
  return { request_id: job.id, status: statusText(job, phase, RC_STATUS), status_url: `${at}/status`, result_url: `${at}/result`, ...(phase === 'queued' ? { queue_position: 1 } : {}) };
}

export function runComfyResult(job: FakeJob, phase: JobPhase, resultUrl: string): unknown {
  const base = { request_id: job.id, status: statusText(job, phase, RC_STATUS), created_at: iso(job.startedAt) };
  if (phase === 'succeeded') return { ...base, output: { [job.file.ext === 'mp4' ? 'video' : 'image']: resultUrl }, finished_at: iso(job.startedAt + job.plan.durationMs), cost: 0.04 };
  if (phase === 'failed') return { ...base, output: null, error: { error_code: 500001, error_message: failure(job) }, finished_at: iso(job.startedAt + job.plan.durationMs) };
  return base;
}

export function runComfyCancel(job: FakeJob, phase: JobPhase): unknown {
  return { request_id: job.id, status: RC_STATUS[phase], outcome: phase === 'queued' || phase === 'cancelled' ? 'cancelled' : 'not_cancellable' };
}

export function runningHubTask(job: FakeJob, phase: JobPhase, resultUrl: string): unknown {
  const failed = phase === 'failed';
  return {
    taskId: job.id,
    status: statusText(job, phase, RH_STATUS),
    errorCode: failed ? '805' : '',
    errorMessage: failed ? failure(job) : '',
    results: phase === 'succeeded' ? [{ url: resultUrl, outputType: job.file.ext, text: null }] : null,
    clientId: '',
    promptTips: '',
    failedReason: failed ? { exception_message: failure(job) } : null,
    usage: phase === 'succeeded' ? { consumeMoney: '0.5', consumeCoins: '50', thirdPartyConsumeMoney: null, taskCostTime: String(Math.round(job.plan.durationMs / 1000)) } : null,
  };
}
