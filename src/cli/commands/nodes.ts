import type { Command } from '../command.ts';
import { matchesWords, normaliseSearchText, searchWords } from '../../core/templates/search.ts';
import { loadTemplates } from '../loadTemplates.ts';


/** `weft nodes [query]`: lists endpoints (id, title, output kind); `--json` for machines. */
export const nodesCommand: Command = {
  name: 'nodes',
  usage: 'nodes [query] [--json]',
  summary: 'List node types (id, title, output kind), filtered by a query',
  async run(args, io) {
    if (args.includes('--help')) {
      io.out('Usage: weft nodes [query] [--json]\n\nEvery word of the query must appear in the id, title, provider, category or output kind.');
      return 0;
    }
    const query = args.filter((a) => !a.startsWith('--')).join(' ');
    const words = searchWords(query);
    const templates = [...(await loadTemplates()).values()]
      .filter((t) => matchesWords(normaliseSearchText([t.id, t.title, t.provider, t.category, ...t.outputs.map((o) => o.kind)].join(' ')), words))
      .sort((a, b) => a.id.localeCompare(b.id));
    const rows = templates.map((t) => ({ id: t.id, title: t.title, output: t.outputs.map((o) => `${o.kind}${o.list ? '[]' : ''}`).join(',') || '-' }));
    if (args.includes('--json')) {
      io.out(JSON.stringify(rows, null, 2));
      return 0;
    }
    if (rows.length === 0) {
      io.err(`No node matches "${query}".`);
      return 1;
    }
    const idWidth = Math.min(70, Math.max(...rows.map((r) => r.id.length)));
    const titleWidth = Math.min(50, Math.max(...rows.map((r) => r.title.length)));
    for (const r of rows) io.out(`${r.id.padEnd(idWidth)}  ${r.title.padEnd(titleWidth)}  ${r.output}`);
    io.err(`${rows.length} node type${rows.length === 1 ? '' : 's'}`);
    return 0;
  },
};
