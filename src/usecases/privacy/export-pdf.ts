import { formatDutchDate } from '../../domain/deadlines/format.ts';
import { COMPLAINANT_KIND_LABELS } from '../../domain/regulation/index.ts';
import { MM, newA4Pdf } from '../../shared/pdf.ts';
import { CORRECTION_FIELD_LABELS } from '../complaints/correct-registration.ts';
import type { PrivacyExport } from './export.ts';

/**
 * The access export as a readable PDF (AVG art. 15(3): a copy, in a readable form; ADR 0020): A4, Dutch, tagged,
 * DejaVu Sans. The same content as the JSON file, written out; attachments are listed (the JSON holds the small
 * ones). "Pagina x van y" on every page.
 */
export function privacyExportPdf(data: PrivacyExport): Promise<Buffer> {
  const { doc, done } = newA4Pdf({
    margins: { top: 20 * MM, bottom: 22 * MM, left: 20 * MM, right: 20 * MM },
    info: { Title: `Inzage in persoonsgegevens — ${data.controller}`, Author: data.controller, Subject: 'Inzageverzoek (AVG artikel 15)' },
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const root = doc.struct('Document');
  doc.addStructure(root);
  const h = (level: 'H1' | 'H2' | 'H3', text: string) => {
    const size = level === 'H1' ? 16 : level === 'H2' ? 13 : 11;
    if (level !== 'H1') doc.moveDown(0.6);
    root.add(doc.struct(level, {}, () => doc.font('bold').fontSize(size).text(text, left, doc.y, { width })));
    doc.moveDown(0.3);
  };
  const p = (text: string, opts: { size?: number; bold?: boolean } = {}) => {
    root.add(doc.struct('P', {}, () => doc.font(opts.bold ? 'bold' : 'body').fontSize(opts.size ?? 10).text(text, left, doc.y, { width, lineGap: 1.5 })));
    doc.moveDown(0.25);
  };
  const list = (items: string[]) => {
    if (!items.length) return;
    root.add(doc.struct('L', {}, () => doc.font('body').fontSize(10).list(items, left, doc.y, { width, bulletRadius: 1.5, textIndent: 10, lineGap: 1.5 })));
    doc.moveDown(0.3);
  };
  const date = (isoValue: string) => formatDutchDate(isoValue.slice(0, 10));
  const searched = [data.searchedFor.email && `e-mailadres ${data.searchedFor.email}`, data.searchedFor.phone && `telefoonnummer ${data.searchedFor.phone}`, data.searchedFor.name && `naam ${data.searchedFor.name}`].filter(Boolean);

  h('H1', 'Inzage in uw persoonsgegevens');
  p(`${data.controller} geeft u hierbij een overzicht van alle gegevens die wij over u hebben in onze klachtenregistratie (Algemene verordening gegevensbescherming, artikel 15). Gemaakt op ${date(data.madeAt)}.`);
  p(`Gezocht op: ${searched.join(', ')}.`);
  p(data.dossiers.length ? `Gevonden: ${data.dossiers.length} ${data.dossiers.length === 1 ? 'klachtdossier' : 'klachtdossiers'}.` : 'Er is geen klachtdossier over u gevonden.', { bold: true });

  h('H2', 'Waarom wij deze gegevens hebben');
  for (const r of data.processing.regulations) list([`${r.title} (versie ${r.versionLabel ?? r.version}, ${r.scope})${r.purposes.length ? `: ${r.purposes.join(' ')}` : ''}`]);
  p('Grondslag:', { bold: true });
  list(data.processing.legalBases);
  p('Wie de gegevens kunnen zien of krijgen:', { bold: true });
  list(data.processing.recipients);
  p(data.processing.transfers);
  p('Hoe lang wij de gegevens bewaren:', { bold: true });
  list(data.processing.retention.map((r) => `${r.scope}: ${r.text}`));
  p('U mag ons vragen gegevens te verbeteren of te verwijderen. U kunt ook een klacht indienen bij de Autoriteit Persoonsgegevens.');

  for (const d of data.dossiers) {
    doc.addPage();
    h('H2', `Dossier ${d.reference}`);
    list([
      `Soort: ${d.kindLabel}; status: ${d.statusLabel}`,
      `Onderdeel: ${d.unit}`,
      `Ontvangen op: ${formatDutchDate(d.receivedOn)}${d.closedAt ? `; afgesloten op ${date(d.closedAt)}` : ''}`,
      `U bent in dit dossier: ${d.yourRole.map((r) => r.label).join(' en ')}`,
      `Bewaren: ${d.retention.destroyAfter ? `tot ${formatDutchDate(d.retention.destroyAfter)}` : d.retention.rule}${d.retention.holds.length ? ' (er loopt een verzoek of procedure: het dossier wordt nu niet vernietigd)' : ''}`,
    ]);
    h('H3', 'Uw gegevens');
    list(Object.entries(d.complainant).filter(([, v]) => v !== null && v !== '' && v !== undefined).map(([k, v]) => `${upper(CORRECTION_FIELD_LABELS[`complainant.${k}`] ?? k)}: ${k === 'relation' && typeof v === 'string' ? ((COMPLAINANT_KIND_LABELS as Record<string, string>)[v] ?? v) : typeof v === 'string' ? v : JSON.stringify(v)}`));
    h('H3', 'De klacht');
    if (d.subject) p(d.subject, { bold: true });
    p(d.description);
    h('H3', 'Wat er is gebeurd');
    list(d.history.map((e) => `${date(e.at)}: ${e.label}${summary(e.data)}`));
    if (d.letters.length) {
      h('H3', 'Brieven');
      for (const l of d.letters) {
        if (l.recipient === 'complainant') {
          p(`${formatDutchDate(l.date)}: ${l.subject ?? ''}`, { bold: true });
          p(l.body ?? '', { size: 9.5 });
        } else p(`${formatDutchDate(l.date)}: brief aan de persoon over wie de klacht gaat (${l.kind}); de inhoud gaat over die persoon.`);
      }
    }
    if (d.mailsSent.length || d.mailsReceived.length) {
      h('H3', 'E-mails');
      list([
        ...d.mailsSent.map((m) => `${date(m.queuedAt)}: aan ${m.recipient}: ${m.subject}`),
        ...d.mailsReceived.map((m) => `${date(m.sentAt)}: van ${m.fromName ? `${m.fromName} ` : ''}<${m.from}>: ${m.subject}`),
      ]);
    }
    if (d.attachments.length) {
      h('H3', 'Bijlagen');
      list(d.attachments.map((a) => `${a.filename} (${Math.max(1, Math.round(a.size / 1024))} kB, ${date(a.addedAt)})`));
    }
  }
  if (data.mailsNotJoined.length || data.complainantLinkRequests.count) {
    doc.addPage();
    h('H2', 'Overige gegevens');
    list(data.mailsNotJoined.map((m) => `${date(m.sentAt)}: e-mail van <${m.from}>: ${m.subject} (niet bij een dossier)`));
    if (data.complainantLinkRequests.count) p(`U vroeg ${data.complainantLinkRequests.count} keer om een link naar Mijn klacht. ${data.complainantLinkRequests.note}`);
  }
  root.end();

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.markContent('Artifact', { type: 'Pagination' });
    doc.font('body').fontSize(8.5).text(`Pagina ${i - range.start + 1} van ${range.count}`, left, doc.page.height - 12 * MM, { width, align: 'right', lineBreak: false });
    doc.endMarkedContent();
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

const upper = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;

/** A short readable summary of an event's data: its text values, at most 300 characters. */
function summary(data: unknown): string {
  if (!data || typeof data !== 'object') return '';
  const parts: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string' && v.trim() && !/^[0-9a-f-]{36}$/i.test(v)) parts.push(v.trim());
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(data);
  const text = parts.join('; ');
  return text ? ` — ${text.length > 300 ? `${text.slice(0, 297)}…` : text}` : '';
}
