import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadGraph } from '../src/core/document/loadGraph.ts';
import { loadTemplates } from '../src/cli/loadTemplates.ts';
import { renderThumbnail } from './thumbnails/renderThumbnail.ts';

/** `npm run thumbnails`: draws `public/examples/<example>.svg` for every example in the gallery's index. */

export const EXAMPLES_DIR = fileURLToPath(new URL('../public/examples/', import.meta.url));

/** The thumbnail file of an example graph file (`a.weft.json` → `a.svg`). */
export function thumbnailName(file: string): string {
  return file.replace(/\.weft\.json$/, '.svg');
}

/** Every example's file name and its thumbnail as it should be. */
export async function expectedThumbnails(): Promise<{ file: string; svg: string }[]> {
  const templates = await loadTemplates();
  const index = JSON.parse(await readFile(`${EXAMPLES_DIR}index.json`, 'utf8')) as { file: string }[];
  return Promise.all(
    index.map(async ({ file }) => {
      const loaded = loadGraph(await readFile(`${EXAMPLES_DIR}${file}`, 'utf8'), (type) => templates.get(type));
      if (!loaded.ok) throw new Error(`${file}: ${loaded.errors.map((e) => e.message).join('; ')}`);
      return { file: thumbnailName(file), svg: renderThumbnail(loaded.graph, (type) => templates.get(type)) };
    }),
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const { file, svg } of await expectedThumbnails()) {
    await writeFile(`${EXAMPLES_DIR}${file}`, svg);
    console.log(`wrote public/examples/${file} (${svg.length} bytes)`);
  }
}
