import { describe, expect, it } from 'vitest';
import { fitColumns, sumCosts } from '../../src/cli/run/format.ts';
import { formatTotals, type Totals } from '../../src/cli/run/totals.ts';

/** What the live block and the summary print: lines that fit a terminal's width, costs, totals. */

describe('fitColumns', () => {
  it('leaves a line that fits, and cuts one that does not with … so it never wraps', () => {
    expect(fitColumns('row 1 · Veo: running', 40)).toBe('row 1 · Veo: running');
    expect(fitColumns('abcdefghij', 6)).toBe('abcde…');
    expect(fitColumns('abcdef', 6)).toBe('abcdef');
  });

  it('counts wide characters as two columns and combining marks as none', () => {
    expect(fitColumns('猫猫猫猫', 6)).toBe('猫猫…');
    expect(fitColumns('🦊🦊🦊', 5)).toBe('🦊🦊…');
    expect(fitColumns('e\u0301e\u0301e\u0301', 3)).toBe('e\u0301e\u0301e\u0301');
  });
});

describe('totals', () => {
  it('adds costs of one currency (coins too), and gives none for mixed currencies', () => {
    expect(sumCosts([{ amount: 0.1, currency: 'USD' }, undefined, { amount: 0.2, currency: 'USD' }])).toEqual({ amount: 0.3, currency: 'USD' });
    expect(sumCosts([{ amount: 1, coins: 10 }, { amount: 2, coins: 20 }])).toEqual({ amount: 3, coins: 30 });
    expect(sumCosts([{ amount: 1, currency: 'USD' }, { amount: 2, currency: 'CNY' }])).toBeUndefined();
    expect(sumCosts([undefined])).toBeUndefined();
  });

  it('says what a batch and a single run did in one line', () => {
    const t: Totals = { runs: 3, done: 2, failed: 1, notStarted: 0, doneEarlier: 1, submitted: 2, followed: 1, cached: 1, elapsedMs: 12_300, cost: { amount: 1.2, currency: 'USD' } };
    expect(formatTotals(t, true)).toBe('Total: 4 rows: 2 done, 1 failed, 1 done earlier · 2 jobs submitted, 1 followed, 1 cached · 12.3s · $1.20');
    expect(formatTotals({ ...t, runs: 1, done: 1, failed: 0, doneEarlier: 0, submitted: 1, followed: 0, cost: null }, false)).toBe('Total: done · 1 job submitted, 1 cached · 12.3s');
  });
});
