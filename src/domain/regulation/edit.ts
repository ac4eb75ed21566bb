/**
 * The regulation as form fields for a non-technical admin (issue 12): which fields a regulation has, their
 * current values, applying what the admin typed back onto the regulation (with Dutch messages per field), and
 * where a validation problem belongs (a field, or a part of the regulation described in plain Dutch).
 * Field names are the form's own (`veld.termijn.decision.aantal`); no internal word reaches the page.
 * Pure: no I/O.
 */
import {
  CHANNELS,
  COMPLAINANT_KINDS,
  isNotPrescribed,
  isOpenPoint,
  isTermRule,
  TERM_UNITS,
  type Channel,
  type ComplainantKind,
  type Regulation,
  type Source,
  type TermRule,
} from './schema.ts';
import { EFFECTIVE_DATE_LABEL, TERM_SLOT_LABELS } from './changes.ts';

export type EditorValues = Record<string, string | string[] | undefined>;
export type EditorErrors = Record<string, string>;

/** Dutch names of the term units, for the unit picker. */
export const TERM_UNIT_LABELS: Record<(typeof TERM_UNITS)[number], string> = {
  workingDays: 'werkdagen',
  days: 'kalenderdagen',
  weeks: 'weken',
  months: 'maanden',
};

/** One term the editor shows: where it sits and whether it may be "niet geregeld". */
export interface TermSlot {
  id: string;
  label: string;
  /** The slot may be left empty ("niet geregeld"). */
  optional: boolean;
  /** The path of the term in the regulation, to map validation problems to the field. */
  path: string;
  get(reg: Regulation): unknown;
  set(reg: Regulation, value: TermRule | null): void;
}

/** The term slots of this regulation that the editor shows (open points are asked as open points instead). */
export function termSlots(reg: Regulation): TermSlot[] {
  const slots: TermSlot[] = [
    {
      id: 'acknowledgement',
      label: TERM_SLOT_LABELS.acknowledgement,
      optional: true,
      path: 'deadlines.acknowledgement',
      get: (r) => r.deadlines.acknowledgement,
      set: (r, v) => {
        r.deadlines.acknowledgement = v ?? { notPrescribed: true, source: sourceOf(r.deadlines.acknowledgement, r.deadlines.extension.source) };
      },
    },
    {
      id: 'inadmissibilityNotice',
      label: TERM_SLOT_LABELS.inadmissibilityNotice,
      optional: true,
      path: 'deadlines.inadmissibilityNotice',
      get: (r) => r.deadlines.inadmissibilityNotice,
      set: (r, v) => {
        r.deadlines.inadmissibilityNotice = v ?? { notPrescribed: true, source: sourceOf(r.deadlines.inadmissibilityNotice, r.deadlines.extension.source) };
      },
    },
    {
      id: 'decision',
      label: TERM_SLOT_LABELS.decision,
      optional: false,
      path: 'deadlines.decision',
      get: (r) => r.deadlines.decision,
      set: (r, v) => {
        if (v) r.deadlines.decision = v;
      },
    },
  ];
  if (reg.deadlines.extension.allowed) {
    slots.push({
      id: 'extensionMax',
      label: TERM_SLOT_LABELS.extensionMax,
      optional: true,
      path: 'deadlines.extension.max',
      get: (r) => r.deadlines.extension.max,
      set: (r, v) => {
        if (v) r.deadlines.extension.max = v;
        else delete r.deadlines.extension.max;
      },
    });
  }
  slots.push({
    id: 'serviceNorm',
    label: TERM_SLOT_LABELS.serviceNorm,
    optional: true,
    path: 'deadlines.serviceNorm',
    get: (r) => r.deadlines.serviceNorm,
    set: (r, v) => {
      if (v) r.deadlines.serviceNorm = v;
      else delete r.deadlines.serviceNorm;
    },
  });
  (reg.deadlines.milestones ?? []).forEach((m, i) => {
    slots.push({
      id: `eigen-${m.key}`,
      label: m.label,
      optional: false,
      path: `deadlines.milestones[${i}].term`,
      get: (r) => r.deadlines.milestones?.find((x) => x.key === m.key)?.term,
      set: (r, v) => {
        const own = r.deadlines.milestones?.find((x) => x.key === m.key);
        if (own && v) own.term = v;
      },
    });
  });
  if (!isNotPrescribed(reg.retention)) {
    slots.push({
      id: 'bewaren',
      label: 'Bewaartermijn van het dossier',
      optional: false,
      path: 'retention.period',
      get: (r) => (isNotPrescribed(r.retention) ? undefined : r.retention.period),
      set: (r, v) => {
        if (!isNotPrescribed(r.retention) && v) r.retention.period = v;
      },
    });
  }
  return slots.filter((s) => !isOpenPoint(s.get(reg)));
}

