import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/server/simulator/index.ts';

/** Shared helpers for the simulator tests: a simulator on a loopback port with a hand-driven clock. */

export interface SimHarness {
  sim: RunningSimulator;
  url: string;
  /** Moves the simulator's clock forward. */
  tick(ms: number): void;
  /** A fetch with a Bearer key and JSON body. */
  call(path: string, init?: { method?: string; body?: unknown; key?: string | null; headers?: Record<string, string> }): Promise<Response>;
  /** call() then parse JSON. */
  callJson<T = Record<string, unknown>>(path: string, init?: Parameters<SimHarness['call']>[1]): Promise<{ status: number; body: T; res: Response }>;
}

export const KEY = 'sk-simulator-test-key-123456';

export async function startHarness(options: SimulatorOptions = {}): Promise<SimHarness> {
  let clock = 1_800_000_000_000;
  const sim = await startSimulator({ port: 0, now: () => clock, timing: { queueMs: 1000, runMs: 4000 }, ...options });
  const call: SimHarness['call'] = (path, init = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    const key = init.key === undefined ? KEY : init.key;
    if (key !== null) headers.Authorization = `Bearer ${key}`;
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
    return fetch(`${sim.url}${path}`, {
      method: init.method ?? (init.body !== undefined ? 'POST' : 'GET'),
      headers,
      ...(init.body !== undefined ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) } : {}),
    });
  };
  return {
    sim,
    url: sim.url,
    tick: (ms) => {
      clock += ms;
    },
    call,
    async callJson(path, init) {
      const res = await call(path, init);
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as never, res };
    },
  };
}

/** Width and height from a PNG's IHDR, after checking the signature. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const buf = Buffer.from(bytes);
  if (!buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) throw new Error('not a PNG');
  if (buf.toString('latin1', 12, 16) !== 'IHDR') throw new Error('no IHDR first');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}
