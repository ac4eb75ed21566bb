/**
 * Which letter an action owes, to whom, and which article owes it. The ONE place that maps actions to
 * letters (ADR 0010). Pure: the regulation decides; an action whose rule the regulation does not contain
 * owes no letter here, except where the action itself is the telling (acknowledge, decide, inform-respondent:
 * recording them says the message went out, so the letter is what goes out).
 */
import type { Regulation, Source } from '../regulation/index.ts';
import { isNotPrescribed, isOpenPoint, isTermRule } from '../regulation/index.ts';
import type { ActionName } from '../workflow/actions.ts';

export const LETTER_KINDS = [
  'acknowledgement',
  'inadmissibility',
  'copy_to_respondent',
  'hearing_invitation',
  'hearing_report',
  'delay_notice',
  'decision',
  'outcome_to_respondent',
  'other',
] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

export function isLetterKind(value: unknown): value is LetterKind {
  return typeof value === 'string' && (LETTER_KINDS as readonly string[]).includes(value);
}

export const LETTER_KIND_LABELS: Record<LetterKind, string> = {
  acknowledgement: 'Ontvangstbevestiging',
  inadmissibility: 'Klacht niet in behandeling',
  copy_to_respondent: 'Kopie van de klacht aan degene over wie de klacht gaat',
  hearing_invitation: 'Uitnodiging voor een gesprek (horen)',
  hearing_report: 'Verslag van het gesprek, voor uw reactie',
  delay_notice: 'Bericht over uitstel',
  decision: 'Beslissing op de klacht',
  outcome_to_respondent: 'Uitkomst aan degene over wie de klacht gaat',
  other: 'Andere brief',
};

export const RECIPIENT_ROLES = ['complainant', 'respondent'] as const;
export type RecipientRole = (typeof RECIPIENT_ROLES)[number];
export const LETTER_CHANNELS = ['email', 'post', 'both'] as const;
export type LetterChannel = (typeof LETTER_CHANNELS)[number];

export interface OwedLetter {
  kind: LetterKind;
  recipientRole: RecipientRole;
  /** The article that owes the message, as written in the regulation (null: none stated). */
  article: string | null;
  /** Where the rule comes from (regulation, law …), as in the regulation's source. */
  basis: Source['basis'] | null;
}

/** The action names that can owe a letter (the API refuses `letter` on any other action). */
export const LETTER_ACTIONS = [
  'acknowledge',
  'declare-inadmissible',
  'send-copy-to-respondent',
  'plan-hearing',
  'record-hearing',
  'extend',
  'suspend',
  'decide',
  'inform-respondent',
] as const satisfies readonly ActionName[];

function owed(kind: LetterKind, recipientRole: RecipientRole, source: Source | undefined | null): OwedLetter {
  return { kind, recipientRole, article: source?.article ?? null, basis: source?.basis ?? null };
}

function slotSource(slot: unknown): Source | undefined {
  if (isTermRule(slot) || isNotPrescribed(slot) || isOpenPoint(slot)) return slot.source;
  return undefined;
}

/**
 * The letter an action owes under this regulation, or null. `input` is the action's (parsed or raw) input:
 * the hearing's party decides who is invited.
 *
 * - acknowledge → acknowledgement to the complainant (001 §3.2, 002 art. 6.3, 003 receipt);
 * - declare-inadmissible → the notice with the ground and what the complainant can do (002 art. 5.3);
 * - send-copy-to-respondent → the copy with the complaint (and its documents, 002 art. 6.4); only where the
 *   regulation has that rule;
 * - plan-hearing / record-hearing → invitation / report for comments to the party heard (002 art. 6.5–6.7);
 * - extend → delay notice with the new date (003; Awb 9:11 lid 2 where the law binds); suspend → the same
 *   notice where the regulation allows suspension;
 * - decide → the decision: outcome, reasoning, measures, the external body (000 art. 6.4, 001 §3.3, 002 art. 6.9);
 * - inform-respondent → the outcome to the person complained about (002 art. 6.9), where the regulation asks it.
 */
export function letterOwed(reg: Regulation, action: string, input: unknown = {}): OwedLetter | null {
  const body = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  switch (action) {
    case 'acknowledge':
      return owed('acknowledgement', 'complainant', slotSource(reg.deadlines.acknowledgement));
    case 'declare-inadmissible': {
      const ground = reg.admissibility.grounds.find((g) => g.key === body['ground']);
      return owed('inadmissibility', 'complainant', slotSource(reg.deadlines.inadmissibilityNotice) ?? ground?.source);
    }
    case 'send-copy-to-respondent':
      return reg.handling.copyToRespondent ? owed('copy_to_respondent', 'respondent', reg.handling.copyToRespondent.source) : null;
    case 'plan-hearing':
      if (!reg.handling.hearing) return null;
      return owed('hearing_invitation', body['party'] === 'respondent' ? 'respondent' : 'complainant', reg.handling.hearing.source);
    case 'record-hearing':
      if (!reg.handling.hearing) return null;
      return owed('hearing_report', body['party'] === 'respondent' ? 'respondent' : 'complainant', reg.handling.hearing.reportSource ?? reg.handling.hearing.source);
    case 'extend':
      return owed('delay_notice', 'complainant', reg.deadlines.delayNotice?.source ?? reg.deadlines.extension.source);
    case 'suspend':
      return reg.deadlines.suspension.allowed ? owed('delay_notice', 'complainant', reg.deadlines.suspension.source) : null;
    case 'decide':
      return owed('decision', 'complainant', reg.handling.decision.source);
    case 'inform-respondent':
      return reg.handling.decision.informRespondent ? owed('outcome_to_respondent', 'respondent', reg.handling.decision.source) : null;
    default:
      return null;
  }
}

/** The action each kind of letter belongs to ('other' belongs to none). */
export const ACTION_OF_KIND: Record<LetterKind, (typeof LETTER_ACTIONS)[number] | null> = {
  acknowledgement: 'acknowledge',
  inadmissibility: 'declare-inadmissible',
  copy_to_respondent: 'send-copy-to-respondent',
  hearing_invitation: 'plan-hearing',
  hearing_report: 'record-hearing',
  delay_notice: 'extend',
  decision: 'decide',
  outcome_to_respondent: 'inform-respondent',
  other: null,
};

/**
 * A letter of this kind as the regulation owes it, for a preview of its template: the article and the
 * recipient. A kind the regulation does not ask for (no copy to the respondent in 001) still previews, without
 * an article.
 */
export function owedForKind(reg: Regulation, kind: LetterKind): OwedLetter {
  const action = ACTION_OF_KIND[kind];
  const owedLetter = action ? letterOwed(reg, action, {}) : null;
  if (owedLetter) return owedLetter;
  return { kind, recipientRole: kind === 'copy_to_respondent' || kind === 'outcome_to_respondent' ? 'respondent' : 'complainant', article: null, basis: null };
}
