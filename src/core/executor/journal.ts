import type { RecordStore } from './storage.ts';
import type { JournalRecord } from './types.ts';
import { parseJournalRecord, parseRecordId, recordIdOf, UNFINISHED } from './journalRecord.ts';

/**
 * The journal stage: one record per paid job, the truth about money (RELIABILITY promises 1, 3, 13).
 * A job key's records are its attempts 0, 1, 2, … (a new take, or a resubmit the user asked for), read
 * straight from storage each time a node decides — never from a copy made at the start of the run,
 * because another process may have written since. A record that is there but does not parse is
 * returned as damaged, with where it is kept, so its node can stay `unknown` until a person decides.
 */

export interface DamagedRecord {
  id: string;
  /** Where it is kept (a file path, a database store), for the message. */
  where: string;
  reason: string;
}

export interface JobHistory {
  /** Readable records, by attempt. */
  records: JournalRecord[];
  damaged: DamagedRecord[];
  /** The attempt a new job of this key gets (after every record, readable or not). */
  next: number;
}

/** More attempts than this for one key is a bug or a hostile folder: reading stops there. */
const MAX_ATTEMPTS = 10_000;

export class Journal {
  constructor(private readonly store: RecordStore) {}

  /** Every record of `jobKey`, read now: attempt 0, 1, … until one is missing. */
  async history(jobKey: string): Promise<JobHistory> {
    const records: JournalRecord[] = [];
    const damaged: DamagedRecord[] = [];
    let attempt = 0;
    for (; attempt < MAX_ATTEMPTS; attempt++) {
      const id = recordIdOf(jobKey, attempt);
      const read = await this.store.read(id);
      if ('missing' in read) break;
      const parsed = 'damaged' in read ? { ok: false as const, reason: read.damaged } : parseJournalRecord(read.record, id);
      if (parsed.ok) records.push(parsed.record);
      else damaged.push({ id, where: this.store.whereIs(id), reason: parsed.reason });
    }
    return { records, damaged, next: attempt };
  }

  /** The record as it is stored now, if it reads. */
  async get(id: string): Promise<JournalRecord | undefined> {
    const read = await this.store.read(id);
    if (!('record' in read)) return undefined;
    const parsed = parseJournalRecord(read.record, id);
    return parsed.ok ? parsed.record : undefined;
  }

  /**
   * Writes a record. A record another follower of the same job already finished (`done`) is never
   * turned back into something less: both followers fetched the same files.
   */
  async write(record: JournalRecord): Promise<void> {
    if (record.state !== 'done') {
      const stored = await this.get(record.id);
      if (stored?.state === 'done') return;
    }
    await this.store.put(record.id, record);
  }

  /** Records of jobs not finished with (a submit in flight, a job running, results to fetch), across every key. */
  async unfinished(): Promise<JournalRecord[]> {
    const out: JournalRecord[] = [];
    for (const value of await this.store.list()) {
      const id = typeof value === 'object' && value !== null && 'id' in value ? String((value as { id: unknown }).id) : '';
      if (!parseRecordId(id)) continue;
      const parsed = parseJournalRecord(value, id);
      if (parsed.ok && UNFINISHED.includes(parsed.record.state)) out.push(parsed.record);
    }
    return out;
  }
}
