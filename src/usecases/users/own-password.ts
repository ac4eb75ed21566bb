import type { Kysely } from 'kysely';
import { z } from 'zod';
import { dummyPasswordHash, hashPassword, passwordProblem, verifyPassword } from '../../auth/password.ts';
import type { DB } from '../../db/types.ts';
import { AppError, validationFailed, type FieldIssue } from '../../shared/errors.ts';
import { toFieldIssues } from '../../shared/validation.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { endSessionsOfUser } from '../auth/sessions.ts';
import { throttledPasswordCheck } from '../auth/throttle.ts';
import { passwordSchema } from './manage.ts';

export const changeOwnPasswordInput = z.object({
  currentPassword: z.string().min(1, { message: 'Vul uw huidige wachtwoord in.' }),
  newPassword: passwordSchema,
  newPasswordAgain: z.string().min(1, { message: 'Vul het nieuwe wachtwoord nog een keer in.' }),
});

/**
 * A user changes their own password: the current one is checked (under the log-in throttle), the new one
 * typed twice. Every OTHER session of the user ends; the one with `keepSessionToken` stays. Takes the
 * database, not a transaction: a wrong current password must stay counted by the throttle.
 */
export async function changeOwnPassword(
  db: Kysely<DB>,
  actor: Pick<Actor, 'userId' | 'organisationId' | 'email'>,
  keepSessionToken: string | null,
  input: z.input<typeof changeOwnPasswordInput>,
): Promise<{ endedSessions: number }> {
  const parsed = changeOwnPasswordInput.safeParse(input);
  const issues: FieldIssue[] = parsed.success ? [] : toFieldIssues(parsed.error);
  if (typeof input.newPassword === 'string' && input.newPasswordAgain && input.newPassword !== input.newPasswordAgain && !issues.some((i) => i.field === 'newPasswordAgain')) {
    issues.push({ field: 'newPasswordAgain', message: 'De twee nieuwe wachtwoorden zijn niet gelijk. Typ het nieuwe wachtwoord twee keer hetzelfde.' });
  }
  if (!parsed.success || issues.length) throw validationFailed(issues);
  const data = parsed.data;

  const user = await db
    .selectFrom('users')
    .select(['id', 'password_hash'])
    .where('id', '=', actor.userId)
    .where('organisation_id', '=', actor.organisationId)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  if (!user) throw new AppError('unauthenticated', 'Log eerst in.');
  const checked = await throttledPasswordCheck(db, actor.email, async () => verifyPassword(data.currentPassword, user.password_hash ?? (await dummyPasswordHash())));
  if (checked === 'throttled') throw new AppError('rate_limited', 'Te veel mislukte pogingen. Probeer het over een paar minuten opnieuw.');
  if (checked === 'invalid') throw validationFailed([{ field: 'currentPassword', message: 'Dit is niet uw huidige wachtwoord. Let op hoofdletters en spaties.' }]);
  const problem = passwordProblem(data.newPassword, { email: actor.email });
  if (problem) throw validationFailed([{ field: 'newPassword', message: problem }]);
  if (data.newPassword === data.currentPassword) {
    throw validationFailed([{ field: 'newPassword', message: 'Kies een nieuw wachtwoord dat anders is dan uw huidige wachtwoord.' }]);
  }

  const hash = await hashPassword(data.newPassword);
  return db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ password_hash: hash }).where('id', '=', user.id).execute();
    const endedSessions = await endSessionsOfUser(tx, user.id, keepSessionToken);
    await audit(tx, { organisationId: actor.organisationId, actorUserId: user.id, action: 'user.password_changed', subjectType: 'user', subjectId: user.id, details: { endedSessions } });
    return { endedSessions };
  });
}
