import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { sendFault, sendHtml, sendJson, sendNotFound } from './answers.ts';
import { runComfyCancel, runComfyResult, runComfyStatus, runComfySubmit, runningHubTask } from './bodies.ts';
import { Ledger, isTerminal, now, phaseOf, tagOf, type FakeJob, type SubmitRecord } from './ledger.ts';
import { routeOf, type Route } from './routes.ts';
import { FaultScript, type PickedFault } from './script.ts';
import type { CallInfo, JobPlan, ProviderId } from './types.ts';

export type { CallInfo, Fault, JobPlan, ProviderId } from './types.ts';
export type { FakeJob, SubmitRecord } from './ledger.ts';

/**
 * A scripted fake of both hosted providers, on loopback, independent of Weft's own simulator: RunComfy's
 * Model API and RunningHub's openapi v2 at their real paths, jobs with fixed durations and real small
 * media, faults from a script (script.ts), and books (ledger.ts) that count what was paid.
 *
 * Tests steer it through hooks: `call` hooks run before a call is answered (a test kills `weft run`
 * there and returns `'drop'`, so the answer is surely lost), `answered` hooks after an answer was handed
 * to the connection, `chunk` hooks after each piece of a slow download. `GET /__fault/stats` shows the
 * books to anyone outside the process.
 */

export interface FaultProviderOptions {
  /** The keys it accepts (anything else is refused the way each provider refuses). */
  keys: Record<ProviderId, string>;
  /** How long jobs take, ms (default: images 1000, videos 1600). */
  durations?: { image?: number; video?: number };
  /** Shapes each job at its submit (outcome, hold, a refused result host, an odd running status). */
  planJob?: (submit: { provider: ProviderId; endpoint: string; body: unknown; tag?: string }) => Partial<JobPlan>;
}

/** What a hook may ask: `drop` destroys the connection without answering. */
export type HookAnswer = void | 'drop';
type CallHook = (call: CallInfo) => HookAnswer | Promise<HookAnswer>;
type ChunkHook = (call: CallInfo, index: number, last: boolean) => HookAnswer | Promise<HookAnswer>;

