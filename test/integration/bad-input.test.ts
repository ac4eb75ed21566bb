/**
 * No 500 for bad input anywhere (issue 8): a malformed multipart body to any page route, anonymously, is a
 * 422 with a Dutch message and no error-level log line; a NUL escape in a regulation's YAML is a Dutch
 * validation error at the text box (PostgreSQL refuses NUL in text); `?from=0000-01-01` and other
 * out-of-range dates in list filters and API query parameters follow one date rule (years 1900–2999).
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { before, describe, it } from 'node:test';
import { pino } from 'pino';
import { loadConfig } from '../../src/config.ts';
import { parseRegulationDocument } from '../../src/domain/regulation/parse.ts';
import { getPreset } from '../../src/regulations/library.ts';
import { isoDateSchema } from '../../src/shared/validation.ts';
import { createApp } from '../../src/http/app.tsx';
import { serverSecret } from '../../src/usecases/settings.ts';
import { stringify as toYaml } from 'yaml';
import { ApiClient, expectStatus } from '../support/api.ts';
import { forEachDatabase } from '../support/databases.ts';
import { makeOrganisationWithRegulation, makeToken, makeUser } from '../support/factories.ts';
import { PageClient } from '../support/http.ts';

const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');

describe('one date rule', () => {
  it('accepts real dates in 1900–2999 and refuses the rest with one Dutch message', () => {
    for (const ok of ['1900-01-01', '2026-12-01', '2999-12-31', '2024-02-29']) assert.ok(isoDateSchema.safeParse(ok).success, ok);
    for (const bad of ['0000-01-01', '1899-12-31', '3000-01-01', '9999-12-31', '2025-02-29', '2026-13-01', '20260101', '']) {
      const r = isoDateSchema.safeParse(bad);
      assert.ok(!r.success, bad);
      assert.match(r.error.issues[0]!.message, /JJJJ-MM-DD/, bad);
    }
  });
});

describe('a NUL in a regulation document', () => {
  it('is a Dutch validation error that names the field, not a crash in the database', () => {
    const yaml = toYaml(getPreset('stadsring51')!.build()).replace(/^(\s*title: )(.*)$/m, '$1"Klachtenregeling\\0 met nul"');
    const r = parseRegulationDocument(yaml);
    assert.ok(!r.success);
    assert.match(r.issues[0]!.text, /^metadata\.title: bevat een teken dat niet kan worden opgeslagen/);
  });
});

forEachDatabase('bad input', (ctx) => {
  let org: Awaited<ReturnType<typeof makeOrganisationWithRegulation>>;
  let admin: { email: string; password: string };
  let token: string;
  const logLines: { level: number; msg: string }[] = [];
  let app: Awaited<ReturnType<typeof createApp>>;

  before(async () => {
    org = await makeOrganisationWithRegulation(ctx.database.db, 'stadsring51');
    admin = await makeUser(ctx.database.db, org.org.id, 'admin');
    token = await makeToken(ctx.database.db, org.org.id, org.coordinator.user.id);
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) logLines.push(JSON.parse(line) as { level: number; msg: string });
        done();
      },
    });
    app = createApp({ db: ctx.database.db, config: loadConfig({ KLACHTWIJS_DEMO: 'false', PORT: '3000' }), logger: pino({ level: 'debug' }, sink), csrfSecret: await serverSecret(ctx.database.db, 'csrf_secret') });
  });

  it('answers a malformed multipart body to any page route, anonymously, with 422 and a Dutch message, and logs no error', async () => {
    const broken = [
      ['multipart/form-data; boundary=zz', '--zz\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\nabc'],
      ['multipart/form-data', '--zz\r\n\r\n'],
      ['multipart/form-data; boundary=zz', 'geen multipart'],
      ['multipart/form-data; boundary=zz', '--zz\r\nContent-Disposition: form-data; name="attachments"; filename="a.pdf"\r\n\r\n%PDF'],
    ] as const;
    const routes = [`/${org.org.slug}/klacht`, '/inloggen', '/uitloggen', '/beheer/eenheden', '/klachten/nieuw', '/account/wachtwoord', '/nergens'];
    const before = logLines.length;
    for (const path of routes) {
      for (const [type, body] of broken) {
        const res = await app.request(path, { method: 'POST', headers: { 'content-type': type }, body });
        assert.equal(res.status, 422, `${path} ${type}: ${res.status}`);
        assert.match(textOf(await res.text()), /Het formulier kwam niet goed aan en kon niet worden gelezen/, path);
      }
    }
    assert.deepEqual(logLines.slice(before).filter((l) => l.level >= 50), []);
  });

  it('answers a NUL escape in pasted YAML with the Dutch message at the text box (422), not 500', async () => {
    const client = new PageClient(app);
    await client.logIn(admin.email, admin.password);
    const editor = await client.get('/beheer/klachtenregeling/nieuw');
    const yaml = toYaml(getPreset('stadsring51')!.build()).replace(/^(\s*title: )(.*)$/m, '$1"Klachtenregeling\\0 met nul"');
    for (const actie of ['voorbeeld', 'activeren']) {
      const res = await client.request('/beheer/klachtenregeling/nieuw', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams([['_csrf', editor.csrf], ['unitId', ''], ['bron', 'tekst'], ['preset', 'stadsring51'], ['document', yaml], ['actie', actie]]).toString(),
      });
      assert.equal(res.status, 422, actie);
      assert.match(textOf(await res.text()), /Algemeen \(metadata\.title\): bevat een teken dat niet kan worden opgeslagen \(een nulteken, \\0, of een half teken\)/, actie);
    }
  });

  it('refuses out-of-range dates in list filters and API query parameters with the one Dutch rule', async () => {
    const api = new ApiClient(app);
    for (const q of ['from=0000-01-01', 'to=0000-01-01', 'from=1899-12-31', 'to=3000-01-01', 'from=9999-12-31']) {
      const res = expectStatus(await api.get(`/api/v1/complaints?${q}`, token), 422, q);
      assert.equal(res.body.error.code, 'validation_failed');
      assert.match(res.body.error.fields[0].message, /tussen het jaar 1900 en 2999/, q);
    }
    expectStatus(await api.get('/api/v1/complaints?from=1900-01-01&to=2999-12-31', token), 200);
    const client = new PageClient(app);
    await client.logIn(org.coordinator.email, org.coordinator.password);
    const page = await client.get('/klachten?from=0000-01-01');
    assert.ok(page.res.status < 500, String(page.res.status));
    assert.match(textOf(page.html), /tussen het jaar 1900 en 2999/);
  });
});
