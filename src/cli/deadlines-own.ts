/**
 * `klachtwijs deadlines`: the regulation's own milestones (`deadlines.milestones`) and a decision term that runs
 * from a later event (`deadlines.decisionFrom`), issue 12 / ADR 0026. An own milestone that runs from receipt is
 * dated (as `milestones()` dates it); one that runs from a later event is listed as "loopt vanaf <gebeurtenis>",
 * because its date follows from when that event happens.
 */
import { describeTerm, type IsoDate } from '../domain/deadlines/index.ts';
import { decisionStartEvent, ownMilestones, type Milestones } from '../domain/regulation/milestones.ts';
import { isTermRule, type Regulation, type TermRule } from '../domain/regulation/schema.ts';
import { EVENT_LABELS } from '../domain/workflow/index.ts';

/** The own milestones that have a date from receipt (key → ISO date), for `--json`. */
export function ownDueDates(reg: Regulation, due: Milestones): Record<string, IsoDate> {
  const out: Record<string, IsoDate> = {};
  for (const own of ownMilestones(reg)) {
    const d = due[own.key];
    if (d) out[own.key] = d;
  }
  return out;
}

/** Rows (what, term, when) for the table: own milestones, and the decision when it runs from a later event. */
export function ownDeadlineRows(
  reg: Regulation,
  due: Milestones,
  day0: IsoDate,
  dated: (date: IsoDate, start: IsoDate, term: TermRule) => string,
): (readonly [string, string, string])[] {
  const rows: (readonly [string, string, string])[] = [];
  const from = decisionStartEvent(reg);
  if (from !== 'received' && isTermRule(reg.deadlines.decision)) {
    rows.push(['Beslissing', describeTerm(reg.deadlines.decision), `loopt vanaf ${EVENT_LABELS[from] ?? from}`] as const);
  }
  for (const own of ownMilestones(reg)) {
    const date = due[own.key];
    rows.push(
      date && own.from === 'received'
        ? ([own.label, describeTerm(own.term), dated(date, day0, own.term)] as const)
        : ([own.label, describeTerm(own.term), `loopt vanaf ${EVENT_LABELS[own.from] ?? own.from}`] as const),
    );
  }
  return rows;
}
