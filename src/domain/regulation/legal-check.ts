/**
 * A check of a regulation against the legal frameworks an organisation says apply to it.
 *
 * Only what can be verified from the configuration is checked; each finding cites the article it rests
 * on. This is support for the person who writes the regulation, not legal advice: the message says
 * "controleer" where the law leaves room or where the check cannot see enough.
 *
 * Checked:
 * - Awb hoofdstuk 9 (klachtbehandeling door een bestuursorgaan): 9:5, 9:6, 9:7, 9:8, 9:9, 9:10, 9:11, 9:12, 9:12a.
 * - Wkkgz (hoofdstuk 3, art. 13–23, as far as the configuration shows it): art. 15 (a klachtenfunctionaris who
 *   advises free of charge; mediation), 17 (a written, reasoned judgement within six weeks of receipt, extension at
 *   most four weeks with written notice before the term ends, the measures with their terms), 18 (a
 *   geschilleninstantie, named to the complainant).
 * - Wmo 2015 art. 2.1.3 lid 2 onder d (a klachtenregeling for clients, set by municipal ordinance; a committee where
 *   the ordinance asks for one: "controleer").
 * - Jeugdwet art. 4.2.1 (a klachtencommissie of at least three members with a chair who does not work for the
 *   provider; both sides heard) and 4.2.2 (judgement within six weeks; the provider's written response on measures
 *   within a month of the judgement).
 * - The rules follow the organisation's frameworks: a rule marked `basis: law` that cites a law the organisation
 *   did not state gives a warning (lawMarkedRules).
 */
import type { Term } from '../deadlines/types.ts';
import { isNotPrescribed, isOpenPoint, isTermRule, LEGAL_FRAMEWORKS, LEGAL_FRAMEWORK_LABELS, type DeadlineSlot, type LegalFramework, type Regulation, type TermRule } from './schema.ts';
import { maxCalendarDays, mayExceed, termText } from './terms.ts';

export { LEGAL_FRAMEWORKS, LEGAL_FRAMEWORK_LABELS, type LegalFramework } from './schema.ts';

export interface LegalFinding {
  severity: 'error' | 'warning' | 'info';
  framework: LegalFramework;
  /** The article the finding rests on, e.g. `9:8 lid 3` or `art. 17`. */
  article: string;
  /** Dutch, plain language. */
  message: string;
  /** The regulation field concerned, when there is one. */
  path?: string;
}

const SIX_WEEKS: Term = { amount: 6, unit: 'weeks' };
const FOUR_WEEKS: Term = { amount: 4, unit: 'weeks' };
const ONE_MONTH: Term = { amount: 1, unit: 'months' };

type SlotState = { state: 'term'; term: TermRule } | { state: 'open' } | { state: 'none' };

function slot(value: DeadlineSlot | Regulation['deadlines']['decision'] | undefined): SlotState {
  if (value === undefined || isNotPrescribed(value)) return { state: 'none' };
  if (isOpenPoint(value)) return { state: 'open' };
  if (isTermRule(value)) return { state: 'term', term: value };
  return { state: 'none' };
}

function shorterThanAYear(term: Term): boolean {
  return term.unit === 'months' ? term.amount < 12 : maxCalendarDays(term) < 365;
}

/** "is langer dan" when the units match, "kan langer zijn dan" when it depends on the calendar. */
function longerThan(term: Term, limit: Term): string {
  return term.unit === limit.unit ? 'is langer dan' : 'kan langer zijn dan';
}

/** Check a regulation against the given frameworks. Findings are ordered by framework, then article. */
export function legalCheck(reg: Regulation, frameworks: readonly LegalFramework[]): LegalFinding[] {
  const findings: LegalFinding[] = [];
  const unique = LEGAL_FRAMEWORKS.filter((f) => frameworks.includes(f));
  for (const framework of unique) {
    switch (framework) {
      case 'awb9':
        findings.push(...checkAwb(reg));
        break;
      case 'wkkgz':
        findings.push(...checkWkkgz(reg));
        break;
      case 'wmo2015':
        findings.push(...checkWmo(reg));
        break;
      case 'jeugdwet':
        findings.push(...checkJeugdwet(reg));
        break;
    }
  }
  if (unique.length > 0) findings.push(...lawMarkedRules(reg, unique));
  return findings;
}

