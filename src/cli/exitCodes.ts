/**
 * The exit codes of every `weft` command, in one table: the README and `weft help` print it, and the
 * commands return these names rather than bare numbers.
 */
export const EXIT = {
  /** Everything asked for was done. */
  ok: 0,
  /** The work was done and something in it failed: a node failed or was left unknown, a graph cannot run, nothing matched. */
  failed: 1,
  /** Nothing was done: the arguments, a graph, a batch file or a local path were refused before anything was spent. */
  usage: 2,
  /** `weft run --timeout` passed; running jobs stay in the journal for `--resume`. */
  timeout: 124,
  /** Ctrl-C (SIGINT); running jobs stay in the journal for `--resume`. */
  interrupted: 130,
  /** SIGTERM; as Ctrl-C. */
  terminated: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The table as people read it (`weft help`, README). */
export const EXIT_CODE_TABLE: readonly { code: ExitCode; meaning: string }[] = [
  { code: EXIT.ok, meaning: 'success: every node of every run done or cached; validate: the graph can run' },
  { code: EXIT.failed, meaning: 'something failed: a node failed or was left unknown; validate: the graph cannot run; nodes: nothing matched; catalog --check: a difference' },
  { code: EXIT.usage, meaning: "refused before anything was spent: bad arguments, an unreadable or invalid graph or batch file, a local file outside the graph's folder; also `weft` alone (help on stderr)" },
  { code: EXIT.timeout, meaning: 'run --timeout passed: queued jobs cancelled, running ones kept in the journal (resume with --resume)' },
  { code: EXIT.interrupted, meaning: 'Ctrl-C: queued jobs cancelled, running ones kept in the journal (resume with --resume)' },
  { code: EXIT.terminated, meaning: 'SIGTERM: as Ctrl-C' },
];

/** `text` broken into lines of at most `width` characters at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

/** The table as text, one code per entry, wrapped to 100 columns. */
export function exitCodeHelp(): string {
  const rows = EXIT_CODE_TABLE.flatMap((row) => wrap(row.meaning, 92).map((text, i) => `  ${i === 0 ? String(row.code).padStart(3) : '   '}  ${text}`));
  return ['Exit codes:', ...rows].join('\n');
}
