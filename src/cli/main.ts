import { CommanderError } from 'commander';
import type { CliIo, Terminal } from './command.ts';
import { COMMANDS } from './commands/index.ts';
import { EXIT } from './exitCodes.ts';
import { buildProgram, commanderMessage } from './program.ts';
import { jsonText, terminalText } from './terminalText.ts';
import { UsageError } from './usageError.ts';

const line = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);

/** Stderr as a terminal the progress block may redraw, unless it is not one or says it cannot (`TERM=dumb`). */
function stderrTerminal(env: NodeJS.ProcessEnv): Terminal | undefined {
  if (process.stderr.isTTY !== true || env.TERM === 'dumb') return undefined;
  return {
    get rows() {
      return process.stderr.rows || 24;
    },
    get columns() {
      return process.stderr.columns || 80;
    },
    color: !env.NO_COLOR,
    write: (raw) => void process.stderr.write(raw),
  };
}

function processIo(): CliIo {
  const terminal = stderrTerminal(process.env);
  return {
    out: (text) => void process.stdout.write(line(text)),
    err: (text) => void process.stderr.write(line(text)),
    cwd: process.cwd(),
    env: process.env,
    ...(terminal ? { terminal } : {}),
    ...(process.stdout.isTTY ? { outRows: process.stdout.rows || 24 } : {}),
  };
}

/** Whether the arguments ask for JSON output (errors then come as a JSON line on stdout too). */
function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--json');
}

interface Failure {
  exitCode: number;
  code: string;
  message: string;
  hint?: string;
}

function failureOf(error: unknown, command: string | undefined): Failure {
  if (error instanceof CommanderError) {
    const hint = command ? `Run \`weft ${command} --help\` for its options.` : 'Run `weft help` for the commands.';
    return { exitCode: EXIT.usage, code: error.code.replace(/^commander\./, '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), message: commanderMessage(error), hint };
  }
  if (error instanceof UsageError) return { exitCode: error.exitCode, code: 'usage', message: error.message };
  return { exitCode: EXIT.failed, code: 'failed', message: error instanceof Error ? error.message : String(error) };
}

/**
 * Runs the CLI with the given arguments; returns the process exit code (see exitCodes.ts). Everything
 * a command prints passes through `terminalText`; errors are one line on stderr, and under `--json` also a
 * `{"type":"error",…}` line on stdout.
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const safe: CliIo = { ...io, out: (text) => io.out(terminalText(text)), err: (text) => io.err(terminalText(text)) };
  const command = COMMANDS.find((c) => c.name === argv[0])?.name;
  let exitCode: number = EXIT.ok;
  const program = buildProgram(COMMANDS, safe, (code) => (exitCode = code));
  // `weft help <name>` for a name that is no command: the unknown-command error (with its "did you mean").
  const helpFor = argv[0] === 'help' && argv[1] !== undefined && !COMMANDS.some((c) => c.name === argv[1]) && argv[1] !== 'help';
  try {
    const args = helpFor ? argv.slice(1, 2) : argv[0] === 'help' && argv[1] === 'help' ? ['--help'] : argv;
    await program.parseAsync(args, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
      // `weft help` printed help (0); `weft` alone printed it to stderr (2).
      if (error.code === 'commander.help') return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const failure = failureOf(error, command);
    safe.err(`weft${command ? ` ${command}` : ''}: ${failure.message}${failure.hint ? `\n${failure.hint}` : ''}`);
    if (wantsJson(argv)) safe.out(jsonText({ type: 'error', exitCode: failure.exitCode, code: failure.code, message: failure.message }));
    return failure.exitCode;
  }
}