/** How a rule marked `basis: law` names its law, in its `article` or `note`. */
const LAW_PATTERNS: readonly [LegalFramework, RegExp][] = [
  ['awb9', /\bAwb\b|Algemene wet bestuursrecht/i],
  ['wkkgz', /\bWkkgz\b|Wet kwaliteit, klachten en geschillen zorg/i],
  ['wmo2015', /\bWmo\b/i],
  ['jeugdwet', /\bJeugdwet\b/i],
];

/** The laws a source cites (only for `basis: law`). */
export function lawsCited(source: { article: string; basis?: string; note?: string }): LegalFramework[] {
  if (source.basis !== 'law') return [];
  const text = `${source.article} ${source.note ?? ''}`;
  return LAW_PATTERNS.filter(([, re]) => re.test(text)).map(([f]) => f);
}

/**
 * "The rules follow the frameworks": a rule the regulation marks as coming from a law (`basis: law`) that the
 * organisation did not state applies to it is a warning: Klachtwijs still enforces it as the regulation says, but
 * the regulation should then say it as its own rule, or the organisation's frameworks are incomplete.
 */
function lawMarkedRules(reg: Regulation, stated: readonly LegalFramework[]): LegalFinding[] {
  const out: LegalFinding[] = [];
  const seen = new Set<string>();
  const visit = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, `${path}[${i}]`));
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const o = value as Record<string, unknown>;
    const src = o.source as { article?: unknown; basis?: unknown; note?: unknown } | undefined;
    if (src && typeof src === 'object' && typeof src.article === 'string') {
      const source = { article: src.article, basis: typeof src.basis === 'string' ? src.basis : undefined, note: typeof src.note === 'string' ? src.note : undefined };
      for (const law of lawsCited(source)) {
        if (stated.includes(law) || seen.has(`${law} ${path}`)) continue;
        seen.add(`${law} ${path}`);
        const label = law === 'awb9' ? 'de Awb' : `de ${LEGAL_FRAMEWORK_LABELS[law]}`;
        const inArticle = LAW_PATTERNS.find(([l]) => l === law)![1].test(source.article);
        const where = inArticle ? source.article : `artikel ${source.article} van de regeling`;
        out.push({
          severity: 'warning',
          framework: law,
          article: source.article,
          message: `Deze regel komt uit ${label}, die volgens uw instellingen niet voor uw organisatie geldt (${where}). Maak er een eigen regel van, of vul bij de instellingen aan welke wetten gelden.`,
          ...(path ? { path } : {}),
        });
      }
    }
    for (const [k, v] of Object.entries(o)) {
      // A retention period per framework applies only to dossiers under that framework: citing its law is no rule for all.
      if (k === 'source' || (path === 'retention' && k === 'perFramework')) continue;
      visit(v, path ? `${path}.${k}` : k);
    }
  };
  visit(reg, '');
  return out;
}

