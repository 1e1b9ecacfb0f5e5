import { hostname } from 'node:os';
import path from 'node:path';
import { readdir, readFile } from 'node:fs/promises';
import type { ClaimHolder, JobClaims } from '../core/executor/storage.ts';
import { Directory, errorCode, fileNameOf, isMissing } from './folderFiles.ts';

/**
 * Job claims in a folder, safe between processes on one machine (and on a shared file system with
 * working hard links):
 *
 *     <dir>/<name of the key>/<generation>.json    {"owner", "pid", "host", "expiresAt", "released"?}
 *
 * The claim of a key is its highest generation. Claiming creates the next generation with an atomic
 * exclusive create (a complete temp file hard-linked into place: exactly one of several claimers wins,
 * and nobody ever reads a half-written claim). A claim is live while its lease runs and — on this host
 * — while its owner's process exists; a dead, expired or released claim is taken over by creating the
 * next generation. Renewing and releasing rewrite the owner's own generation (atomically); generations
 * are never reused, so a claimer acting on a stale listing can only fail its create and look again.
 */

interface ClaimFile extends ClaimHolder {
  released?: boolean;
}

const HOST = hostname();
/** Generations older than the previous one are removed now and then; they decide nothing. */
const KEEP = 2;

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

function parse(text: string): ClaimFile | undefined {
  try {
    const v = JSON.parse(text) as Partial<ClaimFile>;
    if (typeof v.owner !== 'string' || typeof v.expiresAt !== 'number') return undefined;
    return { owner: v.owner, expiresAt: v.expiresAt, ...(typeof v.pid === 'number' ? { pid: v.pid } : {}), ...(typeof v.host === 'string' ? { host: v.host } : {}), ...(v.released === true ? { released: true } : {}) };
  } catch {
    return undefined;
  }
}

export function folderClaims(dir: string, now: () => number): JobClaims {
  const dirs = new Map<string, Directory>();
  const dirOf = (key: string) => {
    const name = fileNameOf(key);
    let d = dirs.get(name);
    if (!d) dirs.set(name, (d = new Directory(path.join(dir, name))));
    return d;
  };
  const live = (c: ClaimFile | undefined): c is ClaimFile => !!c && !c.released && c.expiresAt > now() && !(c.host === HOST && c.pid !== undefined && c.pid !== process.pid && !processExists(c.pid));

  /** The highest generation and its claim (undefined when it does not read: taken as dead). */
  async function current(d: Directory): Promise<{ generation: number; claim?: ClaimFile; all: number[] }> {
    let names: string[];
    try {
      names = await readdir(d.path);
    } catch (error) {
      if (isMissing(error)) return { generation: -1, all: [] };
      throw error;
    }
    const all = names.map((n) => /^(\d{1,15})\.json$/.exec(n)?.[1]).filter((g): g is string => g !== undefined).map(Number).sort((a, b) => a - b);
    const generation = all.at(-1) ?? -1;
    if (generation < 0) return { generation, all };
    const text = await readFile(d.file(`${generation}.json`), 'utf8').catch(() => undefined);
    const claim = text === undefined ? undefined : parse(text);
    return { generation, all, ...(claim ? { claim } : {}) };
  }

  const content = (owner: string, leaseMs: number, released = false) => `${JSON.stringify({ owner, pid: process.pid, host: HOST, expiresAt: now() + leaseMs, ...(released ? { released } : {}) })}\n`;

  return {
    async claim(key, owner, leaseMs) {
      const d = dirOf(key);
      for (let tries = 0; tries < 20; tries++) {
        const { generation, claim, all } = await current(d);
        if (live(claim) && claim.owner !== owner) return { ok: false, holder: claim };
        if (claim && claim.owner === owner && !claim.released) {
          await d.write(`${generation}.json`, content(owner, leaseMs));
          return { ok: true };
        }
        if (await d.create(`${generation + 1}.json`, content(owner, leaseMs))) {
          for (const old of all.slice(0, Math.max(0, all.length - (KEEP - 1)))) await d.remove(`${old}.json`).catch(() => {});
          return { ok: true };
        }
        // Someone else created that generation first: look again.
      }
      const { claim } = await current(d);
      return live(claim) ? { ok: false, holder: claim } : { ok: false };
    },
    async renew(key, owner, leaseMs) {
      const d = dirOf(key);
      const { generation, claim } = await current(d);
      if (!claim || claim.owner !== owner || claim.released) return false;
      await d.write(`${generation}.json`, content(owner, leaseMs));
      return true;
    },
    async release(key, owner) {
      const d = dirOf(key);
      const { generation, claim } = await current(d);
      if (claim && claim.owner === owner && !claim.released) await d.write(`${generation}.json`, content(owner, 0, true));
    },
    async holder(key) {
      const { claim } = await current(dirOf(key));
      if (!live(claim)) return undefined;
      const { released: _released, ...holder } = claim;
      return holder;
    },
  };
}
