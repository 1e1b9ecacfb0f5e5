import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { acceptSchemaChanges } from '../../core/document/acceptSchemaChanges.ts';
import { loadGraph, type LoadResult } from '../../core/document/loadGraph.ts';
import type { Issue } from '../../core/document/messages.ts';
import { saveGraph } from '../../core/document/saveGraph.ts';
import { locatePaths } from '../../core/document/scanJson.ts';
import { formatPath } from '../../core/document/paths.ts';
import type { GetTemplate, Graph } from '../../core/model/graph.ts';
import { repeatable } from '../args.ts';
import type { WeftCommand } from '../command.ts';
import { EXIT } from '../exitCodes.ts';
import { loadTemplates } from '../loadTemplates.ts';
import { readGraphFile, shownPath } from '../readGraphFile.ts';
import { describeProblem, nodeName, runProblems, templatesForGraph, type RunProblem } from '../runnable.ts';
import { jsonText } from '../terminalText.ts';

const MORE = `
Loads a graph file the way the editor does and checks it the way \`weft run\` does before spending
anything: node types this Weft lacks, missing inputs and values the endpoint refuses, local files
that are missing or outside the graph's folder. Every warning and error is printed with its place in
the file (line:column and JSON path). Values a run gives with --set are not known here: check those
with \`weft run --dry-run\`.

Exit codes: 0 the graph can run (maybe with warnings); 1 invalid, or it cannot run as saved;
2 unreadable (missing file, not JSON, too large or too deep).`;

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** A run problem placed in the file like a load issue: its JSON path and line:column. */
interface PlacedProblem extends Omit<Issue, 'code'> {
  code: RunProblem['code'];
  node?: string;
  field?: string;
}

function placeProblems(text: string, graph: Graph, problems: readonly RunProblem[]): PlacedProblem[] {
  const pathOf = (p: RunProblem) => {
    const index = graph.nodes.findIndex((n) => n.id === p.nodeId);
    if (index < 0) return [];
    if (p.code === 'not-installed') return ['nodes', index, 'type'];
    return p.field && p.field in graph.nodes[index]!.values ? ['nodes', index, 'values', p.field] : ['nodes', index];
  };
  const paths = problems.map(pathOf);
  const places = locatePaths(text, paths);
  return problems.map((p, i) => {
    const at = formatPath(paths[i]!);
    return { code: p.code, message: describeProblem(graph, p), path: at, ...places.get(at), ...(p.nodeId ? { node: p.nodeId } : {}), ...(p.field ? { field: p.field } : {}) };
  });
}

/** `file:line:column: severity: message (path) [code]`, the shape editors and terminals link. */
function formatIssue(file: string, severity: 'error' | 'warning', issue: Issue | PlacedProblem): string {
  const place = issue.line !== undefined ? `${file}:${issue.line}:${issue.column ?? 1}` : file;
  const at = issue.path ? ` (${issue.path})` : '';
  return `${place}: ${severity}: ${issue.message}${at} [${issue.code}]`;
}

/**
 * `--fix`: the graph with every drifted node updated to its current schema (values of removed fields
 * and enum values no longer allowed dropped, so defaults apply), as the editor would save it; with the
 * names of the nodes updated. Undefined when no node drifted (a file is never rewritten for nothing).
 */
function fixedText(text: string, result: LoadResult & { ok: true }, getTemplate: GetTemplate): { text: string; updated: string[] } | undefined {
  const accepted = acceptSchemaChanges(result.graph, getTemplate);
  const updated = accepted.nodes.filter((n, i) => n !== result.graph.nodes[i]).map((n) => nodeName(n, n.id));
  return updated.length === 0 ? undefined : { text: saveGraph(accepted), updated };
}

/** Replaces the file in one step (a temporary file beside it, then a rename), so a crash leaves the old or the new, never half. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  await writeFile(temp, text, { flag: 'wx' });
  await rename(temp, file);
}

/** `weft validate <graph.json>`: loads a graph against every installed template and reports what it finds. */
export const validateCommand: WeftCommand = {
  name: 'validate',
  summary: 'Check a graph file: what is wrong, and whether it can run',
  define: (cmd) =>
    cmd
      .argument('<graph>', 'the graph file (*.weft.json)')
      .option('--json', 'the report as JSON on stdout')
      .option('--fix', 'update nodes whose endpoint schema changed (drops values it no longer takes) and write the file back')
      .option('--allow-files <dir>', "a folder outside the graph's own that its local file paths may reach (repeatable), as for `weft run`", repeatable())
      .addHelpText('after', MORE),
  async run([graphArg], options, io) {
    const opts = options as { json?: boolean; fix?: boolean; allowFiles?: string[] };
    const file = path.resolve(io.cwd, graphArg as string);
    const shown = shownPath(io.cwd, file);
    let text = await readGraphFile(file, shown);

    const templates = await loadTemplates();
    const installed: GetTemplate = (type) => templates.get(type);
    let result = loadGraph(text, installed);
    let updated: string[] = [];
    if (opts.fix && result.ok) {
      const fixed = fixedText(text, result, templatesForGraph(result.graph, installed));
      if (fixed) {
        await writeAtomically(file, fixed.text);
        ({ text, updated } = fixed);
        result = loadGraph(text, installed);
      }
    }
    const graphDir = path.dirname(file);
    const access = { roots: [graphDir, ...(opts.allowFiles ?? []).map((d) => path.resolve(io.cwd, d))] };
    const problems = result.ok ? placeProblems(text, result.graph, await runProblems(result.graph, templatesForGraph(result.graph, installed), graphDir, access)) : [];
    // A node that cannot run because its type is missing is said once, as the error (the loader warned at the same place).
    const lacking = new Set(problems.filter((p) => p.code === 'not-installed').map((p) => p.path));
    const warnings = result.warnings.filter((w) => !(w.code === 'unknown-node-type' && lacking.has(w.path)));
    const exitCode = !result.ok ? (result.unreadable ? EXIT.usage : EXIT.failed) : problems.length > 0 ? EXIT.failed : EXIT.ok;

    if (opts.json) {
      io.out(jsonText({ file: shown, ok: exitCode === EXIT.ok, exitCode, errors: result.errors, problems, warnings, ...(opts.fix ? { updated } : {}) }, 2));
      return exitCode;
    }
    if (updated.length) io.out(`${shown}: updated to the current schema and written back: ${updated.join(', ')}`);
    else if (opts.fix && result.ok) io.out(`${shown}: nothing to update`);
    for (const issue of [...result.errors, ...problems]) io.out(formatIssue(shown, 'error', issue));
    for (const issue of warnings) io.out(formatIssue(shown, 'warning', issue));
    const warned = warnings.length > 0 ? ` with ${plural(warnings.length, 'warning')}` : '';
    if (!result.ok) io.out(`${shown}: ${result.unreadable ? 'unreadable' : 'invalid'}: ${plural(result.errors.length, 'error')}`);
    else {
      const counts = `${plural(result.graph.nodes.length, 'node')}, ${plural(result.graph.edges.length, 'wire')}`;
      io.out(problems.length ? `${shown}: cannot run: ${plural(problems.length, 'problem')}${warned} (${counts})` : `${shown}: valid${warned} (${counts})`);
    }
    return exitCode;
  },
};
