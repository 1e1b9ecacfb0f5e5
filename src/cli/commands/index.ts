import type { WeftCommand } from '../command.ts';
import { catalogCommand } from './catalog.ts';
import { nodesCommand } from './nodes.ts';
import { runCommand } from './run.ts';
import { serveCommand } from './serve.ts';
import { simulateCommand } from './simulate.ts';
import { templateCommand } from './template.ts';
import { validateCommand } from './validate.ts';

/** Every `weft` command, in the order `weft help` lists them. A new command is a file and a line here. */
export const COMMANDS: readonly WeftCommand[] = [runCommand, validateCommand, nodesCommand, templateCommand, serveCommand, simulateCommand, catalogCommand];
