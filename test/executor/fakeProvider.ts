import {
  ProviderError,
  type CancelAnswer,
  type DownloadedFile,
  type JobResult,
  type JobState,
  type JobStatus,
  type MediaFile,
  type Provider,
  type ProviderErrorInfo,
  type SubmitAnswer,
} from '../../src/core/providers/types.ts';
import type { VirtualClock } from './virtualClock.ts';

/**
 * A provider in memory, timed by the virtual clock: jobs queue for `queueMs`, run for `runMs`, then
 * succeed (one file of the endpoint's kind) unless a test scripts otherwise. Every call is counted, and
 * the number of unfinished jobs is tracked so tests can assert a concurrency limit was never exceeded.
 */

export interface FakeJob {
  id: string;
  endpoint: string;
  input: Record<string, unknown>;
  submittedAt: number;
  queueMs: number;
  runMs: number;
  outcome: 'succeed' | 'fail' | 'moderation';
  /** Status strings reported instead of the real ones while unfinished. */
  oddStatus?: string;
  /** Forget the job once it is done (expired). */
  forget?: boolean;
  cancelledAt?: number;
}

type Fault = { info: Partial<ProviderErrorInfo> & Pick<ProviderErrorInfo, 'class'> } | { drop: true };

export class FakeProvider implements Provider {
  readonly id: string;
  readonly media;
  readonly jobs = new Map<string, FakeJob>();
  readonly calls: Record<string, number> = { submit: 0, status: 0, result: 0, cancel: 0, upload: 0, download: 0 };
  /** Faults to apply to the next calls of a kind, in order. */
  readonly faults: Record<string, Fault[]> = { submit: [], status: [], result: [], cancel: [], download: [] };
  /** Called on each submit to shape the job. */
  shape: (endpoint: string, input: Record<string, unknown>) => Partial<FakeJob> = () => ({});
  queueMs = 1000;
  runMs = 10_000;
  maxUnfinished = 0;
  private seq = 0;
  private readonly clock: VirtualClock;

  constructor(id: string, clock: VirtualClock, local: 'inline' | 'upload' = 'inline') {
    this.id = id;
    this.clock = clock;
    this.media = { local, maxBytes: { image: 1e7, video: 1e8, audio: 1e8, file: 1e8 } };
  }

  private fault(call: string, mayHaveStarted = false): void {
    const next = this.faults[call]?.shift();
    if (!next) return;
    if ('drop' in next) throw this.error(call, { class: 'transient', message: 'connection dropped', retrySafe: false, mayHaveStarted: true });
    throw this.error(call, { retrySafe: next.info.class === 'transient' || next.info.class === 'rate_limited', message: `fake ${next.info.class}`, ...(call === 'submit' ? { mayHaveStarted } : {}), ...next.info });
  }

  private error(call: string, info: Partial<ProviderErrorInfo> & Pick<ProviderErrorInfo, 'class' | 'message' | 'retrySafe'>): ProviderError {
    return new ProviderError({ provider: this.id, call: call as ProviderErrorInfo['call'], ...info });
  }

  stateOf(job: FakeJob, at = this.clock.now()): JobState {
    if (job.cancelledAt !== undefined) return 'cancelled';
    const t = at - job.submittedAt;
    if (t < job.queueMs) return 'queued';
    if (t < job.queueMs + job.runMs) return 'running';
    return job.outcome === 'succeed' ? 'succeeded' : 'failed';
  }

  unfinished(at = this.clock.now()): number {
    return [...this.jobs.values()].filter((j) => ['queued', 'running'].includes(this.stateOf(j, at))).length;
  }

  /** Jobs whose running spans overlap (for "branches really run at the same time"). */
  overlapping(a: string, b: string): boolean {
    const ja = this.jobs.get(a)!;
    const jb = this.jobs.get(b)!;
    const endA = ja.submittedAt + ja.queueMs + ja.runMs;
    const endB = jb.submittedAt + jb.queueMs + jb.runMs;
    return ja.submittedAt < endB && jb.submittedAt < endA;
  }

