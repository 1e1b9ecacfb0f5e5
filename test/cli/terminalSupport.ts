import { spawn } from 'node:child_process';
import xterm from '@xterm/headless';
import path from 'node:path';
import { ROOT } from './runSupport.ts';

/**
 * `weft` in a real pseudo-terminal (util-linux `script`), its output played into a headless xterm of
 * the same size with a deep scrollback: what a person's terminal would show and keep.
 */

const BIN = path.join(ROOT, 'bin/weft.js');
const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

export interface PtyResult {
  code: number | null;
  /** Everything written to the terminal (stdout and stderr, as the terminal got them). */
  raw: string;
  /** The lines the terminal keeps (scrollback and screen), up to the last non-blank one. */
  lines: string[];
}

/** Plays terminal output into a headless xterm and reads back every line it keeps. */
export async function terminalLines(raw: string, rows: number, cols: number): Promise<string[]> {
  const term = new xterm.Terminal({ rows, cols, scrollback: 1_000_000, allowProposedApi: true });
  await new Promise<void>((resolve) => term.write(raw, resolve));
  const buffer = term.buffer.active;
  const lines: string[] = [];
  for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
  while (lines.length > 0 && lines.at(-1)!.trim() === '') lines.pop();
  term.dispose();
  return lines;
}

/** Runs `weft <args>` in a `rows`×`cols` pseudo-terminal (stdin, stdout and stderr all on it). */
export function weftInPty(args: readonly string[], cwd: string, env: Record<string, string>, size = { rows: 30, cols: 100 }): Promise<PtyResult> {
  const command = `stty rows ${size.rows} cols ${size.cols}; exec ${quote(process.execPath)} ${quote(BIN)} ${args.map(quote).join(' ')}`;
  const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], { cwd, env: { TERM: 'xterm-256color', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let raw = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (raw += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (raw += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      child.stdin.end();
      void terminalLines(raw, size.rows, size.cols).then((lines) => resolve({ code, raw, lines }), reject);
    });
  });
}
