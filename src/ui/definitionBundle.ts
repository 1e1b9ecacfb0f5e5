/**
 * Every endpoint definition in `nodes/`, as JSON text, in one lazy chunk: opening a file that names
 * hundreds of endpoint types fetches this once instead of one chunk per definition (326 requests,
 * about a second, for the 1,000-node benchmark graph). `?raw` keeps these copies apart from the
 * per-definition chunks the palette still loads one by one. Never part of the first load.
 */
export const DEFINITION_TEXTS = import.meta.glob<string>(['/nodes/**/*.json', '!/nodes/index.json'], { query: '?raw', import: 'default', eager: true });
