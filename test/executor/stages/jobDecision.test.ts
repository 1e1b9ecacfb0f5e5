import { describe, expect, it } from 'vitest';
import { decideJob, type DecideOptions } from '../../../src/core/executor/jobDecision.ts';
import type { JobHistory } from '../../../src/core/executor/journal.ts';
import type { JournalRecord } from '../../../src/core/executor/types.ts';
import { rec } from './records.ts';

/** The job decision alone: from a job key's history to what the node does. */

const history = (records: JournalRecord[], damaged: JobHistory['damaged'] = []): JobHistory => ({ records, damaged, next: records.length + damaged.length });
const plain: DecideOptions = { fresh: false, session: 's2', resubmit: false };
const fresh: DecideOptions = { ...plain, fresh: true };
const kindOf = (h: JobHistory, o: DecideOptions) => {
  const a = decideJob(h, o);
  return a.kind === 'submit' ? `submit ${a.attempt}` : `${a.kind}${'record' in a && a.record ? ` ${a.record.attempt}` : ''}`;
};

describe('decideJob', () => {
  it('nothing journaled: a new job, attempt 0', () => {
    expect(kindOf(history([]), plain)).toBe('submit 0');
  });

  it('follows an unfinished job first — also for a fresh node (random seed, no cache)', () => {
    for (const o of [plain, fresh]) {
      expect(kindOf(history([rec(0, 'done'), rec(1, 'submitted')]), o)).toBe('follow 1');
      expect(kindOf(history([rec(0, 'collecting')]), o)).toBe('collect 0');
      expect(kindOf(history([rec(0, 'lost')]), o)).toBe('follow 0');
      expect(kindOf(history([rec(0, 'intent')]), o)).toBe('intent 0');
      expect(kindOf(history([rec(0, 'unknown')]), o)).toBe('unknown 0');
    }
  });

  it('a finished job is reused unless the node wants a new take; its own session’s take is reused even then', () => {
    expect(kindOf(history([rec(0, 'done')]), plain)).toBe('reuse 0');
    expect(kindOf(history([rec(0, 'done')]), fresh)).toBe('submit 1');
    expect(kindOf(history([rec(0, 'done', { session: 's2' })]), fresh)).toBe('reuse 0');
  });

  it('after a failed or cancelled job, an earlier finished one is reused; otherwise a new job', () => {
    expect(kindOf(history([rec(0, 'done'), rec(1, 'failed')]), plain)).toBe('reuse 0');
    expect(kindOf(history([rec(0, 'done'), rec(1, 'cancelled')]), fresh)).toBe('submit 2');
    expect(kindOf(history([rec(0, 'failed')]), plain)).toBe('submit 1');
  });

  it('only the user’s resubmit pays again for an unknown, lost or crashed-intent job', () => {
    const resubmit = { ...plain, resubmit: true };
    expect(kindOf(history([rec(0, 'unknown')]), resubmit)).toBe('submit 1');
    expect(kindOf(history([rec(0, 'lost')]), resubmit)).toBe('submit 1');
    const a = decideJob(history([rec(0, 'intent')]), resubmit);
    expect(a).toMatchObject({ kind: 'submit', attempt: 1, supersedes: { state: 'intent' } });
  });

  it('a damaged record leaves the node unknown (a new job would be attempt after it, on resubmit)', () => {
    const damaged = [{ id: 'x-1', where: '/state/journal/x-1.json', reason: 'not JSON' }];
    expect(decideJob(history([rec(0, 'done')], damaged), plain)).toEqual({ kind: 'unknown', damaged: damaged[0] });
    expect(kindOf(history([rec(0, 'done')], damaged), { ...plain, resubmit: true })).toBe('submit 2');
  });
});
