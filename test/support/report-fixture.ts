import type { ReportAudience, ReportDocument } from '../../src/domain/reports/document.ts';
import type { Breakdown, PeriodFigures, ReportFigures } from '../../src/domain/reports/figures.ts';

/**
 * A realistic report document for the output tests (issue 10): a half-yearly board report of a care
 * organisation with small cells (1–4), zero cells, trends, exceptional complaints, recommendations with and
 * without the directie's decision, and the measures status. The figures are made up but consistent.
 */
function breakdown(key: string, title: string, rows: [string, string, number][], article?: string): Breakdown {
  return { key, title, rows: rows.map(([k, label, count]) => ({ key: k, label, count })), total: rows.reduce((s, r) => s + r[2], 0), ...(article ? { article } : {}) };
}

function periodFigures(key: string, label: string, from: string, to: string, scale: number): PeriodFigures {
  const n = (x: number) => Math.round(x * scale);
  return {
    period: { key, label, from, to },
    received: n(1240) + 3,
    complaints: n(1100),
    ended: n(1180),
    breakdowns: [
      breakdown('kind', 'Soort melding', [['complaint', 'Klacht', n(1100)], ['dissatisfaction', 'Onvrede', n(120)], ['suggestion', 'Suggestie', n(20)], ['not_a_complaint', 'Geen klacht', 3]]),
      breakdown('channel', 'Kanaal', [['email', 'E-mail', n(700)], ['web', 'Webformulier', n(400)], ['letter', 'Brief', n(140)], ['phone', 'Telefoon', 3]]),
      breakdown('relation', 'Relatie van de melder', [['client', 'Cliënt', n(900)], ['representative', 'Vertegenwoordiger', n(343)]]),
      breakdown('unit', 'Eenheid', [['u1', 'Thuiszorg Noord', n(800)], ['u2', 'Wonen Zuid', n(443)]]),
      breakdown('class:category', 'Categorie', [['treatment', 'Bejegening', n(310)], ['care', 'Kwaliteit van zorg', n(520)], ['communication', 'Communicatie', n(270)], ['finance', 'Financiën', 2]], 'artikel 7.2'),
      breakdown('severity', 'Ernst', [['low', 'Laag', n(800)], ['medium', 'Middel', n(296)], ['high', 'Zeer ernstig', 4]]),
      breakdown('sensitive', 'Gevoelig', [['yes', 'Gevoelig', 1], ['no', 'Niet gevoelig', n(1099)]]),
      breakdown('admissibility', 'Ontvankelijkheid', [['admissible', 'Ontvankelijk', n(1080)], ['inadmissible', 'Niet ontvankelijk', 20]]),
      breakdown('outcome', 'Uitkomst', [['upheld', 'Gegrond', n(400)], ['partly_upheld', 'Deels gegrond', n(300)], ['not_upheld', 'Ongegrond', n(360)], ['no_judgement', 'Geen oordeel', 0]]),
      breakdown('satisfaction', 'Tevredenheid', [['satisfied', 'Tevreden', n(600)], ['not_satisfied', 'Niet tevreden', n(200)]]),
    ],
    terms: [
      { key: 'acknowledgement', label: 'Ontvangstbevestiging', onTime: n(1050), late: n(50), overdueOpen: 0, medianDays: 2, p90Days: 5, term: '5 werkdagen' },
      { key: 'decision', label: 'Beslissing', onTime: n(900), late: n(160), overdueOpen: 2, medianDays: 31.5, p90Days: 58, term: '6 weken' },
      { key: 'serviceNorm', label: 'Servicenorm', onTime: 3, late: 1, overdueOpen: 0, medianDays: 12, p90Days: 20 },
    ],
    openAtEnd: n(60),
    overdueAtEnd: 2,
    escalated: n(30),
    escalations: [{ key: 'director', label: 'Directeur', count: n(26) }, { key: 'board', label: 'Raad van bestuur', count: 4 }],
    external: { started: 3, byBody: [{ key: 'disputes_committee', label: 'Geschilleninstantie', count: 3 }], rulings: 1 },
    satisfaction: { recorded: n(800), satisfied: n(600), notSatisfied: n(200) },
  };
}

export function fixtureFigures(): ReportFigures {
  return {
    version: 1,
    scope: { organisationName: 'Zorggroep De Linde', unitName: null },
    current: periodFigures('2026-H1', 'eerste halfjaar 2026', '2026-01-01', '2026-06-30', 1),
    previous: periodFigures('2025-H2', 'tweede halfjaar 2025', '2025-07-01', '2025-12-31', 0.8),
    lastYear: periodFigures('2025-H1', 'eerste halfjaar 2025', '2025-01-01', '2025-06-30', 0.7),
    trends: [
      { breakdown: 'class:category', breakdownTitle: 'Categorie', key: 'care', label: 'Kwaliteit van zorg', current: 520, average: 380.5, direction: 'up', sentence: 'Kwaliteit van zorg steeg van gemiddeld 380,5 naar 520 (+37 %).' },
    ],
    trendRule: 'Een waarde is een trend als zij minstens de helft en minstens 5 hoger (of lager) is dan het gemiddelde van de vier perioden ervoor.',
    measures: { planned: 3, inProgress: 2, done: 7, dropped: 1, overdue: 1 },
    computedAt: '2026-07-02T09:30:00.000Z',
  };
}

export function fixtureDocument(audience: ReportAudience = 'board', overrides: Partial<ReportDocument> = {}): ReportDocument {
  return {
    id: '7d0c3f0e-2a51-4c55-9d0c-3f0e2a514c55',
    title: 'Halfjaarrapportage klachten',
    reportKey: 'half_yearly_board',
    article: 'Rapportage / verantwoording',
    status: 'final',
    audience,
    figures: fixtureFigures(),
    narrative: {
      analysis: 'Het aantal klachten over de kwaliteit van zorg steeg. Veel klachten gaan over wisselende zorgverleners.',
      conclusions: 'De termijn voor de beslissing werd vaker gehaald dan vorig jaar.\n\nDe bejegening blijft een aandachtspunt.',
      exceptional: [{ summary: 'Een zeer ernstige klacht over een val bij het douchen; de zorg is aangepast.' }],
    },
    asksExceptional: true,
    recommendations: [
      { id: 'r1', position: 1, text: 'Vaste zorgverleners per cliënt inplannen.', decision: 'adopted', decisionNote: 'Start in het derde kwartaal.', decidedAt: '2026-07-10T10:00:00.000Z', ...(audience === 'staff' ? { decidedByName: 'Directeur De Vries' } : {}) },
      { id: 'r2', position: 2, text: 'Een training bejegening voor alle teams.', decision: 'not_adopted', decisionNote: 'Past niet in het budget van dit jaar.', decidedAt: '2026-07-10T10:00:00.000Z' },
      { id: 'r3', position: 3, text: 'Klachten sneller doorzetten naar de directeur.', decision: null, decisionNote: null, decidedAt: null },
    ],
    finalisedAt: '2026-07-03T14:00:00.000Z',
    author: 'A. Coördinator',
    organisationName: 'Zorggroep De Linde',
    ...overrides,
  };
}
