/**
 * Every request gets an answer (issue 8, robustness): a client that sends its whole body before it reads
 * (a raw `net` socket) gets the server's answer also when the server answers before reading the body: an
 * unrouted path or method, 401, 403, 404, 413, a request Node cannot parse. Before, the server cut the
 * connection 500 ms after answering and the client got a reset instead of the answer. Then a random
 * malformed-request mix (bad methods, paths, headers, multipart, JSON; bodies up to several MB): no 5xx,
 * no reset, and no error-level log line. A client that aborts its upload is no error-level event either.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { loadConfig } from '../../src/config.ts';
import type { Database } from '../../src/db/database.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { makeOrganisationWithRegulation, makeToken } from '../support/factories.ts';
import { freePort } from '../support/pg-server.ts';
import { prng } from '../support/prng.ts';
import { closeReusableTestPglite, reusableTestPglite } from '../support/templates.ts';

const MB = 1024 * 1024;

interface Answer {
  /** The status of a complete answer, or null. */
  status: number | null;
  /** What went wrong on the way (ECONNRESET, EPIPE, incomplete answer …), or null. */
  failure: string | null;
}

/**
 * Sends `head` and then `body` (in 64 KiB pieces, `pauseMs` between them), and only then reads: the way a
 * simple client or a proxy that buffers uploads behaves. The answer counts when it arrived in full.
 */
function sendThenRead(port: number, head: string, body: Buffer | number, pauseMs = 0): Promise<Answer> {
  const payload = typeof body === 'number' ? Buffer.alloc(body, 0x61) : body;
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    let settled = false;
    const settle = (a: Answer) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(a);
    };
    const complete = (): number | null => {
      // An interim "100 Continue" (Expect: 100-continue) is not the answer.
      while (/^HTTP\/1\.1 1\d\d /.test(received.subarray(0, 13).toString('latin1')) && received.includes('\r\n\r\n')) received = received.subarray(received.indexOf('\r\n\r\n') + 4);
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return null;
      const headText = received.subarray(0, end).toString('latin1');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(headText)?.[1] ?? NaN);
      const length = /\r\ncontent-length: *(\d+)/i.exec(headText);
      if (length) return received.length >= end + 4 + Number(length[1]) ? status : null;
      if (/\r\ntransfer-encoding: *chunked/i.test(headText)) return received.subarray(end + 4).includes('0\r\n\r\n') ? status : null;
      return null;
    };
    socket.on('error', (err: NodeJS.ErrnoException) => settle({ status: complete(), failure: complete() === null ? (err.code ?? err.message) : null }));
    socket.on('end', () => {
      const status = complete() ?? (received.length ? Number(/^HTTP\/1\.1 (\d{3})/.exec(received.toString('latin1'))?.[1] ?? NaN) : null);
      settle({ status, failure: status === null || Number.isNaN(status) ? 'closed without an answer' : null });
    });
    // A server that never answers fails the request, not the whole run.
    const timer = setTimeout(() => settle({ status: complete(), failure: 'no answer within 30 s' }), 30_000);
    socket.once('close', () => clearTimeout(timer));
    socket.pause();
    socket.write(head);
    let sent = 0;
    const pump = () => {
      while (sent < payload.length) {
        const piece = payload.subarray(sent, sent + 64 * 1024);
        sent += piece.length;
        const more = socket.write(piece);
        if (pauseMs) {
          setTimeout(pump, pauseMs);
          return;
        }
        if (!more) {
          socket.once('drain', pump);
          return;
        }
      }
      // Everything sent: now read.
      socket.on('data', (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        const status = complete();
        if (status !== null) settle({ status, failure: null });
      });
      socket.resume();
    };
    pump();
  });
}

const request = (method: string, path: string, headers: Record<string, string | number>, length: number) =>
  `${method} ${path} HTTP/1.1\r\nHost: localhost\r\n${Object.entries({ ...headers, 'Content-Length': length })
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n')}\r\n\r\n`;

// The PGlite is the process's reusable one (issue 13: an open costs 0.5–0.8 s of CPU); the one kept for the next suite is
// closed once every test of the process has run (see test/support/databases.ts).
after(closeReusableTestPglite);

