import type { SimCall } from './types.ts';

/**
 * The record of calls the simulator answered, for tests and `GET /__sim/calls`: bounded (oldest
 * dropped), with per-call counts that keep counting past the bound. Records never hold a key.
 */

const MAX_CALLS = 2000;

export class CallLog {
  private list: SimCall[] = [];
  private tally = new Map<string, number>();
  private seq = 0;

  /** The next sequence number (taken when a call arrives, so records sort by arrival). */
  nextSeq(): number {
    return ++this.seq;
  }

  add(call: SimCall): void {
    this.list.push(call);
    if (this.list.length > MAX_CALLS) this.list.splice(0, this.list.length - MAX_CALLS);
    const name = `${call.provider}.${call.call}`;
    this.tally.set(name, (this.tally.get(name) ?? 0) + 1);
  }

  /** Copies, in arrival order. */
  calls(): SimCall[] {
    return [...this.list].sort((a, b) => a.seq - b.seq).map((c) => structuredClone(c));
  }

  /** `{"runcomfy.submit": 2, …}` */
  counts(): Record<string, number> {
    return Object.fromEntries([...this.tally.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  clear(): void {
    this.list = [];
    this.tally.clear();
    this.seq = 0;
  }
}
