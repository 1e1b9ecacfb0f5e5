import { describe, expect, it } from 'vitest';
import { Journal } from '../../../src/core/executor/journal.ts';
import { parseJournalRecord, parseRecordId, recordIdOf } from '../../../src/core/executor/journalRecord.ts';
import type { RecordRead, RecordStore } from '../../../src/core/executor/storage.ts';
import { createMemoryStorage } from '../../../src/storage/memory.ts';
import { KEY, rec } from './records.ts';

/** The journal stage alone: histories read per key, damaged records named, a finished record never undone. */

describe('Journal', () => {
  it('reads a key’s attempts from storage each time, up to the first missing one', async () => {
    const { journal: store } = createMemoryStorage();
    const journal = new Journal(store);
    await journal.write(rec(0, 'done'));
    await journal.write(rec(1, 'submitted'));
    await store.put(recordIdOf(KEY, 3), rec(3, 'done'));
    const h = await journal.history(KEY);
    expect(h.records.map((r) => `${r.attempt} ${r.state}`)).toEqual(['0 done', '1 submitted']);
    expect(h.next).toBe(2);
    // Another process writes: the next read sees it.
    await store.put(recordIdOf(KEY, 1), rec(1, 'done'));
    expect((await journal.history(KEY)).records[1]!.state).toBe('done');
  });

  it('a record that does not parse, or sits under another id, is damaged with where it is and why', async () => {
    const { journal: store } = createMemoryStorage();
    const journal = new Journal(store);
    await store.put(recordIdOf(KEY, 0), { half: 'written' });
    await store.put(recordIdOf(KEY, 1), rec(0, 'done'));
    await store.put(recordIdOf(KEY, 2), rec(2, 'submitted', { jobId: undefined }));
    const h = await journal.history(KEY);
    expect(h.records).toEqual([]);
    expect(h.damaged.map((d) => [d.id, d.where])).toEqual([0, 1, 2].map((a) => [recordIdOf(KEY, a), `memory: journal/${recordIdOf(KEY, a)}`]));
    expect(h.damaged.map((d) => d.reason)).toEqual([expect.stringMatching(/expected/), 'its id does not match where it is stored', 'it is "submitted" without a job id']);
    expect(h.next).toBe(3);
  });

  it('a record the store cannot read at all (a damaged file) is damaged too', async () => {
    const damagedStore: RecordStore = {
      ...createMemoryStorage().journal,
      read: async (id): Promise<RecordRead<unknown>> => (id.endsWith('-0') ? { damaged: 'not JSON' } : { missing: true }),
      whereIs: (id) => `/state/journal/${id}.json`,
    };
    const h = await new Journal(damagedStore).history(KEY);
    expect(h.damaged).toEqual([{ id: `${KEY}-0`, where: `/state/journal/${KEY}-0.json`, reason: 'not JSON' }]);
  });

  it('never turns a finished record back into something less (two followers of one job)', async () => {
    const journal = new Journal(createMemoryStorage().journal);
    await journal.write(rec(0, 'done'));
    await journal.write(rec(0, 'collecting'));
    expect((await journal.get(`${KEY}-0`))?.state).toBe('done');
  });

  it('lists the unfinished jobs of every key, skipping what does not parse', async () => {
    const { journal: store } = createMemoryStorage();
    const journal = new Journal(store);
    await journal.write(rec(0, 'done'));
    await journal.write(rec(1, 'submitted'));
    await store.put('legacy:run:n1', { state: 'submitted' });
    expect((await journal.unfinished()).map((r) => r.id)).toEqual([`${KEY}-1`]);
  });

  it('record ids carry their job key and attempt', () => {
    expect(parseRecordId(recordIdOf(KEY, 12))).toEqual({ jobKey: KEY, attempt: 12 });
    expect(parseRecordId('run-1:n1')).toBeUndefined();
    expect(parseJournalRecord(rec(0, 'done'), `${KEY}-0`).ok).toBe(true);
  });
});