function checkAwb(reg: Regulation): LegalFinding[] {
  const out: LegalFinding[] = [];
  const f = (severity: LegalFinding['severity'], article: string, message: string, path?: string) =>
    out.push({ severity, framework: 'awb9', article, message: `Awb ${article}: ${message}`, ...(path ? { path } : {}) });
  const d = reg.deadlines;

  // 9:5 — resolved to satisfaction.
  if (reg.routing.firstLine || reg.handling.signOff) {
    f(
      'info',
      '9:5',
      'is de klacht meteen naar tevredenheid van de klager opgelost, dan hoeven de volgende stappen van de klachtbehandeling niet. Leg vast dat de klager tevreden is.',
      reg.routing.firstLine ? 'routing.firstLine' : 'handling.signOff',
    );
  }

  // 9:6 — written acknowledgement.
  const ack = slot(d.acknowledgement);
  if (ack.state === 'none') {
    f('error', '9:6', 'de regeling noemt geen schriftelijke ontvangstbevestiging. De klager moet de ontvangst van de klacht schriftelijk bevestigd krijgen.', 'deadlines.acknowledgement');
  } else if (ack.state === 'open') {
    f('warning', '9:6', 'de termijn voor de ontvangstbevestiging is nog niet ingevuld.', 'deadlines.acknowledgement');
  }

  // 9:7 — handled by someone not involved.
  if (!reg.routing.independentHandler) {
    f(
      'warning',
      '9:7',
      'de regeling legt niet vast dat de klacht wordt behandeld door iemand die niet bij de gedraging betrokken was. (Klachtwijs wijst de beklaagde nooit aan als behandelaar.)',
      'routing.independentHandler',
    );
  }

  // 9:8 — grounds and notice within four weeks.
  const notice = slot(d.inadmissibilityNotice);
  if (notice.state === 'none') {
    f(
      reg.admissibility.grounds.length > 0 ? 'error' : 'warning',
      '9:8',
      'geen termijn voor kennisgeving niet-ontvankelijk. Neemt u een klacht niet in behandeling, dan hoort de klager dat schriftelijk, uiterlijk binnen 4 weken na ontvangst (lid 3).',
      'deadlines.inadmissibilityNotice',
    );
  } else if (notice.state === 'open') {
    f('warning', '9:8', 'de termijn voor kennisgeving niet-ontvankelijk is nog niet ingevuld.', 'deadlines.inadmissibilityNotice');
  } else if (mayExceed(notice.term, FOUR_WEEKS)) {
    f(
      'error',
      '9:8',
      `termijn voor kennisgeving niet-ontvankelijk ${termText(notice.term)} ${longerThan(notice.term, FOUR_WEEKS)} 4 weken (lid 3).`,
      'deadlines.inadmissibilityNotice',
    );
  }
  reg.admissibility.grounds.forEach((g, i) => {
    if (g.limit && shorterThanAYear(g.limit)) {
      f(
        'warning',
        '9:8',
        `de grens van ${termText(g.limit)} voor oude gedragingen is korter dan het jaar dat de wet noemt (lid 1 onder b). Een klacht over een gedraging die korter dan een jaar geleden plaatsvond, moet u behandelen.`,
        `admissibility.grounds[${i}].limit`,
      );
    }
  });

  // 9:9 — copy to the person complained about.
  if (!reg.handling.copyToRespondent) {
    f('warning', '9:9', 'de regeling noemt niet dat degene op wiens gedraging de klacht betrekking heeft een afschrift van de klacht krijgt.', 'handling.copyToRespondent');
  }

  // 9:10 — hearing.
  const hearing = reg.handling.hearing;
  if (!hearing) {
    f('error', '9:10', 'de regeling regelt niet dat de klager en degene over wie de klacht gaat worden gehoord.', 'handling.hearing');
  } else {
    if (!hearing.parties.includes('complainant') || !hearing.parties.includes('respondent')) {
      f('error', '9:10', 'zowel de klager als degene over wie de klacht gaat moet de gelegenheid krijgen om gehoord te worden.', 'handling.hearing.parties');
    }
    hearing.waivers.forEach((w, i) => {
      // 9:10 lid 2 lists the grounds to waive hearing the complainant; a respondent who lets the opportunity
      // pass (lid 1: "in de gelegenheid stellen") is not a waiver the law limits.
      if (!(w.parties ?? ['complainant']).includes('complainant')) return;
      if (w.key !== 'manifestly_unfounded' && w.key !== 'complainant_declined') {
        f(
          'error',
          '9:10',
          `afzien van horen omdat "${w.label}" staat niet in de wet. Dat mag alleen als de klacht kennelijk ongegrond is of als de klager niet gehoord wil worden.`,
          `handling.hearing.waivers[${i}]`,
        );
      }
    });
    if (!hearing.reportRequired) {
      f('warning', '9:10', 'van het horen moet een verslag worden gemaakt.', 'handling.hearing.reportRequired');
    }
  }

  // 9:11 lid 1 — six weeks, or ten where a committee advises on the complaint (afdeling 9.1.3, art. 9:14); postponement
  // at most four weeks with written notice (lid 2).
  const decision = slot(d.decision);
  const advised = reg.committee !== undefined;
  const limit: Term = advised ? { amount: 10, unit: 'weeks' } : SIX_WEEKS;
  if (decision.state === 'open') {
    f('warning', '9:11', `de afhandeltermijn is nog niet ingevuld (de wet: ${advised ? '10 weken met een adviescommissie' : '6 weken'}).`, 'deadlines.decision');
  } else if (decision.state === 'term' && mayExceed(decision.term, limit)) {
    f(
      'error',
      '9:11',
      advised
        ? `afhandeltermijn ${termText(decision.term)} ${longerThan(decision.term, limit)} 10 weken (de termijn met een adviescommissie, afdeling 9.1.3).`
        : `afhandeltermijn ${termText(decision.term)} ${longerThan(decision.term, SIX_WEEKS)} 6 weken (10 weken alleen als een adviescommissie de klacht behandelt, afdeling 9.1.3).`,
      'deadlines.decision',
    );
  }
  checkExtension(reg, (severity, message, path) => f(severity, '9:11 lid 2', message, path), 'verdaging');

  // 9:12 — written, reasoned decision naming the ombudsman.
  if (reg.handling.decision.form !== 'written') {
    f('error', '9:12', 'de klager moet schriftelijk horen wat de bevindingen, het oordeel en de conclusies zijn; de regeling staat ook een mondeling antwoord toe.', 'handling.decision.form');
  }
  if (!reg.handling.decision.reasoned) {
    f('warning', '9:12', 'de regeling zegt niet dat de beslissing gemotiveerd is (bevindingen, oordeel en conclusies).', 'handling.decision.reasoned');
  }
  if (isNotPrescribed(reg.externalBody)) {
    f('error', '9:12 lid 2', 'de regeling noemt niet bij welke ombudsman de klager daarna terecht kan.', 'externalBody');
  } else if (reg.externalBody.kind !== 'ombudsman') {
    f('warning', '9:12 lid 2', `${reg.externalBody.name} is geen ombudsman. Noem in de beslissing ook de Nationale ombudsman of de gemeentelijke ombudsman.`, 'externalBody');
  }

  // 9:12a — registration and yearly publication.
  const yearly = reg.reporting.reports.some((r) => r.cadence === 'yearly');
  f(
    yearly ? 'info' : 'warning',
    '9:12a',
    yearly
      ? 'klaagschriften worden geregistreerd en jaarlijks gepubliceerd. De regeling noemt een jaarlijkse rapportage; controleer dat die openbaar wordt gemaakt.'
      : 'klaagschriften worden geregistreerd en jaarlijks gepubliceerd; de regeling noemt geen jaarlijkse rapportage.',
    'reporting.reports',
  );
  return out;
}

