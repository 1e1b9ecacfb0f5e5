import { describe, expect, it } from 'vitest';
import { MAX_PIECES, joinTexts, splitText } from '../../../src/core/media/textLists.ts';
import { unescapeSeparator } from '../../../src/core/media/mediaSettings.ts';

describe('text lists', () => {
  it('splits a prompt per line, trimming and dropping blanks, Windows line ends included', () => {
    expect(splitText(' a cat \r\n\r\nb dog\n  \nc bird ', '\n', { trim: true, skipEmpty: true })).toEqual(['a cat', 'b dog', 'c bird']);
  });

  it('keeps pieces as they are when told to', () => {
    expect(splitText('a, ,b', ',', { trim: false, skipEmpty: false })).toEqual(['a', ' ', 'b']);
  });

  it('refuses to make more than MAX_PIECES pieces (a wrong separator, not a batch)', () => {
    expect(() => splitText('x,'.repeat(MAX_PIECES + 1), ',', { trim: true, skipEmpty: true })).toThrow(/1001 pieces; the most is 1000/);
  });

  it('joins in order with the separator; \\n and \\t typed in a one-line field mean a new line and a tab', () => {
    expect(joinTexts(['a', 'b', 'c'], unescapeSeparator('\\n'))).toBe('a\nb\nc');
    expect(unescapeSeparator('\\t|\\\\n')).toBe('\t|\\n');
    expect(unescapeSeparator(', ')).toBe(', ');
  });
});
