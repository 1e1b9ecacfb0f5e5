import type { ClaimHolder, JobClaims } from './storage.ts';
import type { Clock } from './types.ts';

/**
 * Claims on behalf of one executor (promise 14): takes a job key's claim before its submit and keeps it
 * alive with a heartbeat (a renewal every third of the lease) until released, so that another process
 * finding it knows someone is at work and waits for the journal instead of paying. The store decides
 * when a claim is dead (lease run out, or its owner's process gone) and can be taken over.
 */

export interface HeldClaim {
  /** Stops the heartbeat and gives the claim up. */
  release(): Promise<void>;
}

export class ClaimKeeper {
  constructor(
    private readonly claims: JobClaims,
    readonly owner: string,
    private readonly leaseMs: number,
    private readonly clock: Clock,
  ) {}

  /** Takes `key`'s claim; or says who holds it (nobody, when the store refused without a live holder). */
  async take(key: string): Promise<{ held: HeldClaim } | { holder?: ClaimHolder }> {
    const answer = await this.claims.claim(key, this.owner, this.leaseMs);
    if (!answer.ok) return answer.holder ? { holder: answer.holder } : {};
    const stop = new AbortController();
    const heartbeat = (async () => {
      while (!stop.signal.aborted) {
        await this.clock.sleep(this.leaseMs / 3, stop.signal).catch(() => {});
        if (stop.signal.aborted) return;
        // A lost claim (it expired and was taken over) changes nothing here: the journal decides.
        await this.claims.renew(key, this.owner, this.leaseMs).catch(() => false);
      }
    })();
    return {
      held: {
        release: async () => {
          stop.abort();
          await heartbeat;
          await this.claims.release(key, this.owner).catch(() => {});
        },
      },
    };
  }

  /** The live holder of `key`, if any. */
  holder(key: string): Promise<ClaimHolder | undefined> {
    return this.claims.holder(key);
  }
}
