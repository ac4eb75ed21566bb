import { sql, type Kysely } from 'kysely';
import type { DB, Role } from '../../src/db/types.ts';
import type { Actor } from '../../src/usecases/actor.ts';
import { createApiToken } from '../../src/usecases/auth/api-tokens.ts';
import { createOrganisation } from '../../src/usecases/organisations/create-organisation.ts';
import { createUser } from '../../src/usecases/users/users.ts';

/** Test data in one place. Every factory makes unique names so suites can share a database. */
let counter = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${++counter}`;

export const TEST_PASSWORD = 'correct-horse-battery-staple';

export async function makeOrganisation(db: Kysely<DB>, name = 'Testorganisatie') {
  const { defaultUnit: unit, ...org } = await db.transaction().execute((tx) => createOrganisation(tx, { slug: unique('org'), name }));
  return { org, unit };
}

export async function makeUser(db: Kysely<DB>, organisationId: string, role: Role, opts: { unitId?: string | null; password?: string } = {}) {
  const email = `${unique(role)}@test.klachtwijs.nl`;
  const user = await db.transaction().execute((tx) =>
    createUser(tx, organisationId, { email, name: `Test ${role}`, password: opts.password ?? TEST_PASSWORD, role, unitId: opts.unitId ?? null }, null),
  );
  return { user, email, password: opts.password ?? TEST_PASSWORD };
}

export async function makeToken(db: Kysely<DB>, organisationId: string, userId: string) {
  const { token } = await db.transaction().execute((tx) => createApiToken(tx, { userId, organisationId }, { name: 'test' }));
  return token;
}

/** A public complaint through the API (`registerPublicComplaint`'s input) as stadsring51 asks it (002 art. 4.1); `extra` overrides. */
export const publicComplaintInput = (extra: Record<string, unknown> = {}) => ({
  channel: 'web_form',
  description: 'De medewerker kwam drie keer niet opdagen bij de afspraak.',
  complainant: { relation: 'client', name: 'Jan Jansen', postalAddress: 'Dorpsstraat 1, 1234 AB Ergens', email: 'jan@example.nl' },
  signed: true,
  ...extra,
});

/** What an organisation fills in when it adopts the wkkgz-model preset (makeOrganisationWithRegulation). */
export const WKKGZ_MODEL_FILLS: Record<string, string> = {
  adopted_date: '2026-01-01',
  complaints_officer_contact: 'Mw. A. Jansen, 030 111 22 33',
  disputes_body_name: 'Geschilleninstantie Zorg',
  disputes_body_url: 'https://www.degeschillencommissiezorg.nl',
  org_email: 'klachten@voorbeeldzorg.nl',
  org_phone: '030 123 45 67',
  org_postal_address: 'Postbus 1, 3500 AA Utrecht',
  org_name: 'Stichting Voorbeeldzorg',
};

/** An organisation running a preset, with a coordinator, a handler (in the unit) and an intake user. */
export async function makeOrganisationWithRegulation(db: Kysely<DB>, preset: string, fills: Record<string, string> = {}) {
  const { activateRegulation } = await import('../../src/usecases/regulations/regulations.ts');
  const base = await makeOrganisation(db, `Organisatie ${preset}`);
  await db.transaction().execute((tx) => activateRegulation(tx, { organisationId: base.org.id, unitId: null, source: { preset }, fills, actorUserId: null }));
  const coordinator = await makeUser(db, base.org.id, 'coordinator');
  const handler = await makeUser(db, base.org.id, 'handler', { unitId: base.unit.id });
  const intake = await makeUser(db, base.org.id, 'intake', { unitId: base.unit.id });
  for (const [role, who] of PRESET_BINDINGS[preset] ?? []) {
    const user = { coordinator, handler, intake }[who];
    await bindRegulationRole(db, base.org.id, role, user.user.id, who === 'coordinator' ? null : base.unit.id);
  }
  return { ...base, coordinator, handler, intake };
}

/**
 * Who the factory binds to the regulation's roles per preset, so the scenario tests keep their meaning:
 * the coordinator (organisation-wide) and the handler (in the unit) hold the role that decides, except
 * where the regulation lets the assigned handler decide (cbf-template) or the leidinggevende assign and
 * decide (lentl).
 */
const PRESET_BINDINGS: Record<string, [string, 'coordinator' | 'handler' | 'intake'][]> = {
  conneqt: [['complaints_officer', 'coordinator'], ['complaints_officer', 'handler']],
  hss: [['management', 'coordinator'], ['management', 'handler']],
  stadsring51: [['complaints_officer', 'coordinator'], ['complaints_officer', 'handler']],
  'cbf-template': [['coordinator', 'coordinator'], ['financial_administration', 'intake']],
  lentl: [['complaints_officer', 'coordinator'], ['manager', 'handler']],
};

/**
 * Dates the organisation and its regulation versions back to `day` (an ISO day): a test that expects a report or a
 * yearly meeting about an earlier period needs a regulation in force then (000/002 art. 7 and 8; nothing is owed for
 * a period before it, `regulationInForceSince`). A version's filled `effectiveDate` later than `day` still counts.
 */
export async function regulationInForceFrom(db: Kysely<DB>, organisationId: string, day: string) {
  const at = `${day}T12:00:00Z`;
  await sql`update regulation_versions set activated_at = ${at}::timestamptz where organisation_id = ${organisationId}`.execute(db);
  await sql`update organisations set created_at = ${at}::timestamptz where id = ${organisationId}`.execute(db);
}

/** Binds a user to a regulation role (for the unit, or the whole organisation when `unitId` is null). */
export async function bindRegulationRole(db: Kysely<DB>, organisationId: string, roleKey: string, userId: string, unitId: string | null = null) {
  const { bindRole } = await import('../../src/usecases/regulation-roles/bindings.ts');
  return db.transaction().execute((tx) => bindRole(tx, { organisationId, actor: null }, { roleKey, userId, unitId }));
}

/** The actor object of a factory-made user. */
export async function actorOf(db: Kysely<DB>, user: { user: { id: string; organisation_id: string; name: string; email: string } }) {
  const { actorFor } = await import('../../src/usecases/users/users.ts');
  return actorFor(db, user.user);
}

/**
 * A complaint by letter, registered by `registeredBy` (staff door): signed and dated the day it came in, a client with a
 * postal address (what 002 art. 4.1/4.3 ask). Many dossier tests start here.
 */
export async function registerLetterComplaint(
  db: Kysely<DB>,
  org: { org: { id: string } },
  registeredBy: Actor,
  receivedOn: string,
  /** `now`: the registration's clock; `input`: fields to add or replace (the complainant's are merged). */
  more: { now?: Date; input?: Record<string, unknown> & { complainant?: Record<string, unknown> } } = {},
) {
  const { registerComplaint } = await import('../../src/usecases/complaints/register-complaint.ts');
  return registerComplaint(db, {
    organisationId: org.org.id,
    actor: registeredBy,
    door: 'staff',
    ...(more.now ? { now: more.now } : {}),
    input: {
      channel: 'letter',
      receivedOn,
      description: 'De medewerker kwam drie keer niet opdagen bij de afspraak.',
      signed: true,
      documentDate: receivedOn,
      ...more.input,
      complainant: { relation: 'client', name: 'Jan Jansen', postalAddress: 'Dorpsstraat 1, 1234 AB Ergens', ...more.input?.complainant },
    },
  });
}