export interface FaultProvider {
  url: string;
  ledger: Ledger;
  script: FaultScript;
  on(event: 'call', hook: CallHook): () => void;
  on(event: 'answered', hook: (call: CallInfo) => void): () => void;
  on(event: 'chunk', hook: ChunkHook): () => void;
  /** While on, new jobs are created held (running until released), whatever `planJob` says. */
  holdNewJobs(on: boolean): void;
  /** Lets held jobs run from now. */
  release(which?: (job: FakeJob) => boolean): void;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startFaultProvider(options: FaultProviderOptions): Promise<FaultProvider> {
  const ledger = new Ledger();
  const script = new FaultScript();
  const hooks = { call: new Set<CallHook>(), answered: new Set<(call: CallInfo) => void>(), chunk: new Set<ChunkHook>() };
  const uploads = new Map<string, Buffer>();
  const sockets = new Set<Socket>();
  let base = '';
  let refusedBase = '';
  let holdAll = false;

  const planFor = (provider: ProviderId, endpoint: string, body: unknown): JobPlan => {
    const video = endpoint.includes('video');
    const tag = tagOf(body);
    return {
      durationMs: video ? (options.durations?.video ?? 1600) : (options.durations?.image ?? 1000),
      outcome: 'succeed',
      resultHost: 'own',
      hold: false,
      ...options.planJob?.({ provider, endpoint, body, ...(tag ? { tag } : {}) }),
      ...(holdAll ? { hold: true } : {}),
    };
  };
  const resultUrl = (job: FakeJob) => `${job.plan.resultHost === 'refused' ? refusedBase : base}/media/${job.id}/result.${job.file.ext}`;

  /** Runs the `call` hooks in order; true when one asked to drop the connection. */
  async function gate(call: CallInfo): Promise<boolean> {
    for (const hook of [...hooks.call]) if ((await hook(call)) === 'drop') return true;
    return false;
  }

  function authorised(provider: ProviderId, req: IncomingMessage, json: unknown): boolean {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const inBody = json && typeof json === 'object' ? ((json as Record<string, unknown>).apiKey ?? (json as Record<string, unknown>).apikey) : undefined;
    return bearer === options.keys[provider] || inBody === options.keys[provider];
  }

  function refuseKey(res: ServerResponse, provider: ProviderId): void {
    if (provider === 'runcomfy') sendJson(res, 401, { error_code: 400004, error_message: 'Token is missing, expired or revoked.' });
    else sendJson(res, 200, { taskId: '', status: '', errorCode: '802', errorMessage: 'API key unauthorized', results: null });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', base);
    const body = await readBody(req);
    const route = routeOf(req.method ?? 'GET', url.pathname);
    if (!route) return sendHtml(res, 404, '<html><body>no such path</body></html>');
    if (route.provider === 'admin') return sendJson(res, 200, stats(ledger));
    const json = parseJson(body);
    const jobId = route.jobId ?? (json && typeof json === 'object' ? String((json as Record<string, unknown>).taskId ?? '') || undefined : undefined);
    const job = jobId ? ledger.jobs.get(jobId) : undefined;
    const provider: ProviderId = route.provider === 'media' ? (job?.provider ?? 'runcomfy') : route.provider;
    const kind = route.kind as CallInfo['kind'];
    const call: CallInfo = {
      seq: ledger.requests.length + 1,
      provider: route.provider === 'media' ? 'media' : provider,
      kind,
      nth: ledger.count(provider, kind),
      method: req.method ?? 'GET',
      host: req.headers.host ?? '',
      path: url.pathname,
      body,
      at: now(),
      ...(jobId ? { jobId } : {}),
      ...(job ? { nthForJob: (job.calls[kind] = (job.calls[kind] ?? 0) + 1), jobPhase: phaseOf(job), ...(job.tag ? { tag: job.tag } : {}) } : {}),
    };
    if (kind === 'submit') {
      const tag = tagOf(json);
      if (tag) call.tag = tag;
    }
    ledger.requests.push(call);
    res.on('finish', () => hooks.answered.forEach((h) => h(call)));

    if (route.provider !== 'media' && !authorised(provider, req, json)) {
      if (await gate(call)) return void res.socket?.destroy();
      return refuseKey(res, provider);
    }
    const picked = script.pick(call);
    if (kind === 'submit') return submit(route, provider, json, call, picked, res);
    if (await gate(call)) return void res.socket?.destroy();
    if (picked && picked.fault.type !== 'slowChunked' && picked.fault.type !== 'redirectToRefused') {
      if (picked.fault.type === 'drop') return void res.socket?.destroy();
      return sendFault(res, picked.fault, provider, jobId);
    }
    if (kind === 'download') return download(job, call, picked, res);
    if (kind === 'upload') return upload(req, body, res);
    if (kind === 'account') return sendJson(res, 200, { code: 0, msg: 'success', data: { remainCoins: '1000', remainMoney: '100', currency: 'CNY', currentTaskCounts: '0', apiType: 'ENTERPRISE' } });
    if (!job) {
      if (kind === 'cancel' && provider === 'runninghub') return sendJson(res, 200, { code: 807, msg: 'task not found' });
      return sendNotFound(res, provider, jobId ?? '');
    }
    const phase = phaseOf(job);
    if (kind === 'cancel') {
      if (!isTerminal(phase)) job.cancelled = true;
      if (provider === 'runcomfy') return sendJson(res, 200, runComfyCancel(job, job.cancelled ? 'cancelled' : phase));
      return sendJson(res, 200, isTerminal(phase) && !job.cancelled ? { code: 817, msg: 'task already finished' } : { code: 0, msg: 'success' });
    }
    if (provider === 'runninghub') return sendJson(res, 200, runningHubTask(job, phase, resultUrl(job)));
    return sendJson(res, 200, kind === 'status' ? runComfyStatus(job, phase, base) : runComfyResult(job, phase, resultUrl(job)));
  }

  async function submit(route: Route, provider: ProviderId, json: unknown, call: CallInfo, picked: PickedFault | undefined, res: ServerResponse): Promise<void> {
    const endpoint = route.endpoint!;
    const createsJob = picked ? picked.createsJob : json !== undefined;
    const job = createsJob ? ledger.createJob(provider, endpoint, json, planFor(provider, endpoint, json)) : undefined;
    const record: SubmitRecord = { seq: call.seq, provider, endpoint, key: job?.key ?? '', answer: picked ? 'fault' : 'pending', at: call.at, ...(call.tag ? { tag: call.tag } : {}), ...(job ? { jobId: job.id } : {}), ...(picked ? { fault: picked.fault.type } : {}) };
    ledger.submits.push(record);
    if (job) call.jobId = job.id;
    // Before the `answered` hooks, so they see the answer delivered.
    res.prependListener('finish', () => {
      if (record.answer === 'pending') record.answer = 'delivered';
    });
    res.on('close', () => {
      if (record.answer === 'pending') record.answer = 'cut';
    });
    // The client may be gone already (killed while we read its request): then 'close' came and went.
    if (res.destroyed || res.socket?.destroyed) record.answer = 'cut';
    if (await gate(call)) return void res.socket?.destroy();
    if (picked) return sendFault(res, picked.fault, provider, job?.id);
    if (!job) return sendJson(res, 400, provider === 'runcomfy' ? { error_code: 400003, error_message: 'Body is not JSON.' } : { taskId: '', status: '', errorCode: '301', errorMessage: 'bad params' });
    if (provider === 'runcomfy') return sendJson(res, 200, runComfySubmit(job, base));
    // RunningHub: the same task object as a query, the id a string of 19 digits.
    return sendJson(res, 200, runningHubTask(job, 'queued', resultUrl(job)));
  }

  async function download(job: FakeJob | undefined, call: CallInfo, picked: PickedFault | undefined, res: ServerResponse): Promise<void> {
    if (!job || phaseOf(job) !== 'succeeded') return sendHtml(res, 404, '<html><body>NoSuchKey</body></html>');
    if (picked?.fault.type === 'redirectToRefused') {
      res.writeHead(302, { location: `${refusedBase}/media/${job.id}/result.${job.file.ext}`, 'content-length': 0 });
      return void res.end();
    }
    const bytes = job.file.bytes;
    if (picked?.fault.type !== 'slowChunked') {
      res.writeHead(200, { 'content-type': job.file.mime, 'content-length': bytes.length });
      return void res.end(bytes);
    }
    const { chunks, delayMs } = picked.fault;
    res.writeHead(200, { 'content-type': job.file.mime });
    const size = Math.ceil(bytes.length / chunks);
    for (let i = 0; i < chunks; i++) {
      const last = i === chunks - 1;
      if (res.destroyed) return;
      res.write(bytes.subarray(i * size, (i + 1) * size));
      for (const hook of [...hooks.chunk]) if ((await hook(call, i, last)) === 'drop') return void res.socket?.destroy();
      if (!last) await sleep(delayMs);
    }
    res.end();
  }

  async function upload(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    let file: File | undefined;
    try {
      const form = await new Request('http://upload.local/', { method: 'POST', headers: { 'content-type': req.headers['content-type'] ?? '' }, body: new Uint8Array(body) }).formData();
      const part = form.get('file');
      file = part instanceof File ? part : undefined;
    } catch {
      file = undefined;
    }
    if (!file) return sendJson(res, 200, { code: 301, msg: 'no file', data: null });
    const bytes = Buffer.from(await file.arrayBuffer());
    const sha = createHash('sha256').update(bytes).digest('hex');
    const ext = /\.([a-z0-9]{1,5})$/i.exec(file.name)?.[1]?.toLowerCase() ?? 'bin';
    uploads.set(sha, bytes);
    return sendJson(res, 200, { code: 0, message: 'success', data: { type: file.type.split('/')[0] || 'file', download_url: `${base}/uploads/${sha}.${ext}`, fileName: `openapi/${sha}.${ext}`, size: String(bytes.length) } });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) sendJson(res, 500, { error: String(error) });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  // The same server under another name: a host that is not the configured base URL's, so Weft must refuse it.
  refusedBase = `http://localhost:${port}`;

  return {
    url: base,
    ledger,
    script,
    on(event: 'call' | 'answered' | 'chunk', hook: CallHook | ChunkHook | ((call: CallInfo) => void)) {
      const set = hooks[event] as Set<typeof hook>;
      set.add(hook);
      return () => set.delete(hook);
    },
    holdNewJobs: (on) => void (holdAll = on),
    release: (which) => ledger.release(which),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  } as FaultProvider;
}

/** The books as JSON, for `GET /__fault/stats`. */
function stats(ledger: Ledger): unknown {
  const paid = new Map<string, number>();
  for (const s of ledger.submits) if (s.jobId) paid.set(s.tag ?? s.key, (paid.get(s.tag ?? s.key) ?? 0) + 1);
  return {
    submits: ledger.submits,
    paidByNode: Object.fromEntries(paid),
    maxRunning: ledger.maxRunning,
    jobs: [...ledger.jobs.values()].map((j) => ({ id: j.id, provider: j.provider, endpoint: j.endpoint, tag: j.tag ?? null, phase: phaseOf(j), calls: j.calls, sha256: j.file.sha256 })),
  };
}