function sourceOf(value: unknown, fallback: Source): Source {
  if (value && typeof value === 'object' && 'source' in value) return (value as { source: Source }).source;
  return fallback;
}

export const termAmountField = (slot: string) => `veld.termijn.${slot}.aantal`;
export const termUnitField = (slot: string) => `veld.termijn.${slot}.eenheid`;
export const roleField = (key: string, what: 'naam' | 'functie') => `veld.rol.${key}.${what}`;

const CONTACT_FIELDS = [
  ['email', 'veld.contact.email', 'E-mailadres voor klachten'],
  ['phone', 'veld.contact.telefoon', 'Telefoonnummer voor klachten'],
  ['postalAddress', 'veld.contact.post', 'Postadres voor klachten'],
  ['webFormUrl', 'veld.contact.formulier', 'Webadres van het klachtenformulier'],
] as const;
const EXTERNAL_FIELDS = [
  ['name', 'veld.extern.naam', 'Naam van de externe klachteninstantie'],
  ['address', 'veld.extern.adres', 'Adres van de externe klachteninstantie'],
  ['url', 'veld.extern.website', 'Website van de externe klachteninstantie'],
  ['when', 'veld.extern.wanneer', 'Wanneer kan iemand daar terecht?'],
] as const;

/** The contact and external-body fields this regulation has, with their Dutch labels (open points are asked apart). */
export function textFields(reg: Regulation): { name: string; label: string; part: 'contact' | 'extern'; type: 'text' | 'email' | 'url' | 'tel' }[] {
  const out: ReturnType<typeof textFields> = [];
  if (reg.contact) {
    for (const [k, name, label] of CONTACT_FIELDS) {
      if (!isOpenPoint(reg.contact[k])) out.push({ name, label, part: 'contact', type: k === 'email' ? 'email' : k === 'phone' ? 'tel' : k === 'webFormUrl' ? 'url' : 'text' });
    }
  }
  if (!isNotPrescribed(reg.externalBody)) {
    const ext = reg.externalBody;
    for (const [k, name, label] of EXTERNAL_FIELDS) {
      if (!isOpenPoint(ext[k])) out.push({ name, label, part: 'extern', type: k === 'url' ? 'url' : 'text' });
    }
  }
  return out;
}

/** The current values of every field, as the form shows them. */
export function editorValues(reg: Regulation): EditorValues {
  const v: EditorValues = {};
  v['veld.titel'] = reg.metadata.title;
  const eff = reg.metadata.effectiveDate;
  if (!isOpenPoint(eff)) v['veld.ingangsdatum'] = eff ?? '';
  v['veld.klagers'] = reg.intake.complainants.kinds.map((k) => k.kind);
  if (!isOpenPoint(reg.intake.channels)) v['veld.kanalen'] = reg.intake.channels.map((c) => c.channel);
  v['veld.schriftelijk'] = reg.intake.form.writtenRequired ? 'ja' : '';
  v['veld.ondertekend'] = reg.intake.form.signatureRequired ? 'ja' : '';
  for (const slot of termSlots(reg)) {
    const t = slot.get(reg);
    v[termAmountField(slot.id)] = isTermRule(t) ? String(t.amount) : '';
    v[termUnitField(slot.id)] = isTermRule(t) ? t.unit : '';
  }
  for (const r of reg.roles) {
    v[roleField(r.key, 'naam')] = r.label;
    v[roleField(r.key, 'functie')] = r.heldBy ?? '';
  }
  if (reg.contact) for (const [k, name] of CONTACT_FIELDS) if (!isOpenPoint(reg.contact[k])) v[name] = (reg.contact[k] as string | undefined) ?? '';
  if (!isNotPrescribed(reg.externalBody)) {
    const ext = reg.externalBody;
    for (const [k, name] of EXTERNAL_FIELDS) if (!isOpenPoint(ext[k])) v[name] = (ext[k] as string | undefined) ?? '';
  }
  return v;
}

const one = (values: EditorValues, name: string): string => {
  const v = values[name];
  return (Array.isArray(v) ? (v.at(-1) ?? '') : (v ?? '')).trim();
};
const many = (values: EditorValues, name: string): string[] => {
  const v = values[name];
  return Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v];
};

export interface AppliedEdit {
  regulation: Regulation;
  /** Dutch messages by field name. */
  errors: EditorErrors;
  /** Something differs from the regulation the form started from. */
  changed: boolean;
}

