import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { forwardToServer, socketPath, startCliSocket, type CliOutput } from './socket.ts';

function collect(): CliOutput & { out: string; err: string } {
  const c = { out: '', err: '', stdout: (s: string) => void (c.out += s), stderr: (s: string) => void (c.err += s) };
  return c;
}

/** The socket between a `klachtwijs` command and the running server (ADR 0008). */
describe('CLI socket', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'kw-sock-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('runs a forwarded command and returns its output and exit code; only the owner can open it; a stale file is replaced', async () => {
    const dir = mkdtempSync(path.join(root, 'a'));
    writeFileSync(socketPath(dir), 'left by a crashed server');
    const socket = await startCliSocket(dir, async (request, io) => {
      io.stdout(`argv ${request.argv.join(' ')} in ${request.cwd}\n`);
      io.stderr('Fout: zomaar.\n');
      return 3;
    });
    assert.ok(socket);
    assert.equal(statSync(socket.path).mode & 0o777, 0o600);
    const io = collect();
    const res = await forwardToServer(socket.path, { argv: ['units', 'list', '--org', 'x'], cwd: '/tmp' }, io);
    assert.deepEqual(res, { reached: true, code: 3 });
    assert.equal(io.out, 'argv units list --org x in /tmp\n');
    assert.equal(io.err, 'Fout: zomaar.\n');
    await socket.close();
    assert.ok(!existsSync(socket.path), 'removed on stop');
    assert.deepEqual(await forwardToServer(socket.path, { argv: [], cwd: '/' }, collect()), { reached: false });
  });

  it('runs commands one at a time', async () => {
    const dir = mkdtempSync(path.join(root, 'b'));
    let running = 0;
    let overlapped = false;
    const socket = await startCliSocket(dir, async (_request, io) => {
      running++;
      if (running > 1) overlapped = true;
      await new Promise((r) => setTimeout(r, 30));
      io.stdout('klaar\n');
      running--;
      return 0;
    });
    assert.ok(socket);
    const results = await Promise.all([1, 2, 3, 4].map(() => forwardToServer(socket.path, { argv: ['refold'], cwd: '/' }, collect())));
    assert.deepEqual(results, [1, 2, 3, 4].map(() => ({ reached: true, code: 0 })));
    assert.equal(overlapped, false);
    await socket.close();
  });

  it('gives up on a server that does not answer, with a Dutch message and exit code 1', async () => {
    const dir = mkdtempSync(path.join(root, 'c'));
    const silent = net.createServer(() => {});
    await new Promise<void>((r) => silent.listen(socketPath(dir), r));
    const io = collect();
    const started = performance.now();
    const res = await forwardToServer(socketPath(dir), { argv: ['units', 'list'], cwd: '/' }, io, 300);
    assert.deepEqual(res, { reached: true, code: 1 });
    assert.match(io.err, /de draaiende Klachtwijs-server antwoordt niet/);
    assert.ok(performance.now() - started < 5_000);
    silent.close();
  });
});
