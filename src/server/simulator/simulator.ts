import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { CallLog } from './calls.ts';
import { REPO_ROOT } from './catalog.ts';
import { appliesTo, checkRules, FAULT_HEADER, FaultBook, markerFaults, parseFaultList, type CallTarget } from './faults.ts';
import { bearerKey, isPlainObject, json, keyFingerprint, NOT_JSON, parseJson, readBody, redact, safeHeaders, writeJson, type Reply } from './http.ts';
import { JobStore } from './jobs.ts';
import { MediaStore, parseMediaPath, sendMedia } from './media.ts';
import { runcomfyDialect, runcomfyRoutes } from './runcomfy.ts';
import { runninghubDialect, runninghubRoutes } from './runninghub.ts';
import type { CallContext, Dialect, Route, SimConfig, SimState } from './state.ts';
import type { FaultName, SimCall, Simulator, SimulatorOptions, Timing } from './types.ts';

/**
 * The simulator: routes a request to a provider call, records it, applies the faults chosen for it
 * (header, body marker, rules), checks the key, and answers — or drops the connection.
 */

/** JSON bodies up to RunComfy's own request cap (data URIs make them big). */
const JSON_LIMIT = 64 * 1024 * 1024;

const ROUTES: Route[] = [...runcomfyRoutes, ...runninghubRoutes];
const DIALECTS: Record<Route['provider'], Dialect> = { runcomfy: runcomfyDialect, runninghub: runninghubDialect };

function checkTiming(value: unknown): Timing {
  if (value === 'fast' || value === 'realistic') return value;
  if (isPlainObject(value) && typeof value.queueMs === 'number' && typeof value.runMs === 'number' && value.queueMs >= 0 && value.runMs >= 0) {
    return { queueMs: value.queueMs, runMs: value.runMs };
  }
  throw new Error('timing must be "fast", "realistic" or {queueMs, runMs} (non-negative numbers)');
}

function checkCount(name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) throw new Error(`${name} must be a number ≥ ${min}`);
  return value;
}

/** Applies option changes to a config (validated, since `POST /__sim/config` feeds it too). */
function applyOptions(config: SimConfig, options: Partial<SimulatorOptions>): void {
  if (options.timing !== undefined) config.timing = checkTiming(options.timing);
  if (options.concurrency !== undefined) config.concurrency = Math.floor(checkCount('concurrency', options.concurrency, 1));
  if (options.retryAfterSeconds !== undefined) config.retryAfterSeconds = Math.ceil(checkCount('retryAfterSeconds', options.retryAfterSeconds, 0));
  if (options.slowUploadMs !== undefined) config.slowUploadMs = checkCount('slowUploadMs', options.slowUploadMs, 0);
  if (options.mediaDir !== undefined) config.mediaDir = options.mediaDir;
  if (options.now !== undefined) config.now = options.now;
}

