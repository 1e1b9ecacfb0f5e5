import type { JobCost } from '../../core/providers/types.ts';

/** How `weft run` writes times, money, counts and lines that must fit a terminal's width. */

export function formatSeconds(ms: number | undefined): string {
  if (ms === undefined) return '-';
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}

export function formatCost(cost: JobCost | undefined): string {
  if (!cost) return '-';
  const money = cost.currency === 'USD' ? `$${cost.amount.toFixed(2)}` : `${cost.amount}${cost.currency ? ` ${cost.currency}` : ''}`;
  return cost.coins !== undefined ? `${money} (${cost.coins} coins)` : money;
}

/** The sum of the known costs, when there are any and they share a currency. */
export function sumCosts(costs: readonly (JobCost | undefined)[]): JobCost | undefined {
  const present = costs.filter((c): c is JobCost => !!c);
  if (present.length === 0) return undefined;
  const currency = present[0]!.currency;
  if (present.some((c) => c.currency !== currency)) return undefined;
  const coins = present.some((c) => c.coins !== undefined) ? present.reduce((s, c) => s + (c.coins ?? 0), 0) : undefined;
  return { amount: Math.round(present.reduce((s, c) => s + c.amount, 0) * 1e6) / 1e6, ...(currency ? { currency } : {}), ...(coins !== undefined ? { coins } : {}) };
}

export const plural = (count: number, word: string, many = `${word}s`): string => `${count} ${count === 1 ? word : many}`;

/** Columns a code point takes in a terminal: 0 for combining marks, 2 for wide East Asian and emoji, else 1. */
function columnsOf(codePoint: number): number {
  if ((codePoint >= 0x300 && codePoint <= 0x36f) || (codePoint >= 0x200b && codePoint <= 0x200d) || (codePoint >= 0xfe00 && codePoint <= 0xfe0f)) return 0;
  if (
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x1f300 && codePoint <= 0x1faff) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd)
  ) return 2;
  return 1;
}

/** `text` cut to at most `columns` terminal columns (ending in `…` when cut), so a live line never wraps. */
export function fitColumns(text: string, columns: number): string {
  const chars = [...text];
  const widths = chars.map((c) => columnsOf(c.codePointAt(0)!));
  if (widths.reduce((a, b) => a + b, 0) <= columns) return text;
  let used = 0;
  let out = '';
  for (let i = 0; i < chars.length && used + widths[i]! <= columns - 1; i++) {
    used += widths[i]!;
    out += chars[i];
  }
  return `${out}…`;
}
