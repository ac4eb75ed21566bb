import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Points per millimetre (pdfkit measures in points). */
export const MM = 72 / 25.4;

const require = createRequire(import.meta.url);
const FONT_DIR = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf').replace(/DejaVuSans\.ttf$/, '');
let fonts: { regular: Buffer; bold: Buffer } | null = null;

/** DejaVu Sans, regular and bold, read once per process: every PDF embeds them (letters, reports). */
export function pdfFonts(): { regular: Buffer; bold: Buffer } {
  fonts ??= { regular: readFileSync(`${FONT_DIR}DejaVuSans.ttf`), bold: readFileSync(`${FONT_DIR}DejaVuSans-Bold.ttf`) };
  return fonts;
}
