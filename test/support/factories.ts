import type { Kysely } from 'kysely';
import type { DB, Role } from '../../src/db/types.ts';
import { createApiToken } from '../../src/usecases/auth/api-tokens.ts';
import { createOrganisation } from '../../src/usecases/organisations/create-organisation.ts';
import { createUnit } from '../../src/usecases/units/units.ts';
import { createUser } from '../../src/usecases/users/users.ts';

/** Test data in one place. Every factory makes unique names so suites can share a database. */
let counter = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${++counter}`;

export const TEST_PASSWORD = 'correct-horse-battery-staple';

export async function makeOrganisation(db: Kysely<DB>, name = 'Testorganisatie') {
  const org = await db.transaction().execute((tx) => createOrganisation(tx, { slug: unique('org'), name }));
  const unit = await db.transaction().execute((tx) => createUnit(tx, org.id, { name: unique('Afdeling') }, null));
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
