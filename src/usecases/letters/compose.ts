/**
 * Making a letter (ADR 0010): the variables from the dossier and the regulation, the template of the unit or
 * organisation (or the default), the text, the PDF, and storing it as it goes out. Storing happens in the
 * caller's transaction (the action's), so a refused action leaves no letter and a letter never exists
 * without the action that owed it. The e-mail is queued through the outbox in the same transaction.
 */
import { capitalise } from '../../shared/text.ts';
import { isDeliveredLetterKind, recordLetterDelivery } from './delivery.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { formatDutchDate } from '../../domain/deadlines/format.ts';
import type { IsoDate } from '../../domain/deadlines/index.ts';
import { LETTER_KIND_LABELS, type LetterChannel, type LetterKind, type OwedLetter, type RecipientRole } from '../../domain/letters/kinds.ts';
import { articleRef, cite, citeSource, namedBody, isNotPrescribed, termText, type Regulation } from '../../domain/regulation/index.ts';
import { acknowledgementContents, acknowledgementWord, complaintDeadlines, decisionText, decisionWords, EVENT_LABELS, foldFacts, outcomeLabel, type ComplaintFacts, type Outcome, type WorkflowPolicy } from '../../domain/workflow/index.ts';
import { letterPdf } from '../../letters/pdf.ts';
import { renderTemplate, TemplateRenderError } from '../../letters/template.ts';
import { validationFailed } from '../../shared/errors.ts';
import { loadHistory, loadRegulation, today, type LoadedRegulation } from '../complaints/dossier.ts';
import { letterheadOf } from './letterhead.ts';
import { templateFor } from './templates.ts';

export interface LetterContext {
  organisationId: string;
  complaint: { id: string; reference: string; unitId: string; receivedOn: string; subject: string | null; description: string; complainant: Record<string, unknown> };
  facts: ComplaintFacts;
  regulation: LoadedRegulation;
  organisationName: string;
  unitName: string;
  handlerName: string | null;
  respondent: { name: string; email: string | null } | null;
  attachments: { id: string; filename: string; contentType: string }[];
}

export async function loadLetterContext(db: Kysely<DB>, organisationId: string, complaintId: string): Promise<LetterContext> {
  const c = await db
    .selectFrom('complaints as c')
    .innerJoin('units as u', 'u.id', 'c.unit_id')
    .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
    .select(['c.id', 'c.reference', 'c.unit_id', 'c.received_on', 'c.subject', 'c.description', 'c.complainant', 'c.regulation_version_id', 'u.name as unit_name', 'o.name as org_name'])
    .where('c.id', '=', complaintId)
    .where('c.organisation_id', '=', organisationId)
    .executeTakeFirstOrThrow();
  const facts = foldFacts(await loadHistory(db, complaintId));
  const regulation = await loadRegulation(db, organisationId, c.regulation_version_id);
  const userName = async (id: string | null) =>
    id ? ((await db.selectFrom('users').select(['name', 'email']).where('id', '=', id).where('organisation_id', '=', organisationId).executeTakeFirst()) ?? null) : null;
  const handler = await userName(facts.handlerUserId);
  const respondentUser = await userName(facts.respondentUserId);
  const attachments = await db
    .selectFrom('complaint_attachments')
    .select(['id', 'filename', 'content_type'])
    .where('complaint_id', '=', complaintId)
    .orderBy('created_at')
    .execute();
  return {
    organisationId,
    complaint: { id: c.id, reference: c.reference, unitId: c.unit_id, receivedOn: c.received_on, subject: c.subject, description: c.description, complainant: facts.complainant ?? c.complainant },
    facts,
    regulation,
    organisationName: c.org_name,
    unitName: c.unit_name,
    handlerName: handler?.name ?? null,
    respondent: respondentUser ? { name: respondentUser.name, email: respondentUser.email } : facts.respondentName ? { name: facts.respondentName, email: null } : null,
    attachments: attachments.map((a) => ({ id: a.id, filename: a.filename, contentType: a.content_type })),
  };
}

