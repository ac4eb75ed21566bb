/**
 * What changed between two versions of a regulation, as plain Dutch lines an admin reads before activating
 * ("Beslistermijn: 8 weken → 6 weken", "Nieuw kanaal: per e-mail", "Rol toegevoegd: klachtencommissie").
 * Covers the parts the editor shows as fields; the published text's own diff is `regulationTextDiff`.
 * Pure: no I/O.
 */
import { outcomesSummary } from './outcomes-text.ts';
import {
  CHANNEL_LABELS,
  COMPLAINANT_KIND_LABELS,
  isNotPrescribed,
  isOpenPoint,
  isTermRule,
  type Channel,
  type Regulation,
} from './schema.ts';
import { termText } from './terms.ts';
import { EXTERNAL_BODY_KIND_LABELS as EXTERNAL_KIND_LABELS } from '../workflow/actions.ts';

/** Dutch names of the regulation's term slots, as the editor labels them. */
export const TERM_SLOT_LABELS = {
  acknowledgement: 'Termijn voor de ontvangstbevestiging',
  inadmissibilityNotice: 'Termijn voor het bericht dat een klacht niet in behandeling wordt genomen',
  decision: 'Beslistermijn',
  extensionMax: 'Maximale verlenging van de beslistermijn',
  serviceNorm: 'Interne servicenorm',
} as const;

/** How a term slot reads: "6 weken", "6 kalenderdagen (zonder Algemene termijnenwet)", "niet geregeld", "nog open". */
export function slotText(value: unknown): string {
  if (value === undefined || isNotPrescribed(value)) return 'niet geregeld';
  if (isOpenPoint(value)) return 'nog in te vullen';
  if (isTermRule(value)) {
    const t = value.unit === 'days' ? `${value.amount} ${value.amount === 1 ? 'kalenderdag' : 'kalenderdagen'}` : termText(value);
    if (value.atw === false) return `${t} (zonder Algemene termijnenwet)`;
    if (value.atw === true) return `${t} (met Algemene termijnenwet)`;
    return t;
  }
  return 'onbekend';
}

function textOf(value: unknown): string {
  if (value === undefined || isNotPrescribed(value)) return 'niet ingevuld';
  if (isOpenPoint(value)) return 'nog in te vullen';
  if (typeof value === 'string') return value;
  return 'onbekend';
}


function channelsOf(reg: Regulation): Channel[] {
  const ch = reg.intake.channels;
  return isOpenPoint(ch) ? [] : ch.map((c) => c.channel);
}

function setChanges<T extends string>(before: T[], after: T[], label: (v: T) => string, added: string, removed: string): string[] {
  const out: string[] = [];
  for (const v of after) if (!before.includes(v)) out.push(`${added}: ${label(v)}`);
  for (const v of before) if (!after.includes(v)) out.push(`${removed}: ${label(v)}`);
  return out;
}

function compare(out: string[], label: string, before: string, after: string): void {
  if (before !== after) out.push(`${label}: ${before} → ${after}`);
}

const yesNo = (b: boolean) => (b ? 'ja' : 'nee');

/**
 * `metadata.effectiveDate` on every page that asks or shows it: the day the regulation was adopted, as the regulations
 * write it (003 "door het bestuur vastgesteld op [dd mm jjjj]"; the presets ask "Op welke datum … vastgesteld?"; the
 * published text says "Vastgesteld op …"). A version applies from that day, never before its activation
 * (`effectiveSince`, ADR 0003 addendum).
 */
export const EFFECTIVE_DATE_LABEL = 'Datum van vaststelling';