  async submit(endpoint: string, input: Record<string, unknown>): Promise<SubmitAnswer> {
    this.calls.submit!++;
    const head = this.faults.submit?.[0];
    if (head && 'drop' in head) {
      this.faults.submit!.shift();
      this.create(endpoint, input); // accepted, then the answer is lost
      throw this.error('submit', { class: 'transient', message: 'connection dropped after sending', retrySafe: false, mayHaveStarted: true });
    }
    this.fault('submit');
    const job = this.create(endpoint, input);
    this.maxUnfinished = Math.max(this.maxUnfinished, this.unfinished());
    return { jobId: job.id, status: { jobId: job.id, state: 'queued', providerStatus: 'QUEUED' } };
  }

  private create(endpoint: string, input: Record<string, unknown>): FakeJob {
    const id = `${this.id}-${++this.seq}`;
    const job: FakeJob = { id, endpoint, input, submittedAt: this.clock.now(), queueMs: this.queueMs, runMs: this.runMs, outcome: 'succeed', ...this.shape(endpoint, input) };
    this.jobs.set(id, job);
    return job;
  }

  private find(call: string, jobId: string): FakeJob {
    const job = this.jobs.get(jobId);
    if (!job || (job.forget && ['succeeded', 'failed'].includes(this.stateOf(job)))) {
      throw this.error(call, { class: 'not_found', message: `job ${jobId} not found`, retrySafe: false, code: '404001' });
    }
    return job;
  }

  async status(jobId: string): Promise<JobStatus> {
    this.calls.status!++;
    this.fault('status');
    const job = this.find('status', jobId);
    const state = this.stateOf(job);
    if (job.oddStatus && (state === 'queued' || state === 'running')) return { jobId, state: 'running', providerStatus: job.oddStatus, unrecognisedStatus: true };
    return {
      jobId,
      state,
      providerStatus: state.toUpperCase(),
      ...(state === 'queued' ? { queuePosition: 0 } : {}),
      ...(state === 'failed' ? { error: { provider: this.id, call: 'status', class: job.outcome === 'moderation' ? 'moderation' : 'unknown', message: `fake ${job.outcome}`, retrySafe: false } } : {}),
    };
  }

  async result(jobId: string): Promise<JobResult> {
    this.calls.result!++;
    this.fault('result');
    const job = this.find('result', jobId);
    const state = this.stateOf(job);
    const kind = /video/.test(job.endpoint) ? 'video' : /audio/.test(job.endpoint) ? 'audio' : /text/.test(job.endpoint.split('/').pop() ?? '') && !/image|video/.test(job.endpoint) ? 'text' : 'image';
    const ext = kind === 'video' ? 'mp4' : kind === 'audio' ? 'mp3' : 'png';
    return {
      jobId,
      state,
      providerStatus: state.toUpperCase(),
      outputs: state === 'succeeded' ? [kind === 'text' ? { kind: 'text', text: `text of ${jobId}` } : { kind, url: `https://media.fake/${jobId}.${ext}`, ext }] : [],
      ...(state === 'succeeded' ? { cost: { amount: 0.5, currency: 'USD' } } : {}),
      ...(state === 'failed' ? { error: { provider: this.id, call: 'result', class: job.outcome === 'moderation' ? 'moderation' : 'unknown', message: `fake ${job.outcome}`, retrySafe: false } } : {}),
    };
  }

  async cancel(jobId: string): Promise<CancelAnswer> {
    this.calls.cancel!++;
    this.fault('cancel');
    const job = this.jobs.get(jobId);
    if (!job) return { jobId, outcome: 'not_found' };
    const state = this.stateOf(job);
    if (state === 'queued') {
      job.cancelledAt = this.clock.now();
      return { jobId, outcome: 'cancelled', state: 'cancelled' };
    }
    return { jobId, outcome: state === 'running' ? 'not_cancellable' : 'finished', state };
  }

  async mediaInput(file: MediaFile): Promise<string> {
    if (this.media.local === 'upload') {
      this.calls.upload!++;
      return `https://uploads.fake/${this.calls.upload}-${file.bytes.byteLength}`;
    }
    return `data:${file.mimeType};base64,${Buffer.from(file.bytes).toString('base64')}`;
  }

  async download(url: string): Promise<DownloadedFile> {
    this.calls.download!++;
    this.fault('download');
    const bytes = new TextEncoder().encode(`bytes of ${url}`);
    return {
      mimeType: url.endsWith('.mp4') ? 'video/mp4' : url.endsWith('.mp3') ? 'audio/mpeg' : 'image/png',
      url,
      body: (async function* () {
        yield bytes;
      })(),
      bytes: async () => bytes,
    };
  }
}
