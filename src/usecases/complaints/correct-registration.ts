import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/types.ts';
import type { HistoryEvent } from '../../domain/workflow/index.ts';
import { RECORD_KIND_LABELS, type ComplaintFacts, type ProductRole } from '../../domain/workflow/index.ts';
import { validationFailed, type FieldIssue } from '../../shared/errors.ts';
import { isUuid } from '../../shared/validation.ts';
import type { Actor } from '../actor.ts';
import { otherVersionOnMove, regulationInForceOn, theCoordinatorFor, versionOwner, type ActiveRegulation } from '../regulations/regulations.ts';
import { registrationUnits, visibleTo, type ComplaintScope } from './access.ts';
import { complainantSchema } from './intake.ts';

/**
 * A correction of a registration (`correct-registration`), as staff and the API send it: only what changes.
 * `complainant.*` and `linkedComplaint` given as "" clear the field; `linkedComplaint` is a reference
 * ("2026-0004") or an id. This module turns it into the action's input (the complainant in full, as it is
 * after the correction; ids instead of references) and the before/after the history shows.
 */
export const CORRECTABLE_COMPLAINANT_FIELDS = ['name', 'email', 'phone', 'postalAddress', 'relation', 'onBehalfOf', 'representativeRelation'] as const;
type ComplainantField = (typeof CORRECTABLE_COMPLAINANT_FIELDS)[number];

export const CORRECTION_FIELD_LABELS: Record<string, string> = {
  unit: 'eenheid',
  kind: 'soort',
  'complainant.name': 'naam van de klager',
  'complainant.email': 'e-mailadres',
  'complainant.phone': 'telefoonnummer',
  'complainant.postalAddress': 'postadres',
  'complainant.relation': 'relatie tot de organisatie',
  'complainant.onBehalfOf': 'namens wie',
  'complainant.representativeRelation': 'relatie van de vertegenwoordiger',
  linkedComplaint: 'eerdere klacht',
  regulation: 'klachtenregeling',
};

const requestSchema = z.object({
  reason: z.unknown().optional(),
  unitId: z.string({ error: 'Kies een bestaande eenheid.' }).trim().optional(),
  kind: z.string({ error: 'Kies wat het is.' }).trim().optional(),
  notComplaintKey: z.string().trim().optional(),
  complainant: z.record(z.string(), z.unknown(), { error: 'Geef de gegevens van de klager.' }).optional(),
  linkedComplaint: z.string({ error: 'Vul het kenmerk van de eerdere klacht in.' }).trim().max(100).optional(),
  /** The action schema's name (API): an id, or null to remove the link. */
  linkedComplaintId: z.string({ error: 'Kies een bestaande klacht.' }).trim().max(100).nullable().optional(),
});

export interface CorrectionChange {
  field: string;
  from: string | null;
  to: string | null;
}

export interface PreparedCorrection {
  input: Record<string, unknown>;
  changes: CorrectionChange[];
}

