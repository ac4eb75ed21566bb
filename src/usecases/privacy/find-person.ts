import { sql, type Kysely, type RawBuilder } from 'kysely';
import { z } from 'zod';
import { hmac, sha256 } from '../../auth/tokens.ts';
import type { DB } from '../../db/types.ts';
import { AppError, validationFailed, type FieldIssue } from '../../shared/errors.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { serverSecret } from '../settings.ts';
import { postalCodeIn } from '../complaints/get-complaint.ts';
import { phoneDigits, STORED_ADDRESS, STORED_PHONE } from '../complaints/list-complaints.ts';
import { theCoordinatorFor } from '../regulations/regulations.ts';

/**
 * Finding a data subject (AVG art. 15–21, ADR 0020): every dossier of the organisation, in every unit, whose
 * complainant matches an e-mail address (trimmed, case-insensitive; also an address held earlier, before a
 * correction, in the dossier's history), a phone number (digits only, +31 / 0031 / 0 equal) or a name (case,
 * accents and spaces do not matter); and every dossier where the person is the one represented (`onBehalfOf`,
 * by name). The complainant who acts for someone else is found as the representative. Mails from the address
 * (also those in triage, not joined to a dossier) join the result; requests for a Mijn-klacht link are counted
 * (only a hash of the address is kept). Pending uploads of the public form are held against the form's key
 * only (no name, no address) and expire within a day: they cannot be tied to a person and are not searched.
 *
 * The person complained about (an employee) is not searched here: their request concerns a colleague's
 * complaint and is weighed by hand against the complainant's rights (AVG art. 15(4)).
 *
 * Who: a coordinator for the whole organisation (the controller answers for every unit); a unit coordinator,
 * handler or admin is refused.
 */
export const personQuerySchema = z.object({
  email: z.string().trim().max(254).optional().transform((v) => (v ? v.toLowerCase() : undefined)),
  phone: z.string().trim().max(40).optional().transform((v) => (v ? v : undefined)),
  name: z.string().trim().max(200).optional().transform((v) => (v ? v : undefined)),
});
export type PersonQuery = z.output<typeof personQuerySchema>;

/** Accented letters and their plain form: names match whatever accents were typed (Zoë = Zoe). */
const ACCENTED = 'áàâäãåāéèêëēėęíìîïīóòôöõøōúùûüūýÿçñšžł';
const PLAIN = 'aaaaaaaeeeeeeeiiiiioooooooouuuuuyycnszl';

/** A name as compared: lower case, accents removed, spaces collapsed. */
export function normaliseName(value: string): string {
  const lower = value.trim().toLowerCase();
  let out = '';
  for (const ch of lower) {
    const i = ACCENTED.indexOf(ch);
    out += i >= 0 ? PLAIN[i] : ch;
  }
  return out.replace(/\s+/g, ' ');
}

function storedName(path: 'name' | 'onBehalfOf'): RawBuilder<string> {
  return sql<string>`regexp_replace(translate(lower(trim(coalesce(complaints.complainant->>${path}, ''))), ${ACCENTED}, ${PLAIN}), '\\s+', ' ', 'g')`;
}

/** May this actor answer AVG requests? Only a coordinator for the whole organisation. */
export function mayHandlePrivacy(actor: Actor | null): boolean {
  return actor === null || actor.roles.some((g) => g.role === 'coordinator' && g.unitId === null);
}

/** The refusal, naming the coordinator as the organisation's regulation in force does ("de klachtencoördinator", 003). */
export async function privacyRefusal(db: Kysely<DB>, organisationId: string): Promise<AppError> {
  return new AppError('not_permitted', `Alleen ${await theCoordinatorFor(db, organisationId, { unitId: null })} voor de hele organisatie handelt verzoeken over persoonsgegevens af (AVG art. 15 tot en met 21).`);
}

/** `actor` null: the command line (run by whoever runs the server). */
export async function requirePrivacyRole(db: Kysely<DB>, actor: Actor | null): Promise<void> {
  if (!mayHandlePrivacy(actor)) throw await privacyRefusal(db, actor!.organisationId);
}

export function parsePersonQuery(input: unknown): PersonQuery {
  const q = personQuerySchema.parse(input ?? {});
  const fields: FieldIssue[] = [];
  if (q.email && !/^[^\s@]+@[^\s@]+$/.test(q.email)) fields.push({ field: 'email', message: 'Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.' });
  if (q.phone && phoneDigits(q.phone).length < 6) fields.push({ field: 'phone', message: 'Vul een telefoonnummer in van minstens 6 cijfers, bijvoorbeeld 06 12345678.' });
  if (q.name && normaliseName(q.name).length < 3) fields.push({ field: 'name', message: 'Vul een naam in van minstens 3 letters.' });
  if (!q.email && !q.phone && !q.name) fields.push({ field: 'email', message: 'Vul een e-mailadres, telefoonnummer of naam in.' });
  if (fields.length) throw validationFailed(fields);
  return q;
}

