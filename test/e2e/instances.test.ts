/**
 * Several instances on one PostgreSQL server (issue 13, ADR 0030), as an operator runs them: two web processes
 * (KLACHTWIJS_SERVICES=web) and one worker process (KLACHTWIJS_SERVICES=worker), three real `klachtwijs serve`
 * processes with their own memory, started at the same moment on one empty database. Builds on
 * test/integration/jobs-two-instances.test.ts (two workers in one process, mail once) and startup-race.test.ts
 * (three servers in one process): here the memory is really separate.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { DEMO_LOGINS_FILE } from '../../src/cli/demo-logins.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { migrations } from '../../src/db/migrations/index.ts';
import { asOwner } from '../../src/db/tenant.ts';
import { startJobQueue, type JobQueue } from '../../src/jobs/queue.ts';
import { JOBS } from '../../src/jobs/registry.ts';
import { queueMail } from '../../src/mail/outbox.ts';
import { DEMO_SLUG } from '../../src/usecases/demo/seed-demo.ts';
import { awayFromMinuteEdge } from '../support/http.ts';
import { acquirePostgresServer, createDatabase, freePort, type PostgresServer, type TestDatabase } from '../support/pg-server.ts';
import { BIN } from '../support/process.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp.ts';

interface Instance {
  name: string;
  url: string;
  dir: string;
  child: ChildProcess;
  output: () => string;
}

describe('two web instances and one worker on one PostgreSQL server', () => {
  let pg: PostgresServer;
  let testDb: TestDatabase;
  let sink: SmtpSink;
  let database: Database;
  const instances: Instance[] = [];
  const web1 = () => instances[0]!;
  const web2 = () => instances[1]!;
  const worker = () => instances[2]!;

  async function spawnInstance(name: string, env: Record<string, string>): Promise<Instance> {
    const port = await freePort();
    const dir = mkdtempSync(path.join(tmpdir(), `kw-${name}-`));
    const child = spawn(process.execPath, [BIN, 'serve'], {
      env: { ...process.env, LOG_LEVEL: 'warn', PORT: String(port), HOST: '127.0.0.1', KLACHTWIJS_DATA_DIR: dir, DATABASE_URL: testDb.url, KLACHTWIJS_DEMO: 'true', KLACHTWIJS_PUBLIC_RATE_LIMIT: '3', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    return { name, url: `http://127.0.0.1:${port}`, dir, child, output: () => out };
  }

  async function waitReady(instance: Instance, ms = 240_000): Promise<void> {
    const started = Date.now();
    let last = 'no answer';
    while (Date.now() - started < ms) {
      if (instance.child.exitCode !== null) throw new Error(`${instance.name} exited with ${instance.child.exitCode}:\n${instance.output()}`);
      try {
        const res = await fetch(`${instance.url}/ready`);
        if (res.status === 200) return;
        last = `${res.status} ${await res.text()}`;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${instance.name} was not ready within ${ms} ms (last /ready: ${last}):\n${instance.output()}`);
  }

  before(async () => {
    pg = await acquirePostgresServer();
    testDb = await createDatabase(pg.url);
    sink = await startSmtpSink();
    // Web instances get no SMTP_URL: a mail job one of them ran would never reach the sink.
    const started = await Promise.all([spawnInstance('web1', { KLACHTWIJS_SERVICES: 'web' }), spawnInstance('web2', { KLACHTWIJS_SERVICES: 'web', KLACHTWIJS_DRAIN_SECONDS: '3' }), spawnInstance('worker', { KLACHTWIJS_SERVICES: 'worker', SMTP_URL: sink.url })]);
    instances.push(...started);
    await Promise.all(instances.map((i) => waitReady(i)));
    database = await openDatabase({ kind: 'postgres', url: testDb.url });
  });

  after(async () => {
    for (const i of instances) {
      if (i.child.exitCode === null) {
        const exited = new Promise((r) => i.child.once('exit', r));
        i.child.kill('SIGTERM');
        await exited;
      }
      rmSync(i.dir, { recursive: true, force: true });
    }
    await database?.close();
    await sink?.stop();
    await testDb?.drop();
    await pg?.stop();
  });

  it('all three started at the same moment on an empty database: migrated once, one demo organisation, one job schema', async () => {
    const ran = await asOwner(() => sql<{ name: string }>`select name from kysely_migration order by name`.execute(database.db));
    assert.deepEqual(ran.rows.map((r) => r.name), Object.keys(migrations).sort(), 'every migration recorded once');
    assert.deepEqual(await asOwner(() => database.db.selectFrom('organisations').select('slug').execute()), [{ slug: DEMO_SLUG }], 'one demo organisation');
    const demoFiles = instances.filter((i) => {
      try {
        return readFileSync(path.join(i.dir, DEMO_LOGINS_FILE), 'utf8').length > 0;
      } catch {
        return false;
      }
    });
    assert.equal(demoFiles.length, 1, 'exactly one instance made the demo and wrote its log-ins');
    const version = await sql<{ n: number }>`select count(*)::int as n from pgboss.version`.execute(database.db);
    assert.equal(version.rows[0]?.n, 1, 'pg-boss made its schema once');
    for (const i of instances) assert.equal((await fetch(`${i.url}/health`)).status, 200, `${i.name} is healthy`);
    assert.equal((await fetch(`${worker().url}/klachten`)).status, 404, 'the worker serves no pages');
  });

  function demoLogins(): { email: string; password: string }[] {
    const file = instances.map((i) => path.join(i.dir, DEMO_LOGINS_FILE)).find((f) => {
      try {
        readFileSync(f);
        return true;
      } catch {
        return false;
      }
    })!;
    return readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => /(\S+@\S+)\s+(\S+)\s*$/.exec(l))
      .filter((m): m is RegExpExecArray => !!m)
      .map((m) => ({ email: m[1]!, password: m[2]! }));
  }

  /** A browser: one cookie jar, pointed at either instance. */
  function browser() {
    const jar = new Map<string, string>();
    const request = async (base: string, p: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      if (jar.size) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
      const res = await fetch(`${base}${p}`, { ...init, headers, redirect: 'manual' });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const [k, ...v] = pair!.split('=');
        if (/max-age=0/i.test(c) || v.join('=') === '') jar.delete(k!.trim());
        else jar.set(k!.trim(), v.join('='));
      }
      return res;
    };
    const logIn = async (base: string, email: string, password: string) => {
      const csrf = /name="_csrf" value="([^"]*)"/.exec(await (await request(base, '/inloggen')).text())?.[1] ?? '';
      return request(base, '/inloggen', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf, email, password }).toString() });
    };
    return { request, logIn };
  }

  it('a session made on one web instance works on the other (sessions and the CSRF secret are in the database)', async () => {
    const b = browser();
    let signedIn: { email: string; location: string } | null = null;
    for (const login of demoLogins()) {
      const res = await b.logIn(web1().url, login.email, login.password);
      if (res.status === 303 && res.headers.get('location') === '/start') {
        signedIn = { email: login.email, location: '/start' };
        break;
      }
    }
    assert.ok(signedIn, 'a demo account logs in on web1 without a second step');
    const onWeb2 = await b.request(web2().url, '/start');
    assert.equal(onWeb2.status, 200, 'the session cookie from web1 opens /start on web2');
    const onWeb1 = await b.request(web1().url, '/klachten');
    assert.equal(onWeb1.status, 200);
    // A form posted to web2 with the CSRF token web1 rendered is accepted: log out there, and the session is gone on web1 too.
    const csrf = /name="_csrf" value="([^"]*)"/.exec(await onWeb1.text())?.[1] ?? '';
    assert.equal((await b.request(web2().url, '/uitloggen', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrf }).toString() })).status, 303);
    const after = await b.request(web1().url, '/start');
    assert.equal(after.status, 303, 'logged out on web2 means logged out on web1');
  });

  it('log-in throttling holds across the instances: failures on web1 and web2 add up for one account', async () => {
    const victim = demoLogins().at(-1)!;
    const statuses: number[] = [];
    for (let n = 0; n < 6; n++) statuses.push((await browser().logIn(n % 2 ? web2().url : web1().url, victim.email, 'helemaal-fout-wachtwoord')).status);
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429], 'five wrong passwords (spread over both) make the sixth attempt wait, whichever instance gets it');
    const right = await browser().logIn(web1().url, victim.email, victim.password);
    assert.equal(right.status, 429, 'even the right password waits now, on the other instance too');
  });

  it('the public rate limit holds across the instances (KLACHTWIJS_PUBLIC_RATE_LIMIT=3 per minute per address)', async () => {
    await awayFromMinuteEdge();
    const post = (base: string) => fetch(`${base}/api/v1/public/${DEMO_SLUG}/complaints`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const statuses = [await post(web1().url), await post(web2().url), await post(web1().url), await post(web2().url)].map((r) => r.status);
    assert.deepEqual(statuses.slice(0, 3).map((s) => s !== 429), [true, true, true], `three are let through: ${statuses.join(', ')}`);
    assert.equal(statuses[3], 429, `the fourth, on the other instance, is refused: ${statuses.join(', ')}`);
  });

  it('every job runs once, on the worker only; schedules are registered once (by the worker)', async () => {
    // The test process enqueues like a web instance (enqueue-only: no supervision, no schedules, no workers).
    const queue: JobQueue = await startJobQueue(database, { maintain: false });
    const org = await asOwner(() => database.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow());
    const ids: string[] = [];
    for (let n = 0; n < 20; n++) {
      const { messageId } = await asOwner(() => database.db.transaction().execute((tx) => queueMail(tx, queue, { organisationId: org.id, purpose: 'notification', to: `medewerker${n}@example.nl`, subject: `Melding ${n}`, text: 'Er is een klacht aan u toegewezen.' })));
      ids.push(messageId);
    }
    await sink.waitFor(20, 30_000);
    await new Promise((r) => setTimeout(r, 2_500)); // two more polling rounds: nothing may come twice
    const ours = sink.messages.filter((m) => ids.includes(m.messageId ?? ''));
    assert.equal(ours.length, 20, 'each mail once');
    assert.deepEqual(new Set(ours.map((m) => m.messageId)), new Set(ids));
    const scheduled = await sql<{ name: string }>`select name from pgboss.schedule order by name`.execute(database.db);
    assert.deepEqual(scheduled.rows.map((r) => r.name), JOBS.filter((j) => j.schedule).map((j) => j.name).sort(), 'one schedule per scheduled job');
    const metrics = await (await fetch(`${worker().url}/metrics`)).text();
    assert.match(metrics, /^klachtwijs_jobs_queued\{job="send-mail"\} \d+$/m, 'the worker publishes job figures on /metrics (loopback)');
  });

  it('SIGTERM: a draining web instance answers /ready with 503 while it still serves, then stops', async () => {
    const w = web2();
    const exited = new Promise<number | null>((r) => w.child.once('exit', (code) => r(code)));
    w.child.kill('SIGTERM');
    let ready = 0;
    for (let n = 0; n < 50 && ready !== 503; n++) {
      ready = (await fetch(`${w.url}/ready`)).status;
      if (ready !== 503) await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(ready, 503, '/ready says not ready while draining');
    assert.equal((await fetch(`${w.url}/health`)).status, 200, 'it still answers while draining');
    assert.equal(await exited, 0, 'then it stops cleanly');
    assert.equal((await fetch(`${web1().url}/ready`)).status, 200, 'the other web instance stays ready');
  });
});
