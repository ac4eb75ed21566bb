import { argon2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { createRequire } from 'node:module';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import type * as ZxcvbnCommon from '@zxcvbn-ts/language-common';

/**
 * Password hashing with argon2id from Node's own crypto (Node ≥ 24.7, ADR 0002), stored as a PHC string:
 * `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>` (OWASP's minimum parameters).
 */
const argon2Async = promisify(argon2);

export interface PasswordHashParams {
  readonly memory: number;
  readonly passes: number;
  readonly parallelism: number;
  readonly tagLength: number;
}

/** What every account's new hash is made with: OWASP's minimum for argon2id (19 MiB, 2 passes, 1 lane). */
export const PASSWORD_HASH_PARAMS: PasswordHashParams = Object.freeze({ memory: 19456, passes: 2, parallelism: 1, tagLength: 32 });

let params: PasswordHashParams = PASSWORD_HASH_PARAMS;

/**
 * A test-only seam (issue 13): `npm test` loads test/support/cheap-password-hashing.ts into its test processes, which
 * sets a cheap argon2id here, because the tests made and checked thousands of hashes at ~60 ms of CPU each. Nothing in
 * src/ calls it (test/support/cheap-password-hashing.test.ts checks that), so the product always hashes with
 * PASSWORD_HASH_PARAMS; src/auth/password.test.ts and the demo seed's test assert those. Returns the params it replaced.
 */
export function setPasswordHashParamsForTests(next: PasswordHashParams): PasswordHashParams {
  const previous = params;
  params = Object.freeze({ ...next });
  return previous;
}

export async function hashPassword(password: string): Promise<string> {
  const nonce = randomBytes(16);
  const p = params;
  const hash = await argon2Async('argon2id', { message: password, nonce, ...p });
  return `$argon2id$v=19$m=${p.memory},t=${p.passes},p=${p.parallelism}$${nonce.toString('base64url')}$${Buffer.from(hash).toString('base64url')}`;
}

export async function verifyPassword(password: string, phc: string): Promise<boolean> {
  const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([\w-]+)\$([\w-]+)$/.exec(phc);
  if (!m) return false;
  const expected = Buffer.from(m[5]!, 'base64url');
  const actual = await argon2Async('argon2id', {
    message: password,
    nonce: Buffer.from(m[4]!, 'base64url'),
    memory: Number(m[1]),
    passes: Number(m[2]),
    parallelism: Number(m[3]),
    tagLength: expected.length,
  });
  return expected.length === actual.length && timingSafeEqual(expected, Buffer.from(actual));
}

/** A hash to verify against when the account does not exist, so timing does not reveal which e-mails exist. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}

/**
 * Password rules (issue 11, the password-policy finding; ADR 0021): long enough and not absurdly long (argon2 input
 * cap); not a common or breached password: refused when zxcvbn (with the common-password dictionary of
 * @zxcvbn-ts/language-common) scores it below 3 of 4, or when the whole password is one entry of that list; not the
 * product name, and not the e-mail address or its part before the @ (when known). Dutch message or null.
 */
export function passwordProblem(password: string, context: { email?: string | null | undefined } = {}): string | null {
  if (password.length < 12) return 'Het wachtwoord moet minstens 12 tekens lang zijn.';
  if (password.length > 256) return 'Het wachtwoord mag hoogstens 256 tekens lang zijn.';
  const lower = password.toLowerCase();
  if (lower.includes('klachtwijs')) return 'Het wachtwoord mag het woord "Klachtwijs" niet bevatten. Kies iets wat niemand kan raden.';
  const email = context.email?.trim().toLowerCase();
  if (email) {
    const local = email.split('@')[0] ?? '';
    if (lower.includes(email) || (local.length >= 3 && lower.includes(local))) {
      return 'Het wachtwoord mag uw e-mailadres (of het deel voor de @) niet bevatten.';
    }
  }
  const result = strength().check(password.slice(0, 100));
  const whole = result.sequence.length === 1 && result.sequence[0]?.pattern === 'dictionary';
  if (result.score < 3 || whole) {
    return 'Dit wachtwoord is te bekend of te makkelijk te raden. Kies een langere zin van een paar gewone woorden, bijvoorbeeld vier woorden met streepjes ertussen.';
  }
  return null;
}

/**
 * zxcvbn with the common-password list, loaded and built on first use, not at start (issue 13: the dictionary takes a
 * moment to load, and a restart checks no password).
 */
let factory: ZxcvbnFactory | undefined;
function strength(): ZxcvbnFactory {
  if (factory) return factory;
  const require = createRequire(import.meta.url);
  const { ZxcvbnFactory: Factory } = require('@zxcvbn-ts/core') as typeof import('@zxcvbn-ts/core');
  const zxcvbnCommon = require('@zxcvbn-ts/language-common') as typeof ZxcvbnCommon;
  factory = new Factory({ dictionary: { ...zxcvbnCommon.dictionary }, graphs: zxcvbnCommon.adjacencyGraphs });
  return factory;
}
