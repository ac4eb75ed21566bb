import { capitalise } from '../../shared/text.ts';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { describeTerm, formatDutchDate, type IsoDate } from '../../domain/deadlines/index.ts';
import { cite, namedBody } from '../../domain/regulation/cite.ts';
import { acknowledgementWord, COMPLAINANT_ADDED_INFORMATION_EVENT, complaintDeadlines, decisionWords, foldFacts, judgementRequestBasis, outcomeLabel, type ComplaintFacts, type Status, type WorkflowPolicy } from '../../domain/workflow/index.ts';
import { complainantMay } from '../../domain/workflow/complainant.ts';
import { notFound } from '../../shared/errors.ts';
import { audit } from '../audit.ts';
import { regulationOpen } from '../complaints/correct-registration.ts';
import { loadHistory, loadRegulation, today } from '../complaints/dossier.ts';
import { hearingWhen, newComplaintNote, nextStepsForComplainant, upcomingHearing } from './next-steps.ts';
import { organisationContact, type OrganisationContact } from './contact.ts';

/**
 * What the complainant's own page shows (Mijn klacht, ADR 0012): where the complaint stands in plain Dutch, the
 * dates that matter, the letters sent to them, what they added, what happens next and who to contact. Read
 * with the complaint id a link resolved to (links.ts); every view is audited (ids only, no personal data).
 */

export interface PageDate {
  label: string;
  /** Plain Dutch, e.g. "uiterlijk op 3 maart 2027" or "verstuurd op 1 maart 2027". */
  text: string;
}

export interface PageLetter {
  id: string;
  kind: string;
  subject: string;
  sentOn: string;
}

export interface PageAddition {
  at: Date;
  text: string | null;
  files: string[];
}

export interface ComplainantPageData {
  /** Its unit not known yet and the move may bring another regulation: no dates or steps of this one (the receipt's `regulationOpen`). */
  regulationOpen: boolean;
  complaintId: string;
  reference: string;
  kind: string;
  status: Status;
  /** One or two plain sentences on where the complaint stands. */
  statusText: string;
  subject: string | null;
  dates: PageDate[];
  letters: PageLetter[];
  additions: PageAddition[];
  nextSteps: string[];
  contact: OrganisationContact;
  /** Whether the complainant may still add information (not after withdrawing). */
  canAddInformation: boolean;
  /** What a new complaint after withdrawing meets (the regulation's grounds, 002 art. 5.1). */
  newComplaintNote: string;
  regulationTitle: string;
  regulationVersionId: string;
  canWithdraw: boolean;
  /**
   * Where the regulation lets the complainant ask for a judgement and it was not asked yet (Wkkgz model art. 5.2):
   * what the page says about it, with the article; null: not offered.
   */
  judgementRequest: { text: string } | null;
}

const STATUS_TEXT: Record<Status, string> = {
  new: 'Wij hebben uw klacht ontvangen. De behandeling begint binnenkort.',
  in_progress: 'Uw klacht wordt behandeld.',
  suspended: 'De behandeling van uw klacht staat even stil. Zolang dat zo is, loopt de termijn voor de beslissing niet door.',
  decided: 'Er is een beslissing genomen over uw klacht.',
  closed: 'De behandeling van uw klacht is afgerond.',
  inadmissible: 'Wij hebben uw klacht niet in behandeling genomen.',
  withdrawn: 'U heeft uw klacht ingetrokken. Wij behandelen de klacht niet verder.',
};


/**
 * The sentence on where the complaint stands, with what the regulation and the history say. `decisionLetterSent`:
 * a letter with the decision went to the complainant (only then does the page point to it).
 */
