import { configFromEnv, PROVIDER_IDS, PROVIDERS, type KnownProviderId } from '../../providers/index.ts';
import { startSimulator, type RunningSimulator } from '../../server/simulator/index.ts';

/**
 * Which providers `weft run` reaches live and which on the built-in simulator: a provider with a key in
 * the environment runs live (at its `*_BASE_URL`), one without runs on a simulator started in this
 * process on loopback — and `--simulator` sends every provider there. Says so on stderr.
 */

export interface ProviderSetup {
  /** The environment the executor's providers are configured from (keys removed under `--simulator`). */
  env: Record<string, string | undefined>;
  simulatorUrl?: string;
  /** Providers answered by the in-process simulator (their jobs end with this process). */
  simulated: Set<string>;
  /** The keys configured for live providers, to keep out of every file written. */
  secrets: string[];
  notices: string[];
  close(): Promise<void>;
}

/** Sets up providers for the providers a graph uses (`used`); starts the simulator only when one needs it. */
export async function setUpProviders(env: Readonly<Record<string, string | undefined>>, used: ReadonlySet<string>, forceSimulator: boolean): Promise<ProviderSetup> {
  const effective: Record<string, string | undefined> = { ...env };
  const simulated = new Set<string>();
  const secrets: string[] = [];
  const notices: string[] = [];
  for (const id of PROVIDER_IDS) {
    const spec = PROVIDERS[id];
    const key = configFromEnv(id, env).apiKey;
    if (forceSimulator) {
      delete effective[spec.keyEnv];
      delete effective[spec.baseUrlEnv];
      if (used.has(id)) simulated.add(id);
    } else if (key) {
      secrets.push(key);
    } else if (used.has(id)) {
      simulated.add(id);
      notices.push(`${spec.title}: no ${spec.keyEnv} set, so its nodes run on the built-in simulator (no credits spent; results are samples).`);
    }
  }
  if (forceSimulator && simulated.size > 0) notices.push(`--simulator: ${[...simulated].map((id) => PROVIDERS[id as KnownProviderId].title).join(', ')} run on the built-in simulator (no credits spent; results are samples).`);
  for (const id of PROVIDER_IDS) {
    if (used.has(id) && !simulated.has(id)) notices.push(`${PROVIDERS[id].title}: live at ${configFromEnv(id, env).baseUrl} (key from ${PROVIDERS[id].keyEnv}); jobs may cost credits.`);
  }
  let running: RunningSimulator | undefined;
  if (simulated.size > 0) {
    const timing = env.WEFT_SIMULATOR_TIMING?.trim() || 'fast';
    if (timing !== 'fast' && timing !== 'realistic') throw new Error(`WEFT_SIMULATOR_TIMING must be "fast" or "realistic", not "${timing}"`);
    running = await startSimulator({ host: '127.0.0.1', port: 0, timing });
  }
  return {
    env: effective,
    ...(running ? { simulatorUrl: running.url } : {}),
    simulated,
    secrets,
    notices,
    close: async () => {
      await running?.close();
    },
  };
}
