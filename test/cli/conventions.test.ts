import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/command.ts';
import { COMMANDS } from '../../src/cli/commands/index.ts';
import { EXIT_CODE_TABLE } from '../../src/cli/exitCodes.ts';
import { main } from '../../src/cli/main.ts';
import { startSimulator, type RunningSimulator } from '../../src/server/simulator/index.ts';
import { GRAPH, ROOT, scratch, simEnv, start, waitFor, weft } from './runSupport.ts';

/** The conventions every `weft` command keeps: help, version, refusals with "did you mean", JSON errors, exit codes. */

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), cwd: ROOT, env: {} };
  const code = await main(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const names = COMMANDS.map((c) => c.name);

describe('help and version', () => {
  it('prints the version with --version and -v', async () => {
    const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await cli('--version')).toEqual({ code: 0, out: pkg.version, err: '' });
    expect((await cli('-v')).out).toBe(pkg.version);
  });

  it('`weft` alone prints the help on stderr and exits 2; `weft help` and `weft --help` print it on stdout and exit 0', async () => {
    const bare = await cli();
    expect(bare.code).toBe(2);
    expect(bare.out).toBe('');
    expect(bare.err).toContain('Usage: weft <command> [options]');
    for (const argv of [['help'], ['--help'], ['-h'], ['help', 'help']]) {
      const help = await cli(...argv);
      expect(help.code, argv.join(' ')).toBe(0);
      expect(help.out).toBe(bare.err);
    }
    for (const name of names) expect(bare.err).toContain(`weft ${name}`);
  });

  it.each(names)('`weft %s` has -h, --help and `weft help`: the same text, exit 0', async (name) => {
    const long = await cli(name, '--help');
    expect(long.code).toBe(0);
    expect(long.out).toMatch(new RegExp(`^Usage: weft ${name} `));
    expect(await cli(name, '-h')).toEqual(long);
    expect(await cli('help', name)).toEqual(long);
  });

  it('prints the exit codes in `weft help` and `weft run --help`, and the README lists the same table', async () => {
    const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
    for (const help of [(await cli('help')).out, (await cli('run', '--help')).out]) {
      for (const row of EXIT_CODE_TABLE) expect(help).toMatch(new RegExp(`^ +${row.code}  \\S`, 'm'));
    }
    for (const row of EXIT_CODE_TABLE) expect(readme).toMatch(new RegExp(`^\\| ${row.code} \\| .+ \\|$`, 'm'));
  });
});

describe('refusals', () => {
  it.each(names)('`weft %s` refuses an unknown option with exit 2 and where to look', async (name) => {
    const result = await cli(name, 'x', '--bogus-option');
    expect(result.code).toBe(2);
    expect(result.err).toContain(`weft ${name}: unknown option '--bogus-option'`);
    expect(result.err).toContain(`Run \`weft ${name} --help\` for its options.`);
  });

  it('suggests the option or command meant', async () => {
    expect((await cli('nodes', '--jsno')).err).toContain("unknown option '--jsno' (Did you mean --json?)");
    expect((await cli('run', 'g.json', '--dryrun')).err).toContain('(Did you mean --dry-run?)');
    expect(await cli('rn', 'g.json')).toMatchObject({ code: 2, err: expect.stringContaining("unknown command 'rn' (Did you mean run?)") });
    expect(await cli('help', 'valdate')).toMatchObject({ code: 2, err: expect.stringContaining("unknown command 'valdate' (Did you mean validate?)") });
  });

  it('refuses missing and extra arguments and bad option values with exit 2', async () => {
    expect((await cli('run')).err).toContain("missing required argument 'graph'");
    expect((await cli('validate', 'a.json', 'b.json')).err).toContain('too many arguments');
    expect(await cli('run', 'g.json', '--timeout', 'soon')).toMatchObject({ code: 2, err: expect.stringContaining('--timeout takes a duration like 90s') });
    expect(await cli('run', 'g.json', '--resume', '--no-cache')).toMatchObject({ code: 2, err: expect.stringContaining('cannot be combined with --no-cache') });
    expect(await cli('catalog', 'refrsh')).toMatchObject({ code: 2, err: expect.stringContaining("value 'refrsh' is invalid for argument 'action'. Allowed choices are refresh.") });
  });

  it('says argument errors as a JSON line on stdout under --json (and in words on stderr)', async () => {
    for (const argv of [['nodes', '--jsno', '--json'], ['run', '--json'], ['run', 'g.json', '--timeout', 'soon', '--json'], ['validate', 'no-such.json', '--json']]) {
      const result = await cli(...argv);
      expect(result.code, argv.join(' ')).toBe(2);
      const error = JSON.parse(result.out) as { type: string; exitCode: number; code: string; message: string };
      expect(error).toMatchObject({ type: 'error', exitCode: 2 });
      expect(result.err).toContain(error.message);
    }
    expect(JSON.parse((await cli('run', 'g.json', '--bogus', '--json')).out)).toEqual({ type: 'error', exitCode: 2, code: 'unknown-option', message: "unknown option '--bogus'" });
  });

  it('`nodes <no match>` and `nodes <no match> --json` agree: exit 1, nothing listed', async () => {
    const text = await cli('nodes', 'zzzz');
    const json = await cli('nodes', 'zzzz', '--json');
    expect(text).toEqual({ code: 1, out: '', err: 'No node matches "zzzz".' });
    expect(json).toEqual({ code: 1, out: '[]', err: 'No node matches "zzzz".' });
  });
});

describe('exit codes of a stopped run', { timeout: 60_000 }, () => {
  let sim: RunningSimulator;
  const dirs: string[] = [];
  beforeAll(async () => {
    sim = await startSimulator({ host: '127.0.0.1', port: 0, timing: { queueMs: 0, runMs: 20_000 } });
  });
  afterAll(async () => {
    await sim.close();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('--timeout exits 124 and SIGTERM 143, each with the resume hint', async () => {
    const dir = await scratch();
    dirs.push(dir);
    const timedOut = await weft(['run', GRAPH, '--timeout', '2s'], dir, simEnv(sim.url));
    expect(timedOut.code, timedOut.stderr).toBe(124);
    expect(timedOut.stderr).toContain('Stopped after the --timeout of 2s.');
    expect(timedOut.stderr).toContain(`Resume with: weft run ${GRAPH} --resume`);

    const other = await scratch();
    dirs.push(other);
    const running = start(['run', GRAPH, '--json'], other, simEnv(sim.url));
    await waitFor(running.stdout, (text) => /"type":"nodeProgress".*"jobState":"running"/.test(text));
    running.child.kill('SIGTERM');
    const terminated = await running.done;
    expect(terminated.code).toBe(143);
    expect(terminated.stderr).toContain(`Resume with: weft run ${GRAPH} --resume`);
  });
});
