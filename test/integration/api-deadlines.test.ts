/**
 * Through the API, a complaint received on a given date carries the due dates its preset gives — for all
 * five presets, with dates worked out by hand across the Atw holidays (PRODUCT.md "Deadline conventions"):
 * "N working days" is the N-th working day after day 0; "N weeks" is day 0 plus N weeks, moved past a
 * Saturday, Sunday or holiday. The keys are those of `klachtwijs deadlines --json` (milestones()).
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { getPreset } from '../../src/regulations/library.ts';
import { milestones } from '../../src/domain/regulation/milestones.ts';
import { ApiClient, CBF_FILLS, expectStatus, LENTL_FILLS } from '../support/api.ts';
import { forEachDatabase } from '../support/databases.ts';
import { makeOrganisationWithRegulation, makeToken } from '../support/factories.ts';

interface Case {
  preset: string;
  fills?: Record<string, string>;
  receivedOn: string;
  expected: Record<string, string>;
  why: string;
}

const CASES: Case[] = [
  {
    preset: 'conneqt',
    receivedOn: '2025-11-27', // Thursday
    // 6.4: 4 weeks → Thu 25 Dec 2025 (Eerste Kerstdag) → Fri 26 (Tweede Kerstdag) → weekend → Mon 29 Dec.
    expected: { decision: '2025-12-29' },
    why: 'Christmas',
  },
  {
    preset: 'hss',
    receivedOn: '2026-04-02', // Thursday before Easter
    // 3.2: 7 working days, skipping Goede Vrijdag 3 Apr and Tweede Paasdag 6 Apr: 7,8,9,10,13,14,15 April.
    // 3.3: 6 weeks → Thu 14 May 2026 (Hemelvaartsdag) → Fri 15 May.
    expected: { acknowledgement: '2026-04-15', decision: '2026-05-15' },
    why: 'Easter and Ascension Day',
  },
  {
    preset: 'stadsring51',
    receivedOn: '2026-03-30', // Monday
    // 6.3: 1 week → Mon 6 Apr (Tweede Paasdag) → Tue 7 Apr.
    // 5.3: 4 weeks → Mon 27 Apr (Koningsdag) → Tue 28 Apr.
    // 6.8: 8 weeks → Mon 25 May (Tweede Pinksterdag) → Tue 26 May.
    // Awb 9:11 lid 2: at most 4 weeks more → Tue 23 June.
    expected: { acknowledgement: '2026-04-07', inadmissibilityNotice: '2026-04-28', decision: '2026-05-26', decisionMaxExtended: '2026-06-23' },
    why: 'Easter, Koningsdag and Whitsun',
  },
  {
    preset: 'cbf-template',
    fills: CBF_FILLS,
    receivedOn: '2025-12-23', // Tuesday
    // 2 working days: Wed 24 Dec, (25, 26 Christmas, weekend) Mon 29 Dec.
    // 5 working days: 24, 29, 30, 31 Dec, (1 Jan Nieuwjaarsdag) Fri 2 Jan 2026. No maximum extension: no latest date.
    expected: { acknowledgement: '2025-12-29', decision: '2026-01-02' },
    why: 'Christmas and New Year',
  },
  {
    preset: 'cbf-template',
    fills: CBF_FILLS,
    receivedOn: '2026-05-12', // Tuesday
    // 2 working days: Wed 13, (Thu 14 May Hemelvaartsdag) Fri 15 May. 5 working days: 13, 15, 18, 19, 20 May.
    expected: { acknowledgement: '2026-05-15', decision: '2026-05-20' },
    why: 'Ascension Day in working days',
  },
  {
    preset: 'lentl',
    fills: LENTL_FILLS,
    receivedOn: '2026-04-07', // Tuesday after Easter
    // 5 working days: 8, 9, 10, 13, 14 April. 4 weeks → Tue 5 May (Bevrijdingsdag, Atw) → Wed 6 May.
    // 6 weeks → Tue 19 May.
    expected: { acknowledgement: '2026-04-14', inadmissibilityNotice: '2026-05-06', decision: '2026-05-19' },
    why: '5 mei',
  },
];

forEachDatabase('due dates through the API, per preset', (ctx) => {
  let api: ApiClient;
  const orgs = new Map<string, { token: string; unitId: string }>();

  before(async () => {
    api = await ApiClient.create(ctx.database);
    for (const c of CASES) {
      if (orgs.has(c.preset)) continue;
      const org = await makeOrganisationWithRegulation(ctx.database.db, c.preset, c.fills ?? {});
      orgs.set(c.preset, { token: await makeToken(ctx.database.db, org.org.id, org.coordinator.user.id), unitId: org.unit.id });
    }
  });

  for (const c of CASES) {
    it(`${c.preset}: received ${c.receivedOn}, across ${c.why}`, async () => {
      const { token, unitId } = orgs.get(c.preset)!;
      const body = {
        unitId,
        channel: 'letter',
        receivedOn: c.receivedOn,
        description: 'Mijn vraag over de rekening is na drie brieven nog steeds niet beantwoord.',
        complainant: { relation: 'client', name: 'Fatima el Amrani', email: 'fatima@example.nl', phone: '06 12345678', postalAddress: 'Laan 3, 1234 AB Ergens' },
        signed: true,
        documentDate: c.receivedOn,
      };
      const created = expectStatus(await api.post('/api/v1/complaints', token, body), 201);
      assert.deepEqual(created.body.deadlines, c.expected);

      // The same dates in the dossier and in the list, and the same as `klachtwijs deadlines --json` gives.
      const dossier = expectStatus(await api.get(`/api/v1/complaints/${created.body.id}`, token), 200);
      assert.deepEqual(dossier.body.deadlines, c.expected);
      assert.equal(dossier.body.receivedOn, c.receivedOn);
      const list = expectStatus(await api.get(`/api/v1/complaints?from=${c.receivedOn}&to=${c.receivedOn}`, token), 200);
      assert.deepEqual(list.body.items.find((i: { id: string }) => i.id === created.body.id)?.deadlines, c.expected);
      const regulation = getPreset(c.preset)!.build(c.fills ?? {});
      assert.deepEqual(milestones(regulation, new Date(`${c.receivedOn}T12:00:00Z`)), c.expected);
    });
  }
});
