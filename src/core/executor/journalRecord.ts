import { z } from 'zod';
import type { JournalRecord } from './types.ts';
import { firstIssue, zJobCost, zNodeError, zNodeOutputs } from './recordSchemas.ts';

/**
 * A journal record as stored, parsed before it is believed; and record ids, which carry their job key
 * (`<64 hex>-<attempt>`) so that even a record that no longer parses can be matched to its node.
 */

const zJournalRecord: z.ZodType<JournalRecord> = z.object({
  id: z.string(),
  jobKey: z.string().regex(/^[0-9a-f]{64}$/),
  attempt: z.number().int().min(0),
  runId: z.string(),
  session: z.string(),
  graphId: z.string(),
  graphName: z.string().optional(),
  nodeId: z.string(),
  take: z.string().optional(),
  provider: z.string(),
  endpoint: z.string(),
  state: z.enum(['intent', 'submitted', 'unknown', 'collecting', 'done', 'failed', 'cancelled', 'lost']),
  jobId: z.string().min(1).optional(),
  cancelRequested: z.boolean().optional(),
  outputs: zNodeOutputs.optional(),
  cost: zJobCost.optional(),
  estimate: zJobCost.optional(),
  error: zNodeError.optional(),
  createdAt: z.number(),
  updatedAt: z.number(),
});

/** A stored record as a JournalRecord, or why it is not one (also when it is stored under another id). */
export function parseJournalRecord(value: unknown, id: string): { ok: true; record: JournalRecord } | { ok: false; reason: string } {
  const parsed = zJournalRecord.safeParse(value);
  if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error) };
  const record = parsed.data;
  if (record.id !== id || recordIdOf(record.jobKey, record.attempt) !== id) return { ok: false, reason: 'its id does not match where it is stored' };
  if ((record.state === 'submitted' || record.state === 'collecting') && !record.jobId) return { ok: false, reason: `it is "${record.state}" without a job id` };
  return { ok: true, record };
}

/** The id of a job key's `attempt`-th record. */
export function recordIdOf(jobKey: string, attempt: number): string {
  return `${jobKey}-${attempt}`;
}

/** The job key and attempt an id names, when it is a record id. */
export function parseRecordId(id: string): { jobKey: string; attempt: number } | undefined {
  const m = /^([0-9a-f]{64})-(\d{1,6})$/.exec(id);
  return m ? { jobKey: m[1]!, attempt: Number(m[2]) } : undefined;
}

/** States of a job not finished with yet: a submit in flight, a job running, results still to fetch. */
export const UNFINISHED: readonly JournalRecord['state'][] = ['intent', 'submitted', 'collecting'];
