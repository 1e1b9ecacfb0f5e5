import { existsSync } from 'node:fs';
import path from 'node:path';
import type { WeftCommand } from '../command.ts';
import { EXIT } from '../exitCodes.ts';
import { optionParser, parsePort } from '../args.ts';
import { describeModes, startWeftServer } from '../../server/app.ts';
import { untilSignal } from '../untilSignal.ts';

const MORE = `
Requests must be addressed to localhost/127.0.0.1 (or the --host name); add more names to trust with
WEFT_ALLOWED_HOSTS=name1,name2.

Provider calls go through /api/<provider>/…: with RUNCOMFY_API_KEY / RUNNINGHUB_API_KEY set (or a key in
the editor's settings) to the provider (RUNCOMFY_BASE_URL / RUNNINGHUB_BASE_URL override where), without
one to the built-in simulator, which spends nothing.`;

/** `weft serve`: the built app and its provider proxy / simulator on a loopback port, until Ctrl-C. */
export const serveCommand: WeftCommand = {
  name: 'serve',
  summary: 'Serve the built editor (dist/) on this machine',
  define: (cmd) =>
    cmd
      .option('-p, --port <n>', 'port to listen on (default: $PORT, else 5173; 0 picks a free one)', optionParser(parsePort))
      .option('--host <host>', 'address to bind (default: $HOST, else 127.0.0.1)')
      .option('--dir <dir>', 'directory to serve (run `npm run build` first; `npm start` does both)', 'dist')
      .addHelpText('after', MORE),
  async run(_args, options, io) {
    const opts = options as { port?: number; host?: string; dir: string };
    const env = io.env ?? process.env;
    const root = path.resolve(io.cwd, opts.dir);
    if (!existsSync(path.join(root, 'index.html'))) {
      io.err(`weft serve: ${path.relative(io.cwd, root) || root}/index.html not found. Run \`npm run build\` first (or \`npm start\`).`);
      return EXIT.failed;
    }
    const port = opts.port ?? parsePort(env.PORT) ?? 5173;
    const host = opts.host ?? (env.HOST || '127.0.0.1');
    const allowedHosts = (env.WEFT_ALLOWED_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean);
    const running = await startWeftServer({ root, host, port, allowedHosts, env, log: (line) => io.out(line) });
    io.out(`Weft is running at ${running.url}`);
    for (const line of describeModes(running.api.status())) io.out(`  ${line}`);
    if (host === '0.0.0.0' || host === '::') io.out('Listening on every interface: anyone who can reach this machine can open the editor.');
    io.out('Press Ctrl-C to stop.');
    await untilSignal();
    await running.close();
    return EXIT.ok;
  },
};