function checkExtension(
  reg: Regulation,
  report: (severity: LegalFinding['severity'], message: string, path?: string) => void,
  word: 'verdaging' | 'verlenging',
): void {
  const ext = reg.deadlines.extension;
  if (!ext.allowed) {
    report('info', `de wet staat ${word} met ten hoogste 4 weken toe; deze regeling gebruikt die mogelijkheid niet.`, 'deadlines.extension');
    return;
  }
  const max = slot(ext.max);
  if (max.state === 'none') {
    report('error', `${word} mag ten hoogste 4 weken; de regeling noemt geen maximum.`, 'deadlines.extension.max');
  } else if (max.state === 'open') {
    report('warning', `het maximum voor ${word} is nog niet ingevuld (de wet: 4 weken).`, 'deadlines.extension.max');
  } else if (mayExceed(max.term, FOUR_WEEKS)) {
    report('error', `${word} met ${termText(max.term)} ${longerThan(max.term, FOUR_WEEKS)} 4 weken.`, 'deadlines.extension.max');
  }
  if (!ext.noticeRequired) {
    report('error', `${word} moet vóór het einde van de termijn schriftelijk aan de klager worden gemeld.`, 'deadlines.extension.noticeRequired');
  }
}

function checkWkkgz(reg: Regulation): LegalFinding[] {
  const out: LegalFinding[] = [];
  const f = (severity: LegalFinding['severity'], article: string, message: string, path?: string) =>
    out.push({ severity, framework: 'wkkgz', article, message: `Wkkgz: ${message} (${article})`, ...(path ? { path } : {}) });

  // art. 15 — a klachtenfunctionaris who advises the complainant free of charge (and may mediate).
  const officer = reg.roles.find((r) => /klachtenfunctionaris/i.test(r.label));
  if (!officer) {
    f('warning', 'art. 15', 'de regeling noemt geen klachtenfunctionaris die de klager kosteloos adviseert en ondersteunt', 'roles');
  } else {
    const free = /kosteloos|gratis|kost(en)? (de klager |u )?niets/i;
    const saysFree = (reg.intake.freeOfCharge && free.test(reg.intake.freeOfCharge.text)) || (officer.duties ?? []).some((d) => free.test(d.text));
    if (!saysFree) {
      f('warning', 'art. 15', 'de regeling zegt niet dat de hulp van de klachtenfunctionaris de klager niets kost', 'intake.freeOfCharge');
    }
    if (!reg.handling.mediation) {
      f('info', 'art. 15', 'de klachtenfunctionaris kan bemiddelen; de regeling noemt geen bemiddeling', 'handling.mediation');
    }
  }

  // art. 17 lid 1 — a written, reasoned judgement within six weeks of receipt.
  const decision = slot(reg.deadlines.decision);
  if (decision.state === 'open') {
    f('warning', 'art. 17', 'de beslistermijn is nog niet ingevuld (de wet: 6 weken)', 'deadlines.decision');
  } else if (decision.state === 'term' && mayExceed(decision.term, SIX_WEEKS)) {
    f('error', 'art. 17', `beslistermijn ${termText(decision.term)} ${longerThan(decision.term, SIX_WEEKS)} 6 weken`, 'deadlines.decision');
  }
  const from = reg.deadlines.decisionFrom?.event;
  if (from === 'judgement_requested' && reg.handling.mediation) {
    // The usual reading of art. 17 with mediation first (issue 12): while the klachtenfunctionaris mediates at the
    // complainant's wish, the six weeks start when the complainant asks for a judgement. Shown, not counted against it.
    f(
      'info',
      'art. 17 lid 1',
      'de 6 weken lopen vanaf het verzoek om een oordeel, na bemiddeling door de klachtenfunctionaris (de gebruikelijke lezing van art. 17 bij bemiddeling). Leg in de regeling vast dat de klager zelf kiest voor bemiddeling',
      'deadlines.decisionFrom',
    );
  } else if (from === 'judgement_requested' || from === 'forwarded' || from === 'acknowledged') {
    f(
      'warning',
      'art. 17 lid 1',
      `de wet laat de 6 weken lopen vanaf de ontvangst van de klacht; deze regeling laat de termijn pas lopen vanaf ${from === 'judgement_requested' ? 'het verzoek om een oordeel' : from === 'acknowledged' ? 'de ontvangstbevestiging' : 'het doorsturen'}. Controleer dat de klager daarmee instemt`,
      'deadlines.decisionFrom',
    );
  }
  if (reg.handling.decision.form !== 'written') {
    f('error', 'art. 17', 'de klager krijgt het oordeel over de klacht schriftelijk; de regeling staat ook een mondeling antwoord toe', 'handling.decision.form');
  }
  if (!reg.handling.decision.reasoned) {
    f('warning', 'art. 17 lid 1', 'de regeling zegt niet dat het oordeel gemotiveerd is', 'handling.decision.reasoned');
  }
  // art. 17 lid 2 — extension at most four weeks, with written notice before the six weeks end.
  checkExtension(reg, (severity, message, path) => f(severity, 'art. 17', message.replace(/\.$/, ''), path), 'verlenging');
  // art. 17 lid 3 — the judgement says which measures are taken and within which terms.
  const measuresInDecision = !!reg.handling.informMeasures || /maatregel/i.test(reg.handling.decision.content ?? '');
  if (!measuresInDecision) {
    f('warning', 'art. 17 lid 3', 'de regeling zegt niet dat het oordeel noemt welke maatregelen worden genomen en binnen welke termijn', 'handling.decision.content');
  }

  // art. 18 — geschilleninstantie, named to the complainant.
  if (isNotPrescribed(reg.externalBody)) {
    f('error', 'art. 18', 'geen geschilleninstantie genoemd', 'externalBody');
  } else if (reg.externalBody.kind !== 'disputes_body') {
    f(
      'warning',
      'art. 18',
      `${reg.externalBody.name} is geen geschilleninstantie; een zorgaanbieder moet aangesloten zijn bij een erkende geschilleninstantie`,
      'externalBody',
    );
  } else if (!reg.externalBody.namedInDecision) {
    f('warning', 'art. 18', `de regeling zegt niet dat het oordeel de klager wijst op ${reg.externalBody.name}`, 'externalBody.namedInDecision');
  }
  return out;
}

