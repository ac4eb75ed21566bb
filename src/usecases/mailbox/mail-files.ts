import type { ParsedMail } from 'mailparser';
import { ATTACHMENT_LIMITS, contentMatchesType, normalisedType, storedFile, typeByExtension } from '../complaints/attachments.ts';

/** Text PostgreSQL can store: no NUL characters, no half surrogate pairs (a hostile mail must not block the mailbox). */
export function clean(s: string): string {
  return s.replaceAll('\u0000', '').toWellFormed();
}

/**
 * The documents a received e-mail brings into a dossier: the original message as an .eml (always) and each
 * attachment of a type the dossier accepts whose content matches it (attachments.ts). Others are named in
 * `refused` and stay readable inside the .eml.
 */
export function mailFiles(parsed: ParsedMail, raw: Buffer, sentAt: Date): { accepted: ReturnType<typeof storedFile>[]; refused: string[] } {
  const day = sentAt.toISOString().slice(0, 10);
  const accepted = [storedFile({ filename: `e-mail ${day}.eml`, contentType: 'message/rfc822', data: raw })];
  const refused: string[] = [];
  let total = raw.byteLength;
  for (const a of parsed.attachments) {
    const filename = a.filename || 'bijlage';
    const declared = normalisedType(a.contentType || '');
    const type = ATTACHMENT_LIMITS.types[declared] ? declared : (typeByExtension(filename) ?? declared);
    const data = new Uint8Array(a.content);
    if (!ATTACHMENT_LIMITS.types[type] || data.byteLength === 0 || !contentMatchesType(data, type) || total + data.byteLength > 25 * 1024 * 1024) {
      refused.push(clean(filename).slice(0, 200));
      continue;
    }
    total += data.byteLength;
    accepted.push(storedFile({ filename, contentType: type, data }));
  }
  return { accepted, refused };
}
