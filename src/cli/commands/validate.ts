import { readFile, stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { DEFAULT_LOAD_LIMITS } from '../../core/document/limits.ts';
import { loadGraph } from '../../core/document/loadGraph.ts';
import type { Issue } from '../../core/document/messages.ts';
import type { CliIo, Command } from '../command.ts';
import { loadTemplates } from '../loadTemplates.ts';

const USAGE = 'Usage: weft validate <graph.json> [--json]';
const HELP = `${USAGE}

Loads a graph file the way the editor does and reports every warning and error with its place in the
file (line:column and JSON path). Exit codes: 0 valid (maybe with warnings), 1 invalid, 2 unreadable
(missing file, not JSON, too large or too deep).`;

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** `file:line:column: severity: message (path) [code]`, the shape editors and terminals link. */
function formatIssue(file: string, severity: 'error' | 'warning', issue: Issue): string {
  const place = issue.line !== undefined ? `${file}:${issue.line}:${issue.column ?? 1}` : file;
  const path = issue.path ? ` (${issue.path})` : '';
  return `${place}: ${severity}: ${issue.message}${path} [${issue.code}]`;
}

async function readGraphText(path: string, shown: string, io: CliIo): Promise<string | null> {
  try {
    const info = await stat(path);
    if (!info.isFile()) {
      io.err(`weft validate: ${shown} is not a file`);
      return null;
    }
    if (info.size > DEFAULT_LOAD_LIMITS.maxChars) {
      io.err(`weft validate: ${shown} is too large (${info.size} bytes; the limit is ${DEFAULT_LOAD_LIMITS.maxChars})`);
      return null;
    }
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String((error as Error).message);
    io.err(`weft validate: cannot read ${shown}: ${reason}`);
    return null;
  }
}

/** `weft validate <graph.json>`: loads a graph against every installed template and reports what it finds. */
export const validateCommand: Command = {
  name: 'validate',
  usage: 'validate <graph.json> [--json]',
  summary: 'Check a graph file: warnings and errors with their place',
  async run(args, io) {
    if (args.includes('--help') || args.includes('-h')) {
      io.out(HELP);
      return 0;
    }
    const files = args.filter((a) => !a.startsWith('--'));
    const unknownFlag = args.find((a) => a.startsWith('--') && a !== '--json');
    if (files.length !== 1 || unknownFlag) {
      io.err(unknownFlag ? `weft validate: unknown option ${unknownFlag}\n${USAGE}` : USAGE);
      return 2;
    }
    const path = resolve(io.cwd, files[0]!);
    const inside = relative(io.cwd, path);
    const shown = inside && !inside.startsWith('..') ? inside : path;
    const text = await readGraphText(path, shown, io);
    if (text === null) return 2;

    const templates = await loadTemplates();
    const result = loadGraph(text, (type) => templates.get(type));
    const exitCode = result.ok ? 0 : result.unreadable ? 2 : 1;

    if (args.includes('--json')) {
      const { warnings, errors } = result;
      io.out(JSON.stringify({ file: shown, ok: result.ok, exitCode, errors, warnings }, null, 2));
      return exitCode;
    }
    for (const issue of result.errors) io.out(formatIssue(shown, 'error', issue));
    for (const issue of result.warnings) io.out(formatIssue(shown, 'warning', issue));
    if (result.ok) {
      const counts = `${plural(result.graph.nodes.length, 'node')}, ${plural(result.graph.edges.length, 'wire')}`;
      const warned = result.warnings.length > 0 ? ` with ${plural(result.warnings.length, 'warning')}` : '';
      io.out(`${shown}: valid${warned} (${counts})`);
    } else {
      io.out(`${shown}: ${result.unreadable ? 'unreadable' : 'invalid'}: ${plural(result.errors.length, 'error')}`);
    }
    return exitCode;
  },
};
