/**
 * The due dates a regulation gives a complaint received at a moment, computed with the deadline engine.
 */
import { addTerm, dayZero, maxExtendedDue } from '../deadlines/index.ts';
import type { CalendarSettings, IsoDate } from '../deadlines/types.ts';
import { isTermRule, type Regulation } from './schema.ts';

export const MILESTONE_KEYS = [
  'acknowledgement',
  'inadmissibilityNotice',
  'decision',
  'serviceNorm',
  'decisionMaxExtended',
] as const;
export type MilestoneKey = (typeof MILESTONE_KEYS)[number];
/** Keys are present only when the regulation has that term (open points and "not prescribed" give none). */
export type Milestones = Partial<Record<MilestoneKey, IsoDate>>;

/** The calendar settings of a regulation, as the deadline engine takes them. */
export function calendarSettings(reg: Regulation): CalendarSettings {
  return { atw: reg.calendar.atw, closedDays: [...reg.calendar.closedDays] };
}

/**
 * Due dates for a complaint received at `receivedAt` (day 0 is its calendar date in Europe/Amsterdam).
 * `decisionMaxExtended` is the latest decision date with the maximum extension the regulation allows.
 */
export function milestones(reg: Regulation, receivedAt: Date): Milestones {
  const day0 = dayZero(receivedAt);
  const settings = calendarSettings(reg);
  const out: Milestones = {};
  const d = reg.deadlines;
  if (isTermRule(d.acknowledgement)) out.acknowledgement = addTerm(day0, d.acknowledgement, settings);
  if (isTermRule(d.inadmissibilityNotice)) out.inadmissibilityNotice = addTerm(day0, d.inadmissibilityNotice, settings);
  if (isTermRule(d.decision)) {
    out.decision = addTerm(day0, d.decision, settings);
    if (d.extension.allowed && isTermRule(d.extension.max)) {
      out.decisionMaxExtended = maxExtendedDue(out.decision, d.extension.max, settings);
    }
  }
  if (d.serviceNorm) out.serviceNorm = addTerm(day0, d.serviceNorm, settings);
  return out;
}
