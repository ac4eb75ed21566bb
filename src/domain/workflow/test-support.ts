/**
 * Test helpers for the workflow: a dossier that keeps its history like the database will, so scenario
 * tests walk whole procedures through `applyAction` and re-fold the history after every step.
 * Used by tests only; pure.
 */
import assert from 'node:assert/strict';
import type { IsoDate } from '../deadlines/index.ts';
import { getPreset } from '../../regulations/library.ts';
import type { Regulation } from '../regulation/schema.ts';
import type { ActionName } from './actions.ts';
import type { ComplaintFacts, HistoryEvent } from './facts.ts';
import { foldFacts } from './fold.ts';
import { afterOf } from './stored-events.ts';
import { policyFromRegulation, type WorkflowPolicy } from './policy.ts';
import type { ProductRole } from './states.ts';
import { applyAction, registerComplaint, type ApplyActionResult } from './apply.ts';
import type { Actor } from './table.ts';

/** What an adopting organisation fills in for the CBF template's open points, in the workflow's tests. */
/** Fills for lentl's open points, as an organisation adopting it would give them. */
export const LENTL_FILLS = {
  channels: 'web_form,email,phone,letter,in_person',
  acknowledgement_term: '5 werkdagen',
  inadmissibility_term: '4 weken',
  decision_term: '6 weken',
  complaint_mailbox: 'klachten@lentl.example',
  okc_contact: 'Onafhankelijke klachtencommissie, Postbus 2, 5000 AA Tilburg',
  client_file_retention: '15 jaar',
  adopted_by: 'de directie van de werkmaatschappij',
  adopted_date: '2024-06-01',
};

export const CBF_FILLS = {
  adopted_date: '2026-01-15',
  org_name: 'Stichting Voorbeeld',
  org_email: 'klachten@voorbeeld.nl',
  org_phone: '030 123 45 67',
  org_postal_address: 'Stichting Voorbeeld, Postbus 1, 3500 AA Utrecht',
  complaint_form_url: 'https://voorbeeld.nl/klacht',
  privacy_statement: 'Wij gebruiken uw gegevens alleen om uw klacht te behandelen.',
};

export const COORDINATOR = { userId: 'u-coordinator', roles: ['coordinator'] as ProductRole[] };
export const HANDLER = { userId: 'u-handler', roles: ['handler'] as ProductRole[] };
export const INTAKE = { userId: 'u-intake', roles: ['intake'] as ProductRole[] };
export const BOARD = { userId: 'u-board', roles: ['board'] as ProductRole[] };
export const ADMIN = { userId: 'u-admin', roles: ['admin'] as ProductRole[] };

export function presetRegulation(key: string, fills: Record<string, string> = {}): Regulation {
  const preset = getPreset(key);
  if (!preset) throw new Error(`preset ${key} not found`);
  return preset.build(fills);
}

export class Dossier {
  readonly events: HistoryEvent[] = [];
  readonly policy: WorkflowPolicy;
  today: IsoDate;

  constructor(
    readonly regulation: Regulation,
    registration: Record<string, unknown>,
    today: IsoDate,
  ) {
    this.policy = policyFromRegulation(regulation);
    this.today = today;
    const r = registerComplaint({ input: registration, policy: this.policy, actor: INTAKE, today, now: `${today}T09:00:00Z` });
    assert.ok(r.ok, `registration failed: ${JSON.stringify(r)}`);
    this.events.push({ seq: 1, type: 'registered', at: `${today}T09:00:00Z`, actorUserId: INTAKE.userId, actorRoles: INTAKE.roles, data: r.event.data });
  }

  get facts(): ComplaintFacts {
    return foldFacts(this.events);
  }

  /** Try an action; on success append its event (as the database would). */
  try(action: ActionName, input: unknown = {}, actor: Actor = COORDINATOR, today = this.today): ApplyActionResult {
    const facts = this.facts;
    const result = applyAction({ facts, policy: this.policy, action, input, actor, today, now: `${today}T10:00:00Z` });
    if (result.ok) {
      this.events.push({
        seq: facts.lastSeq + 1,
        type: result.event.type,
        at: `${today}T10:00:00Z`,
        actorUserId: actor.userId,
        actorRoles: actor.roles,
        // As the use cases store it: the status after the event (and a changed handler), which the fold reads back.
        data: { ...structuredClone(result.event.data), after: afterOf(facts, result.facts) },
      });
      // The returned facts must equal the re-folded history, and every event written must be readable
      // with its stored schema (stored-events.ts is never stricter than the input schemas).
      assert.deepEqual(result.facts, this.facts);
      assert.deepEqual(this.facts.unreadableEvents, [], `${action}: the stored event cannot be read back`);
    }
    return result;
  }

  /** An action that must succeed. */
  must(action: ActionName, input: unknown = {}, actor: Actor = COORDINATOR, today = this.today): ComplaintFacts {
    const r = this.try(action, input, actor, today);
    assert.ok(r.ok, `${action} failed: ${JSON.stringify(r)}`);
    return r.facts;
  }

  /** An action that must fail with `code`; returns the failure. */
  refused(action: ActionName, input: unknown, code: 'invalid_transition' | 'validation_failed' | 'forbidden', actor: Actor = COORDINATOR, today = this.today) {
    const r = this.try(action, input, actor, today);
    assert.equal(r.ok, false, `${action} should fail with ${code}`);
    if (r.ok) throw new Error('unreachable');
    assert.equal(r.code, code, `${action}: expected ${code}, got ${r.code}: ${r.message} ${JSON.stringify(r.fields ?? [])}`);
    return r;
  }
}

/** The field names of a failure. */
export function fieldsOf(r: ApplyActionResult): string[] {
  return r.ok ? [] : (r.fields ?? []).map((f) => f.field);
}
