import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { Actor } from '../actor.ts';
import { insertMeasure } from './measures.ts';

/**
 * The measures of the organisation's response to a judgement (record-response, issue 12) into the improvement
 * register, each with the term the response gave it (`dueOn`), the complaint as its source — as a decision's
 * measures go there (registerDecisionMeasures, ADR 0017). The committee's recommendations themselves are not
 * put in the register: the response says which of them the organisation takes on, as measures.
 */
export async function registerResponseMeasures(
  tx: Kysely<DB>,
  actor: Actor,
  complaint: { id: string; reference: string; unitId: string },
  measures: readonly { text: string; due: string | null }[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const m of measures) {
    const text = m.text.trim();
    const { id } = await insertMeasure(tx, actor.organisationId, actor.userId, {
      title: text.length > 120 ? `${text.slice(0, 117)}…` : text,
      description: text,
      unitId: complaint.unitId,
      ...(m.due ? { dueOn: m.due } : {}),
      sources: [{ kind: 'decision', complaint_id: complaint.id, report_id: null, recommendation_id: null, reference: complaint.reference, note: 'Reactie op het oordeel' }],
    });
    ids.push(id);
  }
  return ids;
}
