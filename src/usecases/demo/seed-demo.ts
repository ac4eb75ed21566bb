import type { Kysely } from 'kysely';
import { hashPassword } from '../../auth/password.ts';
import { randomToken } from '../../auth/tokens.ts';
import type { DB, Role, User } from '../../db/types.ts';
import { performAction } from '../complaints/perform-action.ts';
import { registerComplaint } from '../complaints/register-complaint.ts';
import { createOrganisation } from '../organisations/create-organisation.ts';
import { bindRole } from '../regulation-roles/bindings.ts';
import { activateRegulation } from '../regulations/regulations.ts';
import { setOrganisationFrameworks } from '../organisations/legal-frameworks.ts';
import type { LegalFramework } from '../../domain/regulation/legal-check.ts';
import { createUnit } from '../units/units.ts';
import { actorFor, createUser } from '../users/users.ts';

export const DEMO_SLUG = 'demo';
export const DEMO_PRESET = 'stadsring51';
/** The laws the demo organisation states (Beheer → Wetten): a welfare stichting with Wmo wijkteams (see seedDemo). */
export const DEMO_FRAMEWORKS: LegalFramework[] = ['wmo2015'];

export interface DemoLogin {
  role: Role;
  email: string;
  password: string;
}

/** One account per daily role; `inTeam`: in the demo's afdeling Wijkteam Noord, else for the whole organisation. */
const DEMO_ACCOUNTS: readonly { role: Role; email: string; name: string; inTeam: boolean }[] = [
  { role: 'admin', email: 'beheer@demo.klachtwijs.nl', name: 'Bea Beheer', inTeam: false },
  { role: 'coordinator', email: 'klachtenfunctionaris@demo.klachtwijs.nl', name: 'Karin Klachtenfunctionaris', inTeam: false },
  { role: 'handler', email: 'behandelaar@demo.klachtwijs.nl', name: 'Bram Behandelaar', inTeam: true },
  { role: 'intake', email: 'medewerker@demo.klachtwijs.nl', name: 'Mila Medewerker', inTeam: true },
  // The bestuur reads the final reports and the register's overview, nothing personal (issue 10).
  { role: 'board', email: 'bestuur@demo.klachtwijs.nl', name: 'Bert Bestuur', inTeam: false },
];

/** The demo organisation's letterhead: a postal address and a complaints e-mail address, both made up. */
export const DEMO_LETTERHEAD = {
  address_lines: 'Postbus 100\n1234 AA Voorbeeld',
  phone: '',
  email: 'klachten@voorbeeldzorg.example',
  website: '',
  auto_acknowledge: false,
} as const;

/** A demo account's random password and its argon2id hash (the same hashPassword as every account). */
export interface DemoPassword {
  password: string;
  hash: string;
}

/** A demo password: generated, never chosen (72 random bits after `demo-`). */
export const demoPassword = (): string => `demo-${randomToken(9)}`;

/**
 * The demo accounts' passwords, random, and their hashes, made side by side on libuv's thread pool (issue 13: five
 * argon2id hashes one after the other held up the first start). The server starts this before it opens the database
 * when the data folder is new, so the hashing runs while the database opens; the parameters are those of every password.
 */
export function demoPasswords(): Promise<DemoPassword[]> {
  return Promise.all(
    DEMO_ACCOUNTS.map(async () => {
      const password = demoPassword();
      return { password, hash: await hashPassword(password) };
    }),
  );
}

/** Whether the database holds an organisation: the demo is only seeded into one without (the server asks first, issue 13). */
export async function hasOrganisation(db: Kysely<DB>): Promise<boolean> {
  return !!(await db.selectFrom('organisations').select('id').limit(1).executeTakeFirst());
}

/**
 * On an empty database: a demo organisation (its default unit with two afdelingen under it) and one account per daily role. The passwords
 * are random and returned once so the caller can print them; they are stored hashed only. `passwords`: made ahead by
 * demoPasswords() (made here when not given, before the transaction).
 */
