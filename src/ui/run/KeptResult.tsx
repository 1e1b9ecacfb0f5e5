import { useState } from 'react';
import type { Value } from '../../core/executor/types.ts';
import { parseJournalRecord } from '../../core/executor/journalRecord.ts';
import { MediaView } from './MediaView.tsx';
import { runStorage } from './runStorage.ts';

/** The values a job's journal record kept (a result that arrived after Cancel), or none. */
async function keptValues(nodeId: string, jobId: string): Promise<Value[]> {
  const stored = await (await runStorage()).storage.journal.list();
  // Stores hold plain JSON: read each record through the journal's own parser.
  const records = stored.flatMap((raw) => {
    const parsed = parseJournalRecord(raw, typeof raw === 'object' && raw && 'id' in raw ? String((raw as { id: unknown }).id) : '');
    return parsed.ok ? [parsed.record] : [];
  });
  const record = records.find((r) => r.jobId === jobId && r.nodeId === nodeId && r.outputs);
  return record?.outputs ? Object.values(record.outputs).flat() : [];
}

/**
 * A job cancelled while running may still finish (and be billed): its result is kept in the journal
 * and the cache but not passed on. This shows it on the node, on request, and says how to use it.
 */
export function KeptResult({ nodeId, jobId }: { nodeId: string; jobId: string }) {
  const [values, setValues] = useState<Value[] | null>(null);
  const [busy, setBusy] = useState(false);
  if (values === null) {
    return (
      <button
        type="button"
        className="weft-button weft-run-error__action nodrag"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void keptValues(nodeId, jobId)
            .then(setValues, () => setValues([]))
            .finally(() => setBusy(false));
        }}
      >
        Show the kept result
      </button>
    );
  }
  if (values.length === 0) return <div className="weft-run-error__detail">No result was kept for this job (it may have ended without one).</div>;
  return (
    <div className="weft-kept nodrag">
      {values.map((v, i) => (
        <MediaView key={i} value={v} label={`Kept result ${i + 1}`} />
      ))}
      <div className="weft-run-error__detail">Kept in the cache: run again and this node uses it, with nothing submitted or paid twice.</div>
    </div>
  );
}
