/**
 * The demo organisation (src/usecases/demo/seed-demo.ts, issue 13): its passwords are generated and hashed ahead, side by
 * side; the accounts store those hashes, each verifies with the password handed out once, and a generated password is one
 * the policy for chosen passwords could never refuse (which is why the seed does not run zxcvbn on them at start).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PASSWORD_HASH_PARAMS, passwordProblem, setPasswordHashParamsForTests, verifyPassword } from '../../src/auth/password.ts';
import type { Database } from '../../src/db/database.ts';
import { jobQueue } from '../../src/jobs/queue.ts';
import { organisationContact } from '../../src/usecases/complainant-page/contact.ts';
import { regulationInForceSince } from '../../src/usecases/regulations/regulations.ts';
import { demoPassword, demoPasswords, seedDemo } from '../../src/usecases/demo/seed-demo.ts';
import { closeReusableTestPglite, reusableTestPglite } from '../support/templates.ts';

// The PGlite is the process's reusable one (issue 13: an open costs 0.5–0.8 s of CPU); the one kept for the next suite is
// closed after it, once every test of the process has run (see test/support/databases.ts).
let database: Database;
before(async () => {
  database = await reusableTestPglite();
});
after(async () => {
  await database.close();
  await closeReusableTestPglite();
});

test('the demo accounts store the hashes made ahead, and each verifies with its password; a second seed does nothing', async (t) => {
  await jobQueue(database.db); // as the server: the queue runs before the seed
  // The demo's accounts are hashed at the product's cost, also in `npm test` (test/support/cheap-password-hashing.ts).
  const previousHashParams = setPasswordHashParamsForTests(PASSWORD_HASH_PARAMS);
  t.after(() => setPasswordHashParamsForTests(previousHashParams));
  const passwords = demoPasswords();
  const logins = await seedDemo(database.db, passwords);
  assert.ok(logins);
  const made = await passwords;
  assert.deepEqual(logins.map((l) => l.password), made.map((m) => m.password));
  const users = await database.db.selectFrom('users').select(['email', 'password_hash']).execute();
  assert.equal(users.length, logins.length);
  for (const login of logins) {
    const user = users.find((u) => u.email === login.email)!;
    assert.equal(user.password_hash, made.find((m) => m.password === login.password)!.hash);
    assert.match(user.password_hash!, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.ok(await verifyPassword(login.password, user.password_hash!), login.email);
    assert.ok(!(await verifyPassword(`${login.password}x`, user.password_hash!)));
  }
  assert.equal(await seedDemo(database.db), null);
});

test('the demo organisation gives a way to reach it: the pages that say "neem contact op" have an address to name', async () => {
  const org = await database.db.selectFrom('organisations').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow();
  assert.deepEqual(await organisationContact(database.db, org.id), {
    email: 'klachten@voorbeeldzorg.example',
    phone: null,
    postalAddress: 'Postbus 100, 1234 AA Voorbeeld',
  });
});

test("the demo's regulation was in force before its oldest complaint came in (walkthrough: \"geldt sinds\" today above September's complaints)", async () => {
  const org = await database.db.selectFrom('organisations').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow();
  const oldest = await database.db.selectFrom('complaints').select((eb) => eb.fn.min('received_on').as('on')).where('organisation_id', '=', org.id).executeTakeFirstOrThrow();
  const since = await regulationInForceSince(database.db, org.id, null);
  assert.ok(oldest.on, 'the demo has complaints');
  assert.ok(since <= String(oldest.on), `in force since ${since}, oldest complaint received ${String(oldest.on)}`);
});

test('the demo numbers its complaints in the order they came in (walkthrough: 2026-0001 received 3 December, 2026-0003 on 24 September)', async () => {
  const org = await database.db.selectFrom('organisations').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow();
  const rows = await database.db.selectFrom('complaints').select(['reference', 'received_on']).where('organisation_id', '=', org.id).orderBy('reference').execute();
  assert.equal(rows.length, 3);
  const received = rows.map((r) => String(r.received_on));
  assert.deepEqual(received, [...received].sort(), rows.map((r) => `${r.reference} ${String(r.received_on)}`).join(', '));
});

test('a generated demo password always passes the policy for chosen passwords', () => {
  const emails = ['beheer@demo.klachtwijs.nl', 'klachtenfunctionaris@demo.klachtwijs.nl', 'behandelaar@demo.klachtwijs.nl', 'medewerker@demo.klachtwijs.nl', 'bestuur@demo.klachtwijs.nl'];
  for (let i = 0; i < 40; i++) {
    const password = demoPassword();
    assert.match(password, /^demo-[\w-]{12}$/);
    for (const email of emails) assert.equal(passwordProblem(password, { email }), null, password);
  }
});