export type PersonRole = 'complainant' | 'representative' | 'represented';
export const PERSON_ROLE_LABELS: Record<PersonRole, string> = {
  complainant: 'klager',
  representative: 'vertegenwoordiger van de klager',
  represented: 'degene namens wie de klacht is ingediend',
};
export type MatchReason = 'email' | 'email_history' | 'phone' | 'name' | 'on_behalf_of' | 'mail' | 'linked';
export const MATCH_REASON_LABELS: Record<MatchReason, string> = {
  email: 'e-mailadres',
  email_history: 'e-mailadres (eerder in het dossier)',
  phone: 'telefoonnummer',
  name: 'naam',
  on_behalf_of: 'naam (namens wie)',
  mail: 'e-mail van dit adres bij het dossier',
  linked: 'zelfde e-mailadres, telefoonnummer of naam en postcode als een ander gevonden dossier',
};

export interface FoundDossier {
  id: string;
  reference: string;
  unitId: string;
  unitName: string;
  kind: string;
  status: string;
  receivedOn: string;
  closedAt: Date | null;
  roles: PersonRole[];
  matchedBy: MatchReason[];
}

export interface FoundPerson {
  dossiers: FoundDossier[];
  /** Mails from the address not joined to a dossier (triage, or marked "geen klacht"). */
  unjoinedMailIds: string[];
  /** How many times a Mijn-klacht link was asked for with the address (only its hash is kept). */
  linkRequests: { count: number; last: Date | null };
}

