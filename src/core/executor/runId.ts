/**
 * A new run id (also an executor's owner id in claims): a prefix, the time in base 36 and 32 random
 * bits, e.g. `run-m4x1q2k9-1a2b3c4`. Unique enough per machine; never parsed for meaning.
 */
export function newRunId(prefix: string, now: number, random: () => number): string {
  return `${prefix}-${Math.floor(now).toString(36)}-${Math.floor(random() * 2 ** 32).toString(36)}`;
}