describe('every request gets an answer', () => {
  let database: Database;
  let server: RunningServer;
  let token: string;
  let slug: string;
  const logLines: { level: number; msg: string }[] = [];

  before(async () => {
    database = await reusableTestPglite();
    const org = await makeOrganisationWithRegulation(database.db, 'stadsring51');
    slug = org.org.slug;
    token = await makeToken(database.db, org.org.id, org.coordinator.user.id);
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) logLines.push(JSON.parse(line) as { level: number; msg: string });
        done();
      },
    });
    const config = loadConfig({ PORT: String(await freePort()), HOST: '127.0.0.1', KLACHTWIJS_DEMO: 'false' });
    server = await startServer(config, pino({ level: 'debug' }, sink), { database });
  });
  after(async () => {
    await server?.close();
    await database?.close();
  });

  const errorLines = () => logLines.filter((l) => l.level >= 50);

  it('answers a 5 MB body sent before reading: unrouted paths and methods, 401, 403, 404, 413, unparseable', async () => {
    const five = 5 * MB;
    const cases: [string, string, number][] = [
      ['unrouted path (form post without CSRF)', request('POST', '/nergens/iets', { 'Content-Type': 'application/octet-stream' }, five), 403],
      ['unrouted method', request('PUT', '/start', { 'Content-Type': 'application/octet-stream' }, five), 403],
      ['unrouted API path (no token)', request('DELETE', '/api/v1/nergens', { 'Content-Type': 'application/json' }, five), 401],
      ['unrouted API path', request('DELETE', '/api/v1/nergens', { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, five), 404],
      ['401 without token', request('POST', '/api/v1/complaints', { 'Content-Type': 'application/json' }, five), 401],
      ['404 missing complaint, unrouted method', request('PATCH', '/api/v1/complaints/00000000-0000-4000-8000-000000000000', { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, five), 404],
      ['415 before reading', request('POST', '/api/v1/complaints', { 'Content-Type': 'application/octet-stream', Authorization: `Bearer ${token}` }, five), 415],
      ['403 form post without CSRF', request('POST', '/beheer/eenheden', { 'Content-Type': 'application/x-www-form-urlencoded' }, five), 403],
      ['404 unknown page, GET with a body', request('GET', '/bestaat-niet/klacht', { 'Content-Type': 'application/octet-stream' }, five), 404],
      ['unparseable method', request('FOO', '/x', {}, five), 400],
    ];
    for (const [what, head, status] of cases) {
      const answer = await sendThenRead(server.port, head, five);
      assert.deepEqual(answer, { status, failure: null }, what);
    }
    // 413 on Content-Length before the body is read: 13 MB.
    assert.deepEqual(await sendThenRead(server.port, request('POST', `/${slug}/klacht`, { 'Content-Type': 'multipart/form-data; boundary=zz' }, 13 * MB), 13 * MB), { status: 413, failure: null });
    // Chunked, too large: the body limit stops reading at 12 MB and answers 413.
    const chunked = `POST /${slug}/klacht HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=zz\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const piece = Buffer.alloc(MB, 0x62);
    const chunks = Buffer.concat([...Array.from({ length: 13 }, () => Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')])), Buffer.from('0\r\n\r\n')]);
    assert.deepEqual(await sendThenRead(server.port, chunked, chunks), { status: 413, failure: null });
    // A broken chunk after 1 MB: the answer arrives, 403 when the server answered before its parser reached
    // the broken chunk, else 400.
    const brokenChunks = Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\nzz-geen-lengte\r\n'), Buffer.alloc(2 * MB, 0x63)]);
    const octets = `POST /nergens HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const broken = await sendThenRead(server.port, octets, brokenChunks);
    assert.equal(broken.failure, null);
    assert.ok(broken.status === 400 || broken.status === 403, String(broken.status));
    // A broken header line: 400.
    assert.deepEqual(await sendThenRead(server.port, `POST /nergens HTTP/1.1\r\nHost: localhost\r\nX Kapot\r\nContent-Length: ${five}\r\n\r\n`, five), { status: 400, failure: null });
  });

  it('answers slow uploads that take longer than a second to send, all at once', async () => {
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => sendThenRead(server.port, request('POST', i % 2 ? '/api/v1/complaints' : '/nergens', { 'Content-Type': 'application/json' }, 2 * MB), 2 * MB, 40)),
    );
    assert.deepEqual(answers.filter((a) => a.failure !== null), []);
    assert.deepEqual([...new Set(answers.map((a) => a.status))].sort(), [401, 403]);
  });

  it('keeps the connection usable after throwing away an unread body', { timeout: 20_000 }, async () => {
    const socket = net.connect(server.port, '127.0.0.1');
    const text = await new Promise<string>((resolve, reject) => {
      let got = '';
      socket.on('data', (d: Buffer) => {
        got += d.toString('latin1');
        if ((got.match(/HTTP\/1\.1 /g) ?? []).length === 2 && got.includes('"status":"ok"')) resolve(got);
      });
      socket.on('error', reject);
      socket.write(request('POST', '/api/v1/nergens', { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, MB));
      socket.write(Buffer.alloc(MB, 0x20));
      socket.write('GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n');
    });
    socket.destroy();
    assert.match(text, /^HTTP\/1\.1 404/);
    assert.match(text, /HTTP\/1\.1 200 OK[\s\S]*"status":"ok"/);
  });

  it('answers a random malformed mix without a 5xx, a reset or an error-level log line', async () => {
    const random = prng(Number(process.env.KW_FUZZ_SEED ?? 20261201));
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const methods = ['GET', 'POST', 'POST', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'FOO', 'G3T', 'PROPFIND'];
    const paths = ['/', '/nergens', `/${slug}/klacht`, `/${slug}/klachtenregeling`, '/api/v1/complaints', `/api/v1/public/${slug}/complaints`, '/api/v1/complaints?from=0000-01-01', '/klachten?from=0000-01-01&to=99999-01-01', '/inloggen', '/beheer/eenheden', '/start', '/%ZZ', '/..%2f..%2fetc%2fpasswd', `/${'x'.repeat(3000)}`, '/static/../../etc/passwd', '/api/v1/role-bindings'];
    const types = ['multipart/form-data; boundary=zz', 'multipart/form-data', 'multipart/form-data; boundary=', 'application/json', 'application/json; charset=latin1', 'application/x-www-form-urlencoded', 'text/plain', 'application/octet-stream', '\u0001garbage', ''];
    const bodies: (() => Buffer)[] = [
      () => Buffer.alloc(0),
      () => Buffer.from('--zz\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\nabc\r\n--zz'), // no closing boundary
      () => Buffer.from('--zz\r\nContent-Disposition: form-data; name="attachments"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF' + 'x'.repeat(1000)),
      () => Buffer.from('--other\r\n\r\n--other--'),
      () => Buffer.from('{"channel": "letter",'),
      () => Buffer.from('{"description": "\\u0000\\ud800", "complainant": [[[[[]]]]]}'),
      () => Buffer.from('_csrf=%ZZ&name=%00&&&=='),
      () => Buffer.from([0xff, 0xfe, 0x00, 0x00, 0xc3, 0x28]),
      () => Buffer.alloc(Math.floor(random() * 3 * MB), 0x7a),
      () => Buffer.concat([Buffer.from('--zz\r\nContent-Disposition: form-data; name="attachments"; filename="groot.bin"\r\n\r\n'), Buffer.alloc(Math.floor(random() * 4 * MB), 0x30)]),
    ];
    const extraHeaders: Record<string, string>[] = [{}, { Authorization: 'Bearer kw_nietgeldig' }, { Authorization: `Bearer ${token}` }, { Cookie: 'kw_session=%ZZ; kw_csrf=\u00ff' }, { Accept: 'application/json' }, { 'X-Forwarded-For': '999.1.1.1, ::g' }, { Expect: '100-continue' }];
    const results: { what: string; answer: Answer }[] = [];
    const N = 160;
    for (let i = 0; i < N; i += 4) {
      const batch = Array.from({ length: 4 }, () => {
        const method = pick(methods);
        const path = pick(paths);
        const type = pick(types);
        const body = pick(bodies)();
        const headers: Record<string, string | number> = { ...(type ? { 'Content-Type': type } : {}), ...pick(extraHeaders) };
        const what = `${method} ${path.slice(0, 60)} ${type} ${body.length} bytes ${Object.keys(headers).join(',')}`;
        return sendThenRead(server.port, request(method, path, headers, body.length), body).then((answer) => ({ what, answer }));
      });
      results.push(...(await Promise.all(batch)));
    }
    const lost = results.filter((r) => r.answer.failure !== null);
    const fivexx = results.filter((r) => (r.answer.status ?? 0) >= 500);
    assert.deepEqual(lost, [], 'no answer lost');
    assert.deepEqual(fivexx, [], 'no 5xx');
    assert.deepEqual(errorLines(), [], 'no error-level log line');
  });

  it('logs a client that aborts its upload below error level', async () => {
    const before = logLines.length;
    await new Promise<void>((resolve) => {
      const socket = net.connect(server.port, '127.0.0.1');
      socket.on('error', () => resolve());
      socket.write(request('POST', `/${slug}/klacht`, { 'Content-Type': 'multipart/form-data; boundary=zz' }, 4 * MB));
      socket.write(Buffer.concat([Buffer.from('--zz\r\nContent-Disposition: form-data; name="attachments"; filename="a.pdf"\r\n\r\n'), Buffer.alloc(512 * 1024, 0x31)]), () => {
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 100);
      });
    });
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(logLines.slice(before).filter((l) => l.level >= 50), []);
    // The server still answers.
    assert.equal((await fetch(`${server.url}/health`)).status, 200);
  });
});