/** The changes from `before` to `after`, one Dutch line each, in the order of the editor's parts. Empty: nothing changed there. */
export function describeRegulationChanges(before: Regulation, after: Regulation): string[] {
  const out: string[] = [];
  compare(out, 'Titel', before.metadata.title, after.metadata.title);
  compare(out, EFFECTIVE_DATE_LABEL, textOf(before.metadata.effectiveDate), textOf(after.metadata.effectiveDate));

  // Who may complain and how.
  out.push(
    ...setChanges(
      before.intake.complainants.kinds.map((k) => k.kind),
      after.intake.complainants.kinds.map((k) => k.kind),
      (k) => COMPLAINANT_KIND_LABELS[k],
      'Mag nu ook klagen',
      'Mag niet meer klagen',
    ),
  );
  if (isOpenPoint(before.intake.channels) !== isOpenPoint(after.intake.channels) && isOpenPoint(after.intake.channels)) {
    out.push('Manieren om te klagen: nog in te vullen');
  }
  out.push(...setChanges(channelsOf(before), channelsOf(after), (c) => CHANNEL_LABELS[c], 'Nieuw kanaal', 'Kanaal vervalt'));
  if (before.intake.form.writtenRequired !== after.intake.form.writtenRequired) {
    out.push(`Klacht moet schriftelijk: ${yesNo(before.intake.form.writtenRequired)} → ${yesNo(after.intake.form.writtenRequired)}`);
  }
  if (before.intake.form.signatureRequired !== after.intake.form.signatureRequired) {
    out.push(`Klacht moet ondertekend: ${yesNo(before.intake.form.signatureRequired)} → ${yesNo(after.intake.form.signatureRequired)}`);
  }

  // Terms.
  const d0 = before.deadlines;
  const d1 = after.deadlines;
  compare(out, TERM_SLOT_LABELS.acknowledgement, slotText(d0.acknowledgement), slotText(d1.acknowledgement));
  compare(out, TERM_SLOT_LABELS.inadmissibilityNotice, slotText(d0.inadmissibilityNotice), slotText(d1.inadmissibilityNotice));
  compare(out, TERM_SLOT_LABELS.decision, slotText(d0.decision), slotText(d1.decision));
  compare(out, 'Verlenging van de beslistermijn mogelijk', yesNo(d0.extension.allowed), yesNo(d1.extension.allowed));
  compare(out, TERM_SLOT_LABELS.extensionMax, slotText(d0.extension.max), slotText(d1.extension.max));
  compare(out, TERM_SLOT_LABELS.serviceNorm, slotText(d0.serviceNorm), slotText(d1.serviceNorm));
  const m0 = d0.milestones ?? [];
  const m1 = d1.milestones ?? [];
  for (const m of m1) {
    const old = m0.find((o) => o.key === m.key);
    if (!old) out.push(`Termijn toegevoegd: ${m.label} (${slotText(m.term)})`);
    else {
      compare(out, m.label, slotText(old.term), slotText(m.term));
      if (old.label !== m.label) out.push(`Termijn heet nu: ${old.label} → ${m.label}`);
    }
  }
  for (const m of m0) if (!m1.some((n) => n.key === m.key)) out.push(`Termijn vervalt: ${m.label}`);
  if (before.calendar.atw !== after.calendar.atw) {
    out.push(`Algemene termijnenwet: ${before.calendar.atw ? 'wel' : 'niet'} toegepast → ${after.calendar.atw ? 'wel' : 'niet'} toegepast`);
  }

  // How the regulation decides (handling.decision.outcomes, ADR 0003).
  compare(out, 'Hoe de regeling beslist', outcomesSummary(before.handling.decision.outcomes), outcomesSummary(after.handling.decision.outcomes));

  // Roles.
  for (const r of after.roles) {
    const old = before.roles.find((o) => o.key === r.key);
    if (!old) out.push(`Rol toegevoegd: ${r.label}`);
    else {
      if (old.label !== r.label) out.push(`Rol heet nu: ${old.label} → ${r.label}`);
      compare(out, `Wie is ${r.label}`, old.heldBy ?? 'niet ingevuld', r.heldBy ?? 'niet ingevuld');
    }
  }
  for (const r of before.roles) if (!after.roles.some((n) => n.key === r.key)) out.push(`Rol vervalt: ${r.label}`);

  // Committee, external body, contact.
  if (!before.committee && after.committee) out.push(`Klachtencommissie toegevoegd: ${after.committee.name}`);
  else if (before.committee && !after.committee) out.push(`Klachtencommissie vervalt: ${before.committee.name}`);
  else if (before.committee && after.committee) compare(out, 'Klachtencommissie', before.committee.name, after.committee.name);
  const e0 = isNotPrescribed(before.externalBody) ? null : before.externalBody;
  const e1 = isNotPrescribed(after.externalBody) ? null : after.externalBody;
  if (!e0 && e1) out.push(`Externe klachteninstantie toegevoegd: ${e1.name}`);
  else if (e0 && !e1) out.push(`Externe klachteninstantie vervalt: ${e0.name}`);
  else if (e0 && e1) {
    compare(out, 'Externe klachteninstantie', e0.name, e1.name);
    compare(out, 'Adres van de externe klachteninstantie', textOf(e0.address), textOf(e1.address));
    compare(out, 'Website van de externe klachteninstantie', textOf(e0.url), textOf(e1.url));
    compare(out, 'Wanneer naar de externe klachteninstantie', e0.when, e1.when);
    compare(out, 'Soort externe klachteninstantie', EXTERNAL_KIND_LABELS[e0.kind], EXTERNAL_KIND_LABELS[e1.kind]);
  }
  const c0 = before.contact;
  const c1 = after.contact;
  compare(out, 'E-mailadres voor klachten', textOf(c0?.email), textOf(c1?.email));
  compare(out, 'Telefoonnummer voor klachten', textOf(c0?.phone), textOf(c1?.phone));
  compare(out, 'Postadres voor klachten', textOf(c0?.postalAddress), textOf(c1?.postalAddress));
  compare(out, 'Webadres van het klachtenformulier', textOf(c0?.webFormUrl), textOf(c1?.webFormUrl));

  // Retention.
  const r0 = isNotPrescribed(before.retention) ? null : before.retention;
  const r1 = isNotPrescribed(after.retention) ? null : after.retention;
  compare(out, 'Bewaartermijn', r0 ? slotText(r0.period) : 'niet geregeld', r1 ? slotText(r1.period) : 'niet geregeld');
  return out;
}
