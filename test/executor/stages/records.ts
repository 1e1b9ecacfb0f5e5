import type { JournalRecord } from '../../../src/core/executor/types.ts';

/** Journal records for stage tests: a job key of 64 hex and records of its attempts. */

export const KEY = 'a'.repeat(64);

export function rec(attempt: number, state: JournalRecord['state'], extra: Partial<JournalRecord> = {}): JournalRecord {
  return {
    id: `${KEY}-${attempt}`,
    jobKey: KEY,
    attempt,
    runId: 'run-1',
    session: 's1',
    graphId: 'g',
    nodeId: 'n1',
    provider: 'fake',
    endpoint: 'text-to-image',
    state,
    ...(state === 'submitted' || state === 'collecting' || state === 'done' ? { jobId: `job-${attempt}` } : {}),
    createdAt: 1,
    updatedAt: 2,
    ...extra,
  };
}
