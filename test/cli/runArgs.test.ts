import { describe, expect, it } from 'vitest';
import { parseSet } from '../../src/cli/run/overrides.ts';
import { parseDuration, parseRunArgs } from '../../src/cli/run/runArgs.ts';

/** The pieces of `weft run` that read what people type: options, durations, --set (batch files: batchFile.test.ts). */

describe('weft run arguments', () => {
  it('reads durations like 90s, 10m, 1h30m and bare seconds, and refuses anything else', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1500ms')).toBe(1500);
    expect(parseDuration('45')).toBe(45_000);
    expect(() => parseDuration('soon')).toThrow('--timeout takes a duration like 90s, 10m or 1h30m, not "soon"');
    expect(() => parseDuration('0s')).toThrow('longer than zero');
  });

  it('collects repeated --set and --concurrency, with defaults for the folders', () => {
    const args = parseRunArgs(['g.json', '--set', 'a.b=1', '--set=c.d=x=y', '--concurrency', 'runcomfy=2', '--timeout=2m', '--json']);
    expect(args).toMatchObject({ graph: 'g.json', sets: ['a.b=1', 'c.d=x=y'], concurrency: { runcomfy: 2 }, timeoutMs: 120_000, json: true, out: 'weft-out', state: '.weft' });
    expect(() => parseRunArgs(['g.json', '--concurrency', 'runcomfy'])).toThrow('--concurrency takes <provider>=<1-100>');
    expect(() => parseRunArgs(['a.json', 'b.json'])).toThrow('too many arguments');
    expect(() => parseRunArgs(['g.json', '--resume', '--no-cache'])).toThrow('cannot be combined with --no-cache');
  });

  it('splits --set at the first "=" and the last dot before it, so titles may contain dots', () => {
    expect(parseSet('Veo 3.1.resolution=1080p')).toEqual({ node: 'Veo 3.1', field: 'resolution', raw: '1080p', origin: '--set' });
    expect(parseSet('prompt.text=a=b.c')).toMatchObject({ node: 'prompt', field: 'text', raw: 'a=b.c' });
    expect(() => parseSet('resolution=1080p')).toThrow('--set takes <node>.<field>=<value>, not "resolution=1080p"');
  });
});
