/**
 * A letter as PDF (pdfkit; ADR 0010): A4, DejaVu Sans embedded, tagged (structure P per paragraph, lang
 * nl-NL, the subject as document title), the letterhead (organisation's name, logo, address), the
 * recipient's address in the window of a Dutch window envelope, reference, date in Dutch long form,
 * "Pagina 1 van 2" on every page.
 *
 * Window position: the standard Dutch window envelope for an A4 folded in three, EA5/6 (110 × 220 mm,
 * also called DL / C5/6), has its window at the left, 20 mm from the left edge and 15 mm from the bottom,
 * 100 mm wide and 40 mm high (the PostNL / NEN 1026 convention for "venster links"). On the folded A4 that is
 * 20–120 mm from the left and about 55–95 mm from the top of the sheet. The address block sits inside it
 * with a few millimetres to spare on every side so the letter may shift in the envelope: 25 mm from the left,
 * 58 mm from the top, at most 85 × 32 mm (six lines).
 */
import { MM, newA4Pdf } from '../shared/pdf.ts';
import { formatDutchDate } from '../domain/deadlines/format.ts';

export const ADDRESS_WINDOW = { left: 25 * MM, top: 58 * MM, width: 85 * MM, height: 32 * MM } as const;

export interface Letterhead {
  name: string;
  addressLines: string[];
  phone?: string;
  email?: string;
  website?: string;
  logo?: { data: Uint8Array; type: string } | null;
}

export interface LetterPdfInput {
  letterhead: Letterhead;
  recipient: { name: string; addressLines: string[] };
  reference: string;
  /** YYYY-MM-DD, the date the letter carries. */
  date: string;
  subject: string;
  body: string;
}

/** The PDF's bytes. Deterministic for the same input apart from pdfkit's creation date and id. */
export function letterPdf(input: LetterPdfInput): Promise<Buffer> {
  const { doc, done } = newA4Pdf({ margins: { top: 25 * MM, bottom: 25 * MM, left: 25 * MM, right: 20 * MM }, info: { Title: input.subject, Author: input.letterhead.name, Subject: `Kenmerk ${input.reference}` } });

  const pageWidth = doc.page.width;
  const left = doc.page.margins.left;
  const contentWidth = pageWidth - left - doc.page.margins.right;
  const document = doc.struct('Document');
  doc.addStructure(document);

  // Letterhead: logo at the left, the organisation's name and address at the right (above the window).
  const head = input.letterhead;
  if (head.logo && (head.logo.type === 'image/png' || head.logo.type === 'image/jpeg')) {
    try {
      document.add(doc.struct('Figure', { alt: `Logo van ${head.name}` }, () => {
        doc.image(Buffer.from(head.logo!.data), left, 12 * MM, { fit: [60 * MM, 25 * MM] });
      }));
    } catch {
      // A logo pdfkit cannot read is left out; the name is in the letterhead anyway.
    }
  }
  const headX = 125 * MM;
  const headWidth = pageWidth - headX - 15 * MM;
  document.add(doc.struct('P', {}, () => {
    doc.font('bold').fontSize(11).text(head.name, headX, 15 * MM, { width: headWidth });
    doc.font('body').fontSize(8.5);
    for (const line of [...head.addressLines, head.phone ? `Telefoon ${head.phone}` : '', head.email ?? '', head.website ?? ''].filter(Boolean)) {
      doc.text(line, { width: headWidth });
    }
  }));

  // The recipient in the envelope window.
  document.add(doc.struct('P', {}, () => {
    doc.font('body').fontSize(10).text([input.recipient.name, ...input.recipient.addressLines].slice(0, 6).join('\n'), ADDRESS_WINDOW.left, ADDRESS_WINDOW.top, {
      width: ADDRESS_WINDOW.width,
      height: ADDRESS_WINDOW.height,
      ellipsis: true,
    });
  }));

  // Reference, date and subject.
  let y = 105 * MM;
  document.add(doc.struct('P', {}, () => {
    doc.font('body').fontSize(9);
    doc.text(`Kenmerk: ${input.reference}`, left, y, { width: contentWidth });
    doc.text(`Datum: ${formatDutchDate(input.date)}`, { width: contentWidth });
    y = doc.y + 4 * MM;
  }));
  document.add(doc.struct('H1', {}, () => {
    doc.font('bold').fontSize(11).text(input.subject, left, y, { width: contentWidth });
  }));
  doc.moveDown(1);

  // The body: paragraphs separated by an empty line; single newlines kept.
  doc.font('body').fontSize(10.5);
  for (const paragraph of input.body.split(/\n{2,}/)) {
    document.add(doc.struct('P', {}, () => {
      doc.font('body').fontSize(10.5).text(paragraph, left, doc.y, { width: contentWidth, lineGap: 2 });
    }));
    doc.moveDown(0.8);
  }
  document.end();

  // Page numbers, as artifacts (not part of the text a screen reader reads as the letter).
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.markContent('Artifact', { type: 'Pagination' });
    doc.font('body').fontSize(8.5).text(`Pagina ${i - range.start + 1} van ${range.count}`, left, doc.page.height - 15 * MM, { width: contentWidth, align: 'right', lineBreak: false });
    doc.endMarkedContent();
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