function providerOfPath(pathname: string): SimCall['provider'] {
  if (pathname.startsWith('/v1/')) return 'runcomfy';
  if (/^\/(openapi|task|uc)\//.test(pathname)) return 'runninghub';
  return 'unknown';
}

/** Requests whose host answers a simulated drop itself (see `HandleOptions.onDrop`). */
const dropHandlers = new WeakMap<IncomingMessage, (res: ServerResponse) => void>();

/** Sends a reply, or destroys the connection; returns what the call log records as the status. */
function deliver(req: IncomingMessage, res: ServerResponse, reply: Reply, drop: boolean): number | 'dropped' {
  if (drop) {
    const onDrop = dropHandlers.get(req);
    if (onDrop) onDrop(res);
    else req.socket.destroy();
    return 'dropped';
  }
  writeJson(res, reply);
  // The body was not read to its end (too large): close rather than read the rest.
  if (reply.close) res.once('finish', () => setTimeout(() => req.socket.destroy(), 50).unref());
  return reply.status;
}

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const config: SimConfig = {
    timing: 'fast',
    concurrency: 3,
    retryAfterSeconds: 1,
    slowUploadMs: 1500,
    mediaDir: path.join(REPO_ROOT, 'public', 'sim'),
    now: Date.now,
  };
  applyOptions(config, options);
  const timers = new Set<{ timer: NodeJS.Timeout; done: () => void }>();
  const state: SimState = {
    config,
    jobs: new JobStore(),
    media: new MediaStore(),
    faults: new FaultBook(),
    log: new CallLog(),
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        const entry = { timer: setTimeout(() => done(), ms), done: () => done() };
        const done = () => {
          clearTimeout(entry.timer);
          timers.delete(entry);
          resolve();
        };
        timers.add(entry);
      }),
  };
  state.faults.set(checkRules(options.faults ?? []));

  /** One provider call: read, record, fault, authenticate, run, answer. */
  async function providerCall(route: Route, params: string[], req: IncomingMessage, res: ServerResponse, url: URL, publicBase: string): Promise<void> {
    const seq = state.log.nextSeq();
    const now = config.now();
    const dialect = DIALECTS[route.provider];
    let recordedBody: unknown;
    let body: unknown;
    let reply: Reply | undefined;
    if (route.body === 'json') {
      const read = await readBody(req, JSON_LIMIT);
      if (read.ok) body = parseJson(read.data);
      else reply = dialect.tooLarge(route.call);
    }
    // Authorization first (the local server sets it for the simulator), the v1 body key (`apiKey`) when absent.
    const bodyKey = route.keyInBody && isPlainObject(body) && typeof body[route.keyInBody] === 'string' ? (body[route.keyInBody] as string).trim() : '';
    const headerKey = bearerKey(req);
    const key = headerKey ?? (bodyKey || undefined);
    const secrets = [bodyKey, headerKey].filter((k): k is string => !!k);
    recordedBody = body === NOT_JSON ? '[not JSON]' : body === undefined ? null : redact(body, secrets);

    const endpoint = route.endpointOf?.(state, params, body);
    const target: CallTarget = { provider: route.provider, call: route.call, ...(endpoint !== undefined ? { endpoint } : {}) };
    const chosen = new Set<FaultName>(parseFaultList(headerText(req.headers[FAULT_HEADER])));
    if (route.call === 'submit') for (const f of markerFaults(body)) chosen.add(f);
    const faults = new Set<FaultName>([...chosen].filter((f) => appliesTo(f, route.call)));
    for (const f of state.faults.take(target)) faults.add(f);

    if (!reply) {
      const owner = key ? keyFingerprint(key) : '';
      const ctx: CallContext = {
        state, req, url, publicBase, params, body, key: key ?? '', owner, faults, now,
        recordBody: (b) => { recordedBody = b; },
      };
      reply = await answer(route, dialect, ctx);
    }
    const status = deliver(req, res, reply, faults.has('drop_after_accept'));
    state.log.add({
      seq,
      at: now,
      provider: route.provider,
      call: route.call,
      method: req.method ?? 'GET',
      path: url.pathname,
      query: redact(Object.fromEntries(url.searchParams), secrets) as Record<string, string>,
      headers: safeHeaders(req),
      auth: { present: key !== undefined, fingerprint: key ? keyFingerprint(key) : null },
      body: recordedBody,
      status,
      ...(faults.size > 0 ? { fault: [...faults].join(',') } : {}),
      ...(reply.jobId ? { jobId: reply.jobId } : {}),
    });
  }

  /** Faults first (infrastructure, then auth, then business), then the route itself. */
  async function answer(route: Route, dialect: Dialect, ctx: CallContext): Promise<Reply> {
    const { faults } = ctx;
    const call = route.call;
    if (faults.has('server_error')) return dialect.serverError(call);
    if (faults.has('rate_limited')) return dialect.rateLimited(call, config.retryAfterSeconds);
    if (faults.has('concurrency_limit') && route.provider === 'runcomfy') return dialect.concurrency(call, config.retryAfterSeconds);
    if (!ctx.key || ctx.key === 'invalid' || faults.has('auth')) return dialect.auth(call);
    if (faults.has('error_in_200')) return dialect.errorIn200(call);
    if (faults.has('insufficient_balance')) return dialect.insufficientBalance(call);
    if (faults.has('invalid_input')) return dialect.invalidInput(call);
    if (faults.has('concurrency_limit')) return dialect.concurrency(call, config.retryAfterSeconds);
    const reply = await route.run(ctx);
    if (faults.has('slow_upload')) await state.sleep(config.slowUploadMs);
    return reply;
  }

  /** `GET /sim-media/<id>.<ext>`: no auth, like a pre-signed link; header faults may still hit it. */
  async function download(req: IncomingMessage, res: ServerResponse, url: URL, media: { id: string; ext: string }): Promise<void> {
    const seq = state.log.nextSeq();
    const now = config.now();
    const faults = new Set<FaultName>(parseFaultList(headerText(req.headers[FAULT_HEADER])).filter((f) => appliesTo(f, 'download')));
    for (const f of state.faults.take({ provider: 'media', call: 'download' })) faults.add(f);
    let status: number | 'dropped';
    const item = state.media.get(media.id);
    const data = item && item.ext === media.ext ? await state.media.bytesOf(item, config.mediaDir) : undefined;
    if (faults.has('drop_after_accept')) status = deliver(req, res, json(200, null), true);
    else if (faults.has('server_error')) status = deliver(req, res, json(500, { error: 'Internal server error (simulated)' }), false);
    else if (faults.has('rate_limited')) status = deliver(req, res, json(429, { error: 'Too many requests (simulated)' }, { headers: { 'Retry-After': String(config.retryAfterSeconds) } }), false);
    else if (!item || !data) status = deliver(req, res, json(404, { error: 'Not found or expired' }), false);
    else status = sendMedia(req, res, item, data);
    state.log.add({
      seq, at: now, provider: 'media', call: 'download', method: req.method ?? 'GET', path: url.pathname, query: {},
      headers: safeHeaders(req), auth: { present: false, fingerprint: null }, body: null, status,
      ...(faults.size > 0 ? { fault: [...faults].join(',') } : {}),
    });
  }

  /** The `/__sim/*` inspection and control endpoints (not recorded as calls). */
  async function control(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const method = req.method ?? 'GET';
    const endpoints: Record<string, string[]> = { '/__sim/calls': ['GET'], '/__sim/reset': ['POST'], '/__sim/faults': ['GET', 'POST'], '/__sim/config': ['GET', 'POST'] };
    const allowed = endpoints[pathname];
    if (!allowed) return writeJson(res, json(404, { error: 'not_found', message: `No simulator endpoint ${pathname}` }));
    if (!allowed.includes(method)) return writeJson(res, json(405, { error: 'method_not_allowed', allowed }, { headers: { Allow: allowed.join(', ') } }));
    let body: unknown;
    if (method === 'POST') {
      const read = await readBody(req, 1024 * 1024);
      body = read.ok ? parseJson(read.data) : NOT_JSON;
      if (body === NOT_JSON) return writeJson(res, json(400, { error: 'bad_request', message: 'The body must be JSON' }));
    }
    const bad = (error: unknown) => writeJson(res, json(400, { error: 'bad_request', message: error instanceof Error ? error.message : String(error) }));
    switch (pathname) {
      case '/__sim/calls':
        return writeJson(res, json(200, { calls: state.log.calls(), counts: state.log.counts() }));
      case '/__sim/reset':
        simulator.reset();
        return writeJson(res, json(200, { ok: true }));
      case '/__sim/faults':
        if (method === 'POST') {
          try {
            simulator.setFaults(checkRules(isPlainObject(body) ? body.rules : body));
          } catch (error) {
            return bad(error);
          }
        }
        return writeJson(res, json(200, { rules: state.faults.list() }));
      default:
        if (method === 'POST') {
          if (!isPlainObject(body)) return bad('The body must be a JSON object');
          const { timing, concurrency, retryAfterSeconds, slowUploadMs } = body as Partial<SimulatorOptions>;
          try {
            const next = { ...config };
            applyOptions(next, { timing, concurrency, retryAfterSeconds, slowUploadMs });
            Object.assign(config, next);
          } catch (error) {
            return bad(error);
          }
        }
        return writeJson(res, json(200, { timing: config.timing, concurrency: config.concurrency, retryAfterSeconds: config.retryAfterSeconds, slowUploadMs: config.slowUploadMs }));
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse, rawPath: string, publicBase: string): Promise<void> {
    const url = new URL(`http://simulator.invalid${rawPath.startsWith('/') ? rawPath : `/${rawPath}`}`);
    const pathname = url.pathname;
    const base = publicBase.replace(/\/+$/, '');
    if (pathname.startsWith('/__sim/')) return control(req, res, pathname);
    const media = parseMediaPath(pathname);
    if (media) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return writeJson(res, json(405, { error: 'method_not_allowed', allowed: ['GET', 'HEAD'] }, { headers: { Allow: 'GET, HEAD' } }));
      return download(req, res, url, media);
    }
    const matches = ROUTES.map((r) => ({ r, params: r.match(pathname) })).filter((m): m is { r: Route; params: string[] } => m.params !== undefined);
    const hit = matches.find((m) => m.r.method === req.method);
    if (hit) return providerCall(hit.r, hit.params, req, res, url, base);
    const allowed = [...new Set(matches.map((m) => m.r.method))];
    const reply = allowed.length > 0
      ? json(405, { error: 'method_not_allowed', message: `${req.method ?? ''} is not allowed on ${pathname}`, allowed }, { headers: { Allow: allowed.join(', ') } })
      : json(404, { error: 'not_found', message: `No simulated provider call at ${pathname}` });
    writeJson(res, reply);
    state.log.add({
      seq: state.log.nextSeq(), at: config.now(), provider: providerOfPath(pathname), call: 'unknown', method: req.method ?? 'GET',
      path: pathname, query: {}, headers: safeHeaders(req), auth: { present: bearerKey(req) !== undefined, fingerprint: null }, body: null, status: reply.status,
    });
  }

  const simulator: Simulator = {
    async handle(req, res, rawPath, publicBase, options) {
      if (options?.onDrop) dropHandlers.set(req, options.onDrop);
      try {
        await route(req, res, rawPath, publicBase);
      } catch {
        // Never let a simulator bug take the host server down; never echo request details either.
        if (!res.headersSent) writeJson(res, json(500, { error: 'simulator_error' }));
        else res.destroy();
      }
    },
    calls: () => state.log.calls(),
    reset() {
      state.log.clear();
      state.jobs.clear();
      state.media.clear();
      state.faults.set([]);
    },
    setFaults(rules) {
      state.faults.set(checkRules(rules));
    },
    configure(options) {
      const next = { ...config };
      applyOptions(next, options);
      Object.assign(config, next);
      if (options.faults !== undefined) state.faults.set(checkRules(options.faults));
    },
    close() {
      for (const entry of [...timers]) entry.done();
    },
  };
  return simulator;
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

