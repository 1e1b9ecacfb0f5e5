import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { createExecutor } from '../../core/executor/executor.ts';
import { DEFAULT_LOAD_LIMITS } from '../../core/document/limits.ts';
import { withEmbeddedTemplates } from '../../core/document/customEndpoints.ts';
import { loadGraph } from '../../core/document/loadGraph.ts';
import { applyBypass } from '../../core/graph/applyBypass.ts';
import type { Graph } from '../../core/model/graph.ts';
import { createFolderSaver, nodeExecutorDeps } from '../../node/executorHost.ts';
import type { CliIo } from '../command.ts';
import { loadTemplates } from '../loadTemplates.ts';
import { executeRuns, succeeded, type StopControl } from './executeRuns.ts';
import { prepareRuns, type PreparedRow } from './prepareRuns.ts';
import { setUpProviders } from './providerSetup.ts';
import { skipAlreadySaved } from './skipAlreadySaved.ts';
import { createReporter } from './progress.ts';
import { finishRecord, printOutcome, resumeHint } from './report.ts';
import type { RunArgs } from './runArgs.ts';
import { graphIdOf, loadRunRecord, saveRunRecord, type RunRecord } from './runRecord.ts';

/** Thrown for invalid graphs and arguments: exit code 2. */
export class UsageError extends Error {}

async function readGraphText(file: string, shown: string): Promise<string> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new UsageError(`cannot read ${shown}: no such file`);
  if (info.size > DEFAULT_LOAD_LIMITS.maxChars) throw new UsageError(`${shown} is too large (${info.size} bytes)`);
  return readFile(file, 'utf8');
}