function checkWmo(reg: Regulation): LegalFinding[] {
  const out: LegalFinding[] = [];
  out.push({
    severity: 'info',
    framework: 'wmo2015',
    article: 'art. 2.1.3 lid 2 onder d',
    message:
      'Wmo 2015: de gemeente regelt in haar verordening dat aanbieders een regeling hebben voor de afhandeling van klachten van cliënten (art. 2.1.3 lid 2 onder d). De wet noemt zelf geen termijnen: controleer de eisen in de verordening en het contract met de gemeente.',
  });
  const forClients = reg.intake.complainants.kinds.some((k) =>
    ['client', 'former_client', 'resident', 'any_relation'].includes(k.kind),
  );
  if (!forClients) {
    out.push({
      severity: 'warning',
      framework: 'wmo2015',
      article: 'art. 2.1.3 lid 2 onder d',
      message: 'Wmo 2015: de regeling staat niet open voor cliënten (art. 2.1.3 lid 2 onder d).',
      path: 'intake.complainants.kinds',
    });
  }
  if (!reg.committee && (isNotPrescribed(reg.externalBody) || reg.externalBody.kind !== 'complaints_committee')) {
    out.push({
      severity: 'info',
      framework: 'wmo2015',
      article: 'art. 2.1.3 lid 2 onder d',
      message: 'Wmo 2015: de regeling heeft geen klachtencommissie. Controleer of de verordening van de gemeente er een vraagt.',
      path: 'committee',
    });
  }
  if (isOpenPoint(reg.deadlines.decision)) {
    out.push({
      severity: 'warning',
      framework: 'wmo2015',
      article: 'art. 2.1.3 lid 2 onder d',
      message: 'Wmo 2015: de afhandeltermijn is nog niet ingevuld; een klachtenregeling zonder termijn werkt niet.',
      path: 'deadlines.decision',
    });
  }
  return out;
}

