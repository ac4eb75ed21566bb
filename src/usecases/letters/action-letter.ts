import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { LETTER_CHANNELS, letterOwed, type LetterChannel } from '../../domain/letters/kinds.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import { queueMail } from '../../mail/outbox.ts';
import { AppError, validationFailed, type FieldIssue } from '../../shared/errors.ts';
import type { Actor } from '../actor.ts';
import { issueComplainantLink } from '../complainant-page/links.ts';
import { draftLetter, loadLetterContext, storeLetter, type LetterRequest, type MailQueue, type StoredLetter } from './compose.ts';

/**
 * The `letter` of an action request (API: `"letter": {"channel": "email"|"post"|"both", "body"?, "subject"?}`),
 * checked for its shape; whether the action owes a letter is decided with the regulation in `actionLetter`.
 */
export function parseLetterRequest(value: unknown): LetterRequest | undefined {
  if (value === undefined || value === null) return undefined;
  const problems: FieldIssue[] = [];
  if (typeof value !== 'object' || Array.isArray(value)) throw validationFailed([{ field: 'letter', message: 'Geef de brief als object: { "channel": "email" | "post" | "both", "body"?: tekst, "subject"?: tekst }.' }]);
  const v = value as Record<string, unknown>;
  const channel = v['channel'];
  if (!(LETTER_CHANNELS as readonly unknown[]).includes(channel)) problems.push({ field: 'letter.channel', message: 'Kies hoe de brief gaat: email, post of both (allebei).' });
  for (const field of ['body', 'subject'] as const) {
    if (v[field] !== undefined && typeof v[field] !== 'string') problems.push({ field: `letter.${field}`, message: field === 'body' ? 'De tekst van de brief moet tekst zijn.' : 'Het onderwerp moet tekst zijn.' });
  }
  if (problems.length) throw validationFailed(problems);
  return {
    channel: channel as LetterChannel,
    ...(typeof v['body'] === 'string' && v['body'].trim() ? { body: v['body'] } : {}),
    ...(typeof v['subject'] === 'string' && v['subject'].trim() ? { subject: v['subject'] } : {}),
  };
}

/** The outbox as a letter uses it: `queueMail` with the job queue started before the transaction. */
export function outboxQueue(jobs: JobQueue, createdBy: string | null): MailQueue {
  return (tx, mail) => queueMail(tx, jobs, { ...mail, createdBy });
}

/**
 * Makes, stores and (by e-mail) queues the letter an action owes, in the action's transaction, after its
 * event is appended (the letter reads the dossier as the action left it). An action that owes no letter
 * under the regulation answers `letter_not_owed`; the whole action is then not done.
 */
export async function actionLetter(
  tx: Kysely<DB>,
  args: { actor: Actor | null; organisationId: string; complaintId: string; action: string; input: unknown; seq: number; now: Date; request: LetterRequest; jobs: JobQueue; senderName?: string; mijnKlachtUrl?: string | null },
): Promise<StoredLetter> {
  const ctx = await loadLetterContext(tx, args.organisationId, args.complaintId);
  const owed = letterOwed(ctx.regulation.regulation, args.action, args.input);
  if (!owed) throw new AppError('letter_not_owed', `Bij deze actie hoort geen brief volgens de klachtenregeling. Laat "letter" weg, of kies een actie die een brief vraagt (bijvoorbeeld acknowledge of decide).`, [{ field: 'letter', message: 'Bij deze actie hoort geen brief.' }]);
  const senderName = args.senderName ?? args.actor?.name ?? ctx.organisationName;
  // The acknowledgement carries a new private link to the complainant's page (Mijn klacht, ADR 0012).
  const mijnKlachtUrl =
    args.mijnKlachtUrl ?? (owed.kind === 'acknowledgement' && owed.recipientRole === 'complainant' ? (await issueComplainantLink(tx, { organisationId: args.organisationId, complaintId: args.complaintId, now: args.now })).url : null);
  const draft = await draftLetter(tx, ctx, owed, { senderName, now: args.now, mijnKlachtUrl });
  return storeLetter(tx, ctx, draft, args.request, {
    actionSeq: args.seq,
    createdBy: args.actor?.userId ?? null,
    now: args.now,
    queue: outboxQueue(args.jobs, args.actor?.userId ?? null),
    purpose: owed.kind === 'acknowledgement' ? 'acknowledgement' : 'letter',
  });
}
