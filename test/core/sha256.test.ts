import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex, sha256HexSync } from '../../src/core/sha256.ts';
import { patternBytes } from '../storage/contract.ts';

const reference = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('sha256', () => {
  it('the pure-JS fallback agrees with node:crypto at every padding boundary', () => {
    for (let length = 0; length <= 300; length++) {
      const bytes = patternBytes(length, length + 1);
      expect(sha256HexSync(bytes), `length ${length}`).toBe(reference(bytes));
    }
  });

  it('the fallback hashes a view’s own range, and large inputs', () => {
    const big = patternBytes(3_000_017, 9);
    expect(sha256HexSync(big)).toBe(reference(big));
    const view = big.subarray(5, 1_000_005);
    expect(sha256HexSync(view)).toBe(reference(view));
  });

  it('crypto.subtle is used when present and agrees', async () => {
    const view = patternBytes(10_000, 3).subarray(17, 9_000);
    expect(await sha256Hex(view)).toBe(reference(view));
  });
});