export async function prepareCorrection(
  tx: Kysely<DB>,
  actor: Actor,
  scope: ComplaintScope,
  roles: readonly ProductRole[],
  complaint: { id: string; unit_id: string; unit_unknown?: boolean; regulation_version_id: string },
  currentComplainant: Record<string, unknown>,
  facts: ComplaintFacts,
  raw: unknown,
): Promise<PreparedCorrection> {
  const parsed = requestSchema.safeParse(raw ?? {});
  if (!parsed.success) throw validationFailed(parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.') || '_', message: i.message })));
  const r = parsed.data;
  if (r.linkedComplaint === undefined && r.linkedComplaintId !== undefined) r.linkedComplaint = r.linkedComplaintId ?? '';
  const problems: FieldIssue[] = [];
  const input: Record<string, unknown> = { reason: r.reason };
  const changes: CorrectionChange[] = [];

  // Unit: one of the organisation's; the intake desk moves a complaint only among its own units.
  const units = await tx.selectFrom('units').select(['id', 'parent_id', 'name']).where('organisation_id', '=', actor.organisationId).execute();
  // A complaint waiting in triage ("Weet ik niet") may also be confirmed at the unit it waits at.
  if (r.unitId && (r.unitId !== complaint.unit_id || complaint.unit_unknown === true)) {
    const unit = isUuid(r.unitId) ? units.find((u) => u.id === r.unitId) : undefined;
    if (!unit) problems.push({ field: 'unitId', message: 'Kies een bestaande eenheid.' });
    else if (!roles.includes('coordinator') && !registrationUnits(actor, units).has(unit.id)) {
      problems.push({ field: 'unitId', message: `U kunt een klacht alleen naar uw eigen eenheden verplaatsen. Vraag ${await theCoordinatorFor(tx, actor.organisationId, { versionId: complaint.regulation_version_id })} om de klacht naar een andere eenheid te verplaatsen.` });
    } else {
      input['unitId'] = unit.id;
      const before = units.find((u) => u.id === complaint.unit_id)?.name ?? null;
      changes.push({ field: 'unit', from: complaint.unit_unknown === true ? 'nog geen eenheid' : before, to: unit.name });
    }
  }

  if (r.kind && r.kind !== facts.kind) {
    input['kind'] = r.kind;
    if (r.notComplaintKey) input['notComplaintKey'] = r.notComplaintKey;
    changes.push({ field: 'kind', from: RECORD_KIND_LABELS[facts.kind], to: RECORD_KIND_LABELS[r.kind as keyof typeof RECORD_KIND_LABELS] ?? r.kind });
  }

  if (r.complainant) {
    const next: Record<string, unknown> = { ...currentComplainant };
    let changed = false;
    for (const key of CORRECTABLE_COMPLAINANT_FIELDS) {
      if (!(key in r.complainant)) continue;
      const value = r.complainant[key];
      if (value !== undefined && value !== null && typeof value !== 'string') {
        problems.push({ field: `complainant.${key}`, message: 'Vul dit in als tekst.' });
        continue;
      }
      const before = typeof currentComplainant[key] === 'string' ? (currentComplainant[key] as string) : null;
      // A browser sends a textarea's line breaks as CRLF: a line break is a line break, not a change.
      const text = (value ?? '').replace(/\r\n?/g, '\n').trim();
      let after: string | null = null;
      if (text) {
        const one = complainantSchema.shape[key as ComplainantField].safeParse(text);
        if (!one.success) {
          problems.push({ field: `complainant.${key}`, message: one.error.issues[0]?.message ?? 'Dit gegeven klopt niet.' });
          continue;
        }
        after = (one.data as string | undefined) ?? null;
      }
      if ((before?.replace(/\r\n?/g, '\n') ?? null) === after) continue;
      changed = true;
      if (after === null) delete next[key];
      else next[key] = after;
      changes.push({ field: `complainant.${key}`, from: before, to: after });
    }
    if (changed) input['complainant'] = next;
  }

  if (r.linkedComplaint !== undefined) {
    const current = facts.linkedComplaintId;
    const currentRef = current ? ((await tx.selectFrom('complaints').select('reference').where('id', '=', current).executeTakeFirst())?.reference ?? null) : null;
    if (r.linkedComplaint === '') {
      if (current !== null) {
        input['linkedComplaintId'] = null;
        changes.push({ field: 'linkedComplaint', from: currentRef, to: null });
      }
    } else {
      const term = r.linkedComplaint;
      const byId = isUuid(term);
      const lower = term.toLowerCase();
      const found = await tx
        .selectFrom('complaints')
        .select(['id', 'reference'])
        .where('organisation_id', '=', actor.organisationId)
        .where((eb) => (byId ? eb('id', '=', term) : eb(eb.fn('lower', ['reference']), '=', lower)))
        .where(visibleTo(scope))
        .executeTakeFirst();
      if (!found) problems.push({ field: 'linkedComplaint', message: 'Er is geen klacht met dit kenmerk die u kunt zien. Vul een kenmerk in zoals 2026-0004.' });
      else if (found.id === complaint.id) problems.push({ field: 'linkedComplaint', message: 'Een klacht kan niet aan zichzelf worden gekoppeld.' });
      else if (found.id !== current) {
        input['linkedComplaintId'] = found.id;
        changes.push({ field: 'linkedComplaint', from: currentRef, to: found.reference });
      }
    }
  }

  if (problems.length) throw validationFailed(problems);
  return { input, changes };
}

/**
 * The regulation version after a complaint moved to another unit (ADR 0003, addendum): the version in force for the new
 * unit on the day of receipt (004 §2: one procedure per werkmaatschappij; a complaint filed at triage, "Weet ik niet",
 * belongs under the procedure of the werkmaatschappij it is moved to). Chosen again only while nothing has happened under
 * the old version: the history holds only the registration and corrections of it, and no letter was made (an
 * acknowledgement, automatic or not, names the old version's terms to the complainant; an assignment, a hearing or any
 * other step was taken under its rules). Otherwise the complaint keeps its version (`kept`). Null: the version stays
 * the same either way.
 */
export async function versionAfterMove(
  tx: Kysely<DB>,
  organisationId: string,
  complaint: { id: string; regulation_version_id: string; received_on: string },
  history: readonly Pick<HistoryEvent, 'type'>[],
  unitId: string,
  today: string,
): Promise<{ change: 'switch' | 'kept'; to: ActiveRegulation } | null> {
  const found = await regulationInForceOn(tx, organisationId, unitId, complaint.received_on, today);
  if (!found.ok || found.active.versionId === complaint.regulation_version_id) return null;
  return { change: (await regulationFixed(tx, complaint.id, history)) ? 'kept' : 'switch', to: found.active };
}

/**
 * Whether something happened under the complaint's regulation version that depends on it (`versionAfterMove`): any
 * step besides the registration and corrections of it, or a letter.
 */
export async function regulationFixed(db: Kysely<DB>, complaintId: string, history: readonly Pick<HistoryEvent, 'type'>[]): Promise<boolean> {
  if (!history.every((e) => e.type === 'registered' || e.type === 'correct-registration')) return true;
  return (await db.selectFrom('letters').select('id').where('complaint_id', '=', complaintId).executeTakeFirst()) !== undefined;
}

/**
 * Whether the dates of a "Weet ik niet" complaint are not known yet (ADR 0003 addendum): its unit is not set, nothing
 * happened under its version (`regulationFixed`) and some unit runs under another version (`otherVersionOnMove`), so the
 * move to its unit may bring other terms. Then the receipt, Mijn klacht and the public API name no dates of the triage
 * version. `history`: the complaint's events when the caller has them (else their types are read).
 */
export async function regulationOpen(
  db: Kysely<DB>,
  organisationId: string,
  row: { id: string; unit_unknown: boolean; regulation_version_id: string; received_on: string },
  today: string,
  history?: readonly Pick<HistoryEvent, 'type'>[],
): Promise<boolean> {
  if (!row.unit_unknown) return false;
  const events = history ?? (await db.selectFrom('complaint_events').select('type').where('complaint_id', '=', row.id).execute());
  return !(await regulationFixed(db, row.id, events)) && (await otherVersionOnMove(db, organisationId, row.regulation_version_id, row.received_on, today));
}

/** `regulationOpen` of a complaint by its id (the public API's answer to a submission naming no unit). */
export async function regulationOpenOf(db: Kysely<DB>, organisationId: string, complaintId: string, today: string): Promise<boolean> {
  const row = await db
    .selectFrom('complaints')
    .select(['id', 'unit_unknown', 'regulation_version_id', 'received_on'])
    .where('id', '=', complaintId)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return row ? regulationOpen(db, organisationId, row, today) : false;
}

/** What the correction form says under the unit field about the regulation a moved complaint runs under. */
export function regulationOnMoveNote(fixed: boolean): string {
  return fixed
    ? 'De klacht blijft onder de klachtenregeling waaronder hij is ontvangen, ook als u hem naar een eenheid met een eigen regeling verplaatst: er is al onder die regeling aan gewerkt (bijvoorbeeld de ontvangstbevestiging met de termijnen).'
    : 'Heeft de eenheid een eigen klachtenregeling (bijvoorbeeld een werkmaatschappij), dan geldt voor de klacht die regeling, zoals die gold op de dag van ontvangst.';
}

/** "versie 2 van de klachtenregeling van Werkmaatschappij Zuid" / "… van <organisation>", as the history shows it. */
export async function versionLabel(tx: Kysely<DB>, organisationId: string, versionId: string): Promise<string> {
  const { version, name } = await versionOwner(tx, organisationId, versionId);
  return `versie ${version} van ${name}`;
}
