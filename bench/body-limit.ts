/**
 * `node --import tsx bench/body-limit.ts`: what the body limit costs per JSON POST in node's CPU (issue 13, lane
 * intake13). A Hono app on @hono/node-server with only the body limit and a route that reads the JSON body and answers
 * 201, once with Hono's `bodyLimit` and once with src/http/middleware/body-limit.ts, alternating `BENCH_ROUNDS` times
 * (default 3); autocannon in a child process at a fixed rate (`BENCH_RATE`, default 500/s) for `BENCH_REQUESTS`
 * (default 5000) requests after 1000 to warm up. Prints node's CPU µs per request per run.
 */
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit as honoBodyLimit } from 'hono/body-limit';
import { bodyLimit } from '../src/http/middleware/body-limit.ts';
import { cannonInChild } from './cannon.ts';
import { complaint } from './public-form.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 5000);

async function measure(limit: MiddlewareHandler): Promise<{ us: number; rate: number }> {
  const app = new Hono();
  app.use('*', limit);
  app.post('/json', async (c) => c.json({ ok: Object.keys(await c.req.json()).length }, 201));
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const door = { path: '/json', headers: { 'content-type': 'application/json' }, body: JSON.stringify(complaint('Limiet')) };
  await cannonInChild(url, 10, { amount: 1000 }, door, RATE);
  const cpu0 = process.cpuUsage();
  const r = await cannonInChild(url, 10, { amount: REQUESTS }, door, RATE);
  const cpu = process.cpuUsage(cpu0);
  await new Promise((resolve) => server.close(resolve));
  if ((r.statusCodeStats?.['201']?.count ?? 0) !== REQUESTS) throw new Error(`not every answer was 201: ${JSON.stringify(r.statusCodeStats)}`);
  return { us: (cpu.user + cpu.system) / REQUESTS, rate: REQUESTS / r.duration };
}

const options = { maxSize: 12 * 1024 * 1024, onError: () => new Response('te groot', { status: 413 }) };
console.log(`load average at start: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
console.log('| round | Hono bodyLimit µs/request (req/s) | ours µs/request (req/s) |\n|---|---:|---:|');
for (let i = 1; i <= ROUNDS; i++) {
  const hono = await measure(honoBodyLimit(options));
  const ours = await measure(bodyLimit(options));
  console.log(`| ${i} | ${hono.us.toFixed(0)} (${hono.rate.toFixed(0)}) | ${ours.us.toFixed(0)} (${ours.rate.toFixed(0)}) |`);
}
console.log(`load average at end: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
