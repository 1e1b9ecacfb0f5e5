import type { CallInfo, CallKind, Fault, ProviderId } from './types.ts';

/**
 * Which calls get a fault instead of their answer: explicit rules ("the 2nd status call answers an HTML
 * page", "every download of job X answers 503, 10 times") and seeded random faults ("each status call
 * has a 10 % chance of one of these"). The first rule that matches wins; random faults come after rules.
 */

export interface FaultRule {
  provider?: ProviderId;
  call: CallKind | readonly CallKind[];
  /** Only the nth matching call (1-based): of its provider and kind, or of its job with `perJob`. */
  nth?: number;
  perJob?: boolean;
  /** How many calls the rule applies to (default 1; `Infinity` for all). */
  times?: number;
  /** Only calls this accepts. */
  when?: (call: CallInfo) => boolean;
  fault: Fault;
  /** For a submit: whether its job is created (and paid) anyway. Default: yes, except for `rateLimited`. */
  createsJob?: boolean;
}

export interface RandomFaults {
  /** A seeded generator in [0, 1). */
  rng: () => number;
  /** Chance that a call of a listed kind gets a fault. */
  rate: number;
  /** The faults each kind of call may get, picked evenly. */
  faults: Partial<Record<CallKind, readonly Fault[]>>;
  provider?: ProviderId;
}

export interface PickedFault {
  fault: Fault;
  createsJob: boolean;
}

export class FaultScript {
  private rules: { rule: FaultRule; left: number }[] = [];
  private randoms: RandomFaults[] = [];

  add(...rules: FaultRule[]): this {
    for (const rule of rules) this.rules.push({ rule, left: rule.times ?? 1 });
    return this;
  }

  random(spec: RandomFaults): this {
    this.randoms.push(spec);
    return this;
  }

  clear(): void {
    this.rules = [];
    this.randoms = [];
  }

  /** The fault for this call, if any; a rule's use is spent. */
  pick(call: CallInfo): PickedFault | undefined {
    for (const entry of this.rules) {
      const { rule } = entry;
      if (entry.left <= 0 || !matches(rule, call)) continue;
      entry.left--;
      return { fault: rule.fault, createsJob: rule.createsJob ?? rule.fault.type !== 'rateLimited' };
    }
    for (const spec of this.randoms) {
      const faults = spec.faults[call.kind];
      if (!faults?.length || (spec.provider && spec.provider !== call.provider)) continue;
      if (spec.rng() >= spec.rate) continue;
      const fault = faults[Math.floor(spec.rng() * faults.length)]!;
      return { fault, createsJob: fault.type !== 'rateLimited' };
    }
    return undefined;
  }
}

function matches(rule: FaultRule, call: CallInfo): boolean {
  const kinds: readonly CallKind[] = typeof rule.call === 'string' ? [rule.call] : rule.call;
  if (!kinds.includes(call.kind)) return false;
  if (rule.provider && rule.provider !== call.provider) return false;
  if (rule.nth !== undefined && (rule.perJob ? call.nthForJob : call.nth) !== rule.nth) return false;
  return !rule.when || rule.when(call);
}