/**
 * Applies what the admin typed to a copy of `reg`. A value left as it was keeps the regulation's own object
 * (with its article); a changed term keeps its article but loses a note that described the old term.
 */
export function applyEditorValues(reg: Regulation, values: EditorValues): AppliedEdit {
  const next = structuredClone(reg);
  const errors: EditorErrors = {};
  const before = JSON.stringify(reg);

  const title = one(values, 'veld.titel');
  if (title === '') errors['veld.titel'] = 'Vul de titel van de regeling in.';
  else next.metadata.title = title;
  if (!isOpenPoint(reg.metadata.effectiveDate) && values['veld.ingangsdatum'] !== undefined) {
    const eff = one(values, 'veld.ingangsdatum');
    if (eff === '') delete next.metadata.effectiveDate;
    else if (!/^\d{4}-\d{2}-\d{2}$/.test(eff)) errors['veld.ingangsdatum'] = 'Vul een datum in, bijvoorbeeld 1 januari 2027.';
    else next.metadata.effectiveDate = eff;
  }

  const kinds = many(values, 'veld.klagers').filter((k): k is ComplainantKind => (COMPLAINANT_KINDS as readonly string[]).includes(k));
  if (!kinds.length) errors['veld.klagers'] = 'Kies ten minste één groep die een klacht mag indienen.';
  else {
    const fallback = reg.intake.complainants.kinds[0]?.source ?? reg.intake.complainants.representation.source;
    next.intake.complainants.kinds = kinds.map((k) => reg.intake.complainants.kinds.find((o) => o.kind === k) ?? { kind: k, source: fallback });
  }
  if (!isOpenPoint(reg.intake.channels)) {
    const old = reg.intake.channels;
    const chosen = many(values, 'veld.kanalen').filter((c): c is Channel => (CHANNELS as readonly string[]).includes(c));
    if (!chosen.length) errors['veld.kanalen'] = 'Kies ten minste één manier om een klacht in te dienen.';
    else {
      const fallback = old[0]?.source ?? reg.intake.form.source;
      const kept = old.filter((c) => chosen.includes(c.channel));
      const added = CHANNELS.filter((c) => chosen.includes(c) && !old.some((o) => o.channel === c)).map((c) => ({ channel: c, source: fallback }));
      next.intake.channels = [...kept, ...added];
    }
  }
  next.intake.form.writtenRequired = one(values, 'veld.schriftelijk') === 'ja';
  next.intake.form.signatureRequired = one(values, 'veld.ondertekend') === 'ja';

  for (const slot of termSlots(reg)) {
    const amountText = one(values, termAmountField(slot.id));
    const unit = one(values, termUnitField(slot.id));
    const old = slot.get(reg);
    if (unit === '') {
      if (!slot.optional) errors[termUnitField(slot.id)] = 'Kies werkdagen, kalenderdagen, weken of maanden.';
      else if (amountText !== '') errors[termUnitField(slot.id)] = 'Kies werkdagen, kalenderdagen, weken of maanden, of laat het aantal leeg als de regeling deze termijn niet regelt.';
      else if (!isNotPrescribed(old) && old !== undefined) slot.set(next, null);
      continue;
    }
    if (!(TERM_UNITS as readonly string[]).includes(unit)) {
      errors[termUnitField(slot.id)] = 'Kies werkdagen, kalenderdagen, weken of maanden.';
      continue;
    }
    if (!/^\d+$/.test(amountText) || Number(amountText) < 1 || Number(amountText) > 3650) {
      errors[termAmountField(slot.id)] = amountText === '' ? 'Vul het aantal in (een heel getal van 1 of meer).' : 'Vul een heel getal in van 1 tot en met 3650.';
      continue;
    }
    const amount = Number(amountText);
    if (isTermRule(old) && old.amount === amount && old.unit === unit) continue;
    const rule: TermRule = {
      amount,
      unit: unit as TermRule['unit'],
      ...(isTermRule(old) && old.atw !== undefined ? { atw: old.atw } : {}),
      source: isTermRule(old) ? old.source : { article: sourceOf(old, reg.deadlines.extension.source).article, basis: 'organisation' },
    };
    slot.set(next, rule);
  }

  for (const role of next.roles) {
    const label = one(values, roleField(role.key, 'naam'));
    if (values[roleField(role.key, 'naam')] === undefined) continue;
    if (label === '') errors[roleField(role.key, 'naam')] = 'Vul de naam van deze rol in.';
    else role.label = label;
    const heldBy = one(values, roleField(role.key, 'functie'));
    if (heldBy === '') delete role.heldBy;
    else role.heldBy = heldBy;
  }

  for (const f of textFields(reg)) {
    if (values[f.name] === undefined) continue;
    const value = one(values, f.name);
    if (f.part === 'contact' && next.contact) {
      const k = CONTACT_FIELDS.find(([, n]) => n === f.name)![0];
      if (value === '') delete next.contact[k];
      else next.contact[k] = value;
    } else if (f.part === 'extern' && !isNotPrescribed(next.externalBody)) {
      const k = EXTERNAL_FIELDS.find(([, n]) => n === f.name)![0];
      if (k === 'name' || k === 'when') {
        if (value === '') errors[f.name] = k === 'name' ? 'Vul de naam van de instantie in.' : 'Schrijf op wanneer iemand daar terecht kan.';
        else next.externalBody[k] = value;
      } else if (value === '') delete next.externalBody[k];
      else next.externalBody[k] = value;
    }
  }
  return { regulation: next, errors, changed: JSON.stringify(next) !== before };
}

