import type { Graph } from '../model/graph.ts';
import type { Field, NodeTemplate } from '../model/template.ts';
import { canonicalJson } from '../templates/hash.ts';
import { isProviderError, isTerminal, type JobOutput, type JobStatus, type MediaFile, type Provider, type ProviderErrorInfo } from '../providers/types.ts';
import { planRun, type Plan, type PlannedNode } from './plan.ts';
import { DEFAULT_POLL, ProviderLimiter, pollDelay, realClock, retryDelay } from './support.ts';
import { sha256Hex } from '../sha256.ts';
import { DurationMemory, hintedWait, learnedWait } from './durations.ts';
import { Scouts } from './scouts.ts';
import { coerce, isMediaValue, mediaFromText, payloadValue, staticOutputs } from './values.ts';
import {
  FINAL_NODE_STATES,
  type CacheEntry,
  type ExecutorDeps,
  type ExecutorEvent,
  type JournalRecord,
  type MediaValue,
  type NodeError,
  type NodeOutputs,
  type NodeRunState,
  type PollPolicy,
  type RunOptions,
  type RunSummary,
  type Value,
} from './types.ts';

/**
 * The executor: plans a graph, then runs its nodes as soon as their inputs are ready — static nodes at
 * once, generation nodes through their provider (per-provider limits, longest remaining path first) —
 * keeping RELIABILITY.md's promises: intent journaled before every submit, a lost submit answer leaves
 * the node `unknown` (never resubmitted on its own), only safe calls are retried, polls are bounded,
 * results are downloaded at once, the cache never pays twice, and a journal lets a reload resume.
 */

export interface RunHandle {
  runId: string;
  /** Resolves when every planned node is final (or the plan had problems: then nothing ran). */
  done: Promise<RunSummary & { problems: import('./types.ts').PlanProblem[] }>;
  /**
   * Cancels the run (RELIABILITY promise 5). Calling it again does nothing more. With `detach` (a CLI
   * interrupted by Ctrl-C): jobs the provider cancels end `cancelled`; a job it will not cancel (already
   * running) is left `submitted` in the journal, unmarked, so the next run follows it instead of paying
   * again, and its node ends `cancelled` at once instead of waiting for the result.
   */
  cancel(options?: { detach?: boolean }): void;
}

export interface Executor {
  plan(graph: Graph, options?: RunOptions): Plan;
  run(graph: Graph, options?: RunOptions, onEvent?: (event: ExecutorEvent) => void): RunHandle;
  /** Unfinished jobs in the journal (to reconcile on start). */
  unfinished(): Promise<JournalRecord[]>;
}

interface InflightResult {
  state: NodeRunState;
  outputs?: NodeOutputs;
  error?: NodeError;
  job?: RunSummary['jobs'][string];
}

class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

const MAX_SUBMIT_ATTEMPTS = 6;
const MAX_TRANSFER_ATTEMPTS = 4;
const UPLOAD_FRESH_MS = 6 * 60 * 60 * 1000;

function errorOf(info: ProviderErrorInfo): NodeError {
  return { class: info.class, message: info.message, ...(info.code ? { code: info.code } : {}), ...(info.providerMessage ? { providerMessage: info.providerMessage } : {}) };
}

/** A node whose seed is left random must not be served from the cache. */
function hasRandomSeed(p: PlannedNode, payload: Record<string, unknown>): boolean {
  return p.inputs.some((f) => /^(seed|random_?seed)$/i.test(f.name) && (payload[f.name] === undefined || payload[f.name] === null || payload[f.name] === -1 || payload[f.name] === '-1' || payload[f.name] === ''));
}

function newRunId(now: number, random: () => number): string {
  return `run-${now.toString(36)}-${Math.floor(random() * 2 ** 32).toString(36)}`;
}

