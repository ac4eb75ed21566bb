/**
 * Loaded into every test process by `npm test` (scripts/test.ts: `node --import tsx --import <this file> --test …`), before
 * any test file: new password hashes in the tests are argon2id with 64 KiB and one pass instead of the product's 19 MiB and
 * two passes (src/auth/password.ts, PASSWORD_HASH_PARAMS). Every user a factory makes and every password a test sets
 * was hashed at ~60 ms of CPU, every log-in verified at the same cost (issue 13, lane tests: ~37 hashes per integration
 * file, 10–16 % of a file's wall time). Hashing, verifying, the PHC string and the dummy hash stay the real code; only
 * the cost differs. The product's params are asserted by src/auth/password.test.ts and test/integration/demo-seed.test.ts
 * (which put them back for their own tests), and cheap-password-hashing.test.ts checks that nothing in src/ sets them.
 * The command-line processes the e2e tests start do not load this file: they hash at the product's cost.
 */
import { setPasswordHashParamsForTests } from '../../src/auth/password.ts';

export const TEST_PASSWORD_HASH_PARAMS = { memory: 64, passes: 1, parallelism: 1, tagLength: 32 } as const;

setPasswordHashParamsForTests(TEST_PASSWORD_HASH_PARAMS);