export function statusText(facts: ComplaintFacts, policy: WorkflowPolicy, opts: { decisionLetterSent?: boolean; day?: IsoDate } = {}): string {
  // The regulation's own name for its decision where it has one (001 art. 3.3: "het standpunt van de directie").
  const words = decisionWords(policy);
  const base = !words.named
    ? STATUS_TEXT[facts.status]
    : facts.status === 'decided'
      ? `${words.the.charAt(0).toUpperCase()}${words.the.slice(1)} over uw klacht is klaar.`
      : facts.status === 'suspended'
        ? `De behandeling van uw klacht staat even stil. Zolang dat zo is, loopt de termijn voor ${words.the} niet door.`
        : STATUS_TEXT[facts.status];
  // A new complaint on which work began before a handler was assigned (002: the hearing may be planned first; it stays
  // "Nieuw", statusAfter): "De behandeling begint binnenkort" beside the invitation read as a contradiction.
  if (facts.status === 'new' && facts.kind === 'complaint') {
    const invited = opts.day ? upcomingHearing(facts, opts.day) : null;
    if (invited) return 'Wij hebben uw klacht ontvangen en u uitgenodigd voor een gesprek erover (horen). Wanneer en waar, staat hieronder.';
    if (workBegun(facts)) return 'Wij hebben uw klacht ontvangen en zijn ermee bezig. Wat er nog komt, staat hieronder.';
  }
  if (facts.status === 'decided' || (facts.status === 'closed' && facts.decision)) {
    const d = facts.decision;
    if (!d) return base;
    // "Met de uitleg" only where the decision has a text: 000 and 004 ask none, and a decision may come without one.
    const explained = (d.reasoning ?? '').trim() !== '';
    const why = opts.decisionLetterSent
      ? explained
        ? `De uitleg staat in de brief met ${words.the} (hieronder bij "Brieven aan u").`
        : `De brief met ${words.the} staat hieronder bij "Brieven aan u".`
      : d.form === 'oral'
        ? // The regulation lets the decision be told in person (001 art. 3.3, 003, 004 §3: written_or_oral) and it was:
          // no letter is promised that does not come.
          `Wij hebben u ${words.the}${explained ? ' met de uitleg' : ''} mondeling verteld. Dat mag volgens de klachtenregeling${cite(policy.decision.article)}.`
        : `U krijgt ${words.the}${explained ? ' met de uitleg' : ''} nog in een brief van ons.`;
    // The outcome in the regulation's terms: no "gegrond" where it does not judge the merits (000, 001, 003, 004), and
    // no second sentence where the outcome is the decision itself ("decided": the status already says it).
    const outcome = d.outcome === 'decided' ? '' : ` De uitkomst: ${outcomeLabel(policy.decision.outcomes, d.outcome).toLowerCase()}.`;
    return `${base}${outcome} ${why}`;
  }
  if (facts.status === 'inadmissible' && facts.inadmissible) {
    const ground = policy.admissibility.grounds.find((g) => g.key === facts.inadmissible!.ground);
    // The label is a sentence with its own full stop; the citation goes before the one full stop.
    return ground ? `${base} De reden: ${ground.label.toLowerCase().replace(/\.\s*$/, '')}${cite(ground.article)}.` : base;
  }
  if (facts.status === 'closed' && facts.kind !== 'complaint') return 'Wij hebben uw bericht vastgelegd. Er loopt geen klachtprocedure.';
  return base;
}

/** Something of the handling was done already: a hearing planned, held or waived, or the copy sent (002 art. 6.4-6.5). */
function workBegun(facts: ComplaintFacts): boolean {
  const h = [facts.hearings.complainant, facts.hearings.respondent];
  return h.some((x) => x.planned.length > 0 || x.heard.length > 0 || x.waived !== null) || facts.copySentOn !== null;
}

/**
 * What asking for a judgement means, from the regulation: who judges (a committee that judges on request, else the
 * organisation) and the article (judgementRequestBasis).
 */
export function judgementRequestText(policy: WorkflowPolicy): string {
  const basis = judgementRequestBasis(policy);
  const c = policy.committee;
  const body = c && c.route !== 'every_complaint' ? namedBody(c.name) : null;
  const who = body ? `${body.charAt(0).toUpperCase()}${body.slice(1)} beoordeelt dan uw klacht.` : 'Wij beoordelen dan uw klacht.';
  return `Wilt u een oordeel over uw klacht, ook als er nog geen oplossing is? Dan kunt u daarom vragen${basis ? cite(basis.article) : ''}. ${who}`;
}

