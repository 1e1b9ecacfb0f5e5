import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { CallInfo, FaultProvider } from '../fakeProvider/index.ts';
import type { WeftChild } from './weftProcess.ts';

/**
 * When to SIGKILL `weft run`. Most moments are announced by the fault provider — a hook runs as the
 * call arrives, kills the child and drops the connection, so the answer is surely lost — and a random
 * timer covers everything in between. Each kill is labelled with the phase it hit.
 */

export type KillKind =
  /** After a random delay from the start: anywhere. */
  | 'timer'
  /** After a short random delay: mostly while the process starts, before any call. */
  | 'early'
  /** On RunningHub's upload of a local file (before any submit). */
  | 'upload'
  /** On the submit, after the job was created, before its answer leaves: the answer is lost. */
  | 'submit-unanswered'
  /** A few milliseconds after the submit's answer left (did Weft journal it? a race on purpose). */
  | 'submit-answered'
  /** On the first status call of a job: Weft surely had its id. */
  | 'first-poll'
  /** On the nth status call of a running job. */
  | 'polling'
  /** On the call that fetches a finished job's result (RunComfy's result, RunningHub's SUCCESS query). */
  | 'result'
  /** After the first piece of a slow download. */
  | 'download'
  /** A few milliseconds after a download's last byte: blobs, journal, cache, save. */
  | 'after-download'
  /** As soon as a saved file appears in the output folder. */
  | 'file-appears';

export const KILL_KINDS: readonly KillKind[] = ['timer', 'early', 'upload', 'submit-unanswered', 'submit-answered', 'first-poll', 'polling', 'result', 'download', 'after-download', 'file-appears'];

export type Phase = 'before submit' | 'after submit' | 'polling' | 'result' | 'download' | 'saving';
export const PHASES: readonly Phase[] = ['before submit', 'after submit', 'polling', 'result', 'download', 'saving'];

export interface KillPlan {
  kind: KillKind;
  /** Milliseconds for `timer`, `early`, `submit-answered` and `after-download`. */
  delayMs: number;
  /** Which status call for `polling` (2 or more). */
  nth: number;
}

export interface Kill {
  kind: KillKind;
  phase: Phase;
  /** What the child was doing, in words: "on the 2nd status call of job 1877… (veo)". */
  detail: string;
}

const ordinal = (n: number) => `${n}${n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th'}`;
const about = (call: CallInfo) => `${call.provider === 'media' ? '' : `${call.provider} `}job ${call.jobId ?? '?'}${call.tag ? ` (${call.tag})` : ''}`;

/** The phase of the last thing the child did, from the calls the provider saw since it started. */
function phaseOfCalls(calls: readonly CallInfo[]): { phase: Phase; detail: string } {
  const last = [...calls].reverse().find((c) => c.kind !== 'account' && c.kind !== 'cancel');
  if (!last || last.kind === 'upload') return { phase: 'before submit', detail: last ? 'after an upload, before any submit' : 'before any call reached the provider' };
  if (last.kind === 'submit') return { phase: 'after submit', detail: `after the submit of ${last.tag ?? 'a node'}` };
  if (last.kind === 'download') return { phase: 'download', detail: `during or after the download of ${about(last)}` };
  if (last.kind === 'result' || last.jobPhase === 'succeeded') return { phase: 'result', detail: `after fetching the result of ${about(last)}` };
  return { phase: 'polling', detail: `after the ${ordinal(last.nthForJob ?? 1)} status call of ${about(last)}` };
}

/**
 * Arms `plan` against `child`: resolves with the kill once it happened, or undefined if the child ended
 * first. `outDir` is watched for `file-appears`.
 */
