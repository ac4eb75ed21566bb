import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { before, describe, it } from 'node:test';
import { PRESET_KEYS } from '../../src/regulations/library.ts';
import { ADOPTER, ADOPTION_FILLS, holesIn, SEED_ORGANISATIONS, SEED_PEOPLE } from '../../src/domain/regulation/test-support.ts';
import { activateRegulation } from '../../src/usecases/regulations/regulations.ts';
import { createUnit } from '../../src/usecases/units/units.ts';
import { forEachDatabase } from '../support/databases.ts';
import { makeOrganisation } from '../support/factories.ts';
import { PageClient, testApp } from '../support/http.ts';

/**
 * The published pages of all five presets as an organisation adopts them (with its fills): the regulation
 * page, the public form and the receipt page name no person from the seeds and no seed organisation, read
 * as Dutch without holes, and link to the regulation of the chosen unit.
 */

/** The people the seeds name (header lines such as "Auteur:" and "Autorisator:"), read from the seeds when they are here. */
function peopleInSeeds(): string[] | null {
  const dir = fileURLToPath(new URL('../../../shared/seeds/', import.meta.url));
  if (!existsSync(dir)) return null;
  const names = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.txt'))) {
    for (const m of readFileSync(`${dir}${file}`, 'utf8').matchAll(/^(?:Auteurs?|Autorisator|Opgesteld door|Vastgesteld door|Eigenaar)\s*:\s*([^\t\n]+)/gim)) {
      for (const name of m[1]!.split(/,| en /)) if (name.trim()) names.add(name.trim());
    }
  }
  return [...names];
}

/** The page's text: tags dropped, entities read, whitespace collapsed. */
const textOf = (html: string) =>
  html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, '')
    .replace(/<\/(p|li|h[1-6]|td|th|div|section|nav|header|footer|dd|dt|caption|label|legend|option)>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
const lines = (html: string) =>
  textOf(html)
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').trim())
    .filter((l) => l !== '');

function form(fields: Record<string, string>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  return fd;
}
const keyOf = (html: string) => /name="idempotencyKey" value="([^"]*)"/.exec(html)?.[1] ?? '';
const regulationLink = (html: string) => /<a class="utrecht-link kw-regulation-link" href="([^"]+)"/.exec(html)?.[1];

/** What a page must not contain: the seeds' people and organisations, and holes in its sentences. */
function assertCleanPage(what: string, html: string) {
  const text = lines(html).join('\n');
  assert.ok(lines(html).length > 10, `${what}: the page has text to judge`);
  for (const person of SEED_PEOPLE) {
    for (const part of [person, person.split(' ').at(-1)!]) assert.ok(!text.includes(part), `${what}: names ${part}`);
  }
  for (const name of SEED_ORGANISATIONS) assert.ok(!new RegExp(`\\b${name}\\b`).test(text), `${what}: names ${name}\n${text}`);
  for (const line of lines(html)) {
    // A form label ends with a colon or a question mark; a filled-in date field shows no text: only sentences are judged.
    const holes = holesIn(line).filter((h) => h !== 'losse dubbele punt aan het eind' && h !== 'lege haakjes');
    assert.deepEqual(holes, [], `${what}: "${line}"`);
  }
}

describe('the people the seeds name', () => {
  it('are all in the list the page tests look for', (t) => {
    const found = peopleInSeeds();
    if (found === null) {
      t.diagnostic('the seeds are not next to this repository; the fixed list is used');
      return;
    }
    assert.ok(found.length >= 3, `only ${found.join(', ')}`);
    for (const name of found) assert.ok((SEED_PEOPLE as readonly string[]).includes(name), `${name} is named in a seed but not in SEED_PEOPLE`);
  });
});

