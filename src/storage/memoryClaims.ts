import type { ClaimHolder, JobClaims } from '../core/executor/storage.ts';

/**
 * Job claims in memory: for tests (several executors in one process share one instance) and for the
 * browser's in-memory fallback. A claim lives while its lease runs, by `now` (tests pass their virtual
 * clock); `alive` lets a test declare an owner dead, as a killed process would be.
 */
export interface MemoryClaimsOptions {
  now?: () => number;
  alive?: (holder: ClaimHolder) => boolean;
}

export function createMemoryClaims(options: MemoryClaimsOptions = {}): JobClaims {
  const now = options.now ?? Date.now;
  const alive = options.alive ?? (() => true);
  const claims = new Map<string, ClaimHolder>();
  const live = (key: string): ClaimHolder | undefined => {
    const c = claims.get(key);
    return c && c.expiresAt > now() && alive(c) ? c : undefined;
  };
  return {
    async claim(key, owner, leaseMs) {
      const holder = live(key);
      if (holder && holder.owner !== owner) return { ok: false, holder: { ...holder } };
      claims.set(key, { owner, expiresAt: now() + leaseMs });
      return { ok: true };
    },
    async renew(key, owner, leaseMs) {
      if (claims.get(key)?.owner !== owner) return false;
      claims.set(key, { owner, expiresAt: now() + leaseMs });
      return true;
    },
    async release(key, owner) {
      if (claims.get(key)?.owner === owner) claims.delete(key);
    },
    async holder(key) {
      const holder = live(key);
      return holder && { ...holder };
    },
  };
}
