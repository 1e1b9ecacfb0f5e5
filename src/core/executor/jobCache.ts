import { z } from 'zod';
import type { BlobStore, RecordStore } from './storage.ts';
import type { CacheEntry, JournalRecord, NodeOutputs } from './types.ts';
import { zJobCost, zNodeOutputs } from './recordSchemas.ts';
import { isMediaValue } from './values.ts';

/**
 * The job cache stage: an index from a job key to the finished journal record that serves it, so an
 * unchanged node is answered with one read (promise 8). It is only an index: the journal is the truth
 * (promise 13). A missing or unreadable entry is rebuilt from the journal's record (`remember`), and an
 * entry whose files are gone is not a hit — the caller fetches them again from the record's job.
 */

const zCacheEntry: z.ZodType<CacheEntry> = z.object({
  key: z.string(),
  record: z.string(),
  nodeType: z.string(),
  outputs: zNodeOutputs,
  jobId: z.string().optional(),
  cost: zJobCost.optional(),
  createdAt: z.number(),
});

export class JobCache {
  constructor(
    private readonly store: RecordStore,
    private readonly blobs: BlobStore,
  ) {}

  /** The entry for `jobKey`, if there is one that reads. */
  async lookup(jobKey: string): Promise<CacheEntry | undefined> {
    const parsed = zCacheEntry.safeParse(await this.store.get(jobKey).catch(() => undefined));
    return parsed.success && parsed.data.key === jobKey ? parsed.data : undefined;
  }

  /** Indexes a finished record (after a job finishes, or to rebuild a missing entry). */
  async remember(record: JournalRecord, nodeType: string): Promise<void> {
    if (record.state !== 'done' || !record.outputs) return;
    const entry: CacheEntry = { key: record.jobKey, record: record.id, nodeType, outputs: record.outputs, ...(record.jobId ? { jobId: record.jobId } : {}), ...(record.cost ? { cost: record.cost } : {}), createdAt: record.updatedAt };
    await this.store.put(record.jobKey, entry);
  }

  /** Whether every file the outputs name is still stored (a cleared store, a deleted blob: not). */
  async filesPresent(outputs: NodeOutputs): Promise<boolean> {
    for (const values of Object.values(outputs)) for (const v of values) if (isMediaValue(v) && v.blob && !(await this.blobs.has(v.blob))) return false;
    return true;
  }
}
