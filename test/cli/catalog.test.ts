import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/command.ts';
import { loadDefinitions } from '../../src/cli/loadTemplates.ts';
import { main } from '../../src/cli/main.ts';

/** `weft catalog refresh` against a small RunComfy catalog server on loopback, paging like the real one. */

const KEY = 'rc-catalog-key-3e1f9a7b5c';
const VEO = 'google-deepmind/veo-3-1/reference-to-video';
const GONE = 'google-deepmind/veo-3/image-to-video';

let server: Server;
let url: string;
const seen: { headers: IncomingHttpHeaders; query: URLSearchParams }[] = [];

beforeAll(async () => {
  const defs = (await loadDefinitions()).filter((d) => d.provider === 'runcomfy');
  const models = defs
    .filter((d) => d.endpoint !== GONE)
    .map((d) => {
      const schema = structuredClone(d.inputSchema) as { properties: Record<string, { enum?: unknown[] }> };
      if (d.endpoint === VEO) {
        schema.properties.resolution!.enum = ['720p', '1080p', '4k'];
        schema.properties.negative_prompt = { type: 'string' } as never;
      }
      return { model_id: d.endpoint, display_name: d.title, output_type: d.output.kind, input_schema: schema };
    });
  models.push({ model_id: 'acme/new-model/text-to-image', display_name: 'Acme New Model', output_type: 'image', input_schema: { type: 'object', properties: { prompt: { type: 'string' } }, required: ['prompt'] } as never });
  server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    seen.push({ headers: req.headers, query: u.searchParams });
    if (req.headers.authorization !== `Bearer ${KEY}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error_code: 400004, error_message: 'Token is missing or invalid' }));
      return;
    }
    const offset = Number(u.searchParams.get('offset') ?? 0);
    const limit = Number(u.searchParams.get('limit') ?? 1000);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ models: models.slice(offset, offset + limit), total: models.length }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function catalog(args: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), cwd: process.cwd(), env };
  const code = await main(['catalog', ...args], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('weft catalog refresh', () => {
  it('reports endpoints added, removed and changed field by field, paging with the key in Authorization only', async () => {
    seen.length = 0;
    const result = await catalog(['refresh'], { RUNCOMFY_API_KEY: KEY, RUNCOMFY_BASE_URL: url });
    expect(result.code, result.err).toBe(0);
    expect(result.out).toContain('Added (1), not in nodes/:\n  + acme/new-model/text-to-image  Acme New Model');
    expect(result.out).toContain(`Removed (1), in nodes/ but no longer served:\n  - ${GONE}`);
    expect(result.out).toContain(`  ~ ${VEO}\n      resolution: values 720p, 1080p → 720p, 1080p, 4k\n      new field negative_prompt (text)`);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.every((s) => s.query.get('include_schema') === 'true')).toBe(true);
    expect(seen.map((s) => Number(s.query.get('offset')))).toEqual(seen.map((_, i) => i * 100));
    expect(`${result.out}${result.err}`).not.toContain(KEY);
    // --check turns differences into exit 1 for CI.
    expect((await catalog(['refresh', '--check'], { RUNCOMFY_API_KEY: KEY, RUNCOMFY_BASE_URL: url })).code).toBe(1);
  });

  it('says what is wrong with a refused key or a missing one, without printing it', async () => {
    const refused = await catalog(['refresh'], { RUNCOMFY_API_KEY: 'rc-wrong-key-000000', RUNCOMFY_BASE_URL: url });
    expect(refused).toMatchObject({ code: 1, err: 'weft catalog: RunComfy answered 401 (error 400004): Token is missing or invalid' });
    const missing = await catalog(['refresh'], { RUNCOMFY_BASE_URL: url });
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('set RUNCOMFY_API_KEY');
  });

  it('finds nothing to report against the built-in simulator, which serves nodes/', async () => {
    const result = await catalog(['refresh', '--simulator', '--check'], {});
    expect(result.code, result.err).toBe(0);
    expect(result.out).toContain('nodes/ is up to date with the live catalog.');
  });
});
