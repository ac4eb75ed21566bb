import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashPassword, passwordProblem, verifyPassword } from './password.ts';

describe('password hashing (argon2id)', () => {
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
