/**
 * The anonymous statistical record of one registration, derived from its facts: what reports count, and what
 * stays when a dossier is destroyed. It holds keys, dates and booleans only: never a name, an address, a
 * description, a reasoning or any other text a person wrote (external bodies are organisations, kept by name).
 * Pure.
 */
import type { IsoDate } from '../deadlines/index.ts';
import { complaintDeadlines, DEADLINE_KEYS } from '../workflow/due-dates.ts';
import type { ComplaintFacts } from '../workflow/facts.ts';
import type { WorkflowPolicy } from '../workflow/policy.ts';
import { escalationKind } from '../workflow/regulation-roles.ts';
import { isOpenStatus } from '../workflow/states.ts';

export type EscalationKind = 'handover' | 'consult';

export interface StatisticsTerm {
  due: IsoDate;
  metOn: IsoDate | null;
  late: boolean;
}

export interface StatisticsExternal {
  bodyKind: string;
  bodyName: string;
  submittedOn: IsoDate;
  /** A ruling was recorded (its text is free text and may name people: it is never copied here). */
  ruled: boolean;
  rulingOn: IsoDate | null;
}

/** Everything of the record that comes from the history (the row adds organisation, unit, channel, relation). */
export interface StatisticsFromFacts {
  kind: string;
  status: string;
  receivedOn: IsoDate;
  endedOn: IsoDate | null;
  decidedOn: IsoDate | null;
  classification: Record<string, string[]>;
  severity: string | null;
  sensitive: boolean;
  inadmissibleGround: string | null;
  outcome: string | null;
  terms: Record<string, StatisticsTerm>;
  escalations: string[];
  /** Per role escalated to: whether the step handed the complaint over or asked the role's view, as it was then. */
  escalationKinds: Record<string, EscalationKind>;
  external: StatisticsExternal[];
  satisfied: boolean | null;
  reopenCount: number;
}

/**
 * The terms the record keeps: the standard clocks a complaint runs on. Not `decisionMaxExtended`: that is the latest day
 * the decision could move to with the maximum extension (Awb 9:11 lid 2), a bound and not a term. Counted for a
 * complaint never extended it read "op tijd" for a decision taken after its term (found walking the demo); after an
 * extension the decision term itself is the extended day (`computeDue`), so the decision row already counts an extended
 * complaint against the term it ran on (ADR 0015, addendum; migration 2026-12-03T0040 removed it from the stored records).
 */
export const STATISTICS_TERM_KEYS = DEADLINE_KEYS.filter((k) => k !== 'decisionMaxExtended');

/**
 * The record for `facts` on `day`; null before the registration event (no day 0 yet).
 * `endedOn`: the day the organisation's own procedure ended (decision, inadmissibility, withdrawal or close;
 * a registration that starts closed ends on its day of receipt); null while the procedure runs.
 */
export function statisticsOf(policy: WorkflowPolicy, facts: ComplaintFacts, day: IsoDate): StatisticsFromFacts | null {
  if (!facts.receivedOn) return null;
  const deadlines = complaintDeadlines(policy, facts, day);
  const terms: Record<string, StatisticsTerm> = {};
  for (const key of STATISTICS_TERM_KEYS) {
    const d = deadlines[key];
    if (d) terms[key] = { due: d.due, metOn: d.metOn, late: d.late };
  }
  const open = isOpenStatus(facts.status);
  const endedOn = open
    ? null
    : (facts.decision?.decidedOn ?? facts.inadmissible?.on ?? facts.withdrawn?.on ?? facts.closedOn ?? facts.receivedOn);
  return {
    kind: facts.kind,
    status: facts.status,
    receivedOn: facts.receivedOn,
    endedOn,
    decidedOn: facts.decision?.decidedOn ?? null,
    classification: facts.classification?.values ?? {},
    severity: facts.classification?.severity ?? null,
    sensitive: facts.classification?.sensitive ?? false,
    inadmissibleGround: facts.inadmissible?.ground ?? null,
    outcome: facts.decision?.outcome ?? null,
    terms,
    escalations: facts.escalations.map((e) => e.to),
    // The kind the escalate event stored; an event from before session 14 has none: the complaint's own version decides.
    escalationKinds: Object.fromEntries(facts.escalations.map((e) => [e.to, e.kind ?? escalationKind(policy, e.to)])),
    external: facts.externalProcedures.map((p) => ({
      bodyKind: p.bodyKind,
      bodyName: p.bodyName,
      submittedOn: p.submittedOn,
      ruled: p.ruling !== null,
      rulingOn: p.ruling?.on ?? null,
    })),
    satisfied: facts.satisfaction?.satisfied ?? null,
    reopenCount: facts.reopenCount,
  };
}
