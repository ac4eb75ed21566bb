/**
 * The real regulations of test/fixtures/real-regulations run in Klachtwijs: each is activated for its own organisation
 * through the use case (as `klachtwijs regulations activate --regulation <file>` does), is stored and read back
 * unchanged with the new format elements (committee, mediation, decisionFrom, own milestones, redirects, proof of
 * capacity), and its published regulation page and complaint form are served. The published text itself is checked
 * in real-regulations.test.ts (pure).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { parseRegulationDocument } from '../../src/domain/regulation/parse.ts';
import type { LegalFramework } from '../../src/domain/regulation/schema.ts';
import { activateRegulation, activeRegulation } from '../../src/usecases/regulations/regulations.ts';
import { forEachDatabase } from '../support/databases.ts';
import { makeOrganisation } from '../support/factories.ts';
import { PageClient, testApp } from '../support/http.ts';

const DIR = new URL('../fixtures/real-regulations/', import.meta.url);

const FILES: { file: string; org: string; fills?: Record<string, string>; frameworks: LegalFramework[]; onPage: string[] }[] = [
  { file: 'noord-beveland-klacht-indienen', org: 'Gemeente Noord-Beveland', frameworks: ['awb9'], onPage: ['Zeeuwse Ombudsman', 'binnen 5 werkdagen'] },
  { file: 'lingewaard-klacht-indienen', org: 'Gemeente Lingewaard', frameworks: ['awb9'], onPage: ['binnen 10 weken', 'Nationale ombudsman'] },
  { file: 'hoorn-klacht-over-dienstverlening', org: 'Gemeente Hoorn', frameworks: ['awb9'], onPage: ['binnen 5 dagen', 'defecte straatverlichting'] },
  { file: 'meander-klachtencommissie', org: 'Meander Medisch Centrum', frameworks: ['wkkgz'], onPage: ['iemand die door de patiënt gemachtigd is'] },
  { file: 'george-remst-acupunctuur', org: 'Acupunctuurpraktijk George Remst', frameworks: ['wkkgz'], onPage: ['geschilleninstantie Zorggeschil'] },
  {
    file: 'klachtencommissie-jeugd-midden-nederland',
    org: 'Klachtencommissie Jeugd Midden-Nederland',
    fills: { decision_term: '6 weken' },
    frameworks: ['jeugdwet'],
    onPage: ['binnen 1 week na ontvangst'],
  },
];

const textOf = (html: string) =>
  html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

forEachDatabase('real regulations activated', (ctx) => {
  const slugs: Record<string, string> = {};

  before(async () => {
    const db = ctx.database.db;
    for (const f of FILES) {
      const { org } = await makeOrganisation(db, f.org);
      const document = parseYaml(readFileSync(new URL(`${f.file}.yaml`, DIR), 'utf8')) as unknown;
      const active = await db.transaction().execute((tx) =>
        activateRegulation(tx, { organisationId: org.id, unitId: null, source: { document }, fills: f.fills ?? {}, frameworks: f.frameworks, actorUserId: null }),
      );
      assert.equal(active.version, 1, f.file);
      slugs[f.file] = org.slug;
    }
  });

  it('each is stored and read back with what its file says (committee, mediation, decisionFrom, own milestones, redirects)', async () => {
    const db = ctx.database.db;
    for (const f of FILES) {
      const org = await db.selectFrom('organisations').select(['id']).where('slug', '=', slugs[f.file]!).executeTakeFirstOrThrow();
      const active = await activeRegulation(db, org.id, null);
      assert.ok(active, f.file);
      const parsed = parseRegulationDocument(readFileSync(new URL(`${f.file}.yaml`, DIR), 'utf8'));
      assert.ok(parsed.success);
      const r = active.regulation;
      assert.deepEqual(r.committee, parsed.data.committee, `${f.file} committee`);
      assert.deepEqual(r.handling.mediation, parsed.data.handling.mediation, `${f.file} mediation`);
      assert.deepEqual(r.deadlines.decisionFrom, parsed.data.deadlines.decisionFrom, `${f.file} decisionFrom`);
      assert.deepEqual(r.deadlines.milestones, parsed.data.deadlines.milestones, `${f.file} milestones`);
      assert.deepEqual(r.intake.notComplaints, parsed.data.intake.notComplaints, `${f.file} notComplaints`);
      assert.deepEqual(r.intake.complainants, parsed.data.intake.complainants, `${f.file} complainants`);
      assert.deepEqual(active.frameworks, f.frameworks, f.file);
    }
    // The filled open point is stored as the organisation's answer.
    const kc = await db.selectFrom('organisations').select(['id']).where('slug', '=', slugs['klachtencommissie-jeugd-midden-nederland']!).executeTakeFirstOrThrow();
    const decision = (await activeRegulation(db, kc.id, null))!.regulation.deadlines.decision;
    assert.ok('amount' in decision && decision.amount === 6 && decision.unit === 'weeks' && decision.source.basis === 'organisation');
  });

  it('each publishes its regulation page and serves its complaint form', async () => {
    const pc = new PageClient(await testApp(ctx.database));
    for (const f of FILES) {
      const page = await pc.get(`/${slugs[f.file]}/klachtenregeling`);
      assert.equal(page.res.status, 200, f.file);
      const text = textOf(page.html);
      for (const expected of [f.org, ...f.onPage]) assert.ok(text.includes(expected), `${f.file}: missing ${expected}`);
      const form = await pc.get(`/${slugs[f.file]}/klacht`);
      assert.equal(form.res.status, 200, `${f.file} form`);
    }
  });
});
