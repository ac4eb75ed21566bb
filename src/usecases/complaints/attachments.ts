import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { validationFailed, type FieldIssue } from '../../shared/errors.ts';

/** Attachments of a dossier: type and size limits with clear Dutch messages; stored in the database. */
export const ATTACHMENT_LIMITS = {
  maxFiles: 5,
  maxBytes: 10 * 1024 * 1024,
  types: {
    'application/pdf': 'PDF',
    'image/jpeg': 'JPG',
    'image/png': 'PNG',
    'text/plain': 'tekst',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word (docx)',
    'application/msword': 'Word (doc)',
    'application/vnd.oasis.opendocument.text': 'OpenDocument-tekst',
  } as Record<string, string>,
} as const;

export const ATTACHMENT_HINT = `U kunt tot ${ATTACHMENT_LIMITS.maxFiles} bestanden toevoegen van samen hoogstens 10 MB: ${[...new Set(Object.values(ATTACHMENT_LIMITS.types))].join(', ')}.`;

export interface AttachmentInput {
  filename: string;
  contentType: string;
  data: Uint8Array;
}

/** The problems with a set of files, at the field `attachments`. */
export function attachmentProblems(files: AttachmentInput[]): FieldIssue[] {
  if (files.length > ATTACHMENT_LIMITS.maxFiles) return [{ field: 'attachments', message: `U kunt hoogstens ${ATTACHMENT_LIMITS.maxFiles} bestanden toevoegen.` }];
  const total = files.reduce((n, f) => n + f.data.byteLength, 0);
  if (total > ATTACHMENT_LIMITS.maxBytes) return [{ field: 'attachments', message: 'De bijlagen zijn samen groter dan 10 MB. Kies minder of kleinere bestanden.' }];
  for (const f of files) {
    if (!ATTACHMENT_LIMITS.types[f.contentType.split(';')[0]!.trim().toLowerCase()]) {
      return [{ field: 'attachments', message: `Het bestand "${f.filename}" heeft een soort die we niet aannemen. ${ATTACHMENT_HINT}` }];
    }
    if (f.data.byteLength === 0) return [{ field: 'attachments', message: `Het bestand "${f.filename}" is leeg.` }];
  }
  return [];
}

/** Keeps a file name printable and short: no path separators or control characters. */
export function safeFilename(name: string): string {
  const cleaned = [...name].map((ch) => (ch === '/' || ch === '\\' || ch.charCodeAt(0) < 32 ? '_' : ch)).join('');
  return cleaned.slice(0, 200) || 'bijlage';
}

export async function storeAttachments(tx: Kysely<DB>, organisationId: string, complaintId: string, files: AttachmentInput[], userId: string | null): Promise<void> {
  const problems = attachmentProblems(files);
  if (problems.length) throw validationFailed(problems);
  for (const f of files) {
    await tx
      .insertInto('complaint_attachments')
      .values({
        organisation_id: organisationId,
        complaint_id: complaintId,
        filename: safeFilename(f.filename),
        content_type: f.contentType.split(';')[0]!.trim().toLowerCase(),
        size: f.data.byteLength,
        sha256: createHash('sha256').update(f.data).digest('hex'),
        data: f.data,
        uploaded_by: userId,
      })
      .execute();
  }
}
