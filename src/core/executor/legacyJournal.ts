import { canonicalJson } from '../templates/hash.ts';
import type { RecordStore } from './storage.ts';
import { recordIdOf } from './journalRecord.ts';
import { zNodeOutputs } from './recordSchemas.ts';
import type { JournalRecord } from './types.ts';

/**
 * Journals and caches written before job keys (Weft before issue 19) keyed a job by provider +
 * endpoint + schema + inputs only, under record ids `<run>:<node>`. So that upgrading never pays
 * again, a job key with no records of its own adopts what the old layout holds for the same node and
 * inputs: an unfinished job (followed, or `unknown`) or a finished one (its outputs). The adopted
 * record is written under the new key; the old files are left as they were.
 */

interface LegacyRecord {
  id: string;
  runId: string;
  nodeId: string;
  cacheKey: string;
  state: string;
  jobId?: string;
  outputs?: unknown;
  createdAt: number;
  updatedAt: number;
}

function isLegacyRecord(v: unknown): v is LegacyRecord {
  if (typeof v !== 'object' || v === null || 'jobKey' in v) return false;
  const r = v as Partial<LegacyRecord>;
  return typeof r.id === 'string' && typeof r.cacheKey === 'string' && typeof r.nodeId === 'string' && typeof r.state === 'string' && typeof r.runId === 'string' && typeof r.createdAt === 'number' && typeof r.updatedAt === 'number';
}

export interface LegacyJob {
  /** The new record this becomes (less id, attempt, state, times and job). */
  record: Omit<JournalRecord, 'id' | 'attempt' | 'state' | 'createdAt' | 'updatedAt'>;
  schemaHash: string;
  /** The node's inputs as they identify it, random seeds included (the old key had them). */
  inputs: Record<string, unknown>;
}

export class LegacyJournal {
  private unfinished: Promise<Map<string, LegacyRecord>> | undefined;


  constructor(
    private readonly journal: RecordStore,
    private readonly cache: RecordStore,
    private readonly hash: (data: Uint8Array) => Promise<string>,
  ) {}

  /**
   * The old layout's job for this node and inputs as attempt 0 under the new key (written unless
   * `write` is false: a dry run); undefined when the old layout has none.
   */
  async adopt(job: LegacyJob, now: number, write = true): Promise<JournalRecord | undefined> {
    const { record } = job;
    const oldKey = await this.hash(new TextEncoder().encode(canonicalJson({ provider: record.provider, endpoint: record.endpoint, schema: job.schemaHash, inputs: job.inputs })));
    const base = { ...record, id: recordIdOf(record.jobKey, 0), attempt: 0, session: 'before-job-keys' };
    const old = (await this.latestByKey()).get(`${oldKey}|${record.nodeId}`);
    const oldOutputs = zNodeOutputs.safeParse(old?.outputs);
    let adopted: JournalRecord | undefined;
    if (old && ['intent', 'submitted', 'unknown', 'lost'].includes(old.state)) {
      const followable = (old.state === 'submitted' || old.state === 'lost') && old.jobId;
      adopted = { ...base, runId: old.runId, state: followable ? 'submitted' : 'unknown', ...(old.jobId ? { jobId: old.jobId } : {}), createdAt: old.createdAt, updatedAt: old.updatedAt };
    } else if (old?.state === 'done' && oldOutputs.success) {
      adopted = { ...base, runId: old.runId, state: 'done', outputs: oldOutputs.data, ...(old.jobId ? { jobId: old.jobId } : {}), createdAt: old.createdAt, updatedAt: old.updatedAt };
    } else {
      // The old cache entry of these inputs (whichever node made it).
      const entry = (await this.cache.get(oldKey).catch(() => undefined)) as { outputs?: unknown; jobId?: unknown; createdAt?: unknown } | undefined;
      const outputs = zNodeOutputs.safeParse(entry?.outputs);
      if (!entry || !outputs.success) return undefined;
      adopted = { ...base, runId: 'before-job-keys', state: 'done', outputs: outputs.data, ...(typeof entry.jobId === 'string' ? { jobId: entry.jobId } : {}), createdAt: typeof entry.createdAt === 'number' ? entry.createdAt : now, updatedAt: now };
    }
    if (write) await this.journal.put(adopted.id, adopted);
    return adopted;
  }

  /** The latest old-layout record per old key and node, read once per executor. */
  private latestByKey(): Promise<Map<string, LegacyRecord>> {
    this.unfinished ??= this.journal.list().then(
      (values) => {
        const map = new Map<string, LegacyRecord>();
        for (const v of values) {
          if (!isLegacyRecord(v)) continue;
          const key = `${v.cacheKey}|${v.nodeId}`;
          if ((map.get(key)?.updatedAt ?? -Infinity) <= v.updatedAt) map.set(key, v);
        }
        return map;
      },
      () => new Map(),
    );
    return this.unfinished;
  }
}
