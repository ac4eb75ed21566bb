/**
 * The due dates a regulation gives a complaint received at a moment, computed with the deadline engine.
 * Only terms that run from receipt (day 0) have a date here; a term that runs from a later event (the
 * complainant's request for a judgement, forwarding to a committee, a judgement) gets its date in the
 * complaint's deadlines once that event happened (workflow/due-dates.ts).
 */
import { addTerm, dayZero, maxExtendedDue } from '../deadlines/index.ts';
import type { CalendarSettings, IsoDate, Term } from '../deadlines/types.ts';
import { isTermRule, type OwnMilestone, type Regulation, type TermRule } from './schema.ts';

export const MILESTONE_KEYS = [
  'acknowledgement',
  'inadmissibilityNotice',
  'decision',
  'serviceNorm',
  'decisionMaxExtended',
] as const;
export type MilestoneKey = (typeof MILESTONE_KEYS)[number];
/**
 * Keys are present only when the regulation has that term (open points and "not prescribed" give none).
 * The regulation's own milestones (`deadlines.milestones`) that run from receipt are added under their own key.
 */
export type Milestones = Partial<Record<MilestoneKey, IsoDate>> & Record<string, IsoDate | undefined>;

/** The calendar settings of a regulation, as the deadline engine takes them. */
export function calendarSettings(reg: Regulation): CalendarSettings {
  return { atw: reg.calendar.atw, closedDays: [...reg.calendar.closedDays] };
}

/** A term rule as the deadline engine takes it (keeping the term's own Atw choice). */
export function engineTerm(rule: TermRule): Term {
  return rule.atw === undefined ? { amount: rule.amount, unit: rule.unit } : { amount: rule.amount, unit: rule.unit, atw: rule.atw };
}

/** The regulation's own milestones (none: empty). */
export function ownMilestones(reg: Regulation): OwnMilestone[] {
  return reg.deadlines.milestones ?? [];
}

/** The event the decision term runs from (absent in the regulation: receipt). */
export function decisionStartEvent(reg: Regulation): NonNullable<Regulation['deadlines']['decisionFrom']>['event'] {
  return reg.deadlines.decisionFrom?.event ?? 'received';
}

/**
 * Due dates for a complaint received at `receivedAt` (day 0 is its calendar date in Europe/Amsterdam).
 * `decisionMaxExtended` is the latest decision date with the maximum extension the regulation allows.
 * The decision dates are left out when the decision term runs from a later event (`deadlines.decisionFrom`).
 */
export function milestones(reg: Regulation, receivedAt: Date): Milestones {
  const day0 = dayZero(receivedAt);
  const settings = calendarSettings(reg);
  const out: Milestones = {};
  const d = reg.deadlines;
  if (isTermRule(d.acknowledgement)) out.acknowledgement = addTerm(day0, engineTerm(d.acknowledgement), settings);
  if (isTermRule(d.inadmissibilityNotice)) out.inadmissibilityNotice = addTerm(day0, engineTerm(d.inadmissibilityNotice), settings);
  if (isTermRule(d.decision) && decisionStartEvent(reg) === 'received') {
    out.decision = addTerm(day0, engineTerm(d.decision), settings);
    if (d.extension.allowed && isTermRule(d.extension.max)) {
      out.decisionMaxExtended = maxExtendedDue(out.decision, engineTerm(d.extension.max), settings);
    }
  }
  if (d.serviceNorm && decisionStartEvent(reg) === 'received') out.serviceNorm = addTerm(day0, engineTerm(d.serviceNorm), settings);
  for (const own of ownMilestones(reg)) {
    if (own.from === 'received') out[own.key] = addTerm(day0, engineTerm(own.term), settings);
  }
  return out;
}