function newRunIdFactory(): (row?: number) => string {
  const base = `cli-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  return (row) => (row === undefined ? base : `${base}-r${row}`);
}

/**
 * `weft run`: load → apply values → plan every run → run them (sharing cache, journal and limits) →
 * summary. Returns the exit code: 0 all done, 1 something failed or was interrupted, 2 invalid input.
 */
export async function runGraph(opts: RunArgs, io: CliIo, control: StopControl): Promise<number> {
  const env = io.env ?? process.env;
  const shownPath = (file: string) => {
    const rel = path.relative(io.cwd, file);
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
  };
  const graphPath = path.resolve(io.cwd, opts.graph!);
  const stateDir = path.resolve(io.cwd, opts.state);
  const text = await readGraphText(graphPath, opts.graph!);
  const templates = await loadTemplates();
  const installed = (type: string) => templates.get(type);
  const loaded = loadGraph(text, installed);
  if (!loaded.ok) throw new UsageError(`${opts.graph} is ${loaded.unreadable ? 'unreadable' : 'invalid'}:\n${loaded.errors.map((e) => `  ${e.line !== undefined ? `${e.line}:${e.column ?? 1}: ` : ''}${e.message}`).join('\n')}`);
  const file: Graph = loaded.graph;
  // Custom nodes the file carries (`customEndpoints`) run like installed ones; loading already warned about broken ones.
  const getTemplate = withEmbeddedTemplates(installed, file.customEndpoints ?? [], () => {});
  // A node this Weft cannot run would silently drop out of the run: a headless run refuses the graph instead.
  const missing = file.nodes.filter((n) => !n.bypass && !getTemplate(n.type));
  if (missing.length) {
    throw new UsageError(`${opts.graph} has ${missing.length === 1 ? 'a node' : 'nodes'} of a type this Weft does not have, so it cannot run as saved:\n${missing.map((n) => `  ${n.title ?? n.id}: ${n.type}`).join('\n')}`);
  }
  // Bypassed nodes are taken out before planning, their inputs passed on (as in the editor).
  const { graph, bypassed, notes: bypassNotes } = applyBypass(file, getTemplate);
  const graphId = graphIdOf(text);
  const record = await loadRunRecord(stateDir, graphId);

  const mode = opts.json ? 'json' : io.tty ? 'tty' : 'plain';
  const label = (id: string) => {
    const node = graph.nodes.find((n) => n.id === id);
    return node?.title ?? (node && getTemplate(node.type)?.title) ?? id;
  };
  const reporter = createReporter(mode, { write: (t) => io.out(t.replace(/\n$/, '')) }, { write: (t) => io.err(t.replace(/\n$/, '')), isTTY: io.tty === true }, label, shownPath);
  for (const w of loaded.warnings) reporter.notice(`${opts.graph}: warning: ${w.message}`);
  if (bypassed.length) reporter.notice(`Bypassed, not run: ${bypassed.map((id) => { const n = file.nodes.find((x) => x.id === id); return n?.title ?? (n && getTemplate(n.type)?.title) ?? id; }).join(', ')}.`);
  for (const n of bypassNotes) reporter.notice(n.message);

  // Which values: this invocation's, or an interrupted one's (--resume, or unfinished jobs and no values given).
  const own = opts.sets.length > 0 || opts.batch !== undefined;
  if (opts.resume && own) throw new UsageError('--resume repeats the interrupted run\'s values; leave out --set and --batch');
  const used = new Set(graph.nodes.map((n) => getTemplate(n.type)?.provider).filter((p): p is string => !!p && p !== 'weft'));
  const setup = await setUpProviders(env, used, opts.simulator);
  try {
    const outDir = path.resolve(io.cwd, opts.resume && record ? record.out : opts.out);
    const deps = nodeExecutorDeps({ env: setup.env, cwd: path.dirname(graphPath), stateDir, outDir, ...(setup.simulatorUrl ? { simulatorUrl: setup.simulatorUrl } : {}), getTemplate });
    const folderOf = new Map<string, string>();
    const savers = new Map<string, ReturnType<typeof createFolderSaver>>();
    const executor = createExecutor({
      ...deps,
      concurrency: opts.concurrency,
      ...(opts.timeoutMs ? { runDeadlineMs: opts.timeoutMs, jobDeadlineMs: Math.min(30 * 60_000, opts.timeoutMs) } : {}),
      save: (request) => {
        const dir = folderOf.get(request.runId) ?? outDir;
        let saver = savers.get(dir);
        if (!saver) savers.set(dir, (saver = skipAlreadySaved(dir, createFolderSaver(dir, { knownSecrets: setup.secrets }))));
        return saver(request);
      },
    });
    const pending = record ? (await executor.unfinished()).filter((r) => record.runIds.includes(r.runId)) : [];
    let sets: readonly string[] = opts.sets;
    let setsCwd = io.cwd;
    let batch = opts.batch ? path.resolve(io.cwd, opts.batch) : undefined;
    const resuming = (opts.resume || (!own && pending.length > 0)) && record !== undefined && (!record.finished || pending.length > 0);
    if (resuming) {
      sets = record.sets;
      setsCwd = record.cwd;
      batch = record.batch;
      reporter.notice(`Resuming the interrupted run of ${opts.graph}${pending.length ? `: ${pending.length} unfinished job${pending.length === 1 ? ' is' : 's are'} followed, not submitted again` : ''}.`);
    } else if (opts.resume) {
      reporter.notice(`Nothing to resume for ${opts.graph}; running it as it is.`);
    } else if (pending.length > 0) {
      reporter.notice(`${pending.length} job${pending.length === 1 ? '' : 's'} of an interrupted run of this graph ${pending.length === 1 ? 'is' : 'are'} still unfinished; add --resume to repeat that run's values (jobs with the same inputs are followed, never submitted twice).`);
    }
    for (const notice of setup.notices) reporter.notice(notice);

    const { runs, notices } = await prepareRuns({ graph, graphId, sets, setsCwd, ...(batch ? { batchFile: batch } : {}), outDir, ...(record ? { record } : {}), noCache: opts.noCache, getTemplate, executor, newRunId: newRunIdFactory() }).catch((error: unknown) => {
      throw new UsageError((error as Error).message);
    });
    for (const notice of notices) reporter.notice(notice);
    for (const run of runs) folderOf.set(run.runId, run.outDir);
    const toRun = runs.filter((r) => !r.doneEarlier);
    for (const r of runs) if (r.doneEarlier) reporter.notice(`row ${r.row}: done in an earlier run (${shownPath(r.doneEarlier)}); not run again.`);

    const nextRecord: RunRecord = {
      graphFile: graphPath,
      cwd: setsCwd,
      sets: [...sets],
      ...(batch ? { batch } : {}),
      out: outDir,
      runIds: [...new Set([...(record?.runIds ?? []), ...toRun.map((r) => r.runId)])].slice(-500),
      finished: false,
      rows: record?.rows ?? {},
    };
    if (!opts.dryRun) await saveRunRecord(stateDir, graphId, nextRecord, setup.secrets).catch((error: unknown) => {
      throw new UsageError((error as Error).message);
    });

    const graphName = graph.name || path.basename(graphPath).replace(/(\.weft)?\.json$/i, '');
    const { outcomes, stopReason } = await executeRuns(executor, toRun, { noCache: opts.noCache, dryRun: opts.dryRun, graphName }, reporter, control);
    reporter.stop();
    if (stopReason !== undefined) await forgetSimulatedJobs(executor, deps.storage.journal, toRun, setup.simulated);
    if (!opts.dryRun) await saveRunRecord(stateDir, graphId, finishRecord(nextRecord, toRun as PreparedRow[], outcomes, stopReason), setup.secrets);

    const ok = printOutcome({ opts, io, outcomes, runs, label, shownPath, templates, mode, graph, outDir });
    if (stopReason !== undefined) {
      io.err(`${stopReason} ${resumeHint(opts, used.size > 0 && [...used].every((p) => setup.simulated.has(p)))}`);
      return 1;
    }
    if (opts.dryRun) return ok ? 0 : 1;
    return outcomes.every(succeeded) ? 0 : 1;
  } finally {
    await setup.close();
  }
}

/** Jobs of the in-process simulator end with this process: mark them cancelled so a resume does not wait on them. */
async function forgetSimulatedJobs(executor: ReturnType<typeof createExecutor>, journal: ReturnType<typeof nodeExecutorDeps>['storage']['journal'], runs: readonly PreparedRow[], simulated: ReadonlySet<string>): Promise<void> {
  if (simulated.size === 0) return;
  const ids = new Set(runs.map((r) => r.runId));
  for (const r of await executor.unfinished()) {
    if (ids.has(r.runId) && simulated.has(r.provider)) await journal.put(r.id, { ...r, state: 'cancelled', error: { class: 'cancelled', message: 'The built-in simulator that ran this job stopped with the process.' }, updatedAt: Date.now() });
  }
}
