/**
 * The guard primitives: what a precondition or guard sees (`StateContext`, `GuardContext`) and what it answers
 * (`GuardProblem`: not now, not in this regulation, or a field at fault), with the date check every dated step shares.
 * The guards (guards.ts, procedure.ts), the regulation's gate and the table build on these; this module imports
 * nothing of theirs, so the workflow's modules form no import cycle (ADR 0004, addendum; src/domain/imports.test.ts). Pure.
 */
import { compareDates, formatDutchDate, type IsoDate } from '../deadlines/index.ts';
import type { ActionInput, ActionName } from './actions.ts';
import type { ComplaintFacts } from './facts.ts';
import type { WorkflowPolicy } from './policy.ts';
import type { ProductRole } from './states.ts';

export interface FieldProblem {
  field: string;
  message: string;
}

export interface GuardProblem {
  code: 'invalid_transition' | 'validation_failed';
  message: string;
  fields?: FieldProblem[];
  /**
   * The regulation does not have this step at all ("Deze klachtenregeling kent geen …"): the action is refused with the
   * message when asked for (API), but the dossier does not list it under "Nu niet mogelijk", as it never will be.
   */
  absent?: true;
}

/** What a precondition sees. `today` comes in as data (the domain reads no clock): some steps close with a date. */
export interface StateContext {
  facts: ComplaintFacts;
  policy: WorkflowPolicy;
  today: IsoDate;
}

/** What a guard sees. */
export interface GuardContext<A extends ActionName = ActionName> extends StateContext {
  input: ActionInput<A>;
  actor: { userId: string; roles: readonly ProductRole[] };
  today: IsoDate;
  now: string;
}

export const GENERIC_INVALID = 'Niet alle gegevens zijn goed ingevuld.';

export function notNow(message: string): GuardProblem {
  return { code: 'invalid_transition', message };
}
/** A step this regulation does not have (see `GuardProblem.absent`). */
export function notInRegulation(message: string): GuardProblem {
  return { code: 'invalid_transition', message, absent: true };
}
export function fieldProblem(field: string, message: string, summary = GENERIC_INVALID): GuardProblem {
  return { code: 'validation_failed', message: summary, fields: [{ field, message }] };
}


/**
 * A date must lie between the receipt of the complaint (or `notBefore`) and today (unless `future`).
 */
export function checkDate(
  ctx: { facts: ComplaintFacts; today: IsoDate },
  field: string,
  value: IsoDate | undefined,
  opts: { future?: boolean; notBefore?: { date: IsoDate; what: string } } = {},
): GuardProblem | null {
  if (value === undefined) return null;
  if (!opts.future && compareDates(value, ctx.today) > 0) {
    return fieldProblem(field, `Deze datum ligt in de toekomst. Vul een datum in tot en met vandaag (${formatDutchDate(ctx.today)}).`);
  }
  const floor = opts.notBefore ?? (ctx.facts.receivedOn ? { date: ctx.facts.receivedOn, what: 'de ontvangst van de klacht' } : null);
  if (floor && compareDates(value, floor.date) < 0) {
    return fieldProblem(field, `Deze datum ligt vóór ${floor.what} (${formatDutchDate(floor.date)}).`);
  }
  return null;
}
