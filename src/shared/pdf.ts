import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type PDFKit from 'pdfkit';

/** Points per millimetre (pdfkit measures in points). */
export const MM = 72 / 25.4;

const require = createRequire(import.meta.url);
const FONT_DIR = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf').replace(/DejaVuSans\.ttf$/, '');
let fonts: { regular: Buffer; bold: Buffer } | null = null;
/** pdfkit, loaded at the first PDF and not at start (issue 13: it costs a start ~0.1–0.3 s and most starts make no PDF). */
let pdfkit: typeof PDFKit | null = null;
export function PdfKit(): typeof PDFKit {
  pdfkit ??= require('pdfkit') as typeof PDFKit;
  return pdfkit;
}

/** DejaVu Sans, regular and bold, read once per process: every PDF embeds them (letters, reports). */
export function pdfFonts(): { regular: Buffer; bold: Buffer } {
  fonts ??= { regular: readFileSync(`${FONT_DIR}DejaVuSans.ttf`), bold: readFileSync(`${FONT_DIR}DejaVuSans-Bold.ttf`) };
  return fonts;
}

/**
 * A tagged A4 PDF (PDF 1.7, Dutch, title shown) with DejaVu Sans as `body` and `bold`, buffered pages (for
 * "Pagina x van y"), and `done`: the bytes once `doc.end()` is called. Letters and reports start here.
 */
export function newA4Pdf(opts: { margins: { top: number; bottom: number; left: number; right: number }; info: { Title: string; Author: string; Subject: string } }) {
  const { regular, bold } = pdfFonts();
  const PDFDocument = PdfKit();
  const doc = new PDFDocument({
    size: 'A4',
    margins: opts.margins,
    bufferPages: true,
    tagged: true,
    lang: 'nl-NL',
    displayTitle: true,
    pdfVersion: '1.7',
    info: { ...opts.info, Creator: 'Klachtwijs' },
    autoFirstPage: true,
  });
  doc.registerFont('body', regular);
  doc.registerFont('bold', bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done };
}