/** Every dossier (all units) and loose item of the organisation that concerns the person. */
export async function findPerson(db: Kysely<DB>, organisationId: string, q: PersonQuery): Promise<FoundPerson> {
  const email = q.email ?? '';
  const phone = q.phone ? phoneDigits(q.phone) : '';
  const name = q.name ? normaliseName(q.name) : '';
  const matches = new Map<string, Set<MatchReason>>();
  const add = (id: string, r: MatchReason) => matches.set(id, (matches.get(id) ?? new Set()).add(r));

  const checks: { reason: MatchReason; cond: RawBuilder<boolean> }[] = [];
  if (email) checks.push({ reason: 'email', cond: sql<boolean>`lower(trim(coalesce(complaints.complainant->>'email', ''))) = ${email}` });
  if (phone) checks.push({ reason: 'phone', cond: sql<boolean>`${STORED_PHONE} = ${phone}` });
  if (name) {
    checks.push({ reason: 'name', cond: sql<boolean>`${storedName('name')} = ${name}` });
    checks.push({ reason: 'on_behalf_of', cond: sql<boolean>`${storedName('onBehalfOf')} = ${name}` });
  }
  for (const check of checks) {
    const rows = await db.selectFrom('complaints').select('id').where('organisation_id', '=', organisationId).where(check.cond).execute();
    for (const r of rows) add(r.id, check.reason);
  }
  if (email) {
    // An address corrected away (art. 16) is still in the dossier's history: the dossier still concerns the person.
    const quoted = `%${JSON.stringify(email).replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    const rows = await db
      .selectFrom('complaint_events')
      .select('complaint_id')
      .distinct()
      .where('organisation_id', '=', organisationId)
      .where(sql<boolean>`lower(data::text) like ${quoted}`)
      .execute();
    for (const r of rows) if (!matches.has(r.complaint_id)) add(r.complaint_id, 'email_history');
  }
  let unjoinedMailIds: string[] = [];
  let linkRequests: FoundPerson['linkRequests'] = { count: 0, last: null };
  if (email) {
    const mails = await db
      .selectFrom('inbound_messages')
      .select(['id', 'complaint_id'])
      .where('organisation_id', '=', organisationId)
      .where(sql<boolean>`lower(trim(from_address)) = ${email}`)
      .execute();
    for (const m of mails) if (m.complaint_id) add(m.complaint_id, 'mail');
    unjoinedMailIds = mails.filter((m) => !m.complaint_id).map((m) => m.id);
    const lr = await db
      .selectFrom('complainant_link_requests')
      .select([sql<number>`count(*)`.as('n'), sql<Date | null>`max(created_at)`.as('last')])
      .where('organisation_id', '=', organisationId)
      .where('email_hash', '=', sha256(`email:${email}`))
      .executeTakeFirst();
    linkRequests = { count: Number(lr?.n ?? 0), last: lr?.last ? new Date(lr.last) : null };
  }
  if (matches.size) await addLinked(db, organisationId, matches, add);
  if (!matches.size) return { dossiers: [], unjoinedMailIds, linkRequests };

  const rows = await db
    .selectFrom('complaints')
    .innerJoin('units', 'units.id', 'complaints.unit_id')
    .select(['complaints.id', 'complaints.reference', 'complaints.unit_id', 'units.name as unit_name', 'complaints.kind', 'complaints.status', 'complaints.received_on', 'complaints.closed_at', 'complaints.complainant'])
    .where('complaints.organisation_id', '=', organisationId)
    .where('complaints.id', 'in', [...matches.keys()])
    .orderBy('complaints.received_on')
    .orderBy('complaints.reference')
    .execute();
  const dossiers = rows.map((r): FoundDossier => {
    const reasons = [...matches.get(r.id)!];
    const onBehalfOf = typeof r.complainant['onBehalfOf'] === 'string' && r.complainant['onBehalfOf'] !== '';
    const roles: PersonRole[] = [];
    if (reasons.some((x) => x !== 'on_behalf_of')) roles.push(onBehalfOf ? 'representative' : 'complainant');
    if (reasons.includes('on_behalf_of')) roles.push('represented');
    return {
      id: r.id,
      reference: r.reference,
      unitId: r.unit_id,
      unitName: r.unit_name,
      kind: r.kind,
      status: r.status,
      receivedOn: r.received_on,
      closedAt: r.closed_at,
      roles,
      matchedBy: reasons,
    };
  });
  return { dossiers, unjoinedMailIds, linkRequests };
}

/**
 * One step further, by the product's own rule for "the same complainant" (`sameComplainantComplaints`): the
 * dossiers with the e-mail address, the phone number, or the name together with the postal code of a dossier
 * found directly. So an export asked by e-mail address also holds the person's complaint by phone, where that
 * complaint carries a number the person gave in another dossier. Marked `linked`; not followed further (a
 * household's shared number must not pull in a chain of other people's dossiers).
 */
async function addLinked(db: Kysely<DB>, organisationId: string, matches: Map<string, Set<MatchReason>>, add: (id: string, r: MatchReason) => void): Promise<void> {
  const direct = await db.selectFrom('complaints').select(['complainant']).where('organisation_id', '=', organisationId).where('id', 'in', [...matches.keys()]).execute();
  const emails = new Set<string>();
  const phones = new Set<string>();
  const namePostal: { name: string; postal: string }[] = [];
  for (const { complainant: c } of direct) {
    const text = (k: string) => (typeof c[k] === 'string' ? (c[k] as string).trim() : '');
    if (text('email')) emails.add(text('email').toLowerCase());
    const phone = phoneDigits(text('phone'));
    if (phone.length >= 6) phones.add(phone);
    const postal = postalCodeIn(text('postalAddress'));
    if (text('name') && postal) namePostal.push({ name: normaliseName(text('name')), postal });
  }
  const ors: RawBuilder<boolean>[] = [];
  if (emails.size) ors.push(sql<boolean>`lower(trim(coalesce(complaints.complainant->>'email', ''))) in (${sql.join([...emails])})`);
  if (phones.size) ors.push(sql<boolean>`${STORED_PHONE} in (${sql.join([...phones])})`);
  for (const np of namePostal) ors.push(sql<boolean>`${storedName('name')} = ${np.name} and ${STORED_ADDRESS} like ${`%${np.postal}%`}`);
  if (!ors.length) return;
  const rows = await db
    .selectFrom('complaints')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('id', 'not in', [...matches.keys()])
    .where((eb) => eb.or(ors))
    .execute();
  for (const r of rows) add(r.id, 'linked');
}

/**
 * Who the export was for, as the audit log keeps it: a keyed hash of what was searched (never the address or
 * name itself), so a later question "was this person's data given out?" can be checked by hashing again.
 */
export function subjectHash(secret: string, q: PersonQuery): string {
  return hmac(secret, `${q.email ?? ''}|${q.phone ? phoneDigits(q.phone) : ''}|${q.name ? normaliseName(q.name) : ''}`).slice(0, 32);
}

/** The coordinator's search on /privacy: the dossiers found, audited (a keyed hash of what was searched, the dossiers). */
export async function searchPerson(db: Kysely<DB>, actor: Actor, input: unknown): Promise<FoundPerson> {
  await requirePrivacyRole(db, actor);
  const q = parsePersonQuery(input);
  const found = await findPerson(db, actor.organisationId, q);
  await audit(db, {
    organisationId: actor.organisationId,
    actorUserId: actor.userId,
    action: 'privacy.searched',
    subjectType: 'privacy_subject',
    details: { subject: subjectHash(await serverSecret(db, 'privacy_subject_key'), q), complaintIds: found.dossiers.map((d) => d.id) },
  });
  return found;
}
