import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/types.ts';
import { DEADLINE_KEYS, DEADLINE_LABELS, type DeadlineKey } from '../../domain/workflow/index.ts';
import { isoDateSchema, parseInput, storableText } from '../../shared/validation.ts';
import { subtreeOf, type Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { complaintScope, visibleTo } from './access.ts';
import { today } from './dossier.ts';

/** Columns the list can be sorted on; each also descending with a `-` in front. */
export const SORT_COLUMNS = ['received', 'due', 'reference', 'status'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];
export const SORTS = ['received', '-received', 'due', '-due', 'reference', '-reference', 'status', '-status'] as const;
export type Sort = (typeof SORTS)[number];

/** Filters of the complaint list (pages and API alike). */
export const listFiltersSchema = z.object({
  unitId: z.uuid({ error: 'Kies een bestaande eenheid.' }).optional(),
  status: z.enum(['new', 'in_progress', 'suspended', 'decided', 'closed', 'inadmissible', 'withdrawn', 'open'], { error: 'Kies een bestaande status.' }).optional(),
  /** `other`: every registration that is not a complaint (onvrede, suggestie, geen klacht). */
  kind: z.enum(['complaint', 'dissatisfaction', 'suggestion', 'not_a_complaint', 'other'], { error: 'Kies een bestaande soort.' }).optional(),
  category: z.string().regex(/^[a-z][a-z0-9_]*$/, { error: 'Kies een bestaande categorie.' }).optional(),
  channel: z.enum(['web_form', 'letter', 'email', 'phone', 'in_person', 'social_media'], { error: 'Kies een bestaand kanaal.' }).optional(),
  handlerUserId: z.uuid({ error: 'Kies een bestaande behandelaar.' }).optional(),
  /** A running clock is past its due date (suspended complaints never are: their clock stands still). */
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  /** The decision was taken after its due date ("te laat afgehandeld"), also after closing. */
  decidedLate: z.enum(['true', 'false'], { error: 'Kies ja of nee.' }).transform((v) => v === 'true').optional(),
  /** Registrations that miss fields the regulation lists (003 bijlage 2). */
  incomplete: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  /** Complaints whose complainant answered "Weet ik niet" to the unit question and that wait for a unit (triage). */
  unitUnknown: z.enum(['true', 'false'], { error: 'Kies ja of nee.' }).transform((v) => v === 'true').optional(),
  dueWithinDays: z.coerce.number({ error: 'Geef een aantal dagen.' }).int().min(0).max(365).optional(),
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
  q: z.string().trim().max(200, { error: 'De zoekterm mag hoogstens 200 tekens lang zijn.' }).transform(storableText).optional(),
  /** Sort order: a column, `-` in front for descending. Default: the first running due date first. */
  sort: z.enum(SORTS, { error: 'Kies een bestaande sortering.' }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type ListFilters = z.output<typeof listFiltersSchema>;

export interface ComplaintListItem {
  id: string;
  reference: string;
  kind: string;
  status: string;
  channel: string;
  receivedOn: string;
  subject: string | null;
  unitId: string;
  unitName: string;
  /** "Weet ik niet" on the public form: waiting at the triage unit until staff set the unit. */
  unitUnknown: boolean;
  handlerUserId: string | null;
  handlerName: string | null;
  /** The due date of the clock that is running now and comes first (null: none runs, e.g. suspended or ended). */
  nextDue: string | null;
  /** Which clock `nextDue` is (`decision`, `acknowledgement`, …) and its Dutch name ("Beslissing"). */
  nextDueKey: string | null;
  nextDueLabel: string | null;
  /** The decision was taken after its due date. */
  decidedLate: boolean;
  decisionDue: string | null;
  deadlines: Record<string, string>;
  /** Registration fields the regulation lists that were left empty (003 bijlage 2). */
  registrationGaps: string[];
}

/** The complaints the actor may see, filtered; Dutch full-text search over reference, subject and description. */
export async function listComplaints(db: Kysely<DB>, actor: Actor, rawFilters: unknown, now = new Date()): Promise<{ items: ComplaintListItem[]; total: number; filters: ListFilters }> {
  const f = parseInput(listFiltersSchema, rawFilters ?? {});
  const scope = await complaintScope(db, actor);
  const day = today(now);
  // A werkmaatschappij includes its afdelingen and teams: the filter covers the unit and every unit below it.
  const unitIds = f.unitId ? await unitWithDescendants(db, actor.organisationId, f.unitId) : null;
  let q = db
    .selectFrom('complaints')
    .innerJoin('units', 'units.id', 'complaints.unit_id')
    .leftJoin('users as h', 'h.id', 'complaints.handler_user_id')
    .where('complaints.organisation_id', '=', actor.organisationId)
    .where(visibleTo(scope));
  if (unitIds) q = q.where('complaints.unit_id', 'in', unitIds);
  if (f.status === 'open') q = q.where('complaints.status', 'in', ['new', 'in_progress', 'suspended']);
  else if (f.status) q = q.where('complaints.status', '=', f.status);
  if (f.kind === 'other') q = q.where('complaints.kind', '!=', 'complaint');
  else if (f.kind) q = q.where('complaints.kind', '=', f.kind);
  if (f.channel) q = q.where('complaints.channel', '=', f.channel);
  if (f.handlerUserId) q = q.where('complaints.handler_user_id', '=', f.handlerUserId);
  if (f.overdue === true) q = q.where('complaints.next_due', '<', day);
  if (f.overdue === false) q = q.where((eb) => eb.or([eb('complaints.next_due', '>=', day), eb('complaints.next_due', 'is', null)]));
  if (f.decidedLate !== undefined) q = q.where('complaints.decided_late', '=', f.decidedLate);
  if (f.incomplete !== undefined) {
    const gaps = sql<boolean>`jsonb_array_length(case when jsonb_typeof(complaints.details->'registrationGaps') = 'array' then complaints.details->'registrationGaps' else '[]'::jsonb end) > 0`;
    q = q.where(f.incomplete ? gaps : sql<boolean>`not (${gaps})`);
  }
  if (f.unitUnknown !== undefined) q = q.where('complaints.unit_unknown', '=', f.unitUnknown);
  if (f.dueWithinDays !== undefined) q = q.where('complaints.next_due', '<=', sql<string>`(${day}::date + ${f.dueWithinDays}::int)`);
  if (f.from) q = q.where('complaints.received_on', '>=', f.from);
  if (f.to) q = q.where('complaints.received_on', '<=', f.to);
  if (f.category) q = q.where(sql<boolean>`jsonb_path_exists(complaints.classification, '$.values.*[*] ? (@ == $v)', jsonb_build_object('v', ${f.category}::text))`);
  if (f.q) {
    const term = f.q;
    q = q.where((eb) => eb.or(searchConditions(term)));
  }

  const [{ total }] = [await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow()];
  const rows = await q
    .select([
      'complaints.id',
      'complaints.reference',
      'complaints.kind',
      'complaints.status',
      'complaints.channel',
      'complaints.received_on',
      'complaints.subject',
      'complaints.unit_id',
      'units.name as unit_name',
      'complaints.unit_unknown',
      'complaints.handler_user_id',
      'h.name as handler_name',
      'complaints.next_due',
      'complaints.next_due_key',
      'complaints.next_due_label',
      'complaints.decided_late',
      'complaints.decision_due',
      'complaints.deadlines',
      'complaints.details',
    ])
    .orderBy(orderOf(f.sort))
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  // A list shows references and subjects, and a search looks into descriptions: the read is recorded,
  // with the filters used (names only, a search term may hold a name) and the complaints shown.
  await audit(db, {
    organisationId: actor.organisationId,
    actorUserId: actor.userId,
    action: 'complaint.listed',
    subjectType: 'complaint',
    details: { filters: Object.keys(f).filter((k) => f[k as keyof ListFilters] !== undefined && k !== 'limit' && k !== 'offset'), ids: rows.map((r) => r.id) },
  });
  return {
    total: Number(total),
    filters: f,
    items: rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      kind: r.kind,
      status: r.status,
      channel: r.channel,
      receivedOn: r.received_on,
      subject: r.subject,
      unitId: r.unit_id,
      unitName: r.unit_name,
      unitUnknown: r.unit_unknown,
      handlerUserId: r.handler_user_id,
      handlerName: r.handler_name,
      nextDue: r.next_due,
      nextDueKey: r.next_due_key,
      nextDueLabel: r.next_due_key && isDeadlineKey(r.next_due_key) ? DEADLINE_LABELS[r.next_due_key] : (r.next_due_label ?? null),
      decidedLate: r.decided_late,
      decisionDue: r.decision_due,
      deadlines: r.deadlines,
      registrationGaps: gapsOf(r.details),
    })),
  };
}

/** The ORDER BY of a sort choice, always ending in a stable tie-breaker (reference, then id). */
function orderOf(sort: Sort | undefined) {
  const desc = sort?.startsWith('-') ?? false;
  const column = (sort?.replace(/^-/, '') ?? 'due') as SortColumn;
  const dir = sql.raw(desc ? 'desc' : 'asc');
  switch (column) {
    case 'received':
      return sql`complaints.received_on ${dir}, complaints.reference ${dir}, complaints.id`;
    case 'reference':
      return sql`complaints.reference ${dir}, complaints.id`;
    case 'status':
      // The order of the procedure (new → in handling → … → withdrawn), not the alphabet.
      return sql`array_position(array['new','in_progress','suspended','decided','closed','inadmissible','withdrawn']::text[], complaints.status) ${dir}, complaints.next_due asc nulls last, complaints.reference desc, complaints.id`;
    case 'due':
    default:
      return sql`complaints.next_due ${dir} nulls last, complaints.received_on desc, complaints.reference desc, complaints.id`;
  }
}

/** The unit and every unit below it in the tree (a werkmaatschappij with its afdelingen and teams). */
export async function unitWithDescendants(db: Kysely<DB>, organisationId: string, unitId: string): Promise<string[]> {
  const units = await db.selectFrom('units').select(['id', 'parent_id']).where('organisation_id', '=', organisationId).execute();
  const out = [...subtreeOf(units, [unitId])];
  // An unknown unit finds nothing (never everything).
  return out.length ? out : [unitId];
}

/** `%term%` for LIKE, with the wildcards in the term itself escaped. */
function containing(term: string): string {
  return `%${term.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** Phone digits as stored for comparison: only digits, an international 31 / 0031 prefix as a leading 0. */
export function phoneDigits(value: string): string {
  return value.replace(/\D/g, '').replace(/^(0031|31)(?=\d{9}$)/, '0');
}

/** A Dutch postal code in any spelling ("1234 AB", "1234ab") as "1234AB"; null when the term is not one. */
export function postalCodeOf(value: string): string | null {
  const m = /^\s*(\d{4})\s*([a-z]{2})\s*$/i.exec(value);
  return m ? `${m[1]}${m[2]!.toUpperCase()}` : null;
}

/** SQL for a stored phone number, normalised like `phoneDigits`. */
export const STORED_PHONE = sql<string>`regexp_replace(regexp_replace(coalesce(complaints.complainant->>'phone', ''), '[^0-9]', '', 'g'), '^(0031|31)([0-9]{9})$', '0\\2')`;
/** SQL for the postal address without spaces, upper case (a postal code "1234 ab" reads "1234AB"). */
export const STORED_ADDRESS = sql<string>`upper(regexp_replace(coalesce(complaints.complainant->>'postalAddress', ''), '\\s', '', 'g'))`;

/**
 * What a search term matches, each alone (OR): the reference, also in part ("0004" finds 2026-0004); the
 * complainant's name, e-mail address and the name of whom they represent; the phone number by its digits
 * (spaces, dashes and +31 do not matter); the postal code in any spelling; the person complained about
 * (the name registered, or the employee); and the words of the subject and description (Dutch full-text).
 * Case-insensitive; LIKE wildcards in the term are plain characters. The complainant data are stored as
 * plain JSON (not hashed), so this is a scan over the complaints the actor may see, within one organisation.
 */
function searchConditions(term: string) {
  const like = containing(term.toLowerCase());
  const out = [
    sql<boolean>`complaints.search @@ websearch_to_tsquery('dutch', ${term})`,
    sql<boolean>`lower(complaints.reference) like ${like}`,
    sql<boolean>`lower(coalesce(complaints.complainant->>'name', '')) like ${like}`,
    sql<boolean>`lower(coalesce(complaints.complainant->>'email', '')) like ${like}`,
    sql<boolean>`lower(coalesce(complaints.complainant->>'onBehalfOf', '')) like ${like}`,
    sql<boolean>`lower(coalesce(complaints.details->>'respondentName', '')) like ${like}`,
    sql<boolean>`exists (select 1 from users r where r.id = complaints.respondent_user_id and lower(r.name) like ${like})`,
  ];
  const digits = phoneDigits(term);
  // At least 6 digits: a short number is a reference ("0004"), not a phone number.
  if (/^[\d\s()+-]+$/.test(term) && digits.length >= 6) out.push(sql<boolean>`${STORED_PHONE} like ${containing(digits)}`);
  const postal = postalCodeOf(term);
  if (postal) out.push(sql<boolean>`${STORED_ADDRESS} like ${containing(postal)}`);
  return out;
}

function isDeadlineKey(key: string): key is DeadlineKey {
  return (DEADLINE_KEYS as readonly string[]).includes(key);
}

function gapsOf(details: unknown): string[] {
  const gaps = typeof details === 'object' && details !== null ? (details as { registrationGaps?: unknown }).registrationGaps : undefined;
  return Array.isArray(gaps) ? gaps.filter((g): g is string => typeof g === 'string') : [];
}
