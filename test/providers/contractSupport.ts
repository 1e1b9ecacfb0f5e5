import { expect } from 'vitest';
import { isTerminal, isProviderError, type JobStatus, type Provider, type ProviderErrorInfo } from '../../src/core/providers/types.ts';
import { startSimulator, keyFingerprint } from '../../src/server/simulator/index.ts';
import type { SimCall } from '../../src/server/simulator/types.ts';

/** Shared pieces of the contract tests: a simulator on loopback, polling, and failure capture. */

export const KEY = 'sk-contract-5f2c9a7e11d04b3b';
export const FINGERPRINT = keyFingerprint(KEY);

export type RunningSim = Awaited<ReturnType<typeof startSimulator>>;

export function startSim(): Promise<RunningSim> {
  return startSimulator({ port: 0, timing: { queueMs: 40, runMs: 80 }, retryAfterSeconds: 1, slowUploadMs: 400 });
}

/** Polls until the job ends (a test stand-in for the executor), collecting every status seen. */
export async function pollToEnd(provider: Provider, jobId: string, limitMs = 5000): Promise<JobStatus[]> {
  const seen: JobStatus[] = [];
  const end = Date.now() + limitMs;
  for (;;) {
    const status = await provider.status(jobId);
    seen.push(status);
    if (isTerminal(status.state)) return seen;
    if (Date.now() > end) throw new Error(`job ${jobId} did not finish; last status ${status.providerStatus}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

/**
 * The ProviderError a promise rejects with, checked to carry no key; fails the test if the promise
 * resolves or throws anything else.
 */
export async function failure(promise: Promise<unknown>, key = KEY): Promise<ProviderErrorInfo> {
  try {
    await promise;
  } catch (error) {
    if (isProviderError(error)) {
      expect(error.message).not.toContain(key);
      expect(JSON.stringify(error.info)).not.toContain(key);
      return error.info;
    }
    throw error;
  }
  throw new Error('expected a ProviderError');
}

/** The provider calls the simulator recorded, without media fetches. */
export function providerCalls(sim: RunningSim, call?: SimCall['call']): SimCall[] {
  return sim.simulator.calls().filter((c) => (c.provider === 'runcomfy' || c.provider === 'runninghub') && (!call || c.call === call));
}

/** A tiny valid PNG (1×1). */
export const PNG_1X1 = new Uint8Array(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'),
);

export function isPng(bytes: Uint8Array): boolean {
  return [137, 80, 78, 71, 13, 10, 26, 10].every((b, i) => bytes[i] === b);
}

export function isMp4(bytes: Uint8Array): boolean {
  return new TextDecoder().decode(bytes.slice(4, 8)) === 'ftyp';
}
