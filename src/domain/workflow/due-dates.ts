/**
 * A complaint's due dates, derived ONLY from its regulation version and its events (day 0,
 * acknowledgement, suspensions, extension, decision), so they can always be recomputed. Pure.
 *
 * Which clocks suspension and extension touch: the decision term, the service norm (suspension only)
 * and the latest extended decision date. Acknowledgement and the inadmissibility notice run from
 * day 0 and are not moved (they concern receipt and intake, before handling).
 *
 * Meaning of the flags per clock:
 * - met: the milestone happened (acknowledged; declared inadmissible; decided);
 * - running: the clock still counts today (procedure open, milestone not met, not suspended);
 *   the inadmissibility clock runs only while the complaint is `new` (not yet taken into handling);
 * - overdue: not met, still relevant, and today is after the due date;
 * - daysLeft: calendar days from today to the due date (negative when past).
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
import type { ComplaintFacts } from './facts.ts';
import { effectiveMaxExtension, policyFromRegulation, type WorkflowPolicy } from './policy.ts';
import { isOpenStatus } from './states.ts';
import { MILESTONE_KEYS, type MilestoneKey } from '../regulation/milestones.ts';

/** The same milestone keys as the regulation's `milestones()` and `klachtwijs deadlines --json`. */
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
}

export type ComplaintDeadlines = Partial<Record<DeadlineKey, DeadlineState>>;
export type DeadlineDates = Partial<Record<DeadlineKey, IsoDate>>;

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

function clock(policy: WorkflowPolicy, facts: ComplaintFacts, term: Term, asOf: IsoDate, withExtension: boolean): DueResult | null {
  if (facts.receivedOn === null) return null;
  try {
    return computeDue({
      day0: facts.reopenedOn ?? facts.receivedOn,
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
  if (inadm) out.inadmissibilityNotice = state(inadm, facts.inadmissible?.on ?? null, facts.status === 'new', true);

  const decidedOn = facts.decision?.decidedOn ?? null;
  const decision = decisionClock(policy, facts, today);
  if (decision) {
    out.decision = state(decision.due, decidedOn, open, decision.running);
    if (policy.extension.allowed && policy.extension.max && decision.maxExtendedDue) {
      out.decisionMaxExtended = state(decision.maxExtendedDue, decidedOn, open, decision.running);
    }
  }
  if (policy.terms.serviceNorm) {
    const norm = clock(policy, facts, policy.terms.serviceNorm, today, false);
    if (norm) out.serviceNorm = state(norm.due, decidedOn, open, norm.running);
  }
  return out;
}

/** Just the due dates, with the keys of the API's `deadlines` object. */
export function deadlineDates(source: Regulation | WorkflowPolicy, facts: ComplaintFacts, today: IsoDate): DeadlineDates {
  const full = complaintDeadlines(source, facts, today);
  const out: DeadlineDates = {};
  for (const key of DEADLINE_KEYS) {
    const d = full[key];
    if (d) out[key] = d.due;
  }
  return out;
}

/**
 * The deadline that is running now and comes first: what the lists and start pages show ("Beslissing
 * 15 december"). Only clocks that run count: a met clock, the intake clock of a complaint in handling and
 * the clock of a suspended complaint do not. Null when no clock runs.
 */
export function runningDeadline(deadlines: ComplaintDeadlines): { key: DeadlineKey; due: IsoDate; overdue: boolean } | null {
  let next: { key: DeadlineKey; due: IsoDate; overdue: boolean } | null = null;
  for (const key of DEADLINE_KEYS) {
    const d = deadlines[key];
    if (d?.running && (!next || compareDates(d.due, next.due) < 0)) next = { key, due: d.due, overdue: d.overdue };
  }
  return next;
}
