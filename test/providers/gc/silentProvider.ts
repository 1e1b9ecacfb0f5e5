import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { isProviderError, type Provider } from '../../../src/core/providers/types.ts';
import { createRunComfy } from '../../../src/providers/runcomfy.ts';
import { createRunningHub } from '../../../src/providers/runninghub.ts';

/**
 * Run as a child `node --expose-gc --import tsx silentProvider.ts <provider> <call>`: a loopback server
 * that accepts connections and never answers, an adapter call with a short timeout and a caller's abort
 * signal (the shape that made Node 20's `AbortSignal.any` stop firing), and forced garbage collection
 * every few milliseconds while the call waits. Prints one JSON line: how the call ended.
 */

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const [providerId = 'runcomfy', call = 'status'] = process.argv.slice(2);
const sockets: Socket[] = [];
const server = createServer((socket) => {
  sockets.push(socket); // held open, never written to
  socket.on('error', () => {});
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const config = { baseUrl, apiKey: 'sk-gc-test-0123456789', timeoutMs: 300 };
const provider: Provider = providerId === 'runninghub' ? createRunningHub(config) : createRunComfy(config);
const caller = new AbortController();

const churn = setInterval(() => {
  // Garbage to collect, then a full collection: what a busy run does between polls.
  const junk: unknown[] = [];
  for (let i = 0; i < 2000; i++) junk.push({ i, s: `x${i}` });
  junk.length = 0;
  if (!process.env.NO_GC) gc();
}, 5);

let outcome: Record<string, unknown>;
try {
  const job = providerId === 'runninghub' ? '1904152026220003329' : 'req-1';
  if (call === 'submit') await provider.submit('a/b', { prompt: 'x' }, { signal: caller.signal });
  else if (call === 'result') await provider.result(job, { signal: caller.signal });
  else await provider.status(job, { signal: caller.signal });
  outcome = { ended: 'answered' };
} catch (error) {
  outcome = isProviderError(error) ? { ended: 'error', info: error.info } : { ended: 'thrown', message: String(error) };
}
clearInterval(churn);
for (const s of sockets) s.destroy();
server.close();
process.stdout.write(`${JSON.stringify(outcome)}\n`);
