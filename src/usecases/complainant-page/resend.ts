import { sql, type Kysely } from 'kysely';
import { sha256 } from '../../auth/tokens.ts';
import type { DB } from '../../db/types.ts';
import { jobQueue } from '../../jobs/queue.ts';
import { queueMail } from '../../mail/outbox.ts';
import { AppError, validationFailed } from '../../shared/errors.ts';
import { audit } from '../audit.ts';
import { inTransaction } from '../complaints/dossier.ts';
import { issueComplainantLink } from './links.ts';

/**
 * "Stuur mij de link opnieuw" (Mijn klacht, ADR 0012): the complainant gives the e-mail address on file (and
 * optionally the reference); every complaint of this organisation with that address gets a NEW link, by e-mail
 * to that address (the outbox, purpose `link`). The answer never says whether anything matched. Requests are
 * counted per e-mail address and per client address (both hashed) and throttled.
 */

/** Requests per hour: per e-mail address, per client address. */
export const RESEND_LIMITS = { perAddress: 3, perClient: 10, windowMs: 3_600_000 } as const;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const REFERENCE = /^\d{4}-\d{1,6}$/;

export interface ResendRequest {
  organisationId: string;
  email: string;
  reference?: string | undefined;
  clientAddress: string;
  baseUrl: string;
  now?: Date;
}

/** Checks the input; throws validation_failed with Dutch messages at the fields. */
export function resendInput(email: string, reference: string | undefined): { email: string; reference: string | undefined } {
  const e = email.trim().toLowerCase();
  const r = reference?.trim() || undefined;
  const fields = [];
  if (!e) fields.push({ field: 'email', message: 'Vul het e-mailadres in dat u bij uw klacht gaf.' });
  else if (!EMAIL.test(e) || e.length > 254) fields.push({ field: 'email', message: 'Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.' });
  if (r && !REFERENCE.test(r)) fields.push({ field: 'reference', message: 'Een kenmerk ziet er zo uit: 2026-12. Laat dit veld leeg als u het kenmerk niet weet.' });
  if (fields.length) throw validationFailed(fields);
  return { email: e, reference: r };
}

/**
 * Sends a new link for each matching complaint; returns how many (for tests and the audit only: the page shows
 * the same answer either way). Throws rate_limited when the address or the client asked too often.
 */
export async function resendComplainantLinks(db: Kysely<DB>, req: ResendRequest): Promise<number> {
  const { email, reference } = resendInput(req.email, req.reference);
  const now = req.now ?? new Date();
  const emailHash = sha256(`email:${email}`);
  const clientHash = sha256(`client:${req.clientAddress}`);
  const since = new Date(now.getTime() - RESEND_LIMITS.windowMs);
  const counts = await db
    .selectFrom('complainant_link_requests')
    .select([
      sql<number>`count(*) filter (where email_hash = ${emailHash})`.as('byEmail'),
      sql<number>`count(*) filter (where client_hash = ${clientHash})`.as('byClient'),
    ])
    .where('created_at', '>', since)
    .where((w) => w.or([w('email_hash', '=', emailHash), w('client_hash', '=', clientHash)]))
    .executeTakeFirstOrThrow();
  if (Number(counts.byEmail) >= RESEND_LIMITS.perAddress || Number(counts.byClient) >= RESEND_LIMITS.perClient) {
    throw new AppError('rate_limited', 'U heeft al een paar keer een nieuwe link gevraagd. Wacht een uur en probeer het dan opnieuw.');
  }
  const jobs = await jobQueue(db);
  return inTransaction(db, async (tx) => {
    // Requests older than the window count for nothing: keep the table small (one indexed delete).
    await tx.deleteFrom('complainant_link_requests').where('created_at', '<=', new Date(now.getTime() - 2 * RESEND_LIMITS.windowMs)).execute();
    await tx.insertInto('complainant_link_requests').values({ organisation_id: req.organisationId, email_hash: emailHash, client_hash: clientHash }).execute();
    let q = tx
      .selectFrom('complaints')
      .innerJoin('organisations', 'organisations.id', 'complaints.organisation_id')
      .select(['complaints.id', 'complaints.reference', 'complaints.complainant', 'organisations.name as orgName'])
      .where('complaints.organisation_id', '=', req.organisationId)
      .where(sql<boolean>`lower(trim(complaints.complainant->>'email')) = ${email}`);
    if (reference) q = q.where('complaints.reference', '=', reference);
    const matches = await q.orderBy('complaints.received_on').limit(20).execute();
    for (const m of matches) {
      const { url } = await issueComplainantLink(tx, { organisationId: req.organisationId, complaintId: m.id, baseUrl: req.baseUrl, now });
      const name = typeof m.complainant['name'] === 'string' && m.complainant['name'].trim() ? m.complainant['name'].trim() : null;
      await queueMail(tx, jobs, {
        organisationId: req.organisationId,
        complaintId: m.id,
        purpose: 'link',
        to: email,
        subject: `Link naar uw klacht ${m.reference}`,
        text: linkMailText({ name, orgName: m.orgName, reference: m.reference, url }),
      });
    }
    await audit(tx, { organisationId: req.organisationId, actorUserId: null, action: 'complainant_page.link_requested', subjectType: 'organisation', subjectId: req.organisationId, details: { matched: matches.length } });
    return matches.length;
  });
}

/** The e-mail with a new link, in plain Dutch (B1). */
export function linkMailText(p: { name: string | null; orgName: string; reference: string; url: string }): string {
  return [
    p.name ? `Beste ${p.name},` : 'Beste heer of mevrouw,',
    '',
    `U vroeg om een nieuwe link naar uw klacht bij ${p.orgName}. Uw kenmerk is ${p.reference}.`,
    'Met deze link ziet u hoe het met uw klacht staat. U kunt er ook informatie toevoegen of uw klacht intrekken:',
    '',
    p.url,
    '',
    'Deel deze link niet met anderen. Iedereen met de link kan uw klacht zien.',
    'Heeft u niet om deze link gevraagd? Dan hoeft u niets te doen.',
    '',
    'Met vriendelijke groet,',
    p.orgName,
  ].join('\n');
}
