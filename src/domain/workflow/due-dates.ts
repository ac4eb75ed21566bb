/**
 * A complaint's due dates, derived ONLY from its regulation version and its events (day 0,
 * acknowledgement, suspensions, extension, decision), so they can always be recomputed. Pure.
 *
 * Which clocks suspension and extension touch: the decision term, the service norm (suspension only)
 * and the latest extended decision date. Acknowledgement and the inadmissibility notice run from
 * day 0 and are not moved (they concern receipt and intake, before handling).
 *
 * The inadmissibility notice is a window, not a duty (002 art. 5.3, Awb 9:8): a complaint the organisation will
 * not handle is declared so within the term; a complaint nobody declared inadmissible in time simply counts as
 * admissible and is handled, and its decision term is the one that matters. So that clock is never overdue and
 * never the running deadline (`next_due`, the lists, the counts): it is shown in the dossier as a window that is
 * still open (the procedure open, the term not passed) or has passed unused (`window.lapsed`, new or in handling).
 *
 * Meaning of the flags per clock:
 * - met: the milestone happened (acknowledged; declared inadmissible; decided and told: a written decision's letter
 *   sent, `decisionToldOn`);
 * - running: the clock still counts today (procedure open, milestone not met, not suspended);
 *   the inadmissibility window runs while the procedure is open and its term has not passed (new or in handling);
 * - overdue: not met, still relevant, and today is after the due date;
 * - daysLeft: calendar days from today to the due date (negative when past).
 *
 * Issue 12 (ADR 0026): the decision clock (and service norm, latest extended date) starts at the event the
 * regulation names (`deadlines.decisionFrom`: receipt, the complainant's request for a judgement, forwarding to
 * the committee); before that event it has no date. A reopened complaint keeps today's rule: the decision term
 * runs again from the day of reopening. The regulation's own milestones (`deadlines.milestones`) are clocks of
 * their own under their own key: each runs from its `from` event's date (received: day 0) and is met by its
 * `metBy` event; while `from` has not happened it has no due date. Every clock keeps its term's own Atw choice
 * (`term.atw`, policy.ts keeps it).
 */
import {
  addTerm,
  compareDates,
  computeDue,
  daysLeft as engineDaysLeft,
  type DueResult,
  type IsoDate,
  type Term,
} from '../deadlines/index.ts';
import type { Regulation } from '../regulation/schema.ts';
import { decisionLetterPending, decisionToldOn, type ComplaintFacts } from './facts.ts';
import { decisionWords, effectiveMaxExtension, policyFromRegulation, type WorkflowPolicy } from './policy.ts';
import { isOpenStatus } from './states.ts';
import { MILESTONE_KEYS, type MilestoneKey } from '../regulation/milestones.ts';
import { eventDate } from './procedure.ts';

/**
 * The standard milestone keys, as the regulation's `milestones()` and `klachtwijs deadlines --json`. A
 * complaint's deadlines also hold the regulation's own milestones under their own keys (`deadlineKeys`).
 */
export const DEADLINE_KEYS = MILESTONE_KEYS;
export type DeadlineKey = MilestoneKey;

export const DEADLINE_LABELS: Record<DeadlineKey, string> = {
  acknowledgement: 'Ontvangstbevestiging',
  inadmissibilityNotice: 'Bericht niet-ontvankelijk',
  decision: 'Beslissing',
  serviceNorm: 'Interne norm',
  decisionMaxExtended: 'Beslissing, uiterlijk na verlenging',
};

export interface DeadlineState {
  due: IsoDate;
  /** The milestone happened. */
  met: boolean;
  /** When it happened (null: not met). */
  metOn: IsoDate | null;
  /** It happened after the due date. */
  late: boolean;
  overdue: boolean;
  running: boolean;
  daysLeft: number;
  /**
   * Only the inadmissibility notice: a window in which the complaint MAY be declared inadmissible, not a duty. Never
   * overdue, never the running deadline. `running`: the window is open (procedure open, term not passed). `lapsed`: the
   * term passed, the procedure is open and nobody declared the complaint inadmissible, so it counts as admissible (new
   * or in handling alike). Neither: the procedure ended (decided, withdrawn, closed), so the window no longer matters.
   */
  window?: { lapsed: boolean };
  /** An own milestone of the regulation (`deadlines.milestones`): its Dutch label, who, what, the article. */
  own?: { label: string; by: string | null; byLabel: string | null; contents: string[]; article: string; from: string; metBy: string };
}

/** Standard clocks under their key, the regulation's own milestones under their own key. */
export type ComplaintDeadlines = Partial<Record<DeadlineKey, DeadlineState>> & { [ownKey: string]: DeadlineState | undefined };
export type DeadlineDates = Partial<Record<DeadlineKey, IsoDate>> & { [ownKey: string]: IsoDate | undefined };