/** Dutch names of the regulation's parts, for problems that have no field of their own. */
const PART_LABELS: Record<string, string> = {
  format: 'Algemeen',
  model: 'Algemeen',
  preset: 'Algemeen',
  metadata: 'Algemeen',
  scope: 'Voor wie de regeling geldt',
  placeholders: 'Gegevens die u nog moet invullen',
  purposes: 'Doel van de regeling',
  informing: 'Bekendmaking van de regeling',
  intake: 'Wie mag klagen en hoe',
  classification: 'Soorten klachten',
  roles: 'Rollen',
  routing: 'Wie wat doet',
  admissibility: 'Wanneer een klacht niet in behandeling wordt genomen',
  handling: 'Behandeling van de klacht',
  deadlines: 'Termijnen',
  calendar: 'Termijnen',
  contact: 'Contactgegevens',
  externalBody: 'Externe klachteninstantie',
  committee: 'Klachtencommissie',
  records: 'Het klachtdossier',
  retention: 'Bewaren van het dossier',
  reporting: 'Rapportage',
};

/** The part of the regulation a path sits in, in Dutch ("Termijnen"). */
export function partLabel(path: string): string {
  const top = /^[A-Za-z]+/.exec(path)?.[0] ?? '';
  return PART_LABELS[top] ?? 'De regeling als geheel';
}

/**
 * The form field a validation problem at `path` (as `formatPath` writes it) belongs to, or null when the form
 * has no field for it. Only fields the regulation shows are returned.
 */
export function fieldForPath(reg: Regulation, path: string): string | null {
  if (path.startsWith('metadata.title')) return 'veld.titel';
  if (path.startsWith('metadata.effectiveDate') && !isOpenPoint(reg.metadata.effectiveDate)) return 'veld.ingangsdatum';
  if (path.startsWith('intake.complainants.kinds')) return 'veld.klagers';
  if (path.startsWith('intake.channels') && !isOpenPoint(reg.intake.channels)) return 'veld.kanalen';
  for (const slot of termSlots(reg)) {
    if (path === slot.path || path.startsWith(`${slot.path}.`)) return path.endsWith('.unit') ? termUnitField(slot.id) : termAmountField(slot.id);
  }
  const role = /^roles\[(\d+)\]\.(label|heldBy)/.exec(path);
  if (role) {
    const r = reg.roles[Number(role[1])];
    if (r) return roleField(r.key, role[2] === 'label' ? 'naam' : 'functie');
  }
  for (const f of textFields(reg)) {
    const [k] = (f.part === 'contact' ? CONTACT_FIELDS : EXTERNAL_FIELDS).find(([, n]) => n === f.name)!;
    if (path.startsWith(`${f.part === 'contact' ? 'contact' : 'externalBody'}.${k}`)) return f.name;
  }
  return null;
}

/** Dutch labels of the editor's own fields, for the error summary. */
export function editorFieldLabels(reg: Regulation): Record<string, string> {
  const labels: Record<string, string> = {
    'veld.titel': 'Titel van de regeling',
    'veld.ingangsdatum': EFFECTIVE_DATE_LABEL,
    'veld.klagers': 'Wie mag een klacht indienen?',
    'veld.kanalen': 'Hoe kan iemand een klacht indienen?',
  };
  for (const slot of termSlots(reg)) {
    labels[termAmountField(slot.id)] = `${slot.label}: aantal`;
    labels[termUnitField(slot.id)] = `${slot.label}: eenheid`;
  }
  for (const r of reg.roles) {
    labels[roleField(r.key, 'naam')] = `Naam van de rol ${r.label}`;
    labels[roleField(r.key, 'functie')] = `Wie is ${r.label}?`;
  }
  for (const f of textFields(reg)) labels[f.name] = f.label;
  return labels;
}