/** The dates that matter, in plain Dutch. */
export function importantDates(facts: ComplaintFacts, policy: WorkflowPolicy, day: IsoDate): PageDate[] {
  const out: PageDate[] = [];
  if (!facts.receivedOn) return out;
  out.push({ label: 'Ontvangen', text: `op ${formatDutchDate(facts.receivedOn)}` });
  const deadlines = complaintDeadlines(policy, facts, day);
  const open = facts.status === 'new' || facts.status === 'in_progress' || facts.status === 'suspended';
  const ackLabel = capitalise(acknowledgementWord(policy));
  if (facts.acknowledgedOn) out.push({ label: ackLabel, text: `verstuurd op ${formatDutchDate(facts.acknowledgedOn)}` });
  else if (open && deadlines.acknowledgement) {
    // Not sent yet (a letter that is queued or whose mail failed is not sent): say only that.
    const due = formatDutchDate(deadlines.acknowledgement.due);
    out.push({ label: ackLabel, text: deadlines.acknowledgement.overdue ? `nog niet verstuurd. Dat had uiterlijk op ${due} moeten gebeuren.` : `nog niet verstuurd. U krijgt die uiterlijk op ${due}.` });
  }
  // The hearing (002 art. 6.5): the invitation's day, time and place while it is to come; the day it was held.
  const heard = facts.hearings.complainant.heard;
  const invited = upcomingHearing(facts, day);
  if (heard.length) out.push({ label: 'Gesprek over uw klacht (horen)', text: `gehouden op ${formatDutchDate(heard[heard.length - 1]!.on)}` });
  else if (open && invited) out.push({ label: 'Gesprek over uw klacht (horen)', text: hearingWhen(invited) });
  const decision = decisionWords(policy);
  const suspension = facts.suspensions.find((s) => s.to === null);
  if (facts.status === 'suspended' && suspension) out.push({ label: 'Behandeling stilgezet', text: `sinds ${formatDutchDate(suspension.from)}. De datum voor ${decision.the} schuift op met de tijd dat het stilstaat.` });
  if (facts.decision) out.push({ label: decision.heading, text: `${decision.named ? '' : 'genomen '}op ${formatDutchDate(facts.decision.decidedOn)}` });
  else if (open && deadlines.decision) {
    const ext = facts.extension && !facts.extension.late ? facts.extension : null;
    // A date that has passed without a decision says so (walkthrough: it read as a promise still to come).
    const late = !deadlines.decision.overdue ? '' : decision.named ? `Die datum is voorbij en u heeft ${decision.the} nog niet.` : 'Die datum is voorbij en wij hebben nog niet beslist.';
    const due = `uiterlijk op ${formatDutchDate(deadlines.decision.due)}`;
    out.push({
      label: decision.heading,
      text: ext
        ? `${due}. De termijn is verlengd met ${describeTerm(ext.term)}${policy.extension.law ? `, zoals ${policy.extension.law} toestaat` : ''}; dat hebben wij u op ${formatDutchDate(ext.noticeOn)} laten weten.${late ? ` ${late}` : ''}`
        : late ? `${due}. ${late}` : due,
    });
  }
  if (facts.judgementRequested) out.push({ label: 'Om een oordeel gevraagd', text: `op ${formatDutchDate(facts.judgementRequested.on)}` });
  if (facts.inadmissible) out.push({ label: 'Niet in behandeling genomen', text: `op ${formatDutchDate(facts.inadmissible.on)}` });
  if (facts.withdrawn) out.push({ label: 'Ingetrokken', text: `op ${formatDutchDate(facts.withdrawn.on)}` });
  if (facts.closedOn && facts.status === 'closed' && facts.kind === 'complaint') out.push({ label: 'Afgesloten', text: `op ${formatDutchDate(facts.closedOn)}` });
  return out;
}

/** Whether the correspondence tables (letters lane, core outbox) exist in this database. */
async function tablesExist(db: Kysely<DB>, names: string[]): Promise<boolean> {
  for (const name of names) {
    const r = await sql<{ t: string | null }>`select to_regclass(${name})::text as t`.execute(db);
    if (!r.rows[0]?.t) return false;
  }
  return true;
}

/**
 * The letters sent to the complainant (the `letters` table of the letters lane): printed for the post, or sent
 * by e-mail (the outbox says sent). Queued or failed ones are not sent yet and are not shown.
 */
export async function complainantLetters(db: Kysely<DB>, complaintId: string): Promise<PageLetter[]> {
  if (!(await tablesExist(db, ['letters', 'outbound_mails']))) return [];
  const rows = await sql<{ id: string; kind: string; subject: string; sent_at: Date | null; printed_at: Date | null }>`
    select l.id, l.kind, l.subject, m.sent_at, l.printed_at
    from letters l left join outbound_mails m on m.id = l.outbound_mail_id
    where l.complaint_id = ${complaintId} and l.recipient_role = 'complainant'
      and (l.printed_at is not null or m.status = 'sent')
    order by coalesce(m.sent_at, l.printed_at), l.id`.execute(db);
  return rows.rows.map((r) => {
    const at = r.sent_at ?? r.printed_at ?? new Date();
    return { id: r.id, kind: r.kind, subject: r.subject, sentOn: formatDutchDate(today(new Date(at))) };
  });
}

