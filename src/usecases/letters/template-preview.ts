import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { isLetterKind, owedForKind } from '../../domain/letters/kinds.ts';
import { validationFailed } from '../../shared/errors.ts';
import type { Actor } from '../actor.ts';
import { complaintScope, visibleTo } from '../complaints/access.ts';
import { draftLetter, loadLetterContext, type LetterDraft } from './compose.ts';
import { templateInputProblems } from './templates.ts';

/**
 * A template (not yet saved) filled in with a real dossier the user may see, picked by its reference: what the
 * letter would say. Problems come back at the fields (the text stays as typed).
 */
export async function previewTemplate(db: Kysely<DB>, actor: Actor, input: { kind: string; subject: string; body: string; reference: string }): Promise<LetterDraft> {
  const problems = templateInputProblems({ kind: input.kind, unitId: null, subject: input.subject, body: input.body });
  const reference = input.reference.trim();
  if (!reference) problems.push({ field: 'reference', message: 'Vul het kenmerk in van een klacht om het voorbeeld mee te maken, bijvoorbeeld 2026-0001.' });
  if (problems.length || !isLetterKind(input.kind)) throw validationFailed(problems);
  const scope = await complaintScope(db, actor);
  const complaint = await db.selectFrom('complaints').select('id').where('organisation_id', '=', actor.organisationId).where('reference', '=', reference.slice(0, 100)).where(visibleTo(scope)).executeTakeFirst();
  if (!complaint) throw validationFailed([{ field: 'reference', message: `Er is geen klacht met kenmerk ${reference.slice(0, 100)} die u mag zien.` }]);
  const ctx = await loadLetterContext(db, actor.organisationId, complaint.id);
  const owed = owedForKind(ctx.regulation.regulation, input.kind);
  try {
    return await draftLetter(db, ctx, owed, { senderName: actor.name, now: new Date(), template: { subject: input.subject, body: input.body } });
  } catch (err) {
    // The message of a template that parses but cannot be made belongs at the body.
    if (err instanceof Error && 'fields' in err) throw validationFailed([{ field: 'body', message: (err as { fields: { message: string }[] }).fields[0]?.message ?? err.message }]);
    throw err;
  }
}
