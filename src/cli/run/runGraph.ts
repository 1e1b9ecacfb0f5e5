import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { createExecutor } from '../../core/executor/executor.ts';
import { newRunId } from '../../core/executor/runId.ts';
import { loadGraph } from '../../core/document/loadGraph.ts';
import { applyBypass } from '../../core/graph/applyBypass.ts';
import type { Graph } from '../../core/model/graph.ts';
import { createFolderSaver, nodeExecutorDeps } from '../../node/executorHost.ts';
import type { CliIo } from '../command.ts';
import { loadTemplates } from '../loadTemplates.ts';
import { readGraphFile, shownPath as shownPathIn } from '../readGraphFile.ts';
import { checkLocalFiles, describeProblem, localFileRefs, missingNodeTypes, templatesForGraph, userGivenFiles } from '../runnable.ts';
import { UsageError } from '../usageError.ts';
import { executeRuns, succeeded, type StopControl } from './executeRuns.ts';
import { prepareRuns, type PreparedRow } from './prepareRuns.ts';
import { setUpProviders } from './providerSetup.ts';
import { skipAlreadySaved } from './skipAlreadySaved.ts';
import { createReporter } from './progress.ts';
import { finishRecord, printOutcome, resumeHint } from './report.ts';
import type { RunArgs } from './runArgs.ts';
import { graphIdentityOf, graphIdOf, loadRunRecord, saveRunRecord, sessionOf, type RunRecord } from './runRecord.ts';

function newRunIdFactory(): (row?: number) => string {
  const base = newRunId('cli', Date.now(), Math.random);
  return (row) => (row === undefined ? base : `${base}-r${row}`);
}

/**
 * `weft run`: load → apply values → plan every run → run them (sharing cache, journal and limits) →
 * summary. Returns the exit code: 0 all done, 1 something failed or was interrupted, 2 invalid input.
 */
export async function runGraph(opts: RunArgs, io: CliIo, control: StopControl): Promise<number> {
  const env = io.env ?? process.env;
  const shownPath = (file: string) => shownPathIn(io.cwd, file);
  const graphPath = path.resolve(io.cwd, opts.graph!);
  const stateDir = path.resolve(io.cwd, opts.state);
  const text = await readGraphFile(graphPath, opts.graph!);
  const templates = await loadTemplates();
  const installed = (type: string) => templates.get(type);
  const loaded = loadGraph(text, installed);
  if (!loaded.ok) throw new UsageError(`${opts.graph} is ${loaded.unreadable ? 'unreadable' : 'invalid'}:\n${loaded.errors.map((e) => `  ${e.line !== undefined ? `${e.line}:${e.column ?? 1}: ` : ''}${e.message}`).join('\n')}`);
  const file: Graph = loaded.graph;
  // Custom nodes the file carries (`customEndpoints`) run like installed ones; loading already warned about broken ones.
  const getTemplate = templatesForGraph(file, installed);
  const missing = missingNodeTypes(file, getTemplate);
  if (missing.length) throw new UsageError(`${opts.graph} cannot run as saved:\n${missing.map((p) => `  ${describeProblem(file, p)}`).join('\n')}`);
  // Bypassed nodes are taken out before planning, their inputs passed on (as in the editor).
  const { graph, bypassed, notes: bypassNotes } = applyBypass(file, getTemplate);
  const graphId = graphIdOf(text);
  const record = await loadRunRecord(stateDir, graphId);
  // Jobs know their graph by the file's own id, else by where the file is: an edit keeps its jobs.
  const graphIdentity = graphIdentityOf(graph.id, await realpath(graphPath));
  const session = sessionOf(graphId, record);

  const mode = opts.json ? 'json' : io.terminal ? 'tty' : 'plain';
  const label = (id: string) => {
    const node = graph.nodes.find((n) => n.id === id);
    return node?.title ?? (node && getTemplate(node.type)?.title) ?? id;
  };
  const reporter = createReporter({ json: opts.json, io, label, shown: shownPath });
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
    // A shared graph's own local paths stay inside its folder (or --allow-files); paths the user gave are theirs.
    const graphDir = path.dirname(graphPath);
    const localFiles = { roots: [graphDir, ...opts.allowFiles.map((d) => path.resolve(io.cwd, d))], trusted: new Set<string>() };
    const deps = nodeExecutorDeps({ env: setup.env, cwd: graphDir, localFiles, stateDir, outDir, ...(setup.simulatorUrl ? { simulatorUrl: setup.simulatorUrl } : {}), getTemplate });
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
    const pending = (await executor.unfinished()).filter((r) => r.graphId === graphIdentity);
    let sets: readonly string[] = opts.sets;
    let setsCwd = io.cwd;
    let batch = opts.batch ? path.resolve(io.cwd, opts.batch) : undefined;
    const resuming = (opts.resume || (!own && pending.length > 0)) && record !== undefined && (!record.finished || pending.length > 0);
    // Unfinished jobs are followed whatever the values: the executor finds them by node and inputs.
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
    localFiles.trusted = userGivenFiles(graph, toRun.map((r) => r.graph), getTemplate, graphDir);
    const refused = await checkLocalFiles(toRun.flatMap((r) => localFileRefs(r.graph, getTemplate)), graphDir, localFiles);
    if (refused.length) throw new UsageError(`${opts.graph} names local files it may not read:\n${refused.map((p) => `  ${describeProblem(graph, p)}`).join('\n')}`);
    reporter.begin(toRun.length, batch !== undefined);
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
      finishedRuns: record?.finishedRuns ?? 0,
      session,
    };
    if (!opts.dryRun) await saveRunRecord(stateDir, graphId, nextRecord, setup.secrets).catch((error: unknown) => {
      throw new UsageError((error as Error).message);
    });

    const graphName = graph.name || path.basename(graphPath).replace(/(\.weft)?\.json$/i, '');
    const { outcomes, stopReason } = await executeRuns(executor, toRun, { noCache: opts.noCache, dryRun: opts.dryRun, graphName, graphId: graphIdentity, session }, reporter, control);
    reporter.stop();
    if (stopReason !== undefined) await forgetSimulatedJobs(executor, deps.storage.journal, toRun, setup.simulated);
    const finished = finishRecord(nextRecord, toRun as PreparedRow[], outcomes, stopReason);
    if (!opts.dryRun) await saveRunRecord(stateDir, graphId, { ...finished, finishedRuns: (nextRecord.finishedRuns ?? 0) + (finished.finished ? 1 : 0) }, setup.secrets);

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