export function armKill(plan: KillPlan, fake: FaultProvider, child: WeftChild, outDir: string): Promise<Kill | undefined> {
  const from = fake.ledger.requests.length;
  const disposers: (() => void)[] = [];
  let fired: Kill | undefined;
  let slowDownloads = false;

  const kill = async (k: Omit<Kill, 'phase'> & { phase?: Phase }): Promise<'drop'> => {
    if (!fired) {
      fired = { kind: k.kind, detail: k.detail, phase: k.phase ?? phaseOfCalls(fake.ledger.requests.slice(from)).phase };
      await child.kill();
      for (const dispose of disposers) dispose();
    }
    return 'drop';
  };
  const onCall = (pickCall: (call: CallInfo) => boolean, describe: (call: CallInfo) => Omit<Kill, 'kind'>) =>
    disposers.push(fake.on('call', (call) => (fired || !pickCall(call) ? undefined : kill({ kind: plan.kind, ...describe(call) }))));
  const later = (ms: number, k: () => Omit<Kill, 'kind'> | undefined) => {
    const timer = setTimeout(() => {
      const what = k();
      if (what) void kill({ kind: plan.kind, ...what });
    }, ms);
    disposers.push(() => clearTimeout(timer));
  };

  switch (plan.kind) {
    case 'timer':
    case 'early':
      later(plan.delayMs, () => ({ ...phaseOfCalls(fake.ledger.requests.slice(from)), detail: `${plan.delayMs} ms after start, ${phaseOfCalls(fake.ledger.requests.slice(from)).detail}` }));
      break;
    case 'upload':
      onCall((c) => c.kind === 'upload', () => ({ phase: 'before submit', detail: 'on an upload, before any submit' }));
      break;
    case 'submit-unanswered':
      onCall((c) => c.kind === 'submit', (c) => ({ phase: 'after submit', detail: `on the submit of ${c.tag ?? 'a node'} (job ${c.jobId ?? 'none'} created), before its answer left` }));
      break;
    case 'submit-answered':
      disposers.push(fake.on('answered', (c) => (c.kind === 'submit' ? later(plan.delayMs, () => ({ phase: 'after submit', detail: `${plan.delayMs} ms after the submit answer of ${about(c)} left` })) : undefined)));
      break;
    case 'first-poll':
      onCall((c) => c.kind === 'status' && c.nthForJob === 1, (c) => ({ phase: 'after submit', detail: `on the 1st status call of ${about(c)}` }));
      break;
    case 'polling':
      // New jobs are held running until the kill, so the nth poll surely finds its job unfinished.
      fake.holdNewJobs(true);
      disposers.push(() => {
        fake.holdNewJobs(false);
        fake.release();
      });
      onCall((c) => c.kind === 'status' && (c.nthForJob ?? 0) >= plan.nth && c.jobPhase !== 'succeeded' && c.jobPhase !== 'failed', (c) => ({ phase: 'polling', detail: `on the ${ordinal(c.nthForJob ?? plan.nth)} status call of ${about(c)}, still ${c.jobPhase}` }));
      break;
    case 'result':
      onCall((c) => c.kind === 'result' || (c.kind === 'status' && c.jobPhase === 'succeeded'), (c) => ({ phase: 'result', detail: `on the ${c.kind === 'result' ? 'result call' : 'status call that reports the end'} of ${about(c)}` }));
      break;
    case 'download':
      slowDownloads = true;
      fake.script.add({ call: 'download', fault: { type: 'slowChunked', chunks: 6, delayMs: 30 }, times: Infinity, when: () => slowDownloads });
      disposers.push(() => (slowDownloads = false));
      disposers.push(fake.on('chunk', (c, index) => (fired || index !== 0 ? undefined : kill({ kind: 'download', phase: 'download', detail: `after the first piece of the download of ${about(c)}` }))));
      break;
    case 'after-download':
      disposers.push(fake.on('answered', (c) => (c.kind === 'download' ? later(plan.delayMs, () => ({ phase: 'saving', detail: `${plan.delayMs} ms after the download of ${about(c)} ended` })) : undefined)));
      break;
    case 'file-appears': {
      let stop = false;
      disposers.push(() => (stop = true));
      void (async () => {
        const before = new Set(await mediaFiles(outDir));
        while (!stop && !fired) {
          const added = (await mediaFiles(outDir)).find((f) => !before.has(f));
          if (added) return void kill({ kind: 'file-appears', phase: 'saving', detail: `as ${path.relative(outDir, added)} appeared in the output folder` });
          await new Promise((r) => setTimeout(r, 4));
        }
      })();
      break;
    }
  }
  return child.done.then(() => {
    for (const dispose of disposers) dispose();
    return fired;
  });
}

/** Saved media files (not sidecars) under `dir`, recursively. */
export async function mediaFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile() && !e.name.endsWith('.weft.json')).map((e) => path.join(e.parentPath, e.name));
}
