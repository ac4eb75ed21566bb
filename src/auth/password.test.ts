import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hashPassword, PASSWORD_HASH_PARAMS, passwordProblem, setPasswordHashParamsForTests, verifyPassword, type PasswordHashParams } from './password.ts';

describe('password hashing (argon2id)', () => {
  // `npm test` makes hashes cheap in its test processes (test/support/cheap-password-hashing.ts); here the product's cost.
  let previous: PasswordHashParams;
  before(() => {
    previous = setPasswordHashParamsForTests(PASSWORD_HASH_PARAMS);
  });
  after(() => {
    setPasswordHashParamsForTests(previous);
  });

  it("hashes with OWASP's minimum for argon2id", () => {
    assert.deepEqual({ ...PASSWORD_HASH_PARAMS }, { memory: 19456, passes: 2, parallelism: 1, tagLength: 32 });
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('een lang genoeg wachtwoord');
    assert.match(hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    assert.equal(await verifyPassword('een lang genoeg wachtwoord', hash), true);
    assert.equal(await verifyPassword('een ander wachtwoord!!', hash), false);
    assert.equal(await verifyPassword('x', 'not-a-hash'), false);
  });

  it('salts: the same password gives different hashes', async () => {
    assert.notEqual(await hashPassword('hetzelfde wachtwoord'), await hashPassword('hetzelfde wachtwoord'));
  });

  it('demands at least 12 characters', () => {
    assert.ok(passwordProblem('kort'));
    assert.equal(passwordProblem('paars-fiets-regen-lamp'), null);
  });

  it('refuses common and breached passwords, the product name and the e-mail address (issue 11 finding)', () => {
    for (const common of ['password1234', 'qwertyuiop123', 'iloveyou12345', 'welkom123456', 'passwordpassword']) {
      assert.match(passwordProblem(common) ?? '', /te bekend/, common);
    }
    assert.match(passwordProblem('Klachtwijs2026!!') ?? '', /Klachtwijs/);
    assert.match(passwordProblem('jan.jansen-paars-fiets', { email: 'jan.jansen@zorg.nl' }) ?? '', /e-mailadres/);
    assert.equal(passwordProblem('jan.jansen-paars-fiets', { email: 'piet@zorg.nl' }), null);
  });
});