forEachDatabase('published regulations of the five presets', (ctx) => {
  /** Per preset: the organisation that adopted it and the unit it runs in (lentl: a werkmaatschappij of its own). */
  const adopted: Record<string, { slug: string; unitSlug: string; unitId: string; otherUnitId: string }> = {};

  before(async () => {
    const db = ctx.database.db;
    for (const key of PRESET_KEYS) {
      const { org, unit } = await makeOrganisation(db, ADOPTER.name);
      const other = await db.transaction().execute((tx) => createUnit(tx, org.id, { name: 'Werkmaatschappij Zuid' }, null));
      await db.transaction().execute((tx) =>
        activateRegulation(tx, {
          organisationId: org.id,
          // The werkmaatschappij policy runs per unit; the others for the whole organisation.
          unitId: key === 'lentl' ? unit.id : null,
          source: { preset: key },
          fills: ADOPTION_FILLS[key] ?? {},
          actorUserId: null,
        }),
      );
      if (key === 'lentl') {
        await db.transaction().execute((tx) =>
          activateRegulation(tx, { organisationId: org.id, unitId: other.id, source: { preset: key }, fills: ADOPTION_FILLS[key]!, actorUserId: null }),
        );
      }
      adopted[key] = { slug: org.slug, unitSlug: unit.slug, unitId: unit.id, otherUnitId: other.id };
    }
  });

  async function client() {
    return new PageClient(await testApp(ctx.database));
  }

  for (const key of PRESET_KEYS) {
    it(`${key}: the published regulation and the form name no person or organisation from the seeds, and have no holes`, async () => {
      const pc = await client();
      const a = adopted[key]!;
      const path = key === 'lentl' ? `/${a.slug}/klachtenregeling/${a.unitSlug}` : `/${a.slug}/klachtenregeling`;
      const published = await pc.get(path);
      assert.equal(published.res.status, 200, path);
      assert.ok(textOf(published.html).includes(ADOPTER.name), 'names the adopting organisation');
      assertCleanPage(`${key} ${path}`, published.html);
      assert.match(textOf(published.html), /Versie 1,/, "the first version of this scope is version 1");

      const formPage = await pc.get(`/${a.slug}/klacht?eenheid=${a.unitId}`);
      assert.equal(formPage.res.status, 200);
      assertCleanPage(`${key} form`, formPage.html);
    });
  }

  it('lentl: the published page shows who adopted it and when, as filled in, and no document version of the seed', async () => {
    const a = adopted['lentl']!;
    const text = textOf((await (await client()).get(`/${a.slug}/klachtenregeling/${a.unitSlug}`)).html);
    assert.match(text, /Vastgesteld op 1 februari 2026 door de directie van de werkmaatschappij\./);
    assert.doesNotMatch(text, /van het document/);
    assert.doesNotMatch(text, /2023/);
  });

  it('the form links to the regulation of the chosen unit; before a choice, to the organisation page that lists them', async () => {
    const pc = await client();
    const a = adopted['lentl']!;
    assert.equal(regulationLink((await pc.get(`/${a.slug}/klacht?eenheid=${a.unitId}`)).html), `/${a.slug}/klachtenregeling/${a.unitSlug}`);
    assert.equal(regulationLink((await pc.get(`/${a.slug}/klacht`)).html), `/${a.slug}/klachtenregeling`);
    const orgPage = await pc.get(`/${a.slug}/klachtenregeling`);
    assert.ok(orgPage.html.includes(`href="/${a.slug}/klachtenregeling/${a.unitSlug}"`), 'the organisation page lists the unit');

    const s51 = adopted['stadsring51']!;
    assert.equal(regulationLink((await pc.get(`/${s51.slug}/klacht?eenheid=${s51.unitId}`)).html), `/${s51.slug}/klachtenregeling`, 'an organisation-wide regulation is on the organisation page');
  });

  it("the receipt page links to the regulation of the complaint's unit, and that page shows it", async () => {
    const pc = await client();
    const a = adopted['lentl']!;
    const { html, csrf } = await pc.get(`/${a.slug}/klacht?eenheid=${a.unitId}`);
    const res = await pc.request(`/${a.slug}/klacht`, {
      method: 'POST',
      body: form({
        _csrf: csrf,
        idempotencyKey: keyOf(html),
        unitId: a.unitId,
        description: 'De thuiszorg kwam twee keer niet op de afgesproken tijd.',
        'complainant.name': 'Jan Jansen',
        'complainant.email': 'jan@example.nl',
        'complainant.phone': '06 12345678',
        'complainant.postalAddress': 'Dorpsstraat 1, 1234 AB Ergens',
        'complainant.relation': 'resident',
        forWhom: 'self',
      }),
    });
    assert.equal(res.status, 303, textOf(await res.clone().text()).slice(0, 2000));
    const receipt = await pc.get(res.headers.get('location')!);
    assert.equal(receipt.res.status, 200);
    const href = regulationLink(receipt.html);
    assert.equal(href, `/${a.slug}/klachtenregeling/${a.unitSlug}`);
    assert.match(textOf(receipt.html), new RegExp(`Klachtenbeleid ${ADOPTER.name}`));
    assertCleanPage('lentl receipt', receipt.html);
    const target = await pc.get(href!);
    assert.equal(target.res.status, 200);
    assert.match(textOf(target.html), /geldt per werkmaatschappij/);
  });
});
