import type { DamagedRecord, JobHistory } from './journal.ts';
import type { JournalRecord } from './types.ts';

/**
 * What a job node does, decided from its job key's journal history alone (a pure function, so every
 * rule is tested on its own). Unfinished jobs come first, always — with `--no-cache`, after a resume,
 * for a random seed: nothing new is paid while an earlier job of the same key may still be running.
 *
 * - `reuse`: a finished job serves its outputs (its files are fetched again if they are gone);
 * - `follow`: a submitted job (or one the provider said it lost) is polled to its end;
 * - `collect`: a finished job whose results are not all here: fetch them;
 * - `intent`: a submit was about to be sent — by someone alive (wait for them) or not (unknown);
 * - `unknown`: it may have been paid; only the user's resubmit pays again;
 * - `submit`: nothing to follow: a new job, attempt `attempt`;
 * - `failed`: (only after waiting for another process's claim) its job failed: the same answer here.
 */
export type JobAction =
  | { kind: 'reuse'; record: JournalRecord }
  | { kind: 'follow'; record: JournalRecord }
  | { kind: 'collect'; record: JournalRecord }
  | { kind: 'intent'; record: JournalRecord }
  | { kind: 'unknown'; record?: JournalRecord; damaged?: DamagedRecord }
  | { kind: 'submit'; attempt: number; supersedes?: JournalRecord }
  | { kind: 'failed'; record: JournalRecord };

export interface DecideOptions {
  /** The node wants a new result, not a finished one (random seed, re-roll, `from` mode, no cache). */
  fresh: boolean;
  /** This run's session: what the session itself made counts as finished for a fresh node. */
  session: string;
  /** The user asked to resubmit this node's unknown (or lost) job, accepting it may charge again. */
  resubmit: boolean;
}

export function decideJob(history: JobHistory, options: DecideOptions): JobAction {
  const { records, damaged } = history;
  const latest = records[records.length - 1];
  const fresh = (): JobAction => ({ kind: 'submit', attempt: history.next, ...(latest ? { supersedes: latest } : {}) });
  if (damaged.length > 0) return options.resubmit ? fresh() : { kind: 'unknown', damaged: damaged[damaged.length - 1]! };
  if (!latest) return fresh();
  switch (latest.state) {
    case 'intent':
      return options.resubmit ? fresh() : { kind: 'intent', record: latest };
    case 'unknown':
      return options.resubmit ? fresh() : { kind: 'unknown', record: latest };
    case 'lost':
      return options.resubmit ? fresh() : { kind: 'follow', record: latest };
    case 'submitted':
      return { kind: 'follow', record: latest };
    case 'collecting':
      return { kind: 'collect', record: latest };
    case 'done':
      return options.fresh && latest.session !== options.session ? fresh() : { kind: 'reuse', record: latest };
    case 'failed':
    case 'cancelled': {
      // A node whose inputs decide its result reuses an earlier finished job of the same key.
      const done = [...records].reverse().find((r) => r.state === 'done');
      return done && (!options.fresh || done.session === options.session) ? { kind: 'reuse', record: done } : fresh();
    }
  }
}