/**
 * The complaint's documents that go with a letter of this kind: with the copy to the respondent where the regulation
 * says so (002 art. 6.4 "met bijlagen"; the Wkkgz model sends none), else none. Attached to the e-mail; enclosed by hand
 * when it goes by post (the page to print lists them). One rule for the letter's text, the e-mail and the print page.
 */
export function enclosedDocuments(ctx: LetterContext, kind: LetterKind): string[] {
  return kind === 'copy_to_respondent' && ctx.regulation.regulation.handling.copyToRespondent?.includeDocuments ? ctx.attachments.map((a) => a.filename) : [];
}

/** enclosedDocuments for a stored letter of `kind` on complaint `complaintId` (the page to print lists them). */
export async function enclosedDocumentsOf(db: Kysely<DB>, organisationId: string, complaintId: string, kind: LetterKind): Promise<string[]> {
  return kind === 'copy_to_respondent' ? enclosedDocuments(await loadLetterContext(db, organisationId, complaintId), kind) : [];
}

export interface Recipient {
  role: RecipientRole;
  /** The name in the address block and the greeting ('' when unknown). */
  name: string;
  email: string | null;
  /** Postal address as written (lines), '' when none. */
  address: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

export function recipientOf(ctx: LetterContext, role: RecipientRole): Recipient {
  if (role === 'respondent') return { role, name: ctx.respondent?.name ?? '', email: ctx.respondent?.email ?? null, address: '' };
  const c = ctx.complaint.complainant;
  return { role, name: str(c['name']), email: str(c['email']) || null, address: str(c['postalAddress']) || str(c['postal_address']) };
}

/** A regulation value that is a real text (not an open point, not a "[placeholder]" left in a template). */
function realText(v: unknown): string {
  const s = str(v);
  return s && !s.startsWith('[') ? s : '';
}

/** The template variables (Dutch names; TEMPLATE_VARIABLES lists them for the template page). */
export function letterVariables(ctx: LetterContext, owed: OwedLetter, recipient: Recipient, opts: { senderName: string; day: IsoDate; letterhead: { phone?: string | undefined; email?: string | undefined; addressLines: string[] }; mijnKlachtUrl?: string | null }): Record<string, unknown> {
  const reg: Regulation = ctx.regulation.regulation;
  const f = ctx.facts;
  const deadlines = complaintDeadlines(ctx.regulation.policy, f, opts.day);
  const decisionTerm = ctx.regulation.policy.terms.decision;
  const decisionRule = reg.deadlines.decision;
  const ext = isNotPrescribed(reg.externalBody) ? null : reg.externalBody;
  const ground = f.inadmissible ? reg.admissibility.grounds.find((g) => g.key === f.inadmissible!.ground) : undefined;
  const hearing = f.hearings[recipient.role];
  const planned = hearing.planned.at(-1);
  const heard = hearing.heard.at(-1);
  const suspension = f.suspensions.at(-1);
  const contactPhone = opts.letterhead.phone ?? realText(reg.contact?.phone);
  const contactEmail = opts.letterhead.email ?? realText(reg.contact?.email);
  const date = (d: string | null | undefined) => (d ? formatDutchDate(d) : '');
  return {
    kenmerk: ctx.complaint.reference,
    datum: formatDutchDate(opts.day),
    artikel: owed.article ? articleRef(owed.article) : '',
    verwijzing: cite(owed.article),
    // The regulation's own name for the letter where it gives one (001 §3.2: "bevestigingsbrief").
    soort: owed.kind === 'acknowledgement' ? capitalise(acknowledgementWord(ctx.regulation.policy)) : LETTER_KIND_LABELS[owed.kind],
    ontvanger: { naam: recipient.name || 'heer, mevrouw', adres: recipient.address, email: recipient.email ?? '' },
    klager: { naam: str(ctx.complaint.complainant['name']) },
    klacht: {
      onderwerp: ctx.complaint.subject || firstLine(ctx.complaint.description),
      omschrijving: ctx.complaint.description,
      ontvangen_op: date(f.receivedOn ?? ctx.complaint.receivedOn),
    },
    termijn: {
      beslissing: date(deadlines.decision?.due),
      beslissing_duur: decisionTerm ? termText(decisionTerm) : '',
      beslissing_verwijzing: 'source' in decisionRule && !('open' in decisionRule) ? citeSource(decisionRule.source) : '',
      // Issue 12: where the decision term runs from a later event (deadlines.decisionFrom), that event in Dutch.
      beslissing_vanaf: ctx.regulation.policy.decisionFrom.event === 'received' ? '' : (EVENT_LABELS[ctx.regulation.policy.decisionFrom.event] ?? ''),
    },
    // Issue 12: what the written confirmation must contain (an own milestone met by the acknowledgement, `contents`).
    bevestiging: { inhoud: acknowledgementContents(ctx.regulation.policy)?.items.join('; ') ?? '' },
    behandelaar: { naam: ctx.handlerName ?? '' },
    afzender: { naam: opts.senderName },
    organisatie: { naam: ctx.organisationName },
    eenheid: { naam: ctx.unitName },
    regeling: { titel: reg.metadata.title },
    contact: { telefoon: contactPhone, email: contactEmail, adres: opts.letterhead.addressLines.join(', ') || realText(reg.contact?.postalAddress) },
    niet_ontvankelijk: {
      grond: ground?.label ?? f.inadmissible?.ground ?? '',
      grond_verwijzing: ground ? citeSource(ground.source) : '',
      toelichting: f.inadmissible?.explanation ?? '',
    },
    gesprek: {
      datum: date(recipientHearingDate(owed.kind, planned?.on, heard?.on)),
      tijd: owed.kind === 'hearing_invitation' ? (planned?.time ?? '') : '',
      plaats: owed.kind === 'hearing_invitation' ? (planned?.place ?? '') : '',
      toelichting: planned?.note ?? '',
      verslag: heard?.report ?? '',
    },
    uitstel: {
      nieuwe_datum: f.extension ? date(deadlines.decision?.due) : '',
      verlenging: f.extension ? termText(f.extension.term) : '',
      reden: owed.kind === 'delay_notice' && suspension && suspension.to === null ? suspension.reason : (f.extension?.reason ?? suspension?.reason ?? ''),
      opgeschort_vanaf: suspension && suspension.to === null ? date(suspension.from) : '',
    },
    beslissing: f.decision
      ? {
          uitkomst: outcomeLabel(ctx.regulation.policy.decision.outcomes, f.decision.outcome).toLowerCase(),
          uitkomst_zin: outcomeSentence(ctx.regulation.policy, f.decision.outcome, recipient.role === 'respondent' ? 'de klacht' : 'uw klacht'),
          naam: decisionWords(ctx.regulation.policy).named ? decisionWords(ctx.regulation.policy).the : 'wat wij hebben besloten',
          motivering: f.decision.reasoning,
          kop: decisionText(ctx.regulation.policy).letterHeading,
          maatregelen: f.decision.measures,
          datum: date(f.decision.decidedOn),
        }
      : { uitkomst: '', uitkomst_zin: '', naam: '', motivering: '', kop: '', maatregelen: [], datum: '' },
    externe_instantie: ext
      ? { naam: ext.name, naam_met_lidwoord: namedBody(ext.name), adres: realText(ext.address), website: realText(ext.url), wanneer: ext.when, verwijzing: cite(ext.namedInDecision?.article ?? ext.source.article) }
      : null,
    documenten: ctx.attachments.map((a) => a.filename),
    bijlagen_mee: enclosedDocuments(ctx, owed.kind),
    mijn_klacht_url: opts.mijnKlachtUrl ?? '',
  };
}

/**
 * The outcome as a sentence, as the regulation decides: "Ons oordeel: uw klacht is gegrond." only for a judgement on
 * the merits (002, committees); nothing where the outcome is the decision itself (000, 001, 003, 004). To the person
 * complained about (002 art. 6.9) it is "de klacht"; "geen oordeel" is a sentence of its own, never "de klacht is geen
 * oordeel" (the respondent's default text said that before lane outcome14b).
 */
function outcomeSentence(policy: WorkflowPolicy, outcome: Outcome, whose: 'uw klacht' | 'de klacht'): string {
  const Whose = whose === 'uw klacht' ? 'Uw klacht' : 'De klacht';
  switch (outcome) {
    case 'decided':
      return '';
    case 'resolved_by_agreement':
      return `${Whose} is opgelost in overleg.`;
    case 'no_judgement':
      return `Wij geven geen oordeel over ${whose}.`;
    default:
      return `Ons oordeel: ${whose} is ${outcomeLabel(policy.decision.outcomes, outcome).toLowerCase()}.`;
  }
}

function recipientHearingDate(kind: LetterKind, planned: string | undefined, heard: string | undefined): string | undefined {
  return kind === 'hearing_report' ? heard : planned;
}

function firstLine(text: string): string {
  const line = text.split('\n')[0]!.trim();
  return line.length > 120 ? `${line.slice(0, 117)}…` : line;
}

export interface LetterDraft {
  kind: LetterKind;
  recipient: Recipient;
  subject: string;
  body: string;
  article: string | null;
  /** Where the template came from. */
  templateScope: 'unit' | 'organisation' | 'default';
}

/** The proposed letter: the template filled in with the dossier. Throws validation_failed for a template that cannot be made. */
export async function draftLetter(
  db: Kysely<DB>,
  ctx: LetterContext,
  owed: OwedLetter,
  opts: { senderName: string; now: Date; mijnKlachtUrl?: string | null; template?: { subject: string; body: string } },
): Promise<LetterDraft> {
  const template = opts.template ? { ...opts.template, scope: 'unit' as const } : await templateFor(db, ctx.organisationId, ctx.complaint.unitId, owed.kind);
  const letterhead = await letterheadOf(db, ctx.organisationId);
  const recipient = recipientOf(ctx, owed.recipientRole);
  const vars = letterVariables(ctx, owed, recipient, { senderName: opts.senderName, day: today(opts.now), letterhead, mijnKlachtUrl: opts.mijnKlachtUrl ?? null });
  try {
    const subject = (await renderTemplate(template.subject, vars)).replace(/\s+/g, ' ');
    const body = await renderTemplate(template.body, vars);
    return { kind: owed.kind, recipient, subject, body, article: owed.article, templateScope: template.scope };
  } catch (err) {
    if (err instanceof TemplateRenderError) throw validationFailed([{ field: 'letter.body', message: `Het briefsjabloon "${LETTER_KIND_LABELS[owed.kind]}" kan niet worden gemaakt: ${err.message}` }]);
    throw err;
  }
}

export interface LetterRequest {
  channel: LetterChannel;
  subject?: string | undefined;
  body?: string | undefined;
}

/** The e-mail the outbox sends (the core's OutgoingMail, the fields a letter uses). */
export interface LetterMail {
  organisationId: string;
  complaintId: string;
  purpose: 'letter' | 'acknowledgement';
  to: string;
  subject: string;
  text: string;
  attachments: { filename: string; contentType: string; content: Buffer }[];
}
export type MailQueue = (tx: Kysely<DB>, mail: LetterMail) => Promise<{ id: string }>;

export interface StoredLetter {
  id: string;
  kind: LetterKind;
  channel: LetterChannel;
  subject: string;
  outboundMailId: string | null;
}

/**
 * Stores a letter as it goes out (subject, body, PDF) and, for e-mail, queues it with the PDF attached and
 * the reference in the subject. In the caller's transaction. The PDF carries the date it was made.
 */
export async function storeLetter(
  tx: Kysely<DB>,
  ctx: LetterContext,
  draft: LetterDraft,
  request: LetterRequest,
  opts: { actionSeq: number | null; createdBy: string | null; now: Date; queue: MailQueue | null; purpose?: 'letter' | 'acknowledgement' },
): Promise<StoredLetter> {
  const subject = (request.subject?.trim() || draft.subject).replace(/\s+/g, ' ');
  const body = (request.body ?? draft.body).replace(/\r\n?/g, '\n').trim();
  const problems = [];
  if (!subject) problems.push({ field: 'letter.subject', message: 'Vul het onderwerp van de brief in.' });
  if (subject.length > 300) problems.push({ field: 'letter.subject', message: 'Het onderwerp mag hoogstens 300 tekens hebben.' });
  if (!body) problems.push({ field: 'letter.body', message: 'Vul de tekst van de brief in.' });
  if (body.length > 50_000) problems.push({ field: 'letter.body', message: 'De tekst van de brief mag hoogstens 50.000 tekens hebben.' });
  const byMail = request.channel === 'email' || request.channel === 'both';
  if (byMail && !draft.recipient.email) {
    problems.push({
      field: 'letter.channel',
      message: draft.recipient.role === 'complainant' ? 'Van de klager is geen e-mailadres bekend. Verstuur de brief per post.' : 'Van degene over wie de klacht gaat is geen e-mailadres bekend. Verstuur de brief per post.',
    });
  }
  if (problems.length) throw validationFailed(problems);
  const letterhead = await letterheadOf(tx, ctx.organisationId);
  const pdf = await letterPdf({
    letterhead,
    recipient: { name: draft.recipient.name, addressLines: draft.recipient.address.split(/\n|,\s*(?=\d{4}\s?[A-Z]{2}\b)/).map((l) => l.trim()).filter(Boolean) },
    reference: ctx.complaint.reference,
    date: today(opts.now),
    subject,
    body,
  });
  const row = await tx
    .insertInto('letters')
    .values({
      organisation_id: ctx.organisationId,
      complaint_id: ctx.complaint.id,
      kind: draft.kind,
      action_seq: opts.actionSeq,
      recipient_role: draft.recipient.role,
      recipient_name: draft.recipient.name,
      recipient_email: draft.recipient.email,
      recipient_address: draft.recipient.address || null,
      channel: request.channel,
      subject,
      body,
      pdf,
      created_by: opts.createdBy,
      created_at: opts.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  let outboundMailId: string | null = null;
  if (byMail && opts.queue) {
    const attachments = [{ filename: `${ctx.complaint.reference}-${draft.kind}.pdf`, contentType: 'application/pdf', content: pdf }];
    // The copy to the respondent carries the complaint's documents where the regulation says so (002 art. 6.4).
    if (enclosedDocuments(ctx, draft.kind).length) {
      const files = await tx.selectFrom('complaint_attachments').select(['filename', 'content_type', 'data']).where('complaint_id', '=', ctx.complaint.id).orderBy('created_at').execute();
      for (const f of files) attachments.push({ filename: f.filename, contentType: f.content_type, content: Buffer.from(f.data) });
    }
    const mail = await opts.queue(tx, {
      organisationId: ctx.organisationId,
      complaintId: ctx.complaint.id,
      purpose: opts.purpose ?? 'letter',
      to: draft.recipient.email!,
      subject: subject.includes(ctx.complaint.reference) ? subject : `${subject} (${ctx.complaint.reference})`,
      text: body,
      attachments,
    });
    outboundMailId = mail.id;
    await tx.updateTable('letters').set({ outbound_mail_id: mail.id }).where('id', '=', row.id).execute();
  }
  // The acknowledgement is given, and a written decision told, when its letter goes out, not now (002 art. 6.3 and
  // 6.9; delivery.ts).
  if (isDeliveredLetterKind(draft.kind) && draft.recipient.role === 'complainant' && opts.actionSeq !== null) {
    await recordLetterDelivery(tx, { organisationId: ctx.organisationId, complaintId: ctx.complaint.id, kind: draft.kind, letterId: row.id, actionSeq: opts.actionSeq, state: 'queued', channel: byMail ? 'email' : 'post', now: opts.now, actorUserId: opts.createdBy });
  }
  return { id: row.id, kind: draft.kind, channel: request.channel, subject, outboundMailId };
}
