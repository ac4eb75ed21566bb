import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { validationFailed, type FieldIssue } from '../../shared/errors.ts';
import { archiveProblem } from './archives.ts';
import { effectiveType, EXTENSIONS, type AttachmentInput } from './file-types.ts';

export { effectiveType, normalisedType, typeByExtension, type AttachmentInput } from './file-types.ts';

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
    'message/rfc822': 'e-mail (eml)',
    'application/vnd.ms-outlook': 'Outlook-bericht (msg)',
  } as Record<string, string>,
} as const;

/** The file input's `accept`: the types, and the extensions of e-mails (browsers seldom know the type of an .eml or .msg). */
export const ATTACHMENT_ACCEPT = [...Object.keys(ATTACHMENT_LIMITS.types), '.eml', '.msg'].join(',');

export const ATTACHMENT_HINT = `U kunt tot ${ATTACHMENT_LIMITS.maxFiles} bestanden toevoegen van samen hoogstens 10 MB: ${[...new Set(Object.values(ATTACHMENT_LIMITS.types))].join(', ')}.`;

/** The problems with a set of files, at the field `attachments`. */
export function attachmentProblems(files: AttachmentInput[]): FieldIssue[] {
  if (files.length > ATTACHMENT_LIMITS.maxFiles) return [{ field: 'attachments', message: `U kunt hoogstens ${ATTACHMENT_LIMITS.maxFiles} bestanden toevoegen.` }];
  const total = files.reduce((n, f) => n + f.data.byteLength, 0);
  if (total > ATTACHMENT_LIMITS.maxBytes) return [{ field: 'attachments', message: 'De bijlagen zijn samen groter dan 10 MB. Kies minder of kleinere bestanden.' }];
  for (const f of files) {
    if (!ATTACHMENT_LIMITS.types[effectiveType(f)]) {
      return [{ field: 'attachments', message: `Het bestand "${f.filename}" heeft een soort die we niet aannemen. ${ATTACHMENT_HINT}` }];
    }
    if (f.data.byteLength === 0) return [{ field: 'attachments', message: `Het bestand "${f.filename}" is leeg.` }];
    if (!contentMatchesType(f.data, effectiveType(f))) {
      return [{ field: 'attachments', message: `De inhoud van "${f.filename}" past niet bij het soort bestand. ${ATTACHMENT_HINT}` }];
    }
  }
  return [];
}

/** Keeps a file name printable and short: no path separators or control characters. */
export function safeFilename(name: string): string {
  const cleaned = [...name].map((ch) => (ch === '/' || ch === '\\' || ch.charCodeAt(0) < 32 ? '_' : ch)).join('');
  return cleaned.slice(0, 200) || 'bijlage';
}

const startsWith = (data: Uint8Array, bytes: number[]) => bytes.every((b, i) => data[i] === b);

/**
 * The browser's declared type is not trusted: the first bytes must match it (PDF, PNG, JPEG, the ZIP of
 * docx/odt, the OLE file of doc; text has no NUL bytes). A file that lies about its type is refused.
 */
export function contentMatchesType(data: Uint8Array, type: string): boolean {
  switch (type) {
    case 'application/pdf':
      return startsWith(data, [0x25, 0x50, 0x44, 0x46]); // %PDF
    case 'image/png':
      return startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    case 'image/jpeg':
      return startsWith(data, [0xff, 0xd8, 0xff]);
    case 'application/vnd.openxmlformats-officedocument.wordprocessingml.document':
    case 'application/vnd.oasis.opendocument.text':
      return startsWith(data, [0x50, 0x4b, 0x03, 0x04]); // PK
    case 'application/msword':
    case 'application/vnd.ms-outlook': // an Outlook .msg is an OLE compound file too
      return startsWith(data, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    case 'message/rfc822': {
      // An e-mail: text whose first line is a header field ("From: …", "Received: …").
      const head = new TextDecoder().decode(data.subarray(0, 4096));
      return !data.subarray(0, 64 * 1024).includes(0) && /^[\x21-\x39\x3b-\x7e]+:/.test(head);
    }
    case 'text/plain':
      return !data.subarray(0, 64 * 1024).includes(0) && !/^\s*<(!doctype|html|svg|script)/i.test(new TextDecoder().decode(data.subarray(0, 256)));
    default:
      return false;
  }
}

export function filenameForType(name: string, type: string): string {
  const allowed = EXTENSIONS[type] ?? ['bin'];
  const ext = /\.([a-z0-9]{1,8})$/i.exec(name)?.[1]?.toLowerCase();
  return ext && allowed.includes(ext) ? name : `${name}.${allowed[0]}`;
}

/** The stored columns of a chosen file (safe name matching its type, size, SHA-256), held or attached alike. */
export function storedFile(f: AttachmentInput) {
  const contentType = effectiveType(f);
  return {
    filename: filenameForType(safeFilename(f.filename), contentType),
    content_type: contentType,
    size: f.data.byteLength,
    sha256: createHash('sha256').update(f.data).digest('hex'),
    data: f.data,
  };
}

export async function storeAttachments(tx: Kysely<DB>, organisationId: string, complaintId: string, files: AttachmentInput[], userId: string | null): Promise<void> {
  const problems = attachmentProblems(files);
  if (problems.length) throw validationFailed(problems);
  const archive = await archiveProblem(files); // zip bombs (issue 11)
  if (archive) throw validationFailed([{ field: archive.field, message: archive.message }]);
  for (const f of files) {
    await tx
      .insertInto('complaint_attachments')
      .values({
        organisation_id: organisationId,
        complaint_id: complaintId,
        ...storedFile(f),
        uploaded_by: userId,
      })
      .execute();
  }
}