export function createExecutor(deps: ExecutorDeps): Executor {
  const clock = deps.clock ?? realClock;
  const random = deps.random ?? Math.random;
  const policy: PollPolicy = { ...DEFAULT_POLL, ...deps.poll };
  const limiter = new ProviderLimiter(deps.concurrency ?? {}, clock, deps.limitCooldownMs ?? 60_000);
  const jobDeadlineMs = deps.jobDeadlineMs ?? 30 * 60_000;
  const runDeadlineMs = deps.runDeadlineMs ?? 3 * 60 * 60_000;
  const urlFreshMs = deps.urlFreshMs ?? 30 * 60_000;
  const { storage } = deps;
  const hash = deps.hash ?? sha256Hex;
  /** Jobs being worked on, by cache key: a second node with the same inputs waits instead of paying again. */
  const inflight = new Map<string, Promise<InflightResult>>();
  /** Learned job durations per provider endpoint, so polls land when jobs end. */
  const durations = new DurationMemory(storage.cache, () => clock.now());
  /** While an endpoint's duration is unknown, one job of it (the scout) polls for all its siblings. */
  const scouts = new Scouts();

  /** Sleeps `ms`, or less if `wake` settles first or `signal` aborts (which rejects, like `clock.sleep`). */
  async function sleepUntil(ms: number, wake: Promise<void>, signal?: AbortSignal): Promise<void> {
    const own = new AbortController();
    const onAbort = () => own.abort(signal!.reason);
    if (signal?.aborted) own.abort(signal.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await Promise.race([clock.sleep(ms, own.signal), wake]);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      own.abort();
    }
  }

  function plan(graph: Graph, options: RunOptions = {}): Plan {
    return planRun(graph, deps.getTemplate, options, (id) => Boolean(deps.provider(id)));
  }

  async function unfinished(): Promise<JournalRecord[]> {
    return (await storage.journal.list()).filter((r) => r.state === 'intent' || r.state === 'submitted');
  }

  function run(graph: Graph, options: RunOptions = {}, onEvent: (event: ExecutorEvent) => void = () => {}): RunHandle {
    const runId = options.runId ?? newRunId(clock.now(), random);
    const graphName = options.graphName ?? (typeof graph.name === 'string' && graph.name ? graph.name : undefined);
    const controller = new AbortController();
    const startedAt = clock.now();
    const states: Record<string, NodeRunState> = {};
    const outputs: Record<string, NodeOutputs> = {};
    const errors: Record<string, NodeError> = {};
    const jobs: RunSummary['jobs'] = {};
    let submits = 0;
    let cancelRequested = false;
    let detach = false;
    const dryRun = options.dryRun === true;
    const uploads = new Map<string, Promise<string>>();
    // The journal is read once per run and indexed by cache key; this run's writes keep the index current
    // (a per-node list() made starting N jobs cost O(N²) record reads).
    let journalIndex: Promise<Map<string, JournalRecord[]>> | undefined;
    const journalByKey = () =>
      (journalIndex ??= storage.journal.list().then((records) => {
        const index = new Map<string, JournalRecord[]>();
        for (const r of records) (index.get(r.cacheKey) ?? index.set(r.cacheKey, []).get(r.cacheKey)!).push(r);
        return index;
      }));
    const putJournal = async (id: string, record: JournalRecord): Promise<void> => {
      const index = await journalByKey();
      const list = index.get(record.cacheKey) ?? index.set(record.cacheKey, []).get(record.cacheKey)!;
      const at = list.findIndex((r) => r.id === id);
      if (at >= 0) list[at] = record;
      else list.push(record);
      await storage.journal.put(id, record);
    };

    const emit = (event: ExecutorEvent) => {
      try {
        onEvent(event);
      } catch {
        /* a listener's bug must not break the run */
      }
    };
    let planned: string[] | undefined;
    let resolveAllFinal = () => {};
    const allFinal = new Promise<void>((resolve) => (resolveAllFinal = resolve));
    const checkAllFinal = () => {
      if (planned && planned.every((id) => FINAL_NODE_STATES.includes(states[id]!))) resolveAllFinal();
    };
    const setState = (nodeId: string, state: NodeRunState) => {
      if (states[nodeId] === state) return;
      states[nodeId] = state;
      emit({ type: 'nodeState', runId, at: clock.now(), nodeId, state });
      if (FINAL_NODE_STATES.includes(state)) checkAllFinal();
    };
    const fail = (nodeId: string, state: NodeRunState, error: NodeError, began: number, jobId?: string) => {
      errors[nodeId] = error;
      setState(nodeId, state);
      emit({ type: 'nodeFailed', runId, at: clock.now(), nodeId, state, error, elapsedMs: clock.now() - began, ...(jobId ? { jobId } : {}) });
    };

    const done = (async () => {
      const thePlan = plan(graph, options);
      if (thePlan.problems.length > 0) {
        const summary: RunSummary = { runId, states: {}, outputs: {}, errors: {}, jobs: {}, submits: 0, cancelled: false, startedAt, finishedAt: clock.now() };
        emit({ type: 'runFinished', runId, at: clock.now(), summary });
        return { ...summary, problems: thePlan.problems };
      }
      emit({ type: 'runStarted', runId, at: startedAt, nodes: thePlan.order });
      for (const id of thePlan.order) setState(id, 'waiting');

      const runTimer = clock.sleep(runDeadlineMs, controller.signal).then(
        () => {
          emit({ type: 'warning', runId, at: clock.now(), message: `The run reached its ${Math.round(runDeadlineMs / 60000)}-minute deadline and was stopped.` });
          controller.abort(new Cancelled());
        },
        () => {},
      );

      const tasks = new Map<string, Promise<void>>();
      const startReady = (): void => {
        for (const id of thePlan.order) {
          if (tasks.has(id)) continue;
          const p = thePlan.nodes.get(id)!;
          if (!p.upstream.every((u) => FINAL_NODE_STATES.includes(states[u]!))) continue;
          const failedUp = p.upstream.find((u) => states[u] !== 'done' && states[u] !== 'cached');
          let task: Promise<void>;
          if (controller.signal.aborted) {
            task = Promise.resolve(fail(id, 'cancelled', { class: 'cancelled', message: 'The run was cancelled before this node started.' }, clock.now()));
          } else if (failedUp) {
            const upLabel = thePlan.nodes.get(failedUp)?.node.title ?? thePlan.nodes.get(failedUp)?.template.title ?? failedUp;
            task = Promise.resolve(fail(id, 'skipped', { class: 'upstream', message: `Not run: its input "${upLabel}" did not finish (${states[failedUp]}).` }, clock.now()));
          } else {
            task = runNode(p, thePlan).catch((error: unknown) => {
              if (!FINAL_NODE_STATES.includes(states[id]!)) {
                if (error instanceof Cancelled || controller.signal.aborted) fail(id, 'cancelled', { class: 'cancelled', message: 'Cancelled.' }, clock.now());
                else fail(id, 'failed', { class: 'unknown', message: error instanceof Error ? error.message : String(error) }, clock.now());
              }
            });
          }
          tasks.set(
            id,
            task.then(() => startReady()),
          );
        }
      };
      startReady();
      // Wait until every planned node has a final state, then for the tasks to settle.
      planned = thePlan.order;
      checkAllFinal();
      await allFinal;
      await Promise.allSettled([...tasks.values()]);
      controller.abort(new Cancelled());
      await runTimer;
      const summary: RunSummary = { runId, states, outputs, errors, jobs, submits, cancelled: cancelRequested, startedAt, finishedAt: clock.now() };
      emit({ type: 'runFinished', runId, at: clock.now(), summary });
      return { ...summary, problems: [] };
    })();

    // ---- one node ------------------------------------------------------------------------------

    function inputValues(p: PlannedNode): Record<string, Value[]> {
      const values: Record<string, Value[]> = {};
      for (const edge of p.edgesIn) (values[edge.to.port] ??= []).push(...(outputs[edge.from.node]?.[edge.from.port] ?? []));
      return values;
    }

    async function runNode(p: PlannedNode, thePlan: Plan): Promise<void> {
      const began = clock.now();
      const wired = inputValues(p);
      if (p.role === 'static') {
        outputs[p.node.id] = staticOutputs(p.template, p.node, wired) ?? {};
        setState(p.node.id, 'done');
        emit({ type: 'nodeDone', runId, at: clock.now(), nodeId: p.node.id, outputs: outputs[p.node.id]!, elapsedMs: 0 });
        return;
      }
      if (p.role === 'preview') {
        outputs[p.node.id] = { media: wired.media ?? [] };
        setState(p.node.id, 'done');
        emit({ type: 'nodeDone', runId, at: clock.now(), nodeId: p.node.id, outputs: outputs[p.node.id]!, elapsedMs: 0 });
        return;
      }
      if (p.role === 'save') return runSave(p, wired, began);
      return runJob(p, thePlan, wired, began);
    }

    async function runSave(p: PlannedNode, wired: Record<string, Value[]>, began: number): Promise<void> {
      if (dryRun) {
        const count = wired.media?.length ?? 0;
        return fail(p.node.id, 'skipped', { class: 'plan', code: 'dry-run:save', message: `Dry run: would save ${count} file${count === 1 ? '' : 's'}.` }, began);
      }
      const items = [];
      let index = 0;
      for (const value of wired.media ?? []) {
        const v = isMediaValue(value) ? await materialise(value) : value;
        const blob = isMediaValue(v) && v.blob ? await storage.blobs.get(v.blob) : undefined;
        items.push({ index: index++, value: v, ...(blob ? { bytes: blob.bytes, mimeType: blob.mimeType } : {}), ...('from' in v && v.from ? { provenance: v.from } : {}) });
      }
      const pattern = String(p.node.values.filename ?? p.inputs.find((f) => f.name === 'filename')?.default ?? '{graph}-{node}-{index}');
      const files = deps.save ? await deps.save({ runId, nodeId: p.node.id, ...(graphName ? { graphName } : {}), pattern, items }) : [];
      outputs[p.node.id] = { media: items.map((i) => i.value) };
      emit({ type: 'nodeSaved', runId, at: clock.now(), nodeId: p.node.id, files });
      setState(p.node.id, 'done');
      emit({ type: 'nodeDone', runId, at: clock.now(), nodeId: p.node.id, outputs: outputs[p.node.id]!, elapsedMs: clock.now() - began });
    }

    /** Reads a local file into the blob store (once per content), so it has a content hash. */
    async function materialise(value: MediaValue): Promise<MediaValue> {
      if (value.blob || !value.local) {
        if (!value.blob && value.url?.startsWith('data:')) {
          const m = /^data:([^;,]+)(;base64)?,(.*)$/s.exec(value.url);
          if (m && m[2]) {
            const bytes = Uint8Array.from(atob(m[3]!), (c) => c.charCodeAt(0));
            return { ...value, blob: dryRun ? await hash(bytes) : await storage.blobs.put(bytes, m[1]!), mimeType: m[1]! };
          }
        }
        return value;
      }
      if (!deps.readLocal) throw new Error(`"${value.local}" is a local file, and this host cannot read local files.`);
      const file = await deps.readLocal(value.local);
      // A dry run only needs the content hash (the blob's id); it writes nothing.
      const blob = dryRun ? await hash(file.bytes) : await storage.blobs.put(file.bytes, file.mimeType);
      return { kind: value.kind, blob, mimeType: file.mimeType };
    }

    /** The logical value of a field for the cache key: media by content hash (or URL), others as sent. */
    function keyValue(v: Value): unknown {
      if (isMediaValue(v)) return v.blob ? { media: v.blob } : { url: v.url ?? v.local };
      return v.kind === 'text' ? v.text : v.value;
    }

    /** A media value as the provider takes it: a fresh URL as is, else the file inlined or uploaded once. */
    async function mediaForProvider(provider: Provider, v: MediaValue, signal: AbortSignal): Promise<string> {
      const now = clock.now();
      const userUrl = v.url && !v.from && !v.url.startsWith('data:');
      const freshResult = v.url && v.from && v.urlAt !== undefined && now - v.urlAt < urlFreshMs;
      if (v.url && (userUrl || freshResult)) return v.url;
      if (v.url?.startsWith('data:') && provider.media.local === 'inline') return v.url;
      if (!v.blob) throw new Error('A media input has neither a usable URL nor a stored file.');
      const memoKey = `${provider.id}:${v.blob}`;
      let pending = uploads.get(memoKey);
      if (!pending) {
        pending = (async () => {
          const persisted = provider.media.local === 'upload' ? await storage.cache.get(`upload:${memoKey}`) : undefined;
          const reusable = persisted?.outputs.url?.[0];
          if (persisted && now - persisted.createdAt < UPLOAD_FRESH_MS && reusable && isMediaValue(reusable) && reusable.url) return reusable.url;
          const blob = await storage.blobs.get(v.blob!);
          if (!blob) throw new Error('A stored input file is gone; run its node again.');
          const file: MediaFile = { bytes: blob.bytes, mimeType: blob.mimeType };
          const value = await withRetries(() => provider.mediaInput(file, { signal }), signal);
          if (provider.media.local === 'upload') {
            await storage.cache.put(`upload:${memoKey}`, { key: `upload:${memoKey}`, nodeType: 'upload', outputs: { url: [{ kind: v.kind, url: value }] }, createdAt: clock.now() });
          }
          return value;
        })();
        uploads.set(memoKey, pending);
        pending.catch(() => uploads.delete(memoKey));
      }
      return pending;
    }

    /** Repeats a call that is safe to repeat (status, result, download, upload) on transient trouble. */
    async function withRetries<T>(call: () => Promise<T>, signal: AbortSignal, attempts = MAX_TRANSFER_ATTEMPTS): Promise<T> {
      for (let attempt = 0; ; attempt++) {
        try {
          return await call();
        } catch (error) {
          if (!isProviderError(error) || !error.info.retrySafe || attempt + 1 >= attempts || signal.aborted) throw error;
          await clock.sleep(retryDelay(attempt, policy, random, error.info.retryAfterMs), signal);
        }
      }
    }

    async function runJob(p: PlannedNode, thePlan: Plan, wired: Record<string, Value[]>, began: number): Promise<void> {
      const nodeId = p.node.id;
      const providerId = p.template.provider;
      const provider = deps.provider(providerId)!;

      // Inputs with local files read (content-hashed), then the cache key.
      const resolved: Record<string, Value[]> = {};
      for (const field of p.inputs) {
        const values = wired[field.name];
        if (values?.length) resolved[field.name] = await Promise.all(values.map((v) => (isMediaValue(v) ? materialise(v) : v)));
        else if (isMediaField(field)) {
          const widget = p.node.values[field.name] ?? field.default;
          const texts = Array.isArray(widget) ? widget : typeof widget === 'string' && widget.trim() ? [widget] : [];
          if (texts.length) resolved[field.name] = await Promise.all(texts.filter((t): t is string => typeof t === 'string').map((t) => materialise(mediaFromText(field.kind as MediaValue['kind'], t))));
        }
      }
      const logical: Record<string, unknown> = {};
      for (const field of p.inputs) {
        if (field.secret) continue;
        const value = payloadValue(field, resolved[field.name], isMediaField(field) ? undefined : p.node.values[field.name], keyValue);
        if (value !== undefined) logical[field.name] = value;
      }
      const cacheKey = await hash(new TextEncoder().encode(canonicalJson({ provider: providerId, endpoint: endpointOf(p.template), schema: p.template.schemaHash, inputs: logical })));
      const fresh = options.noCache || thePlan.fresh.has(nodeId) || hasRandomSeed(p, logical);

      // The same inputs already being worked on (another run, or an identical node): wait for that job.
      if (!fresh && !dryRun) {
        const joined = inflight.get(cacheKey);
        if (joined) {
          setState(nodeId, 'queued');
          const other = await joined;
          if (other.outputs && (other.state === 'done' || other.state === 'cached')) {
            outputs[nodeId] = other.outputs;
            if (other.job) jobs[nodeId] = other.job;
            setState(nodeId, 'cached');
            emit({ type: 'nodeCached', runId, at: clock.now(), nodeId, outputs: other.outputs });
            return;
          }
          return fail(nodeId, other.state === 'cancelled' ? 'cancelled' : 'skipped', { class: 'upstream', message: `An identical job in this session ended ${other.state}${other.error ? `: ${other.error.message}` : ''}.` }, began);
        }
      }
      let settle: (result: InflightResult) => void = () => {};
      const mine = new Promise<InflightResult>((resolve) => (settle = resolve));
      const owner = !inflight.has(cacheKey);
      if (owner) inflight.set(cacheKey, mine);
      try {
        await runJobOnce(p, provider, began, cacheKey, fresh, resolved);
      } finally {
        settle({ state: states[nodeId] ?? 'failed', ...(outputs[nodeId] ? { outputs: outputs[nodeId] } : {}), ...(errors[nodeId] ? { error: errors[nodeId] } : {}), ...(jobs[nodeId] ? { job: jobs[nodeId] } : {}) });
        if (owner) inflight.delete(cacheKey);
      }
    }

    async function runJobOnce(p: PlannedNode, provider: Provider, began: number, cacheKey: string, fresh: boolean, resolved: Record<string, Value[]>): Promise<void> {
      const nodeId = p.node.id;
      const providerId = p.template.provider;
      const signal = controller.signal;

      if (!fresh) {
        const hit = await storage.cache.get(cacheKey);
        if (hit && (await blobsPresent(hit.outputs))) {
          outputs[nodeId] = hit.outputs;
          if (hit.jobId) jobs[nodeId] = { provider: providerId, jobId: hit.jobId, ...(hit.cost ? { cost: hit.cost } : {}) };
          setState(nodeId, 'cached');
          emit({ type: 'nodeCached', runId, at: clock.now(), nodeId, outputs: hit.outputs });
          return;
        }
      }

      // A job for these exact inputs may already be in the journal (a reload, a crash, a lost answer).
      const previous = [...((await journalByKey()).get(cacheKey) ?? [])].filter((r) => r.provider === providerId).sort((a, b) => b.updatedAt - a.updatedAt)[0];
      if (previous && (previous.state === 'intent' || previous.state === 'unknown') && !options.resubmit?.includes(nodeId)) {
        if (dryRun) return fail(nodeId, 'skipped', { class: 'plan', code: 'dry-run:unknown', message: 'Dry run: an earlier submit of this job lost its answer; a run leaves it unknown (resubmit only if you accept it may charge again).' }, began, previous.jobId);
        if (previous.state === 'intent') await putJournal(previous.id, { ...previous, state: 'unknown', updatedAt: clock.now() });
        return fail(nodeId, 'unknown', { class: 'unknown', message: 'A submit of this job may have reached the provider but its answer was lost. Resubmit only if you accept it may charge again.' }, began, previous.jobId);
      }
      // Resuming the same run (same runId, after a reload): its submitted jobs are followed and its
      // finished ones reused even when the node is fresh (`from` mode, random seed) — never paid twice.
      const sameRun = previous?.runId === runId;
      if (previous && previous.state === 'submitted' && previous.jobId && (!fresh || sameRun)) {
        if (dryRun) return fail(nodeId, 'skipped', { class: 'plan', code: 'dry-run:resume', message: `Dry run: would follow job ${previous.jobId} at ${providerId} (no new submit).` }, began, previous.jobId);
        return followJob(p, provider, previous, began, true);
      }
      if (previous && sameRun && previous.state === 'done' && previous.outputs && (await blobsPresent(previous.outputs))) {
        outputs[nodeId] = previous.outputs;
        if (previous.jobId) jobs[nodeId] = { provider: providerId, jobId: previous.jobId, ...(previous.cost ? { cost: previous.cost } : {}) };
        setState(nodeId, 'done');
        emit({ type: 'nodeDone', runId, at: clock.now(), nodeId, outputs: previous.outputs, ...(previous.cost ? { cost: previous.cost } : {}), elapsedMs: previous.updatedAt - previous.createdAt, ...(previous.jobId ? { jobId: previous.jobId } : {}) });
        return;
      }
      if (dryRun) return fail(nodeId, 'skipped', { class: 'plan', code: 'dry-run:submit', message: `Dry run: would submit to ${providerId} (${endpointOf(p.template)}).` }, began);

      setState(nodeId, 'queued');
      emit({ type: 'nodeQueued', runId, at: clock.now(), nodeId });
      const acquire = () =>
        limiter.acquire(providerId, p.remaining, signal).catch((reason: unknown) => {
          throw reason instanceof Cancelled ? reason : new Cancelled();
        });
      let release = await acquire();
      const submitDeadline = clock.now() + jobDeadlineMs;
      try {
        // The payload, with media as the provider takes them.
        setState(nodeId, 'uploading');
        const payload: Record<string, unknown> = {};
        for (const field of p.inputs) {
          if (field.secret) continue;
          const values = resolved[field.name];
          if (isMediaField(field) && values?.length) {
            const urls = await Promise.all(values.map((v) => (isMediaValue(v) ? mediaForProvider(provider, v, signal) : Promise.resolve(String(keyValue(v))))));
            payload[field.name] = field.list ? urls : urls[0];
          } else {
            const value = payloadValue(field, values, p.node.values[field.name], (v) => (isMediaValue(v) ? v.url : keyValue(v)));
            if (value !== undefined) payload[field.name] = coerce(field, value);
          }
        }
        const problems = p.template.validate(payload);
        if (problems.length > 0) {
          return fail(nodeId, 'failed', { class: 'plan', message: problems.map((x) => (x.field ? `${x.field}: ${x.message}` : x.message)).join('; ') }, began);
        }
        if (signal.aborted) throw new Cancelled();

        // Intent first, durably; then exactly one submit (repeated only when it surely did not start).
        const record: JournalRecord = {
          id: `${runId}:${nodeId}`,
          runId,
          ...(graphName ? { graphName } : {}),
          nodeId,
          provider: providerId,
          endpoint: endpointOf(p.template),
          cacheKey,
          state: 'intent',
          createdAt: clock.now(),
          updatedAt: clock.now(),
        };
        if (previous && options.resubmit?.includes(nodeId) && (previous.state === 'unknown' || previous.state === 'intent')) {
          await putJournal(previous.id, { ...previous, state: 'failed', error: { class: 'unknown', message: 'Superseded by a resubmit the user asked for.' }, updatedAt: clock.now() });
        }
        await putJournal(record.id, record);
        setState(nodeId, 'submitting');
        let answer;
        for (let attempt = 0; ; attempt++) {
          try {
            submits++;
            answer = await provider.submit(endpointOf(p.template), payload, { signal });
            break;
          } catch (error) {
            if (!isProviderError(error)) throw error;
            const info = error.info;
            // A rate limit (429, RunningHub 421/415/1003) means "not started, come back later": give the
            // slot back, wait under the lowered limit, and try again until the job's deadline.
            const limited = info.class === 'rate_limited' && info.retrySafe;
            if (limited) limiter.lower(providerId);
            if ((limited || (info.retrySafe && attempt + 1 < MAX_SUBMIT_ATTEMPTS)) && !signal.aborted && clock.now() < submitDeadline) {
              setState(nodeId, 'queued');
              emit({ type: 'warning', runId, at: clock.now(), nodeId, message: `${info.message} Trying again.` });
              if (limited) release();
              await clock.sleep(Math.min(retryDelay(Math.min(attempt, 5), policy, random, info.retryAfterMs), Math.max(0, submitDeadline - clock.now())), signal).catch(() => {});
              if (limited && !signal.aborted) release = await acquire().catch(() => () => {});
              if (signal.aborted) {
                await putJournal(record.id, { ...record, state: 'cancelled', updatedAt: clock.now() });
                throw new Cancelled();
              }
              setState(nodeId, 'submitting');
              continue;
            }
            if (limited) {
              await putJournal(record.id, { ...record, state: 'failed', error: errorOf(info), updatedAt: clock.now() });
              return fail(nodeId, 'timeout', { ...errorOf(info), message: `${info.message} It was still refused after ${Math.round(jobDeadlineMs / 60000)} minutes; nothing was started.` }, began);
            }
            if (info.mayHaveStarted) {
              await putJournal(record.id, { ...record, state: 'unknown', error: errorOf(info), updatedAt: clock.now() });
              return fail(nodeId, 'unknown', { ...errorOf(info), message: `${info.message} The job may have started; it is not resubmitted automatically (resubmitting may charge again).` }, began);
            }
            await putJournal(record.id, { ...record, state: 'failed', error: errorOf(info), updatedAt: clock.now() });
            return fail(nodeId, 'failed', errorOf(info), began);
          }
        }
        const submitted: JournalRecord = { ...record, state: 'submitted', jobId: answer.jobId, updatedAt: clock.now() };
        await putJournal(record.id, submitted);
        jobs[nodeId] = { provider: providerId, jobId: answer.jobId };
        emit({ type: 'nodeSubmitted', runId, at: clock.now(), nodeId, provider: providerId, endpoint: endpointOf(p.template), jobId: answer.jobId, resumed: false });
        await followJob(p, provider, submitted, began, false, answer.status);
      } finally {
        release();
      }
    }

    async function blobsPresent(out: NodeOutputs): Promise<boolean> {
      for (const values of Object.values(out)) for (const v of values) if (isMediaValue(v) && v.blob && !(await storage.blobs.has(v.blob))) return false;
      return true;
    }

    /** Polls a submitted job to its end, then downloads its results. Never submits. */
    async function followJob(p: PlannedNode, provider: Provider, record: JournalRecord, began: number, resumed: boolean, first?: JobStatus): Promise<void> {
      const token = `${runId}:${p.node.id}`;
      const learnKey = `${provider.id}:${endpointOf(p.template)}`;
      try {
        await followJobPolls(p, provider, record, began, resumed, token, learnKey, first);
      } finally {
        scouts.release(learnKey, token);
      }
    }

    async function followJobPolls(p: PlannedNode, provider: Provider, record: JournalRecord, began: number, resumed: boolean, token: string, learnKey: string, first?: JobStatus): Promise<void> {
      const nodeId = p.node.id;
      const jobId = record.jobId!;
      const signal = controller.signal;
      jobs[nodeId] = { provider: provider.id, jobId };
      if (resumed) emit({ type: 'nodeSubmitted', runId, at: clock.now(), nodeId, provider: provider.id, endpoint: endpointOf(p.template), jobId, resumed: true });
      const submittedAt = record.updatedAt;
      const deadline = (resumed ? clock.now() : submittedAt) + jobDeadlineMs;
      let status: JobStatus | undefined = first;
      let step = 0;
      let errorsInRow = 0;
      let cancelState: 'none' | 'asked' | 'cancelling' = record.cancelRequested ? 'cancelling' : 'none';
      let last = '';
      const learn = policy.learnDurations && !resumed;
      let polls = 0;
      let lastRunning = 0;
      // A job that other jobs wait for delays them all by its detection delay: look twice as closely.
      const pace: PollPolicy = p.remaining > 1 ? { ...policy, elapsedFraction: policy.elapsedFraction / 2 } : policy;

      const report = (s: JobStatus) => {
        const mark = `${s.state}|${s.providerStatus}|${s.queuePosition ?? ''}|${s.progress ?? ''}`;
        if (mark === last) return false;
        const progressed = last !== '';
        last = mark;
        if (cancelState !== 'cancelling') setState(nodeId, s.state === 'queued' ? 'submitted' : 'running');
        emit({
          type: 'nodeProgress', runId, at: clock.now(), nodeId, jobState: s.state, providerStatus: s.providerStatus,
          ...(s.queuePosition !== undefined ? { queuePosition: s.queuePosition } : {}),
          ...(s.progress !== undefined ? { progress: s.progress } : {}),
          ...(s.unrecognisedStatus ? { unrecognisedStatus: true } : {}),
        });
        if (s.unrecognisedStatus) emit({ type: 'warning', runId, at: clock.now(), nodeId, message: `${provider.id} reported an unknown status "${s.providerStatus}"; treating the job as still running.` });
        return progressed;
      };

      while (!status || !isTerminal(status.state)) {
        if (signal.aborted && cancelState === 'none') {
          cancelState = 'asked';
          // Kept on the record itself: every later write (done, failed, lost) must still say the user cancelled.
          // A detached run leaves the record as it is until the provider confirms the cancel.
          if (!detach) {
            record = { ...record, cancelRequested: true, updatedAt: clock.now() };
            await putJournal(record.id, record);
          }
          try {
            const answer = await withRetries(() => provider.cancel(jobId), new AbortController().signal, 3);
            if (answer.outcome === 'cancelled' || answer.outcome === 'not_found') {
              await putJournal(record.id, { ...record, state: 'cancelled', cancelRequested: true, updatedAt: clock.now() });
              return fail(nodeId, 'cancelled', { class: 'cancelled', message: 'Cancelled at the provider.' }, began, jobId);
            }
          } catch {
            /* the cancel call failed: the job may still run; keep watching it */
          }
          if (detach) {
            return fail(nodeId, 'cancelled', { class: 'cancelled', code: 'detached', message: `Interrupted while job ${jobId} was running at ${provider.id}; it may still be billed. It stays in the journal: the next run picks up its result without submitting again.` }, began, jobId);
          }
          cancelState = 'cancelling';
          setState(nodeId, 'cancelling');
          emit({ type: 'warning', runId, at: clock.now(), nodeId, message: 'The job was already running and could not be stopped; it may still be billed. Its result will be kept but not passed on.' });
        }
        if (clock.now() >= deadline) {
          return fail(nodeId, 'timeout', { class: 'timeout', message: `No result after ${Math.round(jobDeadlineMs / 60000)} minutes; stopped waiting (the job may still finish at the provider).` }, began, jobId);
        }
        const elapsed = clock.now() - submittedAt;
        const window = learn ? await durations.get(learnKey) : undefined;
        const learned = learnedWait(window, elapsed, polls, policy);
        // A follower of an unknown endpoint waits for its scout (then looks at once), looking on its own
        // only every `capMs`; the scout backs off as usual.
        const follower = Boolean(status) && learn && !window && cancelState === 'none' && !scouts.claim(learnKey, token);
        const blind = () => {
          const wait = pollDelay(step++, elapsed, pace, random);
          return learn ? Math.ceil(hintedWait(wait, elapsed, durations.hints(provider.id))) : wait;
        };
        const wait = !status ? 0 : follower ? policy.capMs : (learned ?? blind());
        const capped = Math.min(wait, Math.max(0, deadline - clock.now()));
        if (follower) await sleepUntil(capped, scouts.ended(learnKey), signal).catch(() => {});
        else if (wait > 0) await clock.sleep(capped, cancelState === 'none' ? signal : undefined).catch(() => {});
        if (signal.aborted && cancelState === 'none') continue;
        try {
          status = await provider.status(jobId);
          polls++;
          if (!isTerminal(status.state)) lastRunning = clock.now() - submittedAt;
          else if (learn && status.state === 'succeeded') await durations.observe(learnKey, lastRunning, clock.now() - submittedAt);
          errorsInRow = 0;
          if (report(status)) step = Math.max(0, step - 2); // progress: look again soon
        } catch (error) {
          if (!isProviderError(error)) throw error;
          const info = error.info;
          if (info.class === 'not_found') {
            await putJournal(record.id, { ...record, state: 'lost', error: errorOf(info), updatedAt: clock.now() });
            return fail(nodeId, 'lost', { ...errorOf(info), message: `${provider.id} no longer knows job ${jobId}; it is lost, not done.` }, began, jobId);
          }
          errorsInRow++;
          if (!info.retrySafe || errorsInRow >= policy.maxConsecutiveErrors) {
            return fail(nodeId, 'unreachable', { ...errorOf(info), message: `Could not get the job's status (${info.message}). It stays in the journal and resumes on the next run.` }, began, jobId);
          }
          await clock.sleep(retryDelay(errorsInRow, policy, random, info.retryAfterMs), cancelState === 'none' ? signal : undefined).catch(() => {});
        }
      }
      // The job ended (the duration, if any, is learned): its siblings are polled at once.
      scouts.release(learnKey, token);
      report(status);

      if (status.state === 'cancelled') {
        await putJournal(record.id, { ...record, state: 'cancelled', updatedAt: clock.now() });
        return fail(nodeId, 'cancelled', { class: 'cancelled', message: 'The job was cancelled.' }, began, jobId);
      }
      const noSignal = new AbortController().signal;
      let jobOutputs: JobOutput[] | undefined = status.state === 'succeeded' ? status.outputs : undefined;
      let cost = status.cost;
      let failure = status.error;
      if (status.state === 'failed' || !jobOutputs?.length) {
        try {
          const result = await withRetries(() => provider.result(jobId), noSignal);
          jobOutputs = result.outputs;
          cost = result.cost ?? cost;
          failure = result.error ?? failure;
        } catch (error) {
          if (!isProviderError(error)) throw error;
          if (status.state !== 'failed') {
            return fail(nodeId, error.info.class === 'not_found' ? 'lost' : 'failed', errorOf(error.info), began, jobId);
          }
        }
      }
      if (status.state === 'failed') {
        const err: NodeError = failure ? errorOf(failure) : { class: 'unknown', message: 'The job failed (no reason given).' };
        await putJournal(record.id, { ...record, state: 'failed', error: err, updatedAt: clock.now() });
        return fail(nodeId, 'failed', err, began, jobId);
      }

      // Download every file at once: provider links expire.
      setState(nodeId, 'downloading');
      const provenance = { nodeId, provider: provider.id, endpoint: endpointOf(p.template), jobId, ...(cost ? { cost } : {}) };
      const values: Value[] = [];
      try {
        for (const out of jobOutputs ?? []) {
          if (out.kind === 'text') {
            values.push({ kind: 'text', text: out.text ?? '', from: provenance });
            continue;
          }
          if (!out.url) continue;
          const file = await withRetries(() => provider.download(out.url!), noSignal);
          const blob = await storage.blobs.put(file.bytes, file.mimeType);
          values.push({ kind: out.kind, blob, mimeType: file.mimeType, url: out.url, urlAt: clock.now(), from: provenance });
        }
      } catch (error) {
        const err = isProviderError(error) ? errorOf(error.info) : { class: 'unknown' as const, message: String(error) };
        await putJournal(record.id, { ...record, state: 'failed', error: err, updatedAt: clock.now() });
        return fail(nodeId, 'failed', { ...err, message: `The job finished but its result could not be downloaded: ${err.message}` }, began, jobId);
      }
      const nodeOutputs = toPorts(p, values);
      await putJournal(record.id, { ...record, state: 'done', outputs: nodeOutputs, ...(cost ? { cost } : {}), updatedAt: clock.now() });
      await storage.cache.put(record.cacheKey, { key: record.cacheKey, nodeType: p.template.id, outputs: nodeOutputs, jobId, ...(cost ? { cost } : {}), createdAt: clock.now() } satisfies CacheEntry);
      jobs[nodeId] = { provider: provider.id, jobId, ...(cost ? { cost } : {}) };
      if (cancelState !== 'none') {
        // Kept (journal and cache) but not passed downstream.
        return fail(nodeId, 'cancelled', { class: 'cancelled', message: 'Cancelled while running; the result arrived and was kept, but is not passed on.' }, began, jobId);
      }
      outputs[nodeId] = nodeOutputs;
      setState(nodeId, 'done');
      emit({ type: 'nodeDone', runId, at: clock.now(), nodeId, outputs: nodeOutputs, ...(cost ? { cost } : {}), elapsedMs: clock.now() - began, jobId });
    }

    return {
      runId,
      done,
      cancel(cancelOptions) {
        if (cancelRequested) return;
        cancelRequested = true;
        detach = cancelOptions?.detach === true;
        controller.abort(new Cancelled());
      },
    };
  }

  return { plan, run, unfinished };
}

function endpointOf(template: NodeTemplate): string {
  return template.endpoint ?? template.id;
}

function isMediaField(field: Field): boolean {
  return field.kind === 'image' || field.kind === 'video' || field.kind === 'audio';
}

/** Job results onto the template's output ports: each port takes the results of its kind. */
function toPorts(p: PlannedNode, values: Value[]): NodeOutputs {
  const out: NodeOutputs = {};
  const ports = p.template.outputs;
  for (const port of ports) out[port.name] = values.filter((v) => v.kind === port.kind || (port.kind === 'file' && isMediaValue(v)));
  const placed = new Set(Object.values(out).flat());
  const rest = values.filter((v) => !placed.has(v));
  if (rest.length && ports[0]) out[ports[0].name] = [...out[ports[0].name]!, ...rest];
  for (const port of ports) if (!port.list && out[port.name]!.length > 1) out[port.name] = out[port.name]!.slice(0, 1);
  return out;
}
