import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startFaultProvider, type FaultProvider, type FaultProviderOptions } from '../fakeProvider/index.ts';
import { GRAPH_FILE, writeScenario, type Scenario } from './graphs.ts';
import { KEYS, providerEnv, spawnWeft, type WeftChild, type WeftExit } from './weftProcess.ts';

/**
 * A scratch folder with a scenario's graph, a fault provider of its own, and `weft run` in that folder
 * with `--json --state .weft --out out` (plus whatever a test adds). `FAULT_KEEP=1` keeps the folder.
 */

export interface Workspace {
  dir: string;
  /** `<dir>/out`, where save nodes write. */
  out: string;
  /** `<dir>/.weft`, the journal and cache. */
  state: string;
  fake: FaultProvider;
  scenario: Scenario;
  /** Starts `weft run graph.weft.json --json --state .weft --out out [--batch …] ...extra`. */
  start(extra?: readonly string[], options?: { env?: Record<string, string>; nodeArgs?: string[]; batch?: boolean; json?: boolean }): WeftChild;
  run(extra?: readonly string[], options?: Parameters<Workspace['start']>[1]): Promise<WeftExit>;
  close(): Promise<void>;
}

export async function openWorkspace(scenario: Scenario, fakeOptions: Partial<FaultProviderOptions> = {}): Promise<Workspace> {
  const dir = await mkdtemp(path.join(tmpdir(), 'weft-fault-'));
  await writeScenario(dir, scenario);
  const fake = await startFaultProvider({ keys: KEYS, ...fakeOptions });
  const start: Workspace['start'] = (extra = [], options = {}) => {
    const batch = scenario.batch && options.batch !== false ? ['--batch', scenario.batch] : [];
    const args = [GRAPH_FILE, ...(options.json === false ? [] : ['--json']), '--state', '.weft', '--out', 'out', ...batch, ...extra];
    return spawnWeft(args, { cwd: dir, env: options.env ?? providerEnv(fake.url), ...(options.nodeArgs ? { nodeArgs: options.nodeArgs } : {}) });
  };
  return {
    dir,
    out: path.join(dir, 'out'),
    state: path.join(dir, '.weft'),
    fake,
    scenario,
    start,
    run: (extra, options) => start(extra, options).done,
    async close() {
      await fake.close();
      if (!process.env.FAULT_KEEP) await rm(dir, { recursive: true, force: true });
    },
  };
}