/** The keys of a complaint's deadlines in display order: the standard ones, then the own milestones. */
export function deadlineKeys(deadlines: ComplaintDeadlines): string[] {
  const standard: string[] = DEADLINE_KEYS.filter((k) => deadlines[k]);
  return [...standard, ...Object.keys(deadlines).filter((k) => !standard.includes(k) && !(DEADLINE_KEYS as readonly string[]).includes(k) && deadlines[k])];
}

/**
 * Dutch label of a deadline key: a standard label, an own milestone's label, else the key. With the policy the decision
 * term has the regulation's own name where it has one (001 art. 3.3 "Standpunt van de directie", 003 "Antwoord"), as the
 * complainant's pages say it (walkthrough 3 Dec 2026: the dossier said "Beslissing" where the receipt said "het antwoord").
 */
export function deadlineLabel(key: string, deadlines?: ComplaintDeadlines | null, policy?: WorkflowPolicy | null): string {
  const named = policy ? decisionWords(policy) : null;
  if (named?.named && key === 'decision') return named.heading;
  if (named?.named && key === 'decisionMaxExtended') return `${named.heading}, uiterlijk na verlenging`;
  if ((DEADLINE_KEYS as readonly string[]).includes(key)) return DEADLINE_LABELS[key as DeadlineKey];
  return deadlines?.[key]?.own?.label ?? policy?.ownMilestones.find((m) => m.key === key)?.label ?? key;
}

function toPolicy(source: Regulation | WorkflowPolicy): WorkflowPolicy {
  return 'format' in source ? policyFromRegulation(source) : source;
}

/**
 * The decision clock with suspensions and extension, as the deadline engine computes it on `asOf`.
 * Null when the regulation has no decision term (open point) or the complaint is not registered.
 */
export function decisionClock(policy: WorkflowPolicy, facts: ComplaintFacts, asOf: IsoDate): DueResult | null {
  const term = policy.terms.decision;
  if (!term || facts.receivedOn === null) return null;
  return clock(policy, facts, term, asOf, true);
}

/**
 * Day 0 of the decision clock: the day of reopening, else the date of the event the regulation names
 * (`deadlines.decisionFrom`, default receipt); null while that event has not happened.
 */
export function decisionDay0(policy: WorkflowPolicy, facts: ComplaintFacts): IsoDate | null {
  if (facts.receivedOn === null) return null;
  return facts.reopenedOn ?? eventDate(facts, policy.decisionFrom?.event ?? 'received');
}

function clock(policy: WorkflowPolicy, facts: ComplaintFacts, term: Term, asOf: IsoDate, withExtension: boolean, start?: IsoDate): DueResult | null {
  const day0 = start ?? decisionDay0(policy, facts);
  if (day0 === null) return null;
  try {
    return computeDue({
      day0,
      term,
      settings: policy.calendar,
      suspensions: facts.suspensions.map((s) => ({ from: s.from, to: s.to })),
      extension: withExtension && facts.extension ? { term: facts.extension.term, noticeOn: facts.extension.noticeOn } : null,
      maxExtension: withExtension ? effectiveMaxExtension(policy) : null,
      asOf,
    });
  } catch {
    return null;
  }
}