export async function seedDemo(db: Kysely<DB>, passwords?: Promise<DemoPassword[]>): Promise<DemoLogin[] | null> {
  if (await hasOrganisation(db)) return null;
  const made = await (passwords ?? demoPasswords());
  return db.transaction().execute(async (tx) => {
    const org = await createOrganisation(tx, { slug: DEMO_SLUG, name: 'Stichting Voorbeeldzorg (demo)' });
    // The organisation's default unit is the root; the demo's two afdelingen sit under it.
    const wmo = await createUnit(tx, org.id, { name: 'Wijkteam Noord', kind: 'afdeling', parentId: org.defaultUnit.id }, null);
    await createUnit(tx, org.id, { name: 'Wijkteam Zuid', kind: 'afdeling', parentId: org.defaultUnit.id }, null);
    // The demo runs the Stadsring51 regulation (seed 002): hearing, admissibility and the ombudsman route.
    // Issue 12: the demo states its law once, as an organisation does on Beheer → Wetten (ADR 0027). A stichting with
    // wijkteams is an aanbieder under the Wmo 2015, not a bestuursorgaan: Awb hoofdstuk 9 does not bind it (art. 9:1
    // lid 1), so its regulation's own 8 weeks (002 art. 6.8) stands; under the Awb it would break 9:11 lid 1 (6 weeks,
    // 10 only with an advisory committee, and 002 has none). Both its teams are Wmo teams: a jeugdhulp team would bring
    // the Jeugdwet and its klachtencommissie (art. 4.2.1), which this regulation does not have.
    await activateRegulation(tx, { organisationId: org.id, unitId: null, source: { preset: DEMO_PRESET }, fills: {}, frameworks: DEMO_FRAMEWORKS, actorUserId: null });
    // The demo's complaints came in up to ten weeks ago (seedDemoComplaints), so its regulation was in force before
    // them: activated DEMO_IN_FORCE_DAYS ago, not today (a walkthrough read "geldt sinds <today>" above September's
    // complaints). Reports and the yearly meeting then owe what such an organisation would owe.
    await tx.updateTable('regulation_versions').set({ activated_at: new Date(Date.now() - DEMO_IN_FORCE_DAYS * DAY) }).where('organisation_id', '=', org.id).execute();
    await setOrganisationFrameworks(tx, { userId: null, organisationId: org.id }, DEMO_FRAMEWORKS);
    // The letterhead ("Briefpapier") a real organisation fills in first: its letters, Mijn klacht and the public form
    // give these as the way to reach it (organisationContact). Made up; `.example` is reserved (RFC 2606), so no mail
    // the demo sends reaches anyone. The automatic acknowledgement stays off, as for every new organisation.
    await tx.insertInto('letterheads').values({ organisation_id: org.id, ...DEMO_LETTERHEAD }).execute();
    const logins: DemoLogin[] = [];
    const users: Partial<Record<Role, User>> = {};
    for (const [i, a] of DEMO_ACCOUNTS.entries()) {
      const { password, hash } = made[i]!;
      const input = { email: a.email, name: a.name, password, role: a.role, unitId: a.inTeam ? wmo.id : null };
      users[a.role] = await createUser(tx, org.id, input, null, { passwordHash: hash });
      logins.push({ role: a.role, email: a.email, password });
    }
    // The regulation's klachtenfunctionaris (002 art. 1, 6.2, 6.9): the coordinator for the whole
    // organisation and the handler for her team, so both may decide as the regulation says.
    await bindRole(tx, { organisationId: org.id, actor: null }, { roleKey: 'complaints_officer', userId: users.coordinator!.id, unitId: null });
    await bindRole(tx, { organisationId: org.id, actor: null }, { roleKey: 'complaints_officer', userId: users.handler!.id, unitId: wmo.id });
    await seedDemoComplaints(tx, org.id, wmo.id, users);
    return logins;
  });
}

const DAY = 24 * 60 * 60 * 1000;
/** How long ago the demo's regulation took effect: before its oldest complaint (70 days ago). */
const DEMO_IN_FORCE_DAYS = 120;

/**
 * Three made-up complaints, so the lists, start pages and a dossier show something: one that just came in
 * through the form, one in handling, one whose decision term has passed. Every name is fictional.
 */
async function seedDemoComplaints(tx: Kysely<DB>, organisationId: string, unitId: string, users: Partial<Record<Role, User>>): Promise<void> {
  const intake = await actorFor(tx, users.intake!);
  const coordinator = await actorFor(tx, users.coordinator!);
  const now = Date.now();
  const on = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString().slice(0, 10);
  // Registered oldest first, so the references run in the order the complaints came in (walkthrough: 2026-0001 was
  // received on 3 December, 2026-0003 on 24 September).
  const late = await registerComplaint(tx, {
    organisationId,
    actor: intake,
    door: 'staff',
    input: {
      channel: 'letter',
      unitId,
      receivedOn: on(70),
      signed: true,
      documentDate: on(72),
      subject: 'Rekening klopt niet',
      description: 'Klager heeft twee keer een factuur ontvangen voor hetzelfde gesprek en krijgt geen antwoord op zijn mails.',
      complainant: { name: 'Fatima El Amrani (demo)', postalAddress: 'Kerkweg 3, 1234 EF Voorbeeld', email: 'fatima@example.org', relation: 'former_client' },
    },
  });
  await performAction(tx, coordinator, late.id, 'acknowledge', { on: on(66) });
  const inHandling = await registerComplaint(tx, {
    organisationId,
    actor: intake,
    door: 'staff',
    input: {
      channel: 'letter',
      unitId,
      receivedOn: on(9),
      // 002 art. 4.3: the letter is signed and dated.
      signed: true,
      documentDate: on(10),
      subject: 'Onvriendelijk telefoongesprek',
      description: 'Klager schrijft dat de medewerker aan de telefoon kortaf was en het gesprek beëindigde.',
      complainant: { name: 'Pieter Jansen (demo)', postalAddress: 'Dorpsplein 2, 1234 CD Voorbeeld', relation: 'client' },
      respondentName: 'Medewerker klantcontact',
    },
  });
  await performAction(tx, coordinator, inHandling.id, 'acknowledge', { on: on(7) });
  await performAction(tx, coordinator, inHandling.id, 'assign', { handlerUserId: users.handler!.id });
  await registerComplaint(tx, {
    organisationId,
    actor: null,
    door: 'public',
    input: {
      channel: 'web_form',
      unitId,
      subject: 'Afspraak niet nagekomen',
      description: 'Mijn wijkcoach zou vorige week dinsdag langskomen, maar is niet gekomen en heeft niets laten weten.',
      complainant: { name: 'Anna de Vries (demo)', postalAddress: 'Voorbeeldstraat 1, 1234 AB Voorbeeld', email: 'anna@example.org', relation: 'client' },
      signed: true,
    },
  });
}
