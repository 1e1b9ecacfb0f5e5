import { Argument } from 'commander';
import type { WeftCommand } from '../command.ts';
import { EXIT } from '../exitCodes.ts';
import { jsonText } from '../terminalText.ts';
import { UsageError } from '../usageError.ts';
import { diffCatalog, type CatalogDiff } from '../catalog/diffCatalog.ts';
import { fetchRunComfyCatalog } from '../catalog/fetchRunComfyCatalog.ts';
import { loadDefinitions } from '../loadTemplates.ts';
import { checkBaseUrl } from '../../providers/config.ts';
import { configFromEnv } from '../../providers/index.ts';
import { startSimulator } from '../../server/simulator/index.ts';
import { SIMULATOR_KEY } from '../../node/executorHost.ts';

const MORE = `
Fetches RunComfy's live catalog (GET /v1/models?include_schema=true) from RUNCOMFY_BASE_URL (default
https://model-api.runcomfy.net) with RUNCOMFY_API_KEY, and reports the endpoints added, removed or
changed (field by field) against the definitions in nodes/. Nothing is written; regenerate nodes/ with
\`npm run catalog\` from updated sources.`;

function printDiff(diff: CatalogDiff, origin: string, out: (t: string) => void): void {
  const total = diff.added.length + diff.changed.length + diff.unchanged;
  out(`RunComfy catalog at ${origin}: ${total} endpoint${total === 1 ? '' : 's'}; ${diff.unchanged} as in nodes/.`);
  if (diff.added.length) out([`Added (${diff.added.length}), not in nodes/:`, ...diff.added.map((a) => `  + ${a.id}  ${a.title}`)].join('\n'));
  if (diff.removed.length) out([`Removed (${diff.removed.length}), in nodes/ but no longer served:`, ...diff.removed.map((r) => `  - ${r.id}  ${r.title}`)].join('\n'));
  if (diff.changed.length) out([`Changed (${diff.changed.length}):`, ...diff.changed.flatMap((c) => [`  ~ ${c.id}`, ...c.changes.map((x) => `      ${x}`)])].join('\n'));
  if (!diff.added.length && !diff.removed.length && !diff.changed.length) out('nodes/ is up to date with the live catalog.');
}

/** `weft catalog refresh`: the live RunComfy catalog against nodes/. */
export const catalogCommand: WeftCommand = {
  name: 'catalog',
  summary: "Compare RunComfy's live catalog with nodes/",
  define: (cmd) =>
    cmd
      .addArgument(new Argument('<action>', 'what to do').choices(['refresh']))
      .option('--json', 'the report as JSON')
      .option('--check', 'exit 1 when anything differs (for CI)')
      .option('--simulator', 'ask the built-in simulator instead (it serves nodes/, so nothing differs)')
      .addHelpText('after', MORE),
  async run(_args, options, io) {
    const opts = options as { json?: boolean; check?: boolean; simulator?: boolean };
    const config = configFromEnv('runcomfy', io.env ?? process.env);
    const sim = opts.simulator ? await startSimulator({ host: '127.0.0.1', port: 0 }) : undefined;
    try {
      const apiKey = sim ? SIMULATOR_KEY : config.apiKey;
      if (!apiKey) throw new UsageError('set RUNCOMFY_API_KEY (the catalog is served to a key), or use --simulator.');
      const baseUrl = sim ? sim.url : checkBaseUrl(config.baseUrl, 'RUNCOMFY_BASE_URL');
      const [live, local] = await Promise.all([fetchRunComfyCatalog(baseUrl, apiKey), loadDefinitions()]);
      const diff = diffCatalog(live, local);
      if (opts.json) io.out(jsonText({ source: new URL(baseUrl).origin, ...diff }, 2));
      else printDiff(diff, new URL(baseUrl).origin, io.out);
      const differs = diff.added.length + diff.removed.length + diff.changed.length > 0;
      return opts.check && differs ? EXIT.failed : EXIT.ok;
    } finally {
      await sim?.close();
    }
  },
};
