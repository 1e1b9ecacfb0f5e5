import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from '../command.ts';
import { compileTemplate } from '../../core/templates/compile.ts';
import { describeTemplate } from '../../core/templates/describe.ts';
import { loadTemplates } from '../loadTemplates.ts';

const MAX_SCHEMA_BYTES = 20 * 1024 * 1024;

/** `weft template <node-id | schema-file>`: prints the compiled template as JSON. */
export const templateCommand: Command = {
  name: 'template',
  usage: 'template <node-id | schema-file>',
  summary: 'Print the node template compiled from an endpoint id or a schema file',
  async run(args, io) {
    const target = args.find((a) => !a.startsWith('-'));
    if (!target || args.includes('--help')) {
      io.out('Usage: weft template <node-id | schema-file>\n\nA schema file may be a JSON Schema, an OpenAPI document, a RunningHub registry entry or a RunComfy catalog entry.');
      return target ? 0 : 2;
    }
    const templates = await loadTemplates();
    const known = templates.get(target);
    if (known) {
      io.out(JSON.stringify(describeTemplate(known), null, 2));
      return 0;
    }
    let text: string;
    try {
      text = await readFile(resolve(io.cwd, target), 'utf8');
    } catch {
      const words = target.toLowerCase().split(/[^a-z0-9.]+/).filter(Boolean);
      const near = [...templates.keys()]
        .map((id) => ({ id, score: words.filter((w) => id.toLowerCase().includes(w)).length }))
        .filter((c) => c.score > 0)
        .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
        .slice(0, 5)
        .map((c) => c.id);
      io.err(`weft template: "${target}" is neither a known node id nor a readable file.${near.length ? `\nDid you mean:\n  ${near.join('\n  ')}` : ''}`);
      return 2;
    }
    if (text.length > MAX_SCHEMA_BYTES) {
      io.err(`weft template: ${target} is larger than ${MAX_SCHEMA_BYTES / 1024 / 1024} MB`);
      return 2;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      io.err(`weft template: ${target} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
      return 2;
    }
    try {
      io.out(JSON.stringify(describeTemplate(compileTemplate(json)), null, 2));
      return 0;
    } catch (error) {
      io.err(`weft template: ${target}: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
  },
};
