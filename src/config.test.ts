import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has defaults for an empty environment', () => {
    const c = loadConfig({});
    assert.equal(c.port, 3000);
    assert.equal(c.demo, true);
    assert.equal(c.databaseUrl, undefined);
    assert.equal(c.baseUrl, 'http://localhost:3000');
    assert.equal(c.secureCookies, false);
    assert.ok(Object.isFrozen(c));
  });

  it('names the variable of a wrong value', () => {
    for (const [env, name] of [
      [{ PORT: 'abc' }, 'PORT'],
      [{ PORT: '70000' }, 'PORT'],
      [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
      [{ KLACHTWIJS_DEMO: 'misschien' }, 'KLACHTWIJS_DEMO'],
      [{ KLACHTWIJS_BASE_URL: 'not a url' }, 'KLACHTWIJS_BASE_URL'],
      [{ SMTP_URL: 'http://x' }, 'SMTP_URL'],
    ] as const) {
      assert.throws(() => loadConfig(env), (err: unknown) => err instanceof ConfigError && err.message.includes(name), name);
    }
  });

  it('makes the demo only on the embedded database unless KLACHTWIJS_DEMO=true is set explicitly', () => {
    const url = 'postgres://u@localhost/db';
    assert.equal(loadConfig({ DATABASE_URL: url }).demo, false, 'a production database gets no demo admin by default');
    assert.equal(loadConfig({ DATABASE_URL: url, KLACHTWIJS_DEMO: '' }).demo, false);
    assert.equal(loadConfig({ DATABASE_URL: url, KLACHTWIJS_DEMO: 'true' }).demo, true);
    assert.equal(loadConfig({}).demo, true);
    assert.equal(loadConfig({ KLACHTWIJS_DEMO: 'false' }).demo, false);
  });

  it('reads the documented variables', () => {
    const c = loadConfig({ PORT: '8080', KLACHTWIJS_DEMO: 'false', DATABASE_URL: 'postgres://u@localhost/db', KLACHTWIJS_BASE_URL: 'https://klachten.example.nl/', KLACHTWIJS_DATA_DIR: '/tmp/x' });
    assert.equal(c.port, 8080);
    assert.equal(c.demo, false);
    assert.equal(c.databaseUrl, 'postgres://u@localhost/db');
    assert.equal(c.baseUrl, 'https://klachten.example.nl');
    assert.equal(c.secureCookies, true);
    assert.equal(c.dataDir, '/tmp/x');
  });
  it('reads the metrics token and the drain time (ADR 0030), and refuses a short token or a drain that is not a number', () => {
    assert.equal(loadConfig({}).metricsToken, undefined);
    assert.equal(loadConfig({}).drainSeconds, 0);
    const c = loadConfig({ KLACHTWIJS_METRICS_TOKEN: 'abcdefghijklmnop', KLACHTWIJS_DRAIN_SECONDS: '5' });
    assert.equal(c.metricsToken, 'abcdefghijklmnop');
    assert.equal(c.drainSeconds, 5);
    assert.throws(() => loadConfig({ KLACHTWIJS_METRICS_TOKEN: 'kort' }), /KLACHTWIJS_METRICS_TOKEN: moet minstens 16 tekens lang zijn/);
    assert.throws(() => loadConfig({ KLACHTWIJS_DRAIN_SECONDS: 'vijf' }), /KLACHTWIJS_DRAIN_SECONDS: moet een heel aantal seconden zijn/);
  });
  it('reads the application login (ADR 0024, addendum session 14) only beside DATABASE_URL and with row-level security on', () => {
    assert.equal(loadConfig({}).appDatabaseUrl, undefined);
    const app = 'postgres://kw_web@db/klachtwijs';
    assert.equal(loadConfig({ DATABASE_URL: 'postgres://kw@db/klachtwijs', KLACHTWIJS_APP_DATABASE_URL: app }).appDatabaseUrl, app);
    assert.throws(() => loadConfig({ KLACHTWIJS_APP_DATABASE_URL: app }), /KLACHTWIJS_APP_DATABASE_URL: werkt alleen samen met DATABASE_URL/);
    assert.throws(() => loadConfig({ DATABASE_URL: 'postgres://kw@db/klachtwijs', KLACHTWIJS_APP_DATABASE_URL: app, KLACHTWIJS_RLS: 'off' }), /werkt alleen met KLACHTWIJS_RLS=on/);
    assert.throws(() => loadConfig({ DATABASE_URL: 'postgres://kw@db/klachtwijs', KLACHTWIJS_APP_DATABASE_URL: 'mysql://x' }), /KLACHTWIJS_APP_DATABASE_URL: moet een postgres/);
  });
});