/** The PDF of one letter sent to the complainant of this complaint (as sent; audited); null when it is not theirs. */
export async function complainantLetterPdf(db: Kysely<DB>, link: { organisationId: string; complaintId: string; linkId: string }, letterId: string): Promise<{ pdf: Uint8Array; subject: string } | null> {
  if (!/^[0-9a-f-]{36}$/i.test(letterId)) return null;
  const shown = await complainantLetters(db, link.complaintId);
  if (!shown.some((l) => l.id === letterId)) return null;
  const r = await sql<{ pdf: Uint8Array | null; subject: string }>`select pdf, subject from letters where id = ${letterId} and complaint_id = ${link.complaintId}`.execute(db);
  const row = r.rows[0];
  if (!row?.pdf) return null;
  await audit(db, { organisationId: link.organisationId, actorUserId: null, action: 'complainant_page.letter_viewed', subjectType: 'complaint', subjectId: link.complaintId, details: { letterId, link: link.linkId } });
  return { pdf: row.pdf, subject: row.subject };
}

/** Everything the page shows; audits the view (ids only). */
export async function complainantPage(db: Kysely<DB>, link: { organisationId: string; complaintId: string; linkId: string }, opts: { now?: Date; audit?: boolean } = {}): Promise<ComplainantPageData> {
  const now = opts.now ?? new Date();
  const day = today(now);
  const row = await db
    .selectFrom('complaints')
    .select(['id', 'reference', 'kind', 'subject', 'regulation_version_id', 'unit_unknown', 'received_on'])
    .where('id', '=', link.complaintId)
    .where('organisation_id', '=', link.organisationId)
    .executeTakeFirst();
  if (!row) throw notFound();
  const history = await loadHistory(db, row.id);
  const facts = foldFacts(history);
  const { regulation, policy } = await loadRegulation(db, link.organisationId, row.regulation_version_id);
  const additions: PageAddition[] = history
    .filter((e) => e.type === COMPLAINANT_ADDED_INFORMATION_EVENT)
    .map((e) => {
      const d = (typeof e.data === 'object' && e.data !== null ? e.data : {}) as { text?: unknown; files?: { filename?: unknown }[] };
      return { at: new Date(e.at), text: typeof d.text === 'string' && d.text ? d.text : null, files: Array.isArray(d.files) ? d.files.map((f) => String(f.filename ?? '')) : [] };
    });
  if (opts.audit !== false) {
    await audit(db, { organisationId: link.organisationId, actorUserId: null, action: 'complainant_page.viewed', subjectType: 'complaint', subjectId: row.id, details: { link: link.linkId } });
  }
  const letters = await complainantLetters(db, row.id);
  // "Weet ik niet" whose move may still bring its unit's own regulation (ADR 0003 addendum): the triage version's
  // dates are not the complaint's; the page says what the receipt says and names none.
  const open = await regulationOpen(db, link.organisationId, row, day, history);
  const dates = importantDates(facts, policy, day);
  return {
    regulationOpen: open,
    complaintId: row.id,
    reference: row.reference,
    kind: row.kind,
    status: facts.status,
    statusText: statusText(facts, policy, { decisionLetterSent: letters.some((l) => l.kind === 'decision'), day }),
    subject: row.subject,
    dates: open ? dates.filter((d) => d.label === 'Ontvangen') : dates,
    letters,
    additions,
    nextSteps: open ? [] : nextStepsForComplainant(facts, policy, regulation, day),
    contact: await organisationContact(db, link.organisationId, regulation),
    regulationTitle: regulation.metadata.title,
    regulationVersionId: row.regulation_version_id,
    canAddInformation: facts.status !== 'withdrawn',
    newComplaintNote: newComplaintNote(policy),
    canWithdraw: complainantMay({ facts, policy, action: 'withdraw', today: day, now: now.toISOString() }),
    judgementRequest: complainantMay({ facts, policy, action: 'request-judgement', today: day, now: now.toISOString() }) ? { text: judgementRequestText(policy) } : null,
  };
}