/** Every clock of the complaint on `today`. Records that run no procedure have none. */
export function complaintDeadlines(
  source: Regulation | WorkflowPolicy,
  facts: ComplaintFacts,
  today: IsoDate,
): ComplaintDeadlines {
  const policy = toPolicy(source);
  const out: ComplaintDeadlines = {};
  const day0 = facts.receivedOn;
  if (day0 === null || facts.kind !== 'complaint') return out;
  const open = isOpenStatus(facts.status);
  const state = (due: IsoDate, metOn: IsoDate | null, relevant: boolean, running: boolean): DeadlineState => {
    const met = metOn !== null;
    return {
      due,
      met,
      metOn,
      late: met && compareDates(metOn, due) > 0,
      overdue: !met && relevant && compareDates(today, due) > 0,
      running: !met && relevant && running,
      daysLeft: engineDaysLeft(due, today),
    };
  };
  const plain = (term: Term | null): IsoDate | null => {
    if (!term) return null;
    try {
      return addTerm(day0, term, policy.calendar);
    } catch {
      return null;
    }
  };

  const ack = plain(policy.terms.acknowledgement);
  if (ack) out.acknowledgement = state(ack, facts.acknowledgedOn, open, true);

  const inadm = plain(policy.terms.inadmissibilityNotice);
  if (inadm) {
    // A window, not a duty: open while the procedure is open (a ground can arise during handling, 002 art. 5.1c; the
    // action is possible in every open status) and the term has not passed; once passed unused while the procedure is
    // open, the complaint counts as admissible. Being taken into handling neither closes nor stops it; the end of the
    // procedure (decided, withdrawn, closed) makes it moot.
    const metOn = facts.inadmissible?.on ?? null;
    const passed = compareDates(today, inadm) > 0;
    out.inadmissibilityNotice = {
      ...state(inadm, metOn, open && !passed, true),
      window: { lapsed: metOn === null && open && passed },
    };
  }

  const decidedOn = facts.decision?.decidedOn ?? null;
  // The decision term is met when the complainant is told (002 art. 6.9 "stelt de klager schriftelijk … in kennis",
  // Wkkgz art. 17, Awb 9:12): for a written decision whose letter the product made, the day that letter was sent.
  // Until then the term runs on, also once the complaint is decided (older histories: the decision's date).
  const toldOn = decisionToldOn(facts.decision);
  const telling = open || decisionLetterPending(facts);
  const decision = decisionClock(policy, facts, today);
  if (decision) {
    out.decision = state(decision.due, toldOn, telling, decision.running);
    if (policy.extension.allowed && policy.extension.max && decision.maxExtendedDue) {
      out.decisionMaxExtended = state(decision.maxExtendedDue, toldOn, telling, decision.running);
    }
  }
  if (policy.terms.serviceNorm) {
    const norm = clock(policy, facts, policy.terms.serviceNorm, today, false);
    if (norm) out.serviceNorm = state(norm.due, decidedOn, open, norm.running);
  }

  // The regulation's own milestones. One that runs from an event of the handling (receipt, acknowledgement, contact,
  // hearing, advice, the request for a judgement, forwarding) runs while the complaint is handled and pauses with a
  // suspension like the decision clock (the suspension stops
  // the handling it is part of). One that runs from the judgement, the response or closing concerns what follows
  // the judgement: a suspension (only possible while handling) does not touch it, and it counts after closing.
  for (const own of policy.ownMilestones ?? []) {
    const from = eventDate(facts, own.from);
    if (from === null) continue;
    const metOn = eventDate(facts, own.metBy);
    const after = own.from === 'decided' || own.from === 'responded' || own.from === 'closed';
    // Every event of the handling (receipt, acknowledgement, contact, hearing, advice, request, forwarding) pauses.
    const pausing = !after;
    let due: IsoDate | null = null;
    let running = true;
    if (pausing) {
      const c = clock(policy, facts, own.term, today, false, from);
      if (c) {
        due = c.due;
        running = c.running;
      }
    } else {
      try {
        due = addTerm(from, own.term, policy.calendar);
      } catch {
        due = null;
      }
    }
    if (due === null) continue;
    // Relevant while the procedure is open, or, for a term after the judgement, until it is met (a withdrawn or
    // inadmissible complaint has no judgement to respond to).
    const relevant = after ? facts.status === 'decided' || facts.status === 'closed' || open : open;
    out[own.key] = {
      ...state(due, metOn, relevant, running),
      own: { label: own.label, by: own.by, byLabel: own.byLabel, contents: [...own.contents], article: own.article, from: own.from, metBy: own.metBy },
    };
  }
  return out;
}

/** Just the due dates, with the keys of the API's `deadlines` object. */
export function deadlineDates(source: Regulation | WorkflowPolicy, facts: ComplaintFacts, today: IsoDate): DeadlineDates {
  const full = complaintDeadlines(source, facts, today);
  const out: DeadlineDates = {};
  for (const key of deadlineKeys(full)) {
    const d = full[key];
    if (d) out[key] = d.due;
  }
  return out;
}

/**
 * The deadline that is running now and comes first: what the lists and start pages show ("Beslissing
 * 15 december"). Only clocks that run count: a met clock, the intake clock of a complaint in handling and
 * the clock of a suspended complaint do not, and neither does the inadmissibility notice (a window, not a duty:
 * once it passed the complaint counts as admissible; and a running deadline must not change while nothing happens,
 * as `next_due` caches it). Null when no clock runs.
 */
export function runningDeadline(deadlines: ComplaintDeadlines, policy?: WorkflowPolicy | null): { key: string; label: string; due: IsoDate; overdue: boolean } | null {
  let next: { key: string; label: string; due: IsoDate; overdue: boolean } | null = null;
  for (const key of deadlineKeys(deadlines)) {
    const d = deadlines[key];
    if (d?.running && !d.window && (!next || compareDates(d.due, next.due) < 0)) next = { key, label: deadlineLabel(key, deadlines, policy), due: d.due, overdue: d.overdue };
  }
  return next;
}
