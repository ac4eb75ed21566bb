/**
 * The body limit decides from the method and the headers when it can, without touching the request's `body` (on
 * @hono/node-server that access makes a full Web Request and streams the body through it: issue 13, lane intake13),
 * and decides as Hono's own body limit does: a declared length over the limit is refused before reading, a chunked
 * body is counted, GET passes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Hono } from 'hono';
import { bodyLimit } from './body-limit.ts';

/** A Request that counts how often its `body` is looked at. */
function countingRequest(url: string, init: RequestInit & { duplex?: 'half' }): { request: Request; bodyReads: () => number } {
  let reads = 0;
  const request = new Request(url, init);
  const descriptor = Object.getOwnPropertyDescriptor(Request.prototype, 'body')!;
  Object.defineProperty(request, 'body', {
    get() {
      reads++;
      return descriptor.get!.call(request) as ReadableStream | null;
    },
  });
  return { request, bodyReads: () => reads };
}

function app() {
  const a = new Hono();
  a.use('*', bodyLimit({ maxSize: 100, onError: (c) => c.text('te groot', 413) }));
  a.all('*', async (c) => c.text(c.req.method === 'GET' ? 'ok' : `gelezen ${(await c.req.text()).length}`));
  return a;
}

describe('bodyLimit', () => {
  it('does not look at the body of a request with a Content-Length within the limit, and the route reads it', async () => {
    const { request, bodyReads } = countingRequest('http://x/api', { method: 'POST', body: 'a'.repeat(50), headers: { 'content-length': '50' } });
    const res = await app().request(request);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'gelezen 50');
    // Only the route's own read (text()) may touch it; the limit did not.
    assert.ok(bodyReads() <= 1, `body looked at ${bodyReads()} times`);
    const { request: get, bodyReads: getReads } = countingRequest('http://x/pagina', { method: 'GET' });
    assert.equal((await app().request(get)).status, 200);
    assert.equal(getReads(), 0);
  });

  it('refuses a declared length over the limit before reading, as Hono does', async () => {
    const { request, bodyReads } = countingRequest('http://x/api', { method: 'POST', body: 'a'.repeat(150), headers: { 'content-length': '150' } });
    const res = await app().request(request);
    assert.equal(res.status, 413);
    assert.equal(bodyReads(), 0);
  });

  it('counts a body without a length (chunked) and refuses it over the limit', async () => {
    const stream = (n: number) =>
      new ReadableStream({
        start(c) {
          for (let i = 0; i < n; i++) c.enqueue(new TextEncoder().encode('a'.repeat(30)));
          c.close();
        },
      });
    assert.equal((await app().request(new Request('http://x/api', { method: 'POST', body: stream(5), duplex: 'half' } as RequestInit))).status, 413);
    const small = await app().request(new Request('http://x/api', { method: 'POST', body: stream(2), duplex: 'half' } as RequestInit));
    assert.equal(small.status, 200);
    assert.equal(await small.text(), 'gelezen 60');
  });
});
