import type { CliIo, Command } from './command.ts';
import { nodesCommand } from './commands/nodes.ts';
import { templateCommand } from './commands/template.ts';
import { validateCommand } from './commands/validate.ts';
import { serveCommand } from './commands/serve.ts';
import { simulateCommand } from './commands/simulate.ts';
import { runCommand } from './commands/run.ts';
import { catalogCommand } from './commands/catalog.ts';

const COMMANDS: Command[] = [runCommand, nodesCommand, templateCommand, validateCommand, serveCommand, simulateCommand, catalogCommand];

function usage(): string {
  const lines = COMMANDS.map((c) => `  weft ${c.usage.padEnd(34)} ${c.summary}`);
  return ['Usage:', ...lines, '', 'Run `weft <command> --help` for details.'].join('\n');
}

const defaultIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  cwd: process.cwd(),
  env: process.env,
  tty: process.stderr.isTTY === true,
};

/** Runs the CLI with the given arguments; returns the process exit code. */
export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`weft: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    io.err(`weft ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}
