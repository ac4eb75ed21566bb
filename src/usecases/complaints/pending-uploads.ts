import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { attachmentProblems, storedFile, type AttachmentInput } from './attachments.ts';
import type { FieldIssue } from '../../shared/errors.ts';
import { recordSecurityEvent } from '../security/events.ts';
import { archiveProblem } from './archives.ts';
import { claimAnonymousUploadBytes } from './upload-quota.ts';

/**
 * Files chosen on the public complaint form, held server-side against the form's one-time key until the
 * complaint is sent (then they become its attachments, in the same transaction) or they expire (ADR 0009).
 * Need-to-know: a pending upload is found only with its own form key — the key is unguessable (144 random
 * bits) and only its hash is stored; nothing lists pending uploads otherwise, and staff never see them.
 */

/** How long a chosen file waits for its form to be sent. */
export const PENDING_UPLOAD_HOURS = 24;

export interface PendingUpload {
  id: string;
  filename: string;
  contentType: string;
  size: number;
}

export const FORM_KEY = /^[\w-]{8,100}$/;

/** The stored form of a key: per organisation, hashed. */
export function formKeyHash(organisationId: string, formKey: string): string {
  return createHash('sha256').update(`pending:${organisationId}:${formKey}`).digest('hex');
}

/** The unexpired pending uploads of one form, oldest first (the caller picks the columns). */
function heldByForm(db: Kysely<DB>, organisationId: string, formKey: string, now: Date) {
  return db
    .selectFrom('pending_uploads')
    .where('organisation_id', '=', organisationId)
    .where('form_key_hash', '=', formKeyHash(organisationId, formKey))
    .where('expires_at', '>', now)
    .orderBy('created_at')
    .orderBy('filename')
    .orderBy('id');
}

/** The pending uploads of one form (not the content), oldest first; none for an unusable key. */
export async function pendingUploads(db: Kysely<DB>, organisationId: string, formKey: string, now = new Date()): Promise<PendingUpload[]> {
  if (!FORM_KEY.test(formKey)) return [];
  const rows = await heldByForm(db, organisationId, formKey, now).select(['id', 'filename', 'content_type', 'size']).execute();
  return rows.map((r) => ({ id: r.id, filename: r.filename, contentType: r.content_type, size: r.size }));
}

/**
 * Holds newly chosen files against the form. The limits apply to everything the form would send (the files
 * already held plus the new ones, `attachmentProblems`): when the new files break them, none of them is held
 * and the problem is returned for the field. A zip bomb (`archiveProblem`) and files beyond the organisation's daily
 * quota for anonymous uploads are refused as well (issue 11); every refusal is a security event (`upload_refused`).
 */
export async function holdUploads(
  db: Kysely<DB>,
  organisationId: string,
  formKey: string,
  files: AttachmentInput[],
  opts: { now?: Date; clientAddress?: string | null } = {},
): Promise<FieldIssue[]> {
  if (!files.length || !FORM_KEY.test(formKey)) return [];
  const now = opts.now ?? new Date();
  const refused = async (reason: string, problems: FieldIssue[]) => {
    const bytes = files.reduce((n, f) => n + f.data.byteLength, 0);
    await recordSecurityEvent(db, { kind: 'upload_refused', organisationId, clientAddress: opts.clientAddress ?? null, detail: { reason, files: files.length, bytes } });
    return problems;
  };
  const held = await pendingUploadContents(db, organisationId, formKey, now);
  const problems = attachmentProblems([...held, ...files]);
  if (problems.length) return refused('limits', attachmentProblems(files).length ? attachmentProblems(files) : problems);
  const archive = await archiveProblem(files);
  if (archive) return refused(archive.reason, [{ field: archive.field, message: archive.message }]);
  if (!(await claimAnonymousUploadBytes(db, organisationId, files.reduce((n, f) => n + f.data.byteLength, 0), now))) {
    return refused('quota', [{ field: 'attachments', message: 'Er zijn vandaag al veel bestanden naar deze organisatie gestuurd. Probeer het morgen opnieuw, of stuur uw bestanden per post of e-mail.' }]);
  }
  const expires = new Date(now.getTime() + PENDING_UPLOAD_HOURS * 3600_000);
  await db
    .insertInto('pending_uploads')
    .values(
      files.map((f) => ({
        organisation_id: organisationId,
        form_key_hash: formKeyHash(organisationId, formKey),
        ...storedFile(f),
        expires_at: expires,
      })),
    )
    .execute();
  return [];
}

/** Removes pending uploads the complainant no longer wants; only those of this form. */
export async function removePendingUploads(db: Kysely<DB>, organisationId: string, formKey: string, ids: string[]): Promise<number> {
  const valid = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (!valid.length || !FORM_KEY.test(formKey)) return 0;
  const res = await db
    .deleteFrom('pending_uploads')
    .where('organisation_id', '=', organisationId)
    .where('form_key_hash', '=', formKeyHash(organisationId, formKey))
    .where('id', 'in', valid)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** The content of a form's pending uploads (to attach them, or to check the limits). */
export async function pendingUploadContents(db: Kysely<DB>, organisationId: string, formKey: string, now = new Date()): Promise<(AttachmentInput & { id: string })[]> {
  if (!FORM_KEY.test(formKey)) return [];
  const rows = await heldByForm(db, organisationId, formKey, now).select(['id', 'filename', 'content_type', 'data']).execute();
  return rows.map((r) => ({ id: r.id, filename: r.filename, contentType: r.content_type, data: r.data }));
}

/** Deletes a form's pending uploads once they became attachments (inside the registration's transaction). */
export async function dropPendingUploads(tx: Kysely<DB>, organisationId: string, formKey: string): Promise<void> {
  if (!FORM_KEY.test(formKey)) return;
  await tx.deleteFrom('pending_uploads').where('organisation_id', '=', organisationId).where('form_key_hash', '=', formKeyHash(organisationId, formKey)).execute();
}

/** Deletes every expired pending upload: cheap (indexed), run on each post of the public form. */
export async function deleteExpiredUploads(db: Kysely<DB>, now = new Date()): Promise<number> {
  const res = await db.deleteFrom('pending_uploads').where('expires_at', '<=', now).executeTakeFirst();
  return Number(res.numDeletedRows);
}
