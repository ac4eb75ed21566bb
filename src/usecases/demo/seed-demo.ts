import type { Kysely } from 'kysely';
import { randomToken } from '../../auth/tokens.ts';
import type { DB, Role } from '../../db/types.ts';
import { createOrganisation } from '../organisations/create-organisation.ts';
import { activateRegulation } from '../regulations/regulations.ts';
import { createUnit } from '../units/units.ts';
import { createUser } from '../users/users.ts';

export const DEMO_SLUG = 'demo';
export const DEMO_PRESET = 'stadsring51';

export interface DemoLogin {
  role: Role;
  email: string;
  password: string;
}

/**
 * On an empty database: a demo organisation with two units and one account per daily role. The passwords
 * are random and returned once so the caller can print them; they are stored hashed only.
 */
export async function seedDemo(db: Kysely<DB>): Promise<DemoLogin[] | null> {
  const anyOrg = await db.selectFrom('organisations').select('id').limit(1).executeTakeFirst();
  if (anyOrg) return null;
  return db.transaction().execute(async (tx) => {
    const org = await createOrganisation(tx, { slug: DEMO_SLUG, name: 'Stichting Voorbeeldzorg (demo)' });
    const wmo = await createUnit(tx, org.id, { name: 'Wijkteam Noord', kind: 'afdeling' }, null);
    await createUnit(tx, org.id, { name: 'Jeugdhulp Zuid', kind: 'afdeling' }, null);
    const accounts: { role: Role; email: string; name: string; unitId: string | null }[] = [
      { role: 'admin', email: 'beheer@demo.klachtwijs.nl', name: 'Bea Beheer', unitId: null },
      { role: 'coordinator', email: 'klachtenfunctionaris@demo.klachtwijs.nl', name: 'Karin Klachtenfunctionaris', unitId: null },
      { role: 'handler', email: 'behandelaar@demo.klachtwijs.nl', name: 'Bram Behandelaar', unitId: wmo.id },
      { role: 'intake', email: 'medewerker@demo.klachtwijs.nl', name: 'Mila Medewerker', unitId: wmo.id },
    ];
    // The demo runs the Stadsring51 regulation (seed 002): hearing, admissibility and the ombudsman route.
    await activateRegulation(tx, { organisationId: org.id, unitId: null, source: { preset: DEMO_PRESET }, fills: {}, frameworks: ['awb9'], actorUserId: null });
    const logins: DemoLogin[] = [];
    for (const a of accounts) {
      const password = `demo-${randomToken(9)}`;
      await createUser(tx, org.id, { email: a.email, name: a.name, password, role: a.role, unitId: a.unitId }, null);
      logins.push({ role: a.role, email: a.email, password });
    }
    return logins;
  });
}