function checkJeugdwet(reg: Regulation): LegalFinding[] {
  const out: LegalFinding[] = [];
  const f = (severity: LegalFinding['severity'], article: string, message: string, path?: string) =>
    out.push({ severity, framework: 'jeugdwet', article, message: `Jeugdwet: ${message} (${article})`, ...(path ? { path } : {}) });

  // art. 4.2.1 — a klachtencommissie of at least three members, with a chair who does not work for the provider.
  const committee = reg.committee;
  if (committee) {
    if (!committee.members) {
      f('warning', 'art. 4.2.1', 'de regeling zegt niet hoe de klachtencommissie is samengesteld; controleer dat zij ten minste drie leden heeft en dat de voorzitter niet voor of bij de jeugdhulpaanbieder werkt', 'committee.members');
    } else {
      if (committee.members.minimum < 3) {
        f('error', 'art. 4.2.1', `de klachtencommissie heeft ten minste drie leden; de regeling noemt er ${committee.members.minimum}`, 'committee.members.minimum');
      }
      if (!committee.members.independentChair) {
        f('error', 'art. 4.2.1', 'de voorzitter van de klachtencommissie mag niet voor of bij de jeugdhulpaanbieder werken', 'committee.members.independentChair');
      }
    }
  } else if (isNotPrescribed(reg.externalBody) || reg.externalBody.kind !== 'complaints_committee') {
    f('error', 'art. 4.2.1', 'geen klachtencommissie; een jeugdhulpaanbieder moet klachten laten behandelen door een klachtencommissie', 'committee');
  } else {
    f(
      'info',
      'art. 4.2.1',
      `controleer dat ${reg.externalBody.name} ten minste drie leden heeft en dat de voorzitter niet voor de jeugdhulpaanbieder werkt`,
      'externalBody',
    );
  }
  // art. 4.2.1 — both sides are heard (where the regulation itself describes the committee's procedure; an external
  // committee found only as `externalBody` works by its own reglement, which the check cannot see).
  const hearing = reg.handling.hearing;
  if (committee && (!hearing || !hearing.parties.includes('complainant') || !hearing.parties.includes('respondent'))) {
    f('error', 'art. 4.2.1', 'de klager en degene over wie de klacht gaat krijgen allebei de gelegenheid om gehoord te worden', 'handling.hearing');
  }

  // art. 4.2.2 — the committee decides within six weeks.
  const decision = slot(reg.deadlines.decision);
  if (decision.state === 'open') {
    f('warning', 'art. 4.2.2', 'de beslistermijn is nog niet ingevuld (de klachtencommissie beslist binnen 6 weken)', 'deadlines.decision');
  } else if (decision.state === 'term' && mayExceed(decision.term, SIX_WEEKS)) {
    f(
      'error',
      'art. 4.2.2',
      `beslistermijn ${termText(decision.term)} ${longerThan(decision.term, SIX_WEEKS)} 6 weken; de klachtencommissie beslist binnen 6 weken`,
      'deadlines.decision',
    );
  }
  if (committee && (reg.handling.decision.form !== 'written' || !reg.handling.decision.reasoned)) {
    f('error', 'art. 4.2.2', 'de klachtencommissie geeft haar oordeel schriftelijk en met redenen', 'handling.decision');
  }

  // art. 4.2.2 — the provider says in writing within a month of the judgement whether, and which, measures it takes.
  const responses = (reg.deadlines.milestones ?? []).map((m, i) => ({ m, i })).filter(({ m }) => m.from === 'decided' && m.metBy === 'responded');
  if (responses.length === 0) {
    f(
      'warning',
      'art. 4.2.2',
      'de regeling noemt geen termijn waarbinnen de aanbieder na het oordeel schriftelijk laat weten welke maatregelen hij neemt (de wet: binnen een maand)',
      'deadlines.milestones',
    );
  }
  for (const { m, i } of responses) {
    if (mayExceed(m.term, ONE_MONTH)) {
      f('error', 'art. 4.2.2', `de reactie op het oordeel binnen ${termText(m.term)} ${longerThan(m.term, ONE_MONTH)} een maand`, `deadlines.milestones[${i}].term`);
    }
  }
  return out;
}
