import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/types.ts';
import { RETENTION_FRAMEWORKS } from '../../domain/regulation/schema.ts';
import { notFound } from '../../shared/errors.ts';
import { isoDateSchema, isUuid, parseInput } from '../../shared/validation.ts';
import type { Actor } from '../actor.ts';
import { audit } from '../audit.ts';
import { requireRetentionOfficer } from './access.ts';
import { liftHold, placeHold } from './holds.ts';

/**
 * What the coordinator records on a dossier for its retention (issue 11, ADR 0019): the legal framework of the client
 * file and the end of the client relationship (004 §3 footnote 1, "as the client file"), and holds with a reason.
 * Audited; the dossier's history is not touched (these are facts about keeping the dossier, not about the complaint).
 */

async function lockComplaint(tx: Kysely<DB>, actor: Actor, complaintId: string) {
  if (!isUuid(complaintId)) throw notFound('Deze klacht bestaat niet of u heeft er geen toegang toe.');
  const row = await tx.selectFrom('complaints').select(['id']).where('id', '=', complaintId).where('organisation_id', '=', actor.organisationId).forUpdate().executeTakeFirst();
  if (!row) throw notFound('Deze klacht bestaat niet of u heeft er geen toegang toe.');
  return row;
}

export const retentionFactsInput = z.object({
  framework: z.preprocess((v) => (v === '' || v === undefined ? null : v), z.enum(RETENTION_FRAMEWORKS, { message: 'Kies een wettelijk kader uit de lijst.' }).nullable()),
  clientRelationEndedOn: z.preprocess((v) => (v === '' || v === undefined ? null : v), isoDateSchema.nullable()),
});

export async function setRetentionFacts(tx: Kysely<DB>, actor: Actor, complaintId: string, input: unknown): Promise<void> {
  await requireRetentionOfficer(tx, actor);
  const v = parseInput(retentionFactsInput, input);
  const row = await lockComplaint(tx, actor, complaintId);
  await tx.updateTable('complaints').set({ legal_framework: v.framework, client_relation_ended_on: v.clientRelationEndedOn }).where('id', '=', row.id).execute();
  await audit(tx, { organisationId: actor.organisationId, actorUserId: actor.userId, action: 'retention.facts_set', subjectType: 'complaint', subjectId: row.id, details: { framework: v.framework, clientRelationEnded: v.clientRelationEndedOn !== null } });
}

const REASON = 'Schrijf op waarom het dossier niet vernietigd mag worden.';
export const holdInput = z.object({
  kind: z.enum(['coordinator', 'dispute', 'external_procedure'], { message: 'Kies de soort blokkade.' }),
  reason: z.string({ message: REASON }).trim().min(3, { message: REASON }).max(1000, { message: 'Houd de reden korter dan 1000 tekens.' }),
});

export async function placeDossierHold(tx: Kysely<DB>, actor: Actor, complaintId: string, input: unknown): Promise<{ id: string }> {
  await requireRetentionOfficer(tx, actor);
  const v = parseInput(holdInput, input);
  const row = await lockComplaint(tx, actor, complaintId);
  return placeHold(tx, { organisationId: actor.organisationId, complaintId: row.id, kind: v.kind, reason: v.reason, placedBy: actor.userId });
}

export const liftInput = z.object({ note: z.string().trim().max(1000, { message: 'Houd de toelichting korter dan 1000 tekens.' }).default('') });

export async function liftDossierHold(tx: Kysely<DB>, actor: Actor, complaintId: string, holdId: string, input: unknown): Promise<void> {
  await requireRetentionOfficer(tx, actor);
  const v = parseInput(liftInput, input);
  await lockComplaint(tx, actor, complaintId);
  if (!isUuid(holdId)) throw notFound('Deze blokkade bestaat niet.');
  const hold = await tx.selectFrom('retention_holds').select('id').where('id', '=', holdId).where('complaint_id', '=', complaintId).where('organisation_id', '=', actor.organisationId).executeTakeFirst();
  if (!hold) throw notFound('Deze blokkade bestaat niet.');
  await liftHold(tx, { organisationId: actor.organisationId, holdId, liftedBy: actor.userId, note: v.note });
}
