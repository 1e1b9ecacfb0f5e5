import { FAULT_NAMES, JOB_FAULTS, type FaultName, type FaultRule, type JobFault, type SimCallName, type SimProvider } from './types.ts';

/**
 * Choosing faults: the `X-Weft-Sim-Fault` header, `[sim:name]` markers in a submit body, and configured
 * rules that count down. A fault only hits calls it makes sense for (a job fault only a submit,
 * `slow_upload` only an upload), so a rule without `call` is not used up by an unrelated poll.
 */

export const FAULT_HEADER = 'x-weft-sim-fault';

/** Calls a fault may hit; `download` (media fetches) is only hit by name (header or a rule's `call`). */
export type FaultTarget = SimCallName | 'models' | 'download';

export function isFaultName(name: string): name is FaultName {
  return (FAULT_NAMES as readonly string[]).includes(name);
}

export function isJobFault(name: FaultName): name is JobFault {
  return (JOB_FAULTS as readonly string[]).includes(name);
}

/** Whether `fault` can apply to this kind of call. */
export function appliesTo(fault: FaultName, call: FaultTarget): boolean {
  switch (fault) {
    case 'server_error':
    case 'rate_limited':
    case 'drop_after_accept':
      return true;
    case 'auth':
    case 'error_in_200':
      return call !== 'download';
    case 'concurrency_limit':
    case 'insufficient_balance':
    case 'invalid_input':
      return call === 'submit';
    case 'slow_upload':
      return call === 'upload';
    default:
      return call === 'submit';
  }
}

/** Fault names in a comma-separated list; unknown names are ignored. */
export function parseFaultList(text: string | undefined): FaultName[] {
  if (!text) return [];
  return text.split(',').map((s) => s.trim().toLowerCase()).filter(isFaultName);
}

const MARKER = /\[sim:([a-z_, ]+)\]/gi;

/** Every fault named by a `[sim:name]` marker in any string value of `value` (nested too). */
export function markerFaults(value: unknown, found: Set<FaultName> = new Set(), depth = 0): Set<FaultName> {
  if (typeof value === 'string') {
    if (!value.includes('[sim:')) return found;
    for (const m of value.matchAll(MARKER)) for (const f of parseFaultList(m[1])) found.add(f);
  } else if (typeof value === 'object' && value !== null && depth < 16) {
    for (const v of Array.isArray(value) ? value : Object.values(value)) markerFaults(v, found, depth + 1);
  }
  return found;
}

/** Checks rules from configuration or `POST /__sim/faults`; throws a readable message on the first bad one. */
export function checkRules(value: unknown): FaultRule[] {
  if (!Array.isArray(value)) throw new Error('rules must be an array');
  return value.map((raw, i): FaultRule => {
    if (typeof raw !== 'object' || raw === null) throw new Error(`rules[${i}] must be an object`);
    const r = raw as Record<string, unknown>;
    if (typeof r.fault !== 'string' || !isFaultName(r.fault)) throw new Error(`rules[${i}].fault must be one of ${FAULT_NAMES.join(', ')}`);
    const rule: FaultRule = { fault: r.fault };
    if (r.provider !== undefined) {
      if (r.provider !== 'runcomfy' && r.provider !== 'runninghub') throw new Error(`rules[${i}].provider must be runcomfy or runninghub`);
      rule.provider = r.provider;
    }
    if (r.call !== undefined) {
      const calls = ['submit', 'status', 'result', 'cancel', 'upload', 'account', 'download'];
      if (typeof r.call !== 'string' || !calls.includes(r.call)) throw new Error(`rules[${i}].call must be one of ${calls.join(', ')}`);
      rule.call = r.call as FaultRule['call'];
    }
    if (r.endpoint !== undefined) {
      if (typeof r.endpoint !== 'string') throw new Error(`rules[${i}].endpoint must be a string`);
      rule.endpoint = r.endpoint;
    }
    if (r.times !== undefined) {
      if (r.times !== null && (typeof r.times !== 'number' || !Number.isInteger(r.times) || r.times < 0)) throw new Error(`rules[${i}].times must be a whole number or null`);
      rule.times = r.times;
    }
    return rule;
  });
}

interface LiveRule {
  rule: FaultRule;
  /** Matching calls left; null = unlimited. */
  left: number | null;
}

export interface CallTarget {
  provider: SimProvider | 'media';
  call: FaultTarget;
  endpoint?: string;
}

function ruleMatches(rule: FaultRule, target: CallTarget): boolean {
  if (!appliesTo(rule.fault, target.call)) return false;
  if (target.call === 'download' ? rule.call !== 'download' : rule.call !== undefined && rule.call !== target.call) return false;
  if (rule.provider && rule.provider !== target.provider) return false;
  if (rule.endpoint !== undefined) {
    const e = target.endpoint;
    if (e === undefined || (rule.endpoint !== e && rule.endpoint !== `${target.provider}/${e}`)) return false;
  }
  return true;
}

/** The configured rules with their remaining counts. */
export class FaultBook {
  private live: LiveRule[] = [];

  set(rules: readonly FaultRule[]): void {
    this.live = rules.map((rule) => ({ rule: { ...rule }, left: rule.times === undefined ? 1 : rule.times }));
  }

  /** The rules as configured, with `times` showing what is left. */
  list(): FaultRule[] {
    return this.live.map(({ rule, left }) => ({ ...rule, times: left }));
  }

  /** The faults the rules give this call; each matching rule uses up one of its times. */
  take(target: CallTarget): FaultName[] {
    const out: FaultName[] = [];
    for (const live of this.live) {
      if (live.left === 0 || !ruleMatches(live.rule, target)) continue;
      if (live.left !== null) live.left--;
      out.push(live.rule.fault);
    }
    return out;
  }
}
