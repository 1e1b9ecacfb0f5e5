import type { WeftCommand } from '../command.ts';
import { EXIT } from '../exitCodes.ts';
import { matchesWords, normaliseSearchText, searchWords } from '../../core/templates/search.ts';
import { loadTemplates } from '../loadTemplates.ts';
import { jsonText } from '../terminalText.ts';

/** `weft nodes [query]`: lists endpoints (id, title, output kind); `--json` for machines. Exit 1 when nothing matches, either way. */
export const nodesCommand: WeftCommand = {
  name: 'nodes',
  summary: 'List node types (id, title, output kind), filtered by a query',
  define: (cmd) =>
    cmd
      .argument('[query...]', 'words that must all appear in the id, title, provider, category or output kind')
      .option('--json', 'the rows as a JSON array on stdout'),
  async run([words], options, io) {
    const query = (words as string[]).join(' ');
    const wanted = searchWords(query);
    const templates = [...(await loadTemplates()).values()]
      .filter((t) => matchesWords(normaliseSearchText([t.id, t.title, t.provider, t.category, ...t.outputs.map((o) => o.kind)].join(' ')), wanted))
      .sort((a, b) => a.id.localeCompare(b.id));
    const rows = templates.map((t) => ({ id: t.id, title: t.title, output: t.outputs.map((o) => `${o.kind}${o.list ? '[]' : ''}`).join(',') || '-' }));
    if (options.json) io.out(jsonText(rows, 2));
    if (rows.length === 0) {
      io.err(`No node matches "${query}".`);
      return EXIT.failed;
    }
    if (options.json) return EXIT.ok;
    const idWidth = Math.min(70, Math.max(...rows.map((r) => r.id.length)));
    const titleWidth = Math.min(50, Math.max(...rows.map((r) => r.title.length)));
    for (const r of rows) io.out(`${r.id.padEnd(idWidth)}  ${r.title.padEnd(titleWidth)}  ${r.output}`);
    io.err(`${rows.length} node type${rows.length === 1 ? '' : 's'}`);
    return EXIT.ok;
  },
};
