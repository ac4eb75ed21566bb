import type { Entry } from 'yauzl';
import type { FieldIssue } from '../../shared/errors.ts';
import { effectiveType, type AttachmentInput } from './file-types.ts';

/**
 * Zip bombs (security review, issue 11): a docx or odt is a zip archive, and a small archive can unpack to
 * gigabytes. Its central directory is read (yauzl; nothing is unpacked) and the archive is refused when what it
 * declares is too much: in total, per ratio to the file's own size, or in number of entries.
 */
export const ARCHIVE_LIMITS = {
  /** Everything the archive unpacks to, together. */
  maxUncompressedBytes: 100 * 1024 * 1024,
  /** Unpacked size per stored byte; applies above 1 MB unpacked (a small, very regular file is harmless). */
  maxRatio: 100,
  ratioFrom: 1024 * 1024,
  maxEntries: 10_000,
} as const;

/** The accepted types that are zip archives. */
const ZIP_TYPES = new Set(['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.oasis.opendocument.text']);

export interface ArchiveProblem extends FieldIssue {
  /** For the security event: `archive_too_large` or `archive_unreadable`. */
  reason: 'archive_too_large' | 'archive_unreadable';
}

/** The first archive among the files that is a zip bomb or cannot be read, with a Dutch message; null when none. */
export async function archiveProblem(files: readonly AttachmentInput[]): Promise<ArchiveProblem | null> {
  for (const f of files) {
    if (!ZIP_TYPES.has(effectiveType(f))) continue;
    const summary = await centralDirectory(f.data).catch(() => null);
    if (!summary) return { field: 'attachments', reason: 'archive_unreadable', message: `Het bestand "${f.filename}" kunnen we niet openen. Sla het opnieuw op, of stuur het als PDF.` };
    const ratio = summary.uncompressed / Math.max(1, f.data.byteLength);
    if (summary.uncompressed > ARCHIVE_LIMITS.maxUncompressedBytes || summary.entries > ARCHIVE_LIMITS.maxEntries || (summary.uncompressed > ARCHIVE_LIMITS.ratioFrom && ratio > ARCHIVE_LIMITS.maxRatio)) {
      return { field: 'attachments', reason: 'archive_too_large', message: `Het bestand "${f.filename}" pakt uit tot een veel te groot bestand. Stuur het als PDF, of kies een ander bestand.` };
    }
  }
  return null;
}

/** What the archive's central directory declares: the number of entries and their unpacked size together. */
async function centralDirectory(data: Uint8Array): Promise<{ entries: number; uncompressed: number }> {
  const { default: yauzl } = await import('yauzl'); // at first use, not at start (issue 13)
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(Buffer.from(data.buffer, data.byteOffset, data.byteLength), { lazyEntries: true, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('no zip'));
      if (zip.entryCount > ARCHIVE_LIMITS.maxEntries) {
        zip.close();
        return resolve({ entries: zip.entryCount, uncompressed: 0 });
      }
      let uncompressed = 0;
      zip.on('entry', (entry: Entry) => {
        uncompressed += entry.uncompressedSize;
        if (uncompressed > ARCHIVE_LIMITS.maxUncompressedBytes) {
          zip.close();
          resolve({ entries: zip.entryCount, uncompressed });
        } else zip.readEntry();
      });
      zip.on('end', () => resolve({ entries: zip.entryCount, uncompressed }));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}
